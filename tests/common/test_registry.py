"""The registry: every app's contributions.py is discovered once, in the order of
INSTALLED_APPS, and what a test registers can be put back."""

import sys

from occitanie_ess.common import registry


def test_every_apps_contributions_module_is_discovered_in_app_order():
    for app in ("occitanie_ess.common", "structures", "fiso", "realis", "yess", "coventis"):
        assert f"{app}.contributions" in sys.modules
    assert [prefix for prefix, _router in registry.api_routers()] == [
        "annuaire",
        "fiso",
        "yess",
        "coventis",
    ]
    assert list(registry.sitemaps()) == ["annuaire", "fiso", "yess", "coventis"]
    pages = [url_name for url_name, _kind, _keywords in registry.search_pages()]
    assert pages[0] == "strategie" and len(pages) == len(set(pages))


def test_registry_restored_forgets_what_the_block_registered():
    before = registry.sitemaps()
    with registry.registry_restored():
        registry.register_sitemap("essai", object())
        assert "essai" in registry.sitemaps()
    assert registry.sitemaps() == before
