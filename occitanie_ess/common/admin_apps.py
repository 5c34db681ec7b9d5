from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """The Django admin, with the portal's site (login through allauth, MFA for staff)."""

    default_site = "occitanie_ess.common.admin_site.PortalAdminSite"

    def ready(self):
        super().ready()
        from occitanie_ess.common.admin_site import french_labels_apply

        french_labels_apply()
