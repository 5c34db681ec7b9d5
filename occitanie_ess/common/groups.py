"""Staff groups: one per role, each holding the permissions its work needs."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q


def staff_group_ensure(*, name: str, permissions: Q, using: str = "default") -> Group:
    """Return the group `name`, created if missing, holding every Permission that
    `permissions` matches (idempotent). Called after migrations, once the permissions
    exist, so that a new model's permissions join their group on the next migrate."""
    group, _created = Group.objects.using(using).get_or_create(name=name)
    group.permissions.add(*Permission.objects.using(using).filter(permissions))
    return group
