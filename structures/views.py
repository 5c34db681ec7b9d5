"""The public directory: list with facets and search, detail pages, map, open-data exports."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from occitanie_ess.common import images
from occitanie_ess.common.cache import public_page_cache
from occitanie_ess.common.exports import csv_response, json_stream
from occitanie_ess.common.jsonld import json_ld
from occitanie_ess.common.registry import collect_actions, collect_panels, panel_presence
from structures import exports, maps
from structures.cards import cards_html
from structures.filters import DEFAULT_PAGE_SIZE, DirectoryFilter
from structures.models import Departement, Organisation, Support

PARTIAL_HEADER = "X-Requested-With"
PARTIAL_VALUE = "fetch"
SUPPORTS_SHOWN = 50


def directory_filter(request, *, without: tuple[str, ...] = (), found=None) -> DirectoryFilter:
    """Return the directory's FilterSet bound to the query string (minus `without` keys),
    its search at the stage that finds records (DirectoryFilter.widest); `found(filter)`
    tells whether a stage found any, by default with an EXISTS query."""
    data = request.GET.copy()
    for key in without:
        data.pop(key, None)
    if not data.get("taille"):
        data["taille"] = str(DEFAULT_PAGE_SIZE)
    filterset = DirectoryFilter(data, queryset=Organisation.objects.published())
    return filterset.widest(found or (lambda candidate: candidate.qs.exists()))


@require_safe
@public_page_cache
def index(request):
    """Return the directory: facets, search, sort, paginated results with the total.

    Asked by the page's script (header X-Requested-With: fetch), return only the results
    region (the `results` partial) so that it can be swapped in place.
    """
    # The list's own keys query tells whether the search found records: no EXISTS first.
    filterset = directory_filter(request, found=lambda candidate: candidate.paginator.count)
    page_obj = filterset.paginator.get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "form": filterset.form,
        "page_obj": page_obj,
        "cards": cards_html(page_obj),
        "sort": filterset.sort,
    }
    partial = request.headers.get(PARTIAL_HEADER) == PARTIAL_VALUE
    template = "structures/index.html#results" if partial else "structures/index.html"
    response = render(request, template, context)
    patch_vary_headers(response, [PARTIAL_HEADER])
    return response


@require_safe
def detail(request, slug):
    """Return one published structure or enterprise with its supports and the apps' panels."""
    record = get_object_or_404(
        Organisation.objects.published()
        .select_related("departement")
        .with_thematic_links()
        .defer(*Organisation.SEARCH_COLUMNS)
        .annotate(**panel_presence()),
        slug=slug,
    )
    if record.is_enterprise:
        supports = (
            Support.objects.filter(enterprise_id=record.pk, structure__is_published=True)
            .select_related("structure")
            .order_by("-start_date", "pk")
        )
    else:
        supports = (
            Support.objects.filter(structure_id=record.pk, enterprise__is_published=True)
            .select_related("enterprise")
            .order_by("-start_date", "pk")
        )
    supports = list(supports[: SUPPORTS_SHOWN + 1])
    more_supports = len(supports) > SUPPORTS_SHOWN
    logo_url = request.build_absolute_uri(record.logo.url) if record.logo else ""
    description = record.json_ld(
        url=request.build_absolute_uri(record.get_absolute_url()), logo_url=logo_url
    )
    return render(
        request,
        "structures/detail.html",
        {
            "record": record,
            "supports": supports[:SUPPORTS_SHOWN],
            "more_supports": more_supports,
            "panels": collect_panels(record, request),
            "actions": collect_actions(record),
            "thumbnails": images.thumbnails(record.logo, size=96),
            "location_map": maps.occitanie_map() if record.departement_id else None,
            "json_ld": json_ld(description),
        },
    )


@require_safe
def map_view(request):
    """Return the map of Occitanie: published records per département, with a table."""
    filterset = directory_filter(request, without=("departement", "page"))
    # Grouped by the key, not the joined code: PostgreSQL counts from the département index.
    rows = filterset.qs.order_by().values("departement").annotate(total=Count("pk"))
    codes = dict(Departement.objects.values_list("pk", "code"))
    counts = {codes[row["departement"]]: row["total"] for row in rows if row["departement"]}
    query = request.GET.copy()
    for key in ("departement", "page", "taille"):
        query.pop(key, None)
    departements = maps.departements_with_counts(
        counts, list_url=reverse("structures:index"), query=query
    )
    return render(
        request,
        "structures/map.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "map": maps.occitanie_map(),
            "departements": departements,
            "legend": maps.legend(counts),
            "total": sum(counts.values()),
            "attribution": maps.ATTRIBUTION,
        },
    )


@require_safe
def export_csv(request):
    """Return the current filtered list as CSV (UTF-8 with BOM, `;`, formulas neutralised)."""
    records = directory_filter(request).ordered().for_list()
    return csv_response(
        "annuaire-ess-occitanie.csv",
        exports.DIRECTORY_HEADER,
        exports.directory_rows(records, request=request),
    )


@require_safe
def export_json(request):
    """Return the current filtered list as JSON (a streamed array of objects)."""
    records = directory_filter(request).ordered().for_list()
    return json_stream(
        "annuaire-ess-occitanie.json", exports.directory_objects(records, request=request)
    )


@require_safe
def export_data_inclusion_json(request):
    """Return the filtered records as data·inclusion structures (schema v1 field names)."""
    records = directory_filter(request).ordered().select_related("departement")
    return json_stream(
        "structures-data-inclusion.json",
        exports.data_inclusion_objects(records, request=request),
    )


@require_safe
def export_data_inclusion_csv(request):
    """Return the same data·inclusion structures as CSV."""
    records = directory_filter(request).ordered().select_related("departement")
    objects = exports.data_inclusion_objects(records, request=request)
    return csv_response(
        "structures-data-inclusion.csv",
        exports.DATA_INCLUSION_FIELDS,
        (
            [
                ",".join(obj[f]) if isinstance(obj[f], list) else obj[f]
                for f in exports.DATA_INCLUSION_FIELDS
            ]
            for obj in objects
        ),
    )
