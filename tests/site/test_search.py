"""The site-wide search: relevance on the demo data, synonyms, typos, facets, escaping."""

import importlib
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from occitanie_ess.common import search as site_search
from occitanie_ess.common.models import SearchDocument, Synonym
from occitanie_ess.common.search import search, search_index_rebuild
from tests.coventis.factories import EditionFactory
from tests.structures.factories import EnterpriseFactory, SupportStructureFactory

pytestmark = pytest.mark.django_db

RELEVANCE_FILE = Path(__file__).with_name("search_relevance.json")
REQUIRED_RATIO = 0.95


@pytest.fixture(autouse=True)
def seeded_synonyms():
    """The synonyms the data migration seeds (a transactional test elsewhere may have
    flushed them from the test database)."""
    from django.apps import apps

    migration = importlib.import_module("occitanie_ess.common.migrations.0003_seed_synonyms")
    migration.seed(apps, None)


def top_urls(query: str, size: int = 5) -> list[str]:
    """Return the first `size` URLs the search page shows: facets, then ranked results."""
    outcome = search(query)
    return ([facet.url for facet in outcome.facets] + [r.url for r in outcome.results])[:size]


def expected_in(expect: list[str], urls: list[str]) -> bool:
    return any(
        url == wanted or (wanted.endswith("*") and url.startswith(wanted[:-1]))
        for wanted in expect
        for url in urls
    )


def test_relevance_on_the_demo_data(capsys):
    """At least 95 % of the queries visitors type find an expected page in the top five."""
    call_command("seed_demo", enterprises=20, stdout=None)
    queries = json.loads(RELEVANCE_FILE.read_text())["queries"]
    assert len(queries) >= 80
    misses = []
    for item in queries:
        urls = top_urls(item["q"])
        if not expected_in(item["expect"], urls):
            misses.append((item["q"], item["expect"], urls))
    with capsys.disabled():
        print(f"\nsearch relevance: {len(queries) - len(misses)}/{len(queries)} found")
        for query, expect, urls in misses:
            print(f"  miss: {query!r} expected one of {expect}, got {urls}")
    assert (len(queries) - len(misses)) / len(queries) >= REQUIRED_RATIO


def test_typos_on_names_and_communes_are_corrected():
    SupportStructureFactory(name="Catalis", slug="catalis", commune="Toulouse")
    search_index_rebuild()
    assert "/annuaire/catalis/" in top_urls("catalys")
    assert "/annuaire/catalis/" in top_urls("tolouse")


def test_accents_and_case_are_folded():
    EnterpriseFactory(name="Épicerie solidaire du Méjean", slug="epicerie", commune="Lattes")
    assert "/annuaire/epicerie/" in top_urls("EPICERIE MEJEAN")
    assert "/annuaire/epicerie/" in top_urls("épiceries")


def test_a_synonym_staff_add_takes_effect_at_once():
    SupportStructureFactory(name="Le Périscope", slug="periscope", kind="ptce")
    assert "/annuaire/periscope/" not in top_urls("grappe")
    Synonym.objects.create(term="grappe", equivalents="périscope")
    assert "/annuaire/periscope/" in top_urls("grappe")


def test_seeded_acronyms_find_their_long_form():
    SupportStructureFactory(
        name="Les Ateliers",
        slug="ateliers",
        kind="ptce",
        description="Un pôle territorial de coopération économique à Castres.",
    )
    assert "/annuaire/ateliers/" in top_urls("pole territorial de cooperation economique")
    assert "/annuaire/ateliers/" in top_urls("ptce")


def test_site_pages_are_searchable_by_their_text():
    search_index_rebuild()
    assert "/strategie/" in top_urls("carole delga")
    assert "/donnees/" in top_urls("donnees ouvertes")
    assert "/accessibilite/" in top_urls("accessibilite")


def test_places_and_themes_lead_to_the_directory_facet():
    EnterpriseFactory.create_batch(3, departement__code="09", departement__name="Ariège")
    urls = top_urls("ariege")
    assert urls[0] == "/annuaire/?departement=09"
    outcome = search("Ariège")
    assert outcome.facets[0].count == 3
    assert "3 fiches de l'annuaire en Ariège" == outcome.facets[0].label


def test_a_new_edition_is_searchable_once_saved(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        edition = EditionFactory(theme="Les circuits courts de la mer")
    assert SearchDocument.objects.filter(source="coventis", key=str(edition.year)).exists()
    assert edition.get_absolute_url() in top_urls("circuits courts")


def test_nothing_found_offers_did_you_mean(client, monkeypatch):
    search_index_rebuild()
    monkeypatch.setattr(site_search, "CORRECTION_THRESHOLD", 1.01)
    response = client.get(reverse("recherche"), {"q": "acesibilite"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Vouliez-vous dire" in content
    assert "?q=accessibilite" in content


def test_results_are_grouped_highlighted_and_escaped(client, django_assert_max_num_queries):
    EnterpriseFactory(
        name="Atelier <b>vélo</b>",
        slug="atelier-velo",
        description="Réparation de vélo <script>alert(1)</script> et mobilité douce.",
    )
    with django_assert_max_num_queries(16):
        response = client.get(reverse("recherche"), {"q": "velo <script>"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;" in content
    assert "<mark>" in content
    assert "Atelier &lt;b&gt;vélo&lt;/b&gt;" in content
    assert "Entreprise sociale" in content


def test_an_empty_directory_list_offers_no_download(client):
    EnterpriseFactory(name="Ressourcerie du Lez")
    response = client.get(reverse("structures:index"), {"q": "zzzqqqxxx"})
    assert response.status_code == 200
    assert reverse("structures:export_csv") not in response.content.decode()
    response = client.get(reverse("structures:index"), {"q": "ressourcerie"})
    assert reverse("structures:export_csv") in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "a\x00b",
        "x" * 10_000,
        "'; DROP TABLE structures_organisation; --",
        "<img src=x onerror=alert(1)>",
        "!!! ((( & | :* <-> ",
        "de la",
    ],
)
def test_bad_input_gets_an_escaped_page(client, query):
    response = client.get(reverse("recherche"), {"q": query})
    # NUL bytes are refused by the site's middleware with a French 400 page.
    assert response.status_code == (400 if "\x00" in query else 200)
    assert "<img src=x" not in response.content.decode()


def test_a_lone_surrogate_in_the_url_gets_a_page(client):
    # %ED%A0%80 is the UTF-8 form of a lone surrogate (U+D800), invalid UTF-8.
    response = client.get("/recherche/?q=%ED%A0%80lone")
    assert response.status_code == 200


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=400))
def test_any_text_gets_a_page_never_a_500(client, text):
    """Any text, lone surrogates and NUL bytes included, is shown as text."""
    response = client.get(reverse("recherche"), {"q": "<zq>" + text})
    assert response.status_code in (200, 400)  # 400: a NUL byte, refused in French
    assert "<zq>" not in response.content.decode()


def test_an_acronym_leads_to_the_facet_of_its_long_form():
    from structures.models import Thematic

    thematic, _created = Thematic.objects.get_or_create(
        slug="insertion-iae", defaults={"name": "Insertion par l'activité économique"}
    )
    assert f"/annuaire/?thematique={thematic.slug}" in top_urls("iae")
