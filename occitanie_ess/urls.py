from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from occitanie_ess import views
from occitanie_ess.common.api import build_api

urlpatterns = [
    path("", views.home, name="home"),
    path("parcours/", views.parcours, name="parcours"),
    path("strategie/", views.page, {"template": "pages/strategie.html"}, name="strategie"),
    path(
        "mentions-legales/",
        views.page,
        {"template": "pages/mentions_legales.html"},
        name="mentions_legales",
    ),
    path(
        "accessibilite/", views.page, {"template": "pages/accessibilite.html"}, name="accessibilite"
    ),
    path(
        "confidentialite/",
        views.page,
        {"template": "pages/confidentialite.html"},
        name="confidentialite",
    ),
    path("plan-du-site/", views.site_map, name="plan_du_site"),
    path("recherche/", views.search, name="recherche"),
    path("donnees/", views.open_data, name="donnees"),
    path("donnees/datapackage.json", views.datapackage_json, name="datapackage"),
    path("donnees/schemas/<slug:name>.json", views.table_schema, name="table_schema"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("api/v1/", build_api().urls),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/live", views.liveness, name="liveness"),
    path("compte/", include("occitanie_ess.accounts_urls")),
    path("annuaire/", include("structures.urls")),
    path("fiso/", include("fiso.urls")),
    path("realis/", include("realis.urls")),
    path("yess-academie/", include("yess.urls")),
    path("coventis/", include("coventis.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler404 = "occitanie_ess.views.page_not_found"
handler500 = "occitanie_ess.views.server_error"
