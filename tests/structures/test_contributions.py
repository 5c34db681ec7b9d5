import pytest
from django.urls import reverse

from occitanie_ess.common.search import search, search_index_rebuild
from tests.structures.factories import EnterpriseFactory, SupportStructureFactory

pytestmark = pytest.mark.django_db


def test_site_search_finds_directory_records_with_a_typo():
    SupportStructureFactory(name="REALIS", slug="realis")
    EnterpriseFactory(name="Cachée REALIS", is_published=False)
    search_index_rebuild()  # typos are corrected from the indexed vocabulary
    records = [r for r in search("Réalys").results if r.url.startswith("/annuaire/")]
    results = [r for r in records if r.url != "/annuaire/"]  # the directory page itself
    assert [r.title for r in results] == ["REALIS"]
    assert results[0].kind == "Structure d'accompagnement"


def test_site_search_page_shows_directory_results(client):
    EnterpriseFactory(name="Épicerie solidaire", slug="epicerie")
    html = client.get(reverse("recherche"), {"q": "epicerie"}).content.decode()
    assert 'href="/annuaire/epicerie/"' in html


def test_sitemap_lists_published_records_only(client):
    EnterpriseFactory(slug="visible")
    EnterpriseFactory(slug="cachee", is_published=False)
    xml = client.get(reverse("sitemap")).content.decode()
    assert "/annuaire/visible/" in xml
    assert "/annuaire/cachee/" not in xml
