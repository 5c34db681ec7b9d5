from urllib.parse import urlencode

from django.contrib import admin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from occitanie_ess.common.staff import staff_passes


class PortalAdminSite(admin.AdminSite):
    """Admin site for Region and operator staff.

    Login goes through allauth (so its rate limits apply) and, when
    ADMIN_REQUIRE_MFA is on (the production default), staff must have enabled
    two-factor authentication before they reach any record.
    """

    site_header = _("Administration du Portail ESS Occitanie")
    site_title = _("Portail ESS Occitanie")
    index_title = _("Gestion des données")

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
