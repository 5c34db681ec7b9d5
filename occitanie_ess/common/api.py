"""The public read-only API under /api/v1/: its root, OpenAPI document, pagination and
rate limits. Each app writes its endpoints in its own module (`fiso/api.py`…) and
registers its router from `contributions.py` (registry.register_api_router); this module
imports no app.

Built on django-ninja: it emits OpenAPI 3.1 from the type hints, validates query
parameters (a bad one is a 422 with the reason, never a 500) and serves Swagger UI from
its own static files (no CDN; its settings travel in a JSON data block, so the strict CSP
holds).
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.errors import ValidationError
from ninja.pagination import CursorPagination
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from occitanie_ess.common import registry

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

DESCRIPTION = """\
API publique, en lecture seule, du Portail de l'économie sociale et solidaire en Occitanie.

- Annuaire des structures d'accompagnement et des entreprises sociales, dans la forme du
  portail et dans celle du schéma « structure » de data·inclusion ; mêmes filtres et même
  recherche que l'annuaire.
- Financements publics du Fonds d'innovation sociale (FISO), promotions de la YESS
  Académie, éditions et exposants du salon Coventis.

Les listes sont paginées par curseur : suivez l'adresse `next` de chaque réponse. Les
requêtes sont limitées (429 au-delà, réessayez après l'en-tête `Retry-After`). Les
données sont sous Licence Ouverte 2.0 (Etalab).
"""


class Cursor(CursorPagination):
    """Cursor pagination (stable under inserts, no page count to compute).

    `ordering` must end on a unique field. `convert(item, request)`, if given, turns each
    record of the page into the API object (once the page is fetched, so that the cursor
    is read on the records). A cursor forged to point at a value of the wrong type is a
    422, not a server error.
    """

    def __init__(self, *, ordering: tuple[str, ...] = ("pk",), convert=None, **kwargs):
        kwargs.setdefault("page_size", PAGE_SIZE)
        kwargs.setdefault("max_page_size", MAX_PAGE_SIZE)
        self.convert = convert
        super().__init__(ordering=ordering, **kwargs)

    def paginate_queryset(self, queryset, pagination, request, **params):
        try:
            page = super().paginate_queryset(queryset, pagination, request, **params)
        except (ValueError, DjangoValidationError) as error:
            raise ValidationError([{"loc": ["query", "cursor"], "msg": str(error)}]) from error
        if self.convert is not None:
            items = page[self.items_attribute]
            page[self.items_attribute] = [self.convert(item, request) for item in items]
        return page


def throttles() -> list:
    """Return the API's rate limits, counted in the shared cache (Redis in production)."""
    return [
        AnonRateThrottle(settings.API_RATE_LIMIT),
        AuthRateThrottle(settings.API_RATE_LIMIT),
    ]


def build_api() -> NinjaAPI:
    """Return the API with every router the apps registered, in registration order."""
    api = NinjaAPI(
        title=_("API du Portail ESS Occitanie"),
        version="1",
        description=DESCRIPTION,
        urls_namespace="api",
        openapi_url="/openapi.json",
        docs_url="/docs/",
        throttle=throttles(),
    )
    root = Router(tags=["api"])

    @root.get("/", summary=_("Point d'entrée : les ressources de l'API"), response=dict[str, str])
    def index(request):
        """Return the address of the OpenAPI document, of the docs and of every list."""
        base = request.build_absolute_uri("/api/v1/")
        links = {"openapi": base + "openapi.json", "documentation": base + "docs/"}
        for path in api.get_openapi_schema()["paths"]:
            relative = path.removeprefix("/api/v1/")
            if relative and "{" not in relative:
                links[relative.strip("/")] = base + relative
        return links

    api.add_router("", root)
    for prefix, router in registry.api_routers():
        api.add_router(prefix, router)
    return api
