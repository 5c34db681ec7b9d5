"""The public read-only API under /api/v1/: its root, OpenAPI document, pagination and
rate limits. Each app writes its endpoints in its own module (`fiso/api.py`…) and
registers its router from `contributions.py` (registry.register_api_router); this module
imports no app.

Built on django-ninja: it emits OpenAPI 3.1 from the type hints, validates query
parameters (a bad one is a 422 with the reason, never a 500) and serves Swagger UI from
its own static files (no CDN; its settings travel in a JSON data block, so the strict CSP
holds).
"""

import math
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Router, Schema
from ninja.errors import Throttled, ValidationError
from ninja.pagination import CursorPagination
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from occitanie_ess.common import registry

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Text parameters never hold a NUL byte: the site refuses one before any view (400,
# occitanie_ess.common.middleware.InputSanityMiddleware); the OpenAPI document says so.
NO_NUL = r"^[^\x00]*$"

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


class InvalidCursor(Http404):
    """A cursor that designates no page: like an invalid page number for Django's
    Paginator in a ListView, the page is not found (404)."""


class Cursor(CursorPagination):
    """Cursor pagination (stable under inserts, no page count to compute).

    `ordering` must end on a unique field. `convert(item, request)`, if given, turns each
    record of the page into the API object (once the page is fetched, so that the cursor
    is read on the records). A cursor that cannot be read, or that points at a value of
    the wrong type, designates no page: a 404, never a server error.
    """

    class Input(Schema):
        page_size: int | None = Field(None, description="Nombre d'éléments par page (1 à 200).")
        cursor: str | None = Field(
            None, pattern=NO_NUL, description="Curseur de la page, lu dans `next`/`previous`."
        )

    def __init__(self, *, ordering: tuple[str, ...] = ("pk",), convert=None, **kwargs):
        kwargs.setdefault("page_size", PAGE_SIZE)
        kwargs.setdefault("max_page_size", MAX_PAGE_SIZE)
        self.convert = convert
        super().__init__(ordering=ordering, **kwargs)

    def paginate_queryset(self, queryset, pagination, request, **params):
        try:
            page = super().paginate_queryset(queryset, pagination, request, **params)
        except (ValidationError, ValueError, DjangoValidationError) as error:
            raise InvalidCursor from error
        if self.convert is not None:
            items = page[self.items_attribute]
            page[self.items_attribute] = [self.convert(item, request) for item in items]
        return page


class Erreur(Schema):
    """An error: its French explanation and, for invalid parameters, their details."""

    detail: str
    erreurs: list[dict[str, Any]] | None = None


def responses(model, *, not_found: bool = False) -> dict:
    """Return an operation's documented responses: `model`, then its errors (every
    answer the API can give is in the OpenAPI document). A list can answer 404 (an
    invalid cursor), as can an operation looking a record up (`not_found`); a parameter
    holding a NUL byte or a lone surrogate is refused before any view (400,
    occitanie_ess.common.middleware.InputSanityMiddleware)."""
    documented = {200: model, 400: Erreur, 422: Erreur, 429: Erreur}
    if not_found or getattr(model, "__origin__", None) is list:
        documented[404] = Erreur
    return documented


class _SettingsRate:
    """Read the rate from settings.API_RATE_LIMIT at each request, not once at start-up."""

    def allow_request(self, request) -> bool:
        self.rate = settings.API_RATE_LIMIT
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class AnonymousRate(_SettingsRate, AnonRateThrottle):
    """The limit per anonymous client (its address), in the shared cache."""


class SignedInRate(_SettingsRate, AuthRateThrottle):
    """The limit per signed-in client, in the shared cache."""


def throttles() -> list:
    """Return the API's rate limits, counted in the shared cache (Redis in production)."""
    return [AnonymousRate(settings.API_RATE_LIMIT), SignedInRate(settings.API_RATE_LIMIT)]


def _not_found(request, exc, *, api):
    if isinstance(exc, InvalidCursor):
        message = _("Page introuvable : le curseur de pagination n'est pas valide.")
    else:
        message = _("Ressource introuvable.")
    return api.create_response(request, {"detail": message}, status=404)


def _invalid(request, exc, *, api):
    body = {"detail": _("Paramètres invalides."), "erreurs": exc.errors}
    return api.create_response(request, body, status=422)


def _throttled(request, exc, *, api):
    wait = math.ceil(exc.wait or 1)
    message = _("Trop de requêtes : réessayez dans %(seconds)s secondes.") % {"seconds": wait}
    response = api.create_response(request, {"detail": message}, status=429)
    response["Retry-After"] = str(wait)
    return response


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
    api.add_exception_handler(Http404, lambda r, e: _not_found(r, e, api=api))
    api.add_exception_handler(ValidationError, lambda r, e: _invalid(r, e, api=api))
    api.add_exception_handler(Throttled, lambda r, e: _throttled(r, e, api=api))
    root = Router(tags=["api"])

    @root.get(
        "/",
        summary=_("Point d'entrée : les ressources de l'API"),
        response=responses(dict[str, str]),
    )
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
