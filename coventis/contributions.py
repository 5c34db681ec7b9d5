"""What coventis adds to the site-wide pages, through occitanie_ess.common.registry."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coventis import admin, api, seed, services
from coventis.models import Edition, Exhibitor, MeetingRequest, ProgrammeItem, Registration
from occitanie_ess.common.registry import (
    Figure,
    Offer,
    Panel,
    register_account_deletion,
    register_account_panel,
    register_admin_dashboard,
    register_api_router,
    register_figures,
    register_offers,
    register_panel,
    register_personal_data,
    register_search_page,
    register_search_source,
    register_seeder,
    register_sitemap,
    register_staff_group,
)
from occitanie_ess.common.search import rendered_documents


@register_figures
def figures():
    """Return the number of editions since 2005 (one query)."""
    counts = Edition.objects.aggregate(editions=Count("pk"))
    if not counts["editions"]:
        return []
    return [
        Figure(
            _("éditions des Rencontres régionales de l'ESS et de Coventis depuis 2005"),
            counts["editions"],
            reverse("coventis:index"),
            order=60,
        )
    ]


@register_panel(present=lambda: Exists(Exhibitor.objects.filter(enterprise_id=OuterRef("pk"))))
def enterprise_panel(record, request):
    """Return the panel listing an enterprise's Coventis participations (one query)."""
    if not getattr(record, "is_enterprise", False):
        return None
    participations = list(
        Exhibitor.objects.filter(enterprise_id=record.pk)
        .select_related("edition")
        .order_by("-edition__year")
    )
    if not participations:
        return None
    return Panel("coventis/panels/enterprise.html", {"participations": participations}, order=50)


@register_account_panel
def account_panel(request):
    """Return the user's registrations and upcoming meetings, or None without any."""
    user = request.user
    if not user.is_authenticated:
        return None
    registrations = list(
        Registration.objects.filter(user=user).select_related("edition").order_by("-edition__year")
    )
    if not registrations:
        return None
    meetings = list(
        MeetingRequest.objects.for_user(user)
        .live()
        .filter(slot__end__gte=timezone.now())
        .select_related("slot", "buyer", "exhibitor__enterprise")
        .order_by("slot__start")
    )
    return Panel(
        "coventis/panels/account.html",
        {"registrations": registrations, "meetings": meetings},
        order=50,
    )


def personal_data(user) -> dict:
    """Return the user's Coventis registrations and meetings, JSON-serialisable."""
    registrations = Registration.objects.filter(user=user).select_related(
        "edition", "exhibitor__enterprise"
    )
    meetings = (
        MeetingRequest.objects.for_user(user)
        .select_related("slot__edition", "buyer", "exhibitor__enterprise")
        .order_by("slot__start")
    )
    return {
        "inscriptions": [
            {
                "edition": r.edition.year,
                "categorie": r.kind,
                "nom_badge": r.badge_name,
                "organisme": r.organisation,
                "type_acheteur": r.buyer_type,
                "entreprise_exposante": r.exhibitor.enterprise.name if r.exhibitor else "",
                "inscrit_le": r.created_at.isoformat(),
            }
            for r in registrations
        ],
        "rendez_vous": [
            {
                "edition": m.slot.edition.year,
                "debut": m.slot.start.isoformat(),
                "fin": m.slot.end.isoformat(),
                "acheteur": m.buyer.badge_name,
                "exposant": m.exhibitor.enterprise.name,
                "statut": m.status,
                "message": m.message,
            }
            for m in meetings
        ],
    }


register_personal_data("coventis", personal_data)
register_account_deletion(services.account_data_delete)


class EditionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Edition.objects.order_by("-year")

    def lastmod(self, item):
        return item.updated_at


register_sitemap("coventis", EditionSitemap)
register_seeder(order=50)(seed.seed)
register_staff_group("coventis", services.organisers_group_ensure)


def search_documents():
    """Return the editions as the search indexes them (their rendered page: programme,
    exhibitors)."""
    return rendered_documents(
        Edition.objects.order_by("year"),
        kind=_("Coventis"),
        keywords=lambda edition: f"Coventis salon édition {edition.year} {edition.city}",
        key=lambda edition: str(edition.year),
    )


register_search_source("coventis", search_documents, models=(Edition, Exhibitor, ProgrammeItem))
register_search_page("coventis:index", _("Coventis"), "Coventis salon d'affaires rencontres")


@register_offers
def offers():
    """Return the Coventis fair as a link of the support chain."""
    return [
        Offer(
            key="coventis",
            title=_("Salon Coventis"),
            why=_(
                "Le salon d'affaires socialement responsables soutenu par la Région, tous les "
                "deux ans : exposer, rencontrer des acheteurs publics et privés, prendre des "
                "rendez-vous d'affaires."
            ),
            next_step=_("Participer au salon Coventis"),
            url=reverse("coventis:index"),
            stages=frozenset({"developpement", "changement-echelle"}),
            needs=frozenset({"marche"}),
            order=60,
        )
    ]


register_api_router("coventis", api.router)

# The block of the admin's home page for this app's staff (built in coventis/admin.py).
register_admin_dashboard(admin.dashboard)
