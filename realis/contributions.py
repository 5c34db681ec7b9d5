"""What realis adds to the site-wide pages, through occitanie_ess.common.registry."""

from django.apps import apps
from django.contrib.sitemaps import Sitemap
from django.db.models.signals import post_migrate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from occitanie_ess.common.registry import (
    Figure,
    Panel,
    register_account_deletion,
    register_account_panel,
    register_figures,
    register_panel,
    register_personal_data,
    register_search_page,
    register_seeder,
    register_sitemap,
    register_support_source,
)
from realis import seed, services
from realis.groups import ensure_team_group
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


@register_panel
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


def account_deletion(user) -> None:
    """Delete the user's bookings that have not started; memberships go with the user and
    past bookings stay, without the user, for the pépinière's statistics."""
    services.bookings_delete_future_for_user(user=user)


register_account_deletion(account_deletion)


class RealisSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["realis:index"]

    def location(self, item):
        return reverse(item)


register_sitemap("realis", RealisSitemap)
register_seeder(order=30)(seed.seed)
register_support_source("realis", services.residencies_support_rederive)


def _create_team_group(sender, **kwargs):
    ensure_team_group()


post_migrate.connect(
    _create_team_group, sender=apps.get_app_config("realis"), dispatch_uid="realis_team_group"
)
register_search_page(
    "realis:index", _("REALIS"), "REALIS Réalis pépinière d'innovation sociale Montpellier"
)
