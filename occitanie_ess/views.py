"""The site-wide pages: home, editorial pages, search, open data, machines, errors."""

from django.contrib.auth.decorators import login_required
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db import connection
from django.db.utils import DatabaseError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from occitanie_ess import parcours as pathway
from occitanie_ess.common import opendata, registry
from occitanie_ess.common import search as site_search
from occitanie_ess.common.cache import cache_available
from occitanie_ess.common.context_processors import SECTIONS
from occitanie_ess.common.exports import json_response


@require_safe
def home(request):
    """Return the home page: the ecosystem, live key figures, one entry per section."""
    sections = [section for section in SECTIONS if section.home_card]
    return render(
        request,
        "pages/home.html",
        {"figures": registry.collect_figures(), "sections": sections},
    )


@require_safe
def parcours(request):
    """Return the support path: four questions (GET), then the offers that fit and why.

    The answers live in the query string, so a result has its own address to share; the
    page works without JavaScript. Invalid answers are shown as form errors (status 200).
    """
    territories = registry.collect_territories()
    form = pathway.ParcoursForm(request.GET or None, territories=territories)
    offers = registry.collect_offers()
    matches, found = [], False
    if form.is_bound and form.is_valid():
        matches, found = pathway.match_offers(
            offers,
            stage=form.cleaned_data["etape"],
            need=form.cleaned_data["besoin"],
            departement=form.cleaned_data["departement"],
            status=form.cleaned_data["statut"],
            departement_names=dict(territories),
        )
    return render(
        request,
        "pages/parcours.html",
        {
            "form": form,
            "answered": form.is_bound and form.is_valid(),
            "matches": matches,
            "found": found,
            "offers": offers,
            "stages": dict(pathway.STAGES),
        },
    )


@require_safe
def page(request, template):
    """Return an editorial page whose content lives entirely in its template."""
    return render(request, template)


@require_safe
def site_map(request):
    """Return the human-readable site map."""
    return render(request, "pages/plan_du_site.html", {"sections": SECTIONS})


@require_safe
def search(request):
    """Return the site-wide search: directory facets the query names, then the results
    grouped by kind, or a spelling suggestion when nothing matches."""
    query = site_search.clean_text(request.GET.get("q", ""))[: site_search.MAX_QUERY_LENGTH]
    outcome = site_search.search(query) if query else None
    return render(request, "pages/recherche.html", {"query": query, "outcome": outcome})


@require_safe
def open_data(request):
    """Return the open-data hub: every export, its formats, fields and licence."""
    return render(request, "pages/donnees.html", {"datasets": registry.collect_datasets()})


@require_safe
def datapackage_json(request):
    """Return the Frictionless data package describing every published file."""
    base_url = request.build_absolute_uri("/").rstrip("/")
    return json_response("datapackage.json", opendata.datapackage(base_url))


@require_safe
def table_schema(request, name):
    """Return the Table Schema of one published file, 404 for an unknown name."""
    resource = opendata.resource_named(name)
    if resource is None:
        raise Http404(_("Aucun fichier publié ne porte ce nom."))
    return json_response(f"{name}.schema.json", resource.schema)


@login_required
def account_space(request):
    """Return the signed-in user's own space, with what each app holds for them."""
    return render(
        request,
        "account/space.html",
        {"panels": registry.collect_account_panels(request)},
    )


@never_cache
@require_safe
def healthz(request):
    """Return 200 when the database and the shared cache answer, 503 otherwise, with one
    line per service."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = True
    except DatabaseError:
        database = False
    redis = cache_available()
    state = {True: "ok", False: "unavailable"}
    body = f"database: {state[database]}\ncache: {state[redis]}\n"
    return HttpResponse(body, status=200 if database and redis else 503, content_type="text/plain")


@never_cache
@require_safe
def liveness(request):
    """Return a constant 200: the process answers (no database involved)."""
    return HttpResponse("ok\n", content_type="text/plain")


class StaticPagesSitemap(Sitemap):
    """The site's own pages and the index page of each section (each listed once: apps
    register sections for their records, never for their index page)."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        names = [
            "home",
            "parcours",
            "strategie",
            "donnees",
            "mentions_legales",
            "accessibilite",
            "confidentialite",
            "plan_du_site",
            *(section.url_name for section in SECTIONS),
        ]
        return list(dict.fromkeys(names))

    def location(self, item):
        return reverse(item)


def sitemap_xml(request):
    """Return sitemap.xml: the site pages plus the sections the apps register."""
    return sitemap(request, sitemaps={"pages": StaticPagesSitemap, **registry.sitemaps()})


def page_not_found(request, exception):
    """Return the French 404 page in the site's frame."""
    return render(request, "404.html", {"title": _("Page introuvable")}, status=404)


def server_error(request):
    """Return the French 500 page; it must render without the database or a context."""
    return HttpResponse(render_to_string("500.html"), status=500)
