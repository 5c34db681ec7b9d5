from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """The Django admin, with the portal's site (login through allauth, MFA for staff)."""

    default_site = "occitanie_ess.common.admin_site.PortalAdminSite"
