"""/parcours/ in a real Chromium, on a phone, without JavaScript: the answers lead to a
result page with its own address, 0 axe-core violations."""

from urllib.parse import parse_qs, urlparse

import pytest

from tests.structures.factories import DepartementFactory, SupportStructureFactory


@pytest.fixture
def chain(transactional_db):
    haute_garonne = DepartementFactory(code="31", name="Haute-Garonne", slug="haute-garonne")
    SupportStructureFactory(
        name="Catalis", slug="catalis", kind="incubateur", departement=haute_garonne
    )


def test_the_path_works_without_javascript_and_has_a_shareable_address(
    browser, live_server, axe, chain
):
    context = browser.new_context(
        locale="fr-FR",
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto("/parcours/")
    page.get_by_label("Je développe mon activité").check()
    page.get_by_label("Financer mon projet").check()
    page.get_by_label("Dans quel département êtes-vous installé ?").select_option("31")
    page.get_by_role("group", name="Votre structure relève-t-elle").get_by_label("Oui").check()
    page.get_by_role("button", name="Voir mon parcours").click()
    query = parse_qs(urlparse(page.url).query)
    assert query == {
        "etape": ["developpement"],
        "besoin": ["financement"],
        "departement": ["31"],
        "statut": ["oui"],
    }
    first = page.locator(".offer").first
    assert "Fonds d'innovation sociale (FISO)" in first.inner_text()
    assert first.get_by_role("link", name="Préparer une demande FISO").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The same address opened elsewhere shows the same answer.
    shared = context.new_page()
    shared.goto(page.url)
    assert "Préparer une demande FISO" in shared.locator(".offers").inner_text()
    address = urlparse(shared.url)
    context.close()
    # With JavaScript, on a wide screen: no accessibility violation either.
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    page.goto(f"{address.path}?{address.query}")
    assert axe(page) == []
    context.close()
