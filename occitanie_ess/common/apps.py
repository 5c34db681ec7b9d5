from django.apps import AppConfig
from django.db.models import Q
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

AUDIT_GROUP = "Auditeurs"


def audit_group_ensure(sender=None, using="default", **kwargs) -> None:
    """Create (or complete) the "Auditeurs" group: read the journal and every record, change
    nothing. Run after each app's migrations, as each app's permissions appear."""
    from occitanie_ess.common.groups import staff_group_ensure

    staff_group_ensure(
        name=AUDIT_GROUP,
        permissions=Q(codename__startswith="view_")
        & ~Q(content_type__app_label__in=["sessions", "mfa", "account"]),
        using=using,
    )


class CommonConfig(AppConfig):
    name = "occitanie_ess.common"
    label = "common"
    verbose_name = _("Socle commun")

    def ready(self):
        from occitanie_ess.common import checks  # noqa: F401  (registers the system checks)

        post_migrate.connect(audit_group_ensure, dispatch_uid="common_audit_group_ensure")
