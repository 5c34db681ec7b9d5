"""The registry through which apps add to the site-wide pages.

`occitanie_ess` imports no app. Each app registers what it contributes (figures for the
home page, search results, sitemap sections, open-data datasets, a panel on a directory
detail page, demo data, staff groups, personal data) from its `contributions.py`, which
the common app's `ready()` discovers the way the admin discovers `admin.py`
(`autodiscover_modules`). Everything registered lives in the one `_Registry`, written by
the `register_*` functions and read through the `collect_*`, `run_*` and accessor
functions below; the shared pages render whatever is registered.
"""

import copy
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class Figure:
    """One key figure on the home page; `note` qualifies it in a line of its own
    (e.g. the part of a total that no public list details)."""

    label: str
    value: Any
    url: str = ""
    order: int = 100
    note: str = ""


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
    label: str = ""  # the link's text on /donnees/; the format's name when empty


@dataclass(frozen=True)
class IndexedDocument:
    """One public page or record an app makes searchable (a row of the search index)."""

    key: str
    kind: str
    title: str
    url: str
    body: str = ""
    keywords: str = ""  # weighted between the title and the body (acronyms, places)
    boost: float = 1.0


@dataclass(frozen=True)
class SearchSource:
    """A named set of IndexedDocuments, refreshed whenever one of `models` changes."""

    name: str
    documents: Callable[[], Iterable[IndexedDocument]]
    models: tuple = ()


@dataclass(frozen=True)
class SearchFacet:
    """A directory facet the query names ("Ariège" → the fiches in Ariège)."""

    label: str
    url: str
    count: int
    order: int = 100


@dataclass(frozen=True)
class Dataset:
    """One open-data export listed on /donnees/, with the files that publish it."""

    title: str
    description: str
    licence: str = "Licence Ouverte / Open Licence 2.0 (Etalab)"
    fields_doc: tuple[tuple[str, str], ...] = ()  # (field name, meaning)
    order: int = 100
    resources: tuple[Resource, ...] = ()

    @property
    def formats(self) -> tuple[tuple[str, str], ...]:
        """Return the (label, url) of each file, as /donnees/ links them."""
        return tuple((str(r.label) or r.format.upper(), r.url) for r in self.resources)


@dataclass(frozen=True)
class Panel:
    """A section that an app adds to a directory detail page."""

    template_name: str
    context: dict = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class Offer:
    """One link of the support chain, matched to a project's answers on /parcours/.

    `stages` among "idee", "creation", "developpement", "changement-echelle"; `needs` among
    "financement", "hebergement", "accompagnement", "marche". An empty `departements`
    means the whole region. `ess_only`: only for enterprises of the ESS (or ESUS).
    """

    key: str
    title: str
    why: str
    next_step: str
    url: str
    stages: frozenset[str]
    needs: frozenset[str]
    departements: frozenset[str] = frozenset()
    place: str = ""
    ess_only: bool = False
    order: int = 100


@dataclass(frozen=True)
class Action:
    """A call to action an app adds to a directory record's page ("Rejoindre…")."""

    label: str
    url: str
    order: int = 100


@dataclass(frozen=True)
class Todo:
    """One thing awaiting staff on the admin's home page, linking to the filtered list."""

    label: str
    count: int
    url: str


