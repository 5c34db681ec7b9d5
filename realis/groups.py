"""The staff group of the pépinière's team, kept in step with the app's models."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

TEAM_GROUP = "Équipe REALIS"


def ensure_team_group() -> Group:
    """Return the "Équipe REALIS" group, created if missing, holding every permission of
    the realis models and the right to view the directory's enterprises (idempotent)."""
    group, _created = Group.objects.get_or_create(name=TEAM_GROUP)
    permissions = Permission.objects.filter(
        Q(content_type__app_label="realis")
        | Q(
            content_type__app_label="structures",
            codename__in=["view_enterprise", "view_organisation"],
        )
        # Linking an account to a resident enterprise means finding the account.
        | Q(content_type__app_label="auth", codename="view_user")
    )
    group.permissions.add(*permissions)
    return group
