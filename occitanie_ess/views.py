"""The site-wide pages: home, editorial pages, search, open data, machines, errors."""

from django.contrib.auth.decorators import login_required
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from occitanie_ess.common import registry
from occitanie_ess.common import search as site_search
from occitanie_ess.common.cache import cache_available

# The site's sections, in the order of the main navigation (DESIGN.md, URL map).
SECTIONS = (
    (
        "structures:index",
        "Annuaire",
        "Les structures d'accompagnement et les entreprises sociales du territoire.",
    ),
    (
        "fiso:index",
        "FISO",
        "Le Fonds d'innovation sociale : ce qu'il finance et comment y candidater.",
    ),
    ("realis:index", "REALIS", "La pépinière d'innovation sociale de la Région, à Montpellier."),
    (
        "yess:index",
        "YESS Académie",
        "Le programme qui sélectionne et accompagne une trentaine de projets par an.",
    ),
    (
        "coventis:index",
        "Coventis",
        "Le salon d'affaires socialement responsables, tous les deux ans.",
    ),
    ("strategie", "Stratégie", "La SREC et ses trois schémas : SRDEII, CPRDFOP, SRESRI."),
    ("donnees", "Données ouvertes", "Toutes les données du portail, à télécharger librement."),
)


@require_safe
def home(request):
    """Return the home page: the ecosystem, live key figures, one entry per section."""
    return render(
        request,
        "pages/home.html",
        {"figures": registry.collect_figures(), "sections": SECTIONS},
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
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return [
            "home",
            "strategie",
            "donnees",
            "mentions_legales",
            "accessibilite",
            "confidentialite",
            "plan_du_site",
            *(name for name, *_rest in SECTIONS),
        ]

    def location(self, item):
        return reverse(item)


def sitemap_xml(request):
    """Return sitemap.xml: the site pages plus the sections the apps register."""
    return sitemap(request, sitemaps={"pages": StaticPagesSitemap, **registry.registry.sitemaps})


def page_not_found(request, exception):
    """Return the French 404 page in the site's frame."""
    return render(request, "404.html", {"title": _("Page introuvable")}, status=404)


def server_error(request):
    """Return the French 500 page; it must render without the database or a context."""
    return HttpResponse(render_to_string("500.html"), status=500)
