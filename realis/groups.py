"""The staff group of the pépinière's team, kept in step with the app's models."""

from django.contrib.auth.models import Group
from django.db.models import Q

from occitanie_ess.common.groups import staff_group_ensure

TEAM_GROUP = "Équipe REALIS"


def ensure_team_group() -> Group:
    """Return the "Équipe REALIS" group, created if missing, holding every permission of
    the realis models and the right to view the directory's enterprises (idempotent)."""
    return staff_group_ensure(
        name=TEAM_GROUP,
        permissions=Q(content_type__app_label="realis")
        | Q(
            content_type__app_label="structures",
            codename__in=["view_enterprise", "view_organisation"],
        )
        # Linking an account to a resident enterprise means finding the account.
        | Q(content_type__app_label="accounts", codename="view_user"),
    )