@dataclass(frozen=True)
class DashboardBlock:
    """An app's block on the admin's home page: figures (label, value, url or ""), links to
    its staff tools (label, url) and the things awaiting staff."""

    title: str
    figures: tuple[tuple[str, Any, str], ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    todos: tuple[Todo, ...] = ()
    note: str = ""
    order: int = 100


@dataclass
class _Registry:
    figures: list[Callable[[], Iterable[Figure]]] = field(default_factory=list)
    # Live providers: (analysed query, tsquery) -> SearchResults, for tables too large to
    # copy into the index (the directory).
    search: list[Callable[[Any, Any], Iterable[SearchResult]]] = field(default_factory=list)
    search_sources: dict[str, SearchSource] = field(default_factory=dict)
    search_facets: list[Callable[[Any], Iterable[SearchFacet]]] = field(default_factory=list)
    search_vocabulary: list[Callable[[], Iterable[tuple[str, int]]]] = field(default_factory=list)
    search_pages: list[tuple[str, str, str]] = field(default_factory=list)
    search_rebuild: list[Callable[[], Any]] = field(default_factory=list)
    sitemaps: dict[str, Any] = field(default_factory=dict)
    datasets: list[Callable[[], Iterable[Dataset]]] = field(default_factory=list)
    # (provider(record, request) -> Panel | None, present() -> boolean expression or None)
    panels: list[tuple[Callable[[Any, Any], Panel | None], Callable[[], Any] | None]] = field(
        default_factory=list
    )
    account_panels: list[Callable[[Any], Panel | None]] = field(default_factory=list)
    seeders: list[tuple[int, Callable[..., None]]] = field(default_factory=list)
    offers: list[Callable[[], Iterable[Offer]]] = field(default_factory=list)
    actions: list[Callable[[Any], Iterable[Action]]] = field(default_factory=list)
    territories: list[Callable[[], Iterable[tuple[str, str]]]] = field(default_factory=list)
    admin_dashboard: list[Callable[[Any], DashboardBlock | None]] = field(default_factory=list)
    support_sources: dict[str, Callable[[], dict]] = field(default_factory=dict)
    # (app label or None for every app, ensure(*, using) -> Group)
    staff_groups: list[tuple[str | None, Callable[..., Any]]] = field(default_factory=list)
    # Personal data: what each app holds about a user, for the export and the deletion
    # that /compte/ offers (GDPR articles 15, 17 and 20).
    personal_data: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    account_deletion: list[Callable[..., Any]] = field(default_factory=list)
    # The public API (occitanie_ess.common.api): each app's ninja Router, under a prefix.
    api_routers: list[tuple[str, Any]] = field(default_factory=list)


registry = _Registry()


@contextmanager
def registry_restored() -> Iterator[None]:
    """Run the block, then put back what was registered before it: for a test that
    registers a contribution of its own (as wagtail's `hooks.register_temporarily`).
    Signals that `register_search_source` connected stay connected."""
    saved = {f.name: copy.copy(getattr(registry, f.name)) for f in fields(registry)}
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(registry, name, value)


def register_figures(provider: Callable[[], Iterable[Figure]]):
    """Register a callable returning the app's key figures for the home page."""
    registry.figures.append(provider)
    return provider


def register_search(provider: Callable[[Any, Any], Iterable[SearchResult]]):
    """Register a live search provider: a callable (analysed query, tsquery) returning
    public SearchResults (see occitanie_ess.common.search). Most apps register a
    `register_search_source` instead; live providers are for very large tables."""
    registry.search.append(provider)
    return provider


def register_search_source(
    name: str, documents: Callable[[], Iterable[IndexedDocument]], *, models: tuple = ()
) -> None:
    """Register what an app makes searchable: `documents()` returns every public
    IndexedDocument of the source; the index refreshes it after any change to `models`."""
    from occitanie_ess.common.search import connect_source

    source = SearchSource(name=name, documents=documents, models=tuple(models))
    registry.search_sources[name] = source
    connect_source(source)


def register_search_page(url_name: str, kind: str, keywords: str = "") -> None:
    """Make a public page searchable by its rendered text (its <main>)."""
    registry.search_pages.append((url_name, kind, keywords))


def register_search_rebuild(hook: Callable[[], Any]):
    """Register a callable that `rebuild_search_index` runs first (an app refreshing its
    own search columns after bulk loads, which send no signal)."""
    registry.search_rebuild.append(hook)
    return hook


def register_search_facets(provider: Callable[[Any], Iterable[SearchFacet]]):
    """Register a callable (analysed query) returning the facets the query names."""
    registry.search_facets.append(provider)
    return provider


def register_search_vocabulary(provider: Callable[[], Iterable[tuple[str, int]]]):
    """Register a callable returning (folded word, frequency) pairs for spelling help,
    for the words of live providers (the index's own words are added automatically)."""
    registry.search_vocabulary.append(provider)
    return provider


def register_sitemap(name: str, sitemap) -> None:
    """Register a django.contrib.sitemaps Sitemap class or instance under a section name."""
    registry.sitemaps[name] = sitemap


def register_datasets(provider: Callable[[], Iterable[Dataset]]):
    """Register a callable returning the app's open-data datasets for /donnees/."""
    registry.datasets.append(provider)
    return provider


def register_panel(provider: Callable[[Any, Any], Panel | None] | None = None, *, present=None):
    """Register a callable (record, request) -> Panel | None for directory detail pages.

    `present`, optional: a callable returning a boolean expression on an organisation
    (an `Exists(... OuterRef("pk"))`) true when the app has something to show for it. The
    detail page reads every app's answer in the query that reads the record
    (`panel_presence`) and calls only the providers with something to show: a record
    that no app knows of costs the apps no query. Usable bare or with arguments.
    """

    def decorator(func):
        registry.panels.append((func, present))
        return func

    return decorator(provider) if provider is not None else decorator


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


def register_admin_dashboard(provider: Callable[[Any], DashboardBlock | None]):
    """Register a callable (request) -> DashboardBlock | None for the admin's home page.

    The provider returns None when the signed-in staff member may not see what it shows
    (check `request.user.has_perm`), so that each role sees its own work only."""
    registry.admin_dashboard.append(provider)
    return provider


def collect_admin_dashboard(request) -> list[DashboardBlock]:
    """Return the dashboard blocks the signed-in staff member may see, ordered."""
    blocks = (provider(request) for provider in registry.admin_dashboard)
    return sorted((b for b in blocks if b is not None), key=lambda b: b.order)


def register_support_source(name: str, rederive: Callable[[], dict]) -> None:
    """Register the callable that rebuilds the directory's support rows derived from the
    app's records (residencies, cohorts, financings); it returns the rows created,
    updated and deleted. `manage.py derive_supports` runs them all."""
    registry.support_sources[name] = rederive


def register_staff_group(app_label: str | None, ensure: Callable[..., Any]) -> None:
    """Register `ensure(*, using)`, which creates or completes one staff group with its
    permissions; it runs after the migrations of the app `app_label` (once that app's
    permissions exist), or after every app's when `app_label` is None (a group spanning
    all the apps)."""
    registry.staff_groups.append((app_label, ensure))


def run_staff_groups(*, app_label: str | None = None, using: str = "default") -> None:
    """Ensure the staff groups registered for the app `app_label` and those spanning every
    app; with `app_label` None, every registered group."""
    for label, ensure in registry.staff_groups:
        if app_label is None or label in (None, app_label):
            ensure(using=using)


def register_offers(provider: Callable[[], Iterable[Offer]]):
    """Register a callable returning the app's offers for /parcours/."""
    registry.offers.append(provider)
    return provider


def register_territories(provider: Callable[[], Iterable[tuple[str, str]]]):
    """Register a callable returning the territory's départements as (code, name) pairs."""
    registry.territories.append(provider)
    return provider


def register_actions(provider: Callable[[Any], Iterable[Action]]):
    """Register a callable (record) -> Actions for directory detail pages."""
    registry.actions.append(provider)
    return provider


def collect_actions(record) -> list[Action]:
    """Return the calls to action the apps add to a record's page, ordered."""
    return sorted((a for p in registry.actions for a in p(record)), key=lambda a: a.order)


def collect_offers() -> list[Offer]:
    """Return every registered offer, in the order of the support chain."""
    return sorted((o for p in registry.offers for o in p()), key=lambda o: (o.order, o.title))


def collect_territories() -> list[tuple[str, str]]:
    """Return the registered départements (code, name), by code."""
    return sorted({pair for p in registry.territories for pair in p()})


def collect_figures() -> list[Figure]:
    """Return every registered figure, ordered."""
    return sorted((f for p in registry.figures for f in p()), key=lambda f: f.order)


def collect_datasets() -> list[Dataset]:
    """Return every registered dataset, ordered."""
    return sorted((d for p in registry.datasets for d in p()), key=lambda d: d.order)


def panel_presence() -> dict[str, Any]:
    """Return the annotations that tell, on the record's own query, which apps have a
    panel for it (see `register_panel`)."""
    return {
        f"panel_present_{index}": present()
        for index, (_provider, present) in enumerate(registry.panels)
        if present is not None
    }


def collect_panels(record, request) -> list[Panel]:
    """Return the panels the apps add to a record's detail page, ordered.

    A provider registered with `present` is skipped when the record was read with
    `panel_presence()` and the app has nothing for it.
    """
    panels = (
        provider(record, request)
        for index, (provider, _present) in enumerate(registry.panels)
        if getattr(record, f"panel_present_{index}", True)
    )
    return sorted((p for p in panels if p is not None), key=lambda p: p.order)


def collect_account_panels(request) -> list[Panel]:
    """Return the panels the apps add to the signed-in user's space, ordered."""
    panels = (provider(request) for provider in registry.account_panels)
    return sorted((p for p in panels if p is not None), key=lambda p: p.order)


def register_personal_data(name: str, provider: Callable[[Any], Any]) -> None:
    """Register a callable (user) -> JSON-serialisable data, exported under `name`."""
    registry.personal_data[name] = provider


def register_account_deletion(handler: Callable[..., Any]) -> None:
    """Register an app's `account_data_delete(*, user)` (its services.py), run inside the
    deletion's transaction before the user row is deleted: it deletes what is only the
    user's (drafts) and anonymises what must be kept for statistics (submitted
    applications)."""
    registry.account_deletion.append(handler)


def collect_personal_data(user) -> dict:
    """Return everything the apps hold about `user`, by app name."""
    return {name: provider(user) for name, provider in sorted(registry.personal_data.items())}


def run_account_deletion(user) -> None:
    """Run every registered deletion handler for `user`."""
    for handler in registry.account_deletion:
        handler(user=user)


def register_api_router(prefix: str, router) -> None:
    """Register an app's django-ninja Router, served under /api/v1/<prefix>/."""
    registry.api_routers.append((prefix, router))


def api_routers() -> list[tuple[str, Any]]:
    """Return the registered (prefix, router) pairs, in registration order."""
    return list(registry.api_routers)


def sitemaps() -> dict[str, Any]:
    """Return the registered sitemap sections (Sitemap classes or instances) by name."""
    return dict(registry.sitemaps)


def seeders() -> list[Callable[..., None]]:
    """Return the registered demo-data loaders, in the order they run."""
    return [loader for _order, loader in sorted(registry.seeders, key=lambda item: item[0])]


def support_sources() -> list[tuple[str, Callable[[], dict]]]:
    """Return the registered (name, rederive) pairs of derived supports, by name."""
    return sorted(registry.support_sources.items())


def search_providers() -> list[Callable[[Any, Any], Iterable[SearchResult]]]:
    """Return the live search providers (see `register_search`)."""
    return list(registry.search)


def search_facet_providers() -> list[Callable[[Any], Iterable[SearchFacet]]]:
    """Return the providers of search facets (see `register_search_facets`)."""
    return list(registry.search_facets)


def search_sources() -> dict[str, SearchSource]:
    """Return the registered search sources by name."""
    return dict(registry.search_sources)


def search_pages() -> list[tuple[str, str, str]]:
    """Return the pages searchable by their rendered text: (URL name, kind, keywords)."""
    return list(registry.search_pages)


def search_rebuild_hooks() -> list[Callable[[], Any]]:
    """Return the callables `rebuild_search_index` runs first."""
    return list(registry.search_rebuild)


def search_vocabulary_providers() -> list[Callable[[], Iterable[tuple[str, int]]]]:
    """Return the providers of (word, frequency) pairs for spelling help."""
    return list(registry.search_vocabulary)
