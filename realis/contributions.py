"""What realis adds to the site-wide pages, through occitanie_ess.common.registry."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from occitanie_ess.common.registry import (
    Action,
    Figure,
    Offer,
    Panel,
    register_account_deletion,
    register_account_panel,
    register_actions,
    register_admin_dashboard,
    register_figures,
    register_offers,
    register_panel,
    register_personal_data,
    register_search_page,
    register_seeder,
    register_staff_group,
    register_support_source,
)
from realis import admin, conf, seed, services
from realis.models import Booking, Membership, Residency


@register_figures
def figures():
    """Return the number of enterprises hosted at REALIS today (one query)."""
    return [
        Figure(
            _("entreprises hébergées à la pépinière REALIS"),
            Residency.objects.current().count(),
            reverse("realis:index"),
            order=40,
        )
    ]


@register_panel(present=lambda: Exists(Residency.objects.filter(enterprise_id=OuterRef("pk"))))
def enterprise_panel(record, request):
    """Return the panel of an enterprise's REALIS residencies, or None (one query)."""
    if not getattr(record, "is_enterprise", False):
        return None
    residencies = list(Residency.objects.filter(enterprise_id=record.pk).order_by("-entry_date"))
    if not residencies:
        return None
    return Panel("realis/panels/enterprise.html", {"residencies": residencies}, order=40)


@register_account_panel
def account_panel(request):
    """Return the user's REALIS panel (enterprises and upcoming bookings), or None."""
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = list(Membership.objects.filter(user=user).select_related("enterprise"))
    if not memberships:
        return None
    bookings = list(
        Booking.objects.upcoming()
        .filter(enterprise_id__in=[m.enterprise_id for m in memberships])
        .select_related("space")[:20]
    )
    return Panel(
        "realis/panels/account.html",
        {"memberships": memberships, "bookings": bookings},
        order=40,
    )


def personal_data(user) -> dict:
    """Return what REALIS holds about `user`: memberships and the bookings they made."""
    return {
        "memberships": [
            {"enterprise": m.enterprise.name, "since": m.created_at}
            for m in Membership.objects.filter(user=user).select_related("enterprise")
        ],
        "bookings": [
            {
                "space": b.space.name,
                "enterprise": b.enterprise.name,
                "start": timezone.localtime(b.start),
                "end": timezone.localtime(b.end),
                "purpose": b.purpose,
                "status": b.get_status_display(),
                "created_at": b.created_at,
            }
            for b in Booking.objects.filter(booked_by=user).select_related("space", "enterprise")
        ],
    }


register_personal_data("realis", personal_data)
register_account_deletion(services.account_data_delete)


# No sitemap section: the pépinière's only public page, /realis/, is a section of the site
# and the site's own sitemap section lists it (listing it here too made it appear twice).
register_seeder(order=30)(seed.seed)
register_support_source("realis", services.residencies_support_rederive)
register_staff_group("realis", services.team_group_ensure)
register_search_page(
    "realis:index", _("REALIS"), "REALIS Réalis pépinière d'innovation sociale Montpellier"
)


@register_offers
def offers():
    """Return the pépinière REALIS as a link of the support chain."""
    return [
        Offer(
            key="realis",
            title=_("Pépinière REALIS"),
            why=_(
                "La pépinière d'innovation sociale de la Région, à Montpellier : jusqu'à trois "
                "ans d'hébergement, un accompagnement personnalisé et collectif, des services "
                "et des espaces partagés, pour devenir une PME de l'ESS."
            ),
            next_step=_("Rejoindre la pépinière REALIS"),
            url=reverse("realis:index"),
            stages=frozenset({"creation", "developpement"}),
            needs=frozenset({"hebergement", "accompagnement"}),
            departements=frozenset({"34"}),
            place=_("Montpellier (Hérault)"),
            order=30,
        )
    ]


@register_actions
def actions(record):
    """On the pépinière's own directory page: how to join it (no query)."""
    if getattr(record, "slug", None) != conf.structure_slug():
        return []
    return [Action(_("Rejoindre la pépinière REALIS"), reverse("realis:index"), order=20)]


# The block of the admin's home page for this app's staff (built in realis/admin.py).
register_admin_dashboard(admin.dashboard)
