from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin import actions
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from occitanie_ess.common.registry import collect_admin_dashboard
from occitanie_ess.common.staff import staff_passes

# Labels that third-party apps leave in English (allauth's MFA): app label -> French name,
# (app label, object name) -> French plural.
APP_NAMES = {"mfa": _("Double authentification")}
MODEL_NAMES = {("mfa", "Authenticator"): _("Facteurs d'authentification")}


@admin.action(
    permissions=["delete"],
    description=_("Supprimer les %(verbose_name_plural)s de la sélection"),
)
def delete_selected(modeladmin, request, queryset):
    """Django's bulk deletion, under a label that agrees with any noun: Django's French
    « Supprimer les %(verbose_name_plural)s sélectionnés » is masculine only."""
    return actions.delete_selected(modeladmin, request, queryset)


def french_labels_apply() -> None:
    """Give the third-party models shown in the admin their French names (allauth's MFA
    app has no French catalogue entry for them)."""
    from django.apps import apps

    for label, name in APP_NAMES.items():
        if apps.is_installed(f"allauth.{label}"):
            apps.get_app_config(label).verbose_name = name
    for (label, object_name), plural in MODEL_NAMES.items():
        try:
            model = apps.get_model(label, object_name)
        except LookupError:
            continue
        model._meta.verbose_name_plural = plural
        model._meta.verbose_name = _("facteur d'authentification")


class PortalAdminSite(admin.AdminSite):
    """Admin site for Region and operator staff.

    Login goes through allauth (so its rate limits apply) and, when
    ADMIN_REQUIRE_MFA is on (the production default), staff must have enabled
    two-factor authentication before they reach any record. Its home page shows each
    role's dashboard (blocks registered by the apps), and it hosts the audit journal.
    """

    site_header = _("Administration du Portail ESS Occitanie")
    site_title = _("Portail ESS Occitanie")
    index_title = _("Tableau de bord")

    def __init__(self, name="admin"):
        super().__init__(name)
        self._actions["delete_selected"] = delete_selected
        self._global_actions["delete_selected"] = delete_selected

    def has_permission(self, request):
        return staff_passes(request.user)

    def login(self, request, extra_context=None):
        user = request.user
        if user.is_authenticated:
            if user.is_active and user.is_staff:
                # Staff without a second factor: explain, and link to its set-up.
                return render(request, "admin/mfa_required.html", status=403)
            # Signed in but not staff: sending them to the login page again would loop.
            return render(request, "admin/staff_only.html", status=403)
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")

    def index(self, request, extra_context=None):
        blocks = collect_admin_dashboard(request)
        todos = [todo for block in blocks for todo in block.todos if todo.count]
        extra_context = {
            **(extra_context or {}),
            "dashboard_blocks": blocks,
            "dashboard_todos": todos,
            "can_read_journal": request.user.has_perm("admin.view_logentry"),
        }
        return super().index(request, extra_context)

    def get_urls(self):
        from occitanie_ess.common.journal import journal_view

        return [
            path("journal/", self.admin_view(journal_view), name="journal"),
            *super().get_urls(),
        ]


def staff_page_context(request) -> dict:
    """Return what admin/base_site.html needs, for staff pages served outside the admin
    (jury, ranking…), so that they share the admin's look and navigation."""
    return {**admin.site.each_context(request), "is_nav_sidebar_enabled": False}
