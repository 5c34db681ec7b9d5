"""The registry through which apps add to the site-wide pages.

`occitanie_ess` imports no app. Each app registers what it contributes (figures for the
home page, search results, sitemap sections, open-data datasets, a panel on a directory
detail page, demo data) from its `AppConfig.ready()`, the way the admin discovers
`admin.py`. The shared pages render whatever is registered.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Figure:
    """One key figure on the home page."""

    label: str
    value: Any
    url: str = ""
    order: int = 100


@dataclass(frozen=True)
class SearchResult:
    """One public record found by the site-wide search."""

    title: str
    url: str
    kind: str
    summary: str = ""
    rank: float = 0.0


@dataclass(frozen=True)
class Resource:
    """One published file, as the Frictionless datapackage.json describes it.

    `name` is the resource's Frictionless name (lower case, digits, `-`, `_`, `.`), also the
    address of its Table Schema (/donnees/schemas/<name>.json); `url` is its path on the site;
    `schema` its Table Schema; `dialect` the CSV dialect (occitanie_ess.common.exports).
    """

    name: str
    url: str
    format: str  # "csv" or "json"
    title: str
    schema: dict
    dialect: dict | None = None


@dataclass(frozen=True)
class Dataset:
    """One open-data export listed on /donnees/, with the files that publish it."""

    title: str
    description: str
    formats: tuple[tuple[str, str], ...]  # (label, url)
    licence: str = "Licence Ouverte / Open Licence 2.0 (Etalab)"
    fields_doc: tuple[tuple[str, str], ...] = ()  # (field name, meaning)
    order: int = 100
    resources: tuple[Resource, ...] = ()


@dataclass(frozen=True)
class Panel:
    """A section that an app adds to a directory detail page."""

    template_name: str
    context: dict = field(default_factory=dict)
    order: int = 100


@dataclass
class _Registry:
    figures: list[Callable[[], Iterable[Figure]]] = field(default_factory=list)
    search: list[Callable[[str], Iterable[SearchResult]]] = field(default_factory=list)
    sitemaps: dict[str, Any] = field(default_factory=dict)
    datasets: list[Callable[[], Iterable[Dataset]]] = field(default_factory=list)
    panels: list[Callable[[Any, Any], Panel | None]] = field(default_factory=list)
    account_panels: list[Callable[[Any], Panel | None]] = field(default_factory=list)
    seeders: list[tuple[int, Callable[..., None]]] = field(default_factory=list)


registry = _Registry()


def register_figures(provider: Callable[[], Iterable[Figure]]):
    """Register a callable returning the app's key figures for the home page."""
    registry.figures.append(provider)
    return provider


def register_search(provider: Callable[[str], Iterable[SearchResult]]):
    """Register a callable taking the query and returning public SearchResults."""
    registry.search.append(provider)
    return provider


def register_sitemap(name: str, sitemap) -> None:
    """Register a django.contrib.sitemaps Sitemap class or instance under a section name."""
    registry.sitemaps[name] = sitemap


def register_datasets(provider: Callable[[], Iterable[Dataset]]):
    """Register a callable returning the app's open-data datasets for /donnees/."""
    registry.datasets.append(provider)
    return provider


def register_panel(provider: Callable[[Any, Any], Panel | None]):
    """Register a callable (record, request) -> Panel | None for directory detail pages."""
    registry.panels.append(provider)
    return provider


def register_account_panel(provider: Callable[[Any], Panel | None]):
    """Register a callable (request) -> Panel | None for the signed-in user's space."""
    registry.account_panels.append(provider)
    return provider


def register_seeder(order: int):
    """Register a demo-data loader, run by `seed_demo` in increasing `order`.

    The loader is called with keyword arguments `stdout` and `options` (the command's
    options, e.g. `options["enterprises"]`) and must be idempotent.
    """

    def decorator(func: Callable[..., None]):
        registry.seeders.append((order, func))
        return func

    return decorator


def collect_figures() -> list[Figure]:
    """Return every registered figure, ordered."""
    return sorted((f for p in registry.figures for f in p()), key=lambda f: f.order)


def collect_datasets() -> list[Dataset]:
    """Return every registered dataset, ordered."""
    return sorted((d for p in registry.datasets for d in p()), key=lambda d: d.order)


def collect_panels(record, request) -> list[Panel]:
    """Return the panels the apps add to a record's detail page, ordered."""
    panels = (provider(record, request) for provider in registry.panels)
    return sorted((p for p in panels if p is not None), key=lambda p: p.order)


def collect_account_panels(request) -> list[Panel]:
    """Return the panels the apps add to the signed-in user's space, ordered."""
    panels = (provider(request) for provider in registry.account_panels)
    return sorted((p for p in panels if p is not None), key=lambda p: p.order)


def run_search(query: str, limit: int = 50) -> list[SearchResult]:
    """Return the best public results for `query` across every registered app."""
    results = [r for provider in registry.search for r in provider(query)]
    return sorted(results, key=lambda r: r.rank, reverse=True)[:limit]


# Personal data: what each app holds about a user, for the export and the deletion that
# /compte/ offers (GDPR articles 15, 17 and 20).
_personal_data: dict[str, Callable[[Any], Any]] = {}
_account_deletion: list[Callable[[Any], None]] = []


def register_personal_data(name: str, provider: Callable[[Any], Any]) -> None:
    """Register a callable (user) -> JSON-serialisable data, exported under `name`."""
    _personal_data[name] = provider


def register_account_deletion(handler: Callable[[Any], None]) -> None:
    """Register a callable (user) run, inside the deletion's transaction, before the user
    row is deleted: it deletes what is only the user's (drafts) and anonymises what must be
    kept for statistics (submitted applications)."""
    _account_deletion.append(handler)


def collect_personal_data(user) -> dict:
    """Return everything the apps hold about `user`, by app name."""
    return {name: provider(user) for name, provider in sorted(_personal_data.items())}


def run_account_deletion(user) -> None:
    """Run every registered deletion handler for `user`."""
    for handler in _account_deletion:
        handler(user)


# The public API (occitanie_ess.common.api): each app's ninja Router, under a URL prefix.
_api_routers: list[tuple[str, Any]] = []


def register_api_router(prefix: str, router) -> None:
    """Register an app's django-ninja Router, served under /api/v1/<prefix>/."""
    _api_routers.append((prefix, router))


def api_routers() -> list[tuple[str, Any]]:
    """Return the registered (prefix, router) pairs, in registration order."""
    return list(_api_routers)
