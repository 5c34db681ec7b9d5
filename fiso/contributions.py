"""What fiso adds to the site-wide pages, through occitanie_ess.common.registry:
home figures, a panel on directory pages, open-data datasets, search results, a sitemap
section, demo data, and the "Équipe FISO" staff group (ensured after migrations)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from fiso import admin, api, seed
from fiso.models import MINIMUM_AMOUNT, Envelope, Financing
from fiso.opendata import FIELDS, json_schema, scdl_schema
from fiso.services import financings_support_rederive, team_group_ensure
from fiso.views import euros, unpublished_note
from occitanie_ess.common.exports import STANDARD_DIALECT
from occitanie_ess.common.registry import (
    Action,
    Dataset,
    Figure,
    Offer,
    Panel,
    Resource,
    register_actions,
    register_admin_dashboard,
    register_api_router,
    register_datasets,
    register_figures,
    register_offers,
    register_panel,
    register_search_page,
    register_search_source,
    register_seeder,
    register_sitemap,
    register_staff_group,
    register_support_source,
)
from occitanie_ess.common.search import rendered_documents


@register_figures
def figures():
    """Return the number of committed financings and their amount (one query): every
    financing counts, the unpublished ones only as an aggregate line."""
    totals = Financing.objects.totals()
    url = reverse("fiso:index")
    return [
        Figure(_("financements FISO accordés"), totals["count"], url, order=30),
        Figure(
            _("engagés par le FISO"),
            euros(totals["committed"]),
            url,
            order=31,
            note=unpublished_note(totals),
        ),
    ]


def financed():
    """Return whether an organisation has a public financing, as the enterprise financed
    or as the structure that accompanied it (an expression on its primary key)."""
    pk = OuterRef("pk")
    return Exists(
        Financing.objects.public().filter(Q(enterprise_id=pk) | Q(accompanying_structure_id=pk))
    )


@register_panel(present=financed)
def enterprise_panel(record, request):
    """Return the panel listing a record's public FISO financings (one query), or None.

    On an enterprise's page: its financings; on a support structure's page: the
    financings of the enterprises it accompanied.
    """
    as_structure = not getattr(record, "is_enterprise", False)
    link = Q(accompanying_structure_id=record.pk) if as_structure else Q(enterprise_id=record.pk)
    financings = list(
        Financing.objects.public()
        .filter(link)
        .select_related("enterprise", "accompanying_structure")
        .order_by("decision_date", "pk")
    )
    if not financings:
        return None
    return Panel(
        template_name="fiso/_enterprise_panel.html",
        context={"financings": financings, "as_structure": as_structure},
        order=30,
    )


@register_datasets
def datasets():
    """Return the public financings dataset, in CSV and JSON."""
    return [
        Dataset(
            title=_("Financements du Fonds d'innovation sociale (FISO)"),
            description=_(
                "Les financements FISO accordés en Occitanie et rendus publics : bénéficiaire, "
                "objet, montant, date de décision, conditions de versement. Le fichier CSV suit "
                "le standard SCDL « subventions » 2.1 (séparateur virgule, point décimal) et "
                "passe son validateur ; il liste les financements dont le bénéficiaire a un "
                "SIRET connu, comme le standard l'exige. Le JSON les liste tous, avec les champs "
                "du standard complétés de ceux du portail (instrument, statut, part des besoins "
                "du projet…)."
            ),
            fields_doc=tuple((name, str(meaning)) for name, meaning in FIELDS),
            order=30,
            resources=(
                Resource(
                    name="fiso-financements-scdl",
                    label=_("CSV (SCDL subventions 2.1)"),
                    url=reverse("fiso:export_csv"),
                    format="csv",
                    title=_("Financements FISO (SCDL subventions 2.1)"),
                    schema=scdl_schema(),
                    dialect=STANDARD_DIALECT,
                ),
                Resource(
                    name="fiso-financements-json",
                    url=reverse("fiso:export_json"),
                    format="json",
                    title=_("Financements FISO (JSON)"),
                    schema=json_schema(),
                ),
            ),
        )
    ]


def search_documents():
    """Return the public financings as the search indexes them (their rendered page)."""
    return rendered_documents(
        Financing.objects.public().order_by("pk"),
        kind=_("Financement FISO"),
        keywords="FISO fonds d'innovation sociale financement",
    )


register_search_source("fiso", search_documents, models=(Financing,))
register_search_page("fiso:index", _("FISO"), "FISO fonds d'innovation sociale Bpifrance")


class FinancingSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Financing.objects.public().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


register_sitemap("fiso", FinancingSitemap)
register_seeder(order=20)(seed.seed)
register_support_source("fiso", financings_support_rederive)
register_staff_group("fiso", team_group_ensure)


@register_offers
def offers():
    """Return the FISO as a link of the support chain (the fund's terms, seed document)."""
    return [
        Offer(
            key="fiso",
            title=_("Fonds d'innovation sociale (FISO)"),
            why=_(
                "Une avance remboursable ou un prêt à taux zéro d'au moins %(minimum)s, jusqu'à "
                "50 %% des besoins de développement, pour la première mise sur le marché d'une "
                "innovation sociale ; la demande est instruite par Bpifrance."
            )
            % {"minimum": euros(MINIMUM_AMOUNT)},
            next_step=_("Préparer une demande FISO"),
            url=reverse("fiso:index") + "#fiso-qui",
            stages=frozenset({"developpement", "changement-echelle"}),
            needs=frozenset({"financement"}),
            ess_only=True,
            order=40,
        )
    ]


@register_actions
def actions(record):
    """On the fund's operator or a structure that helped enterprises to a public financing:
    how to apply (two queries at most).

    The structures of the territory help project leaders prepare their request (FISO terms).
    """
    if getattr(record, "is_enterprise", True):
        return []
    operates_fund = bool(record.operator) and (
        Envelope.objects.filter(operator__iexact=record.operator).exists()
    )
    if not operates_fund and not (
        Financing.objects.public().filter(accompanying_structure_id=record.pk).exists()
    ):
        return []
    return [Action(_("Préparer une demande FISO"), reverse("fiso:index") + "#fiso-qui", order=30)]


register_api_router("fiso", api.router)

# The block of the admin's home page for this app's staff (built in fiso/admin.py).
register_admin_dashboard(admin.dashboard)
