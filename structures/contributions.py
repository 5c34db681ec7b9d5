"""What the directory adds to the site-wide pages, through occitanie_ess.common.registry."""

from django.apps import apps
from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Q
from django.db.models.signals import post_migrate
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from occitanie_ess.common.exports import FRENCH_DIALECT
from occitanie_ess.common.registry import (
    Dataset,
    Figure,
    Resource,
    SearchResult,
    register_api_router,
    register_datasets,
    register_figures,
    register_search,
    register_seeder,
    register_sitemap,
)
from structures import api, exports, seed, services
from structures.models import Organisation

SEARCH_LIMIT = 20


@register_figures
def figures():
    """Return the number of published structures and enterprises (one query)."""
    counts = Organisation.objects.published().aggregate(
        structures=Count("pk", filter=Q(category=Organisation.Category.STRUCTURE)),
        enterprises=Count("pk", filter=Q(category=Organisation.Category.ENTERPRISE)),
    )
    url = reverse("structures:index")
    return [
        Figure(_("structures d'accompagnement"), counts["structures"], url, order=10),
        Figure(_("entreprises sociales dans l'annuaire"), counts["enterprises"], url, order=20),
    ]


@register_search
def search(query: str) -> list[SearchResult]:
    """Return the best published directory records for the site-wide search (one query)."""
    records = (
        Organisation.objects.published()
        .search(query)
        .order_by("-rank", "name")
        .only("name", "slug", "category", "description")[:SEARCH_LIMIT]
    )
    return [
        SearchResult(
            title=record.name,
            url=record.get_absolute_url(),
            kind=str(record.get_category_display()),
            summary=Truncator(record.description).words(30),
            rank=float(record.rank),
        )
        for record in records
    ]


class DirectorySitemap(Sitemap):
    """Every published directory record."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Organisation.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


register_sitemap("annuaire", DirectorySitemap)


@register_datasets
def datasets():
    """Return the directory's exports for /donnees/."""
    return [
        Dataset(
            title=_("Annuaire des structures et entreprises de l'ESS en Occitanie"),
            description=_(
                "Toutes les fiches publiées de l'annuaire : structures d'accompagnement "
                "(pépinières, incubateurs, PTCE, financeurs…) et entreprises sociales. Les "
                "filtres de l'annuaire s'appliquent aussi au téléchargement : ajoutez-les à "
                "l'adresse (par exemple ?departement=34&categorie=entreprise)."
            ),
            formats=(
                (_("CSV (UTF-8, point-virgule)"), reverse("structures:export_csv")),
                (_("JSON"), reverse("structures:export_json")),
            ),
            fields_doc=tuple((name, str(meaning)) for name, meaning in exports.DIRECTORY_FIELDS),
            order=10,
            resources=(
                Resource(
                    name="annuaire-csv",
                    url=reverse("structures:export_csv"),
                    format="csv",
                    title=_("Annuaire (CSV)"),
                    schema=exports.directory_csv_schema(),
                    dialect=FRENCH_DIALECT,
                ),
                Resource(
                    name="annuaire-json",
                    url=reverse("structures:export_json"),
                    format="json",
                    title=_("Annuaire (JSON)"),
                    schema=exports.directory_json_schema(),
                ),
            ),
        ),
        Dataset(
            title=_("Structures au format data·inclusion"),
            description=_(
                "Les mêmes fiches publiées, avec les noms de champs du schéma « structure » "
                "de data·inclusion (version 1), pour être reprises par les plateformes de "
                "l'inclusion. Les champs que l'annuaire ne connaît pas valent null."
            ),
            formats=(
                (_("JSON"), reverse("structures:export_data_inclusion_json")),
                (_("CSV (UTF-8, point-virgule)"), reverse("structures:export_data_inclusion_csv")),
            ),
            fields_doc=tuple((name, str(meaning)) for name, meaning in exports.DATA_INCLUSION_DOC),
            order=11,
            resources=(
                Resource(
                    name="structures-data-inclusion-csv",
                    url=reverse("structures:export_data_inclusion_csv"),
                    format="csv",
                    title=_("Structures data·inclusion (CSV)"),
                    schema=exports.data_inclusion_csv_schema(),
                    dialect=FRENCH_DIALECT,
                ),
                Resource(
                    name="structures-data-inclusion-json",
                    url=reverse("structures:export_data_inclusion_json"),
                    format="json",
                    title=_("Structures data·inclusion (JSON)"),
                    schema=exports.data_inclusion_json_schema(),
                ),
            ),
        ),
    ]


register_seeder(order=10)(seed.seed)
register_api_router("annuaire", api.router)

post_migrate.connect(
    services.directory_group_ensure_handler,
    sender=apps.get_app_config("structures"),
    dispatch_uid="structures_directory_group",
)
