"""Staff groups: one per role, each holding the permissions its work needs.

Each app has a `<noun>_group_ensure(*, using)` in its services.py, built on
`staff_group_ensure`, and declares it in its contributions.py with
`registry.register_staff_group`. One post_migrate receiver (`staff_groups_post_migrate`,
connected by the common app) runs them: a new model's permissions join their group on
the next migrate.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

AUDIT_GROUP = "Auditeurs"


def staff_group_ensure(*, name: str, permissions: Q, using: str = "default") -> Group:
    """Return the group `name`, created if missing, holding every Permission that
    `permissions` matches (idempotent). Called after migrations, once the permissions
    exist, so that a new model's permissions join their group on the next migrate."""
    with transaction.atomic(using=using):
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*Permission.objects.using(using).filter(permissions))
    return group


def audit_group_ensure(*, using: str = "default") -> Group:
    """Return the "Auditeurs" group, created or completed: it reads the journal and every
    record, and changes nothing."""
    return staff_group_ensure(
        name=AUDIT_GROUP,
        permissions=Q(codename__startswith="view_")
        & ~Q(content_type__app_label__in=["sessions", "mfa", "account"]),
        using=using,
    )


def staff_groups_post_migrate(sender, using: str = "default", **kwargs) -> None:
    """post_migrate receiver: ensure the staff groups registered for the app just migrated
    (its permissions exist now: auth's receiver ran first) and those spanning every app."""
    from occitanie_ess.common.registry import run_staff_groups

    run_staff_groups(app_label=sender.label, using=using)
