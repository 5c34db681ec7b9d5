"""The directory in a real Chromium: 0 axe-core violations on the list, a filtered list,
a detail page and the map; live filtering updates the results and the URL."""

import pytest

from tests.browser.conftest import PAGE_BUDGET, assert_clean
from tests.structures.factories import (
    DepartementFactory,
    EnterpriseFactory,
    SupportFactory,
    SupportStructureFactory,
    ThematicFactory,
)


@pytest.fixture
def directory(transactional_db):
    herault = DepartementFactory(code="34", name="Hérault", slug="herault")
    aude = DepartementFactory(code="11", name="Aude", slug="aude")
    thematic = ThematicFactory(name="Économie circulaire", slug="economie-circulaire")
    realis = SupportStructureFactory(
        name="REALIS", slug="realis", kind="pepiniere", departement=herault
    )
    vasi = EnterpriseFactory(
        name="V@SI",
        slug="vasi",
        legal_form="commerciale",
        esus=True,
        departement=herault,
        social_impact="Rompre l'isolement par l'activité physique adaptée.",
        website="https://exemple.fr",
    )
    vasi.thematics.set([thematic])
    SupportFactory(structure=realis, enterprise=vasi)
    for number in range(25):
        EnterpriseFactory(
            name=f"Recyclerie {number:02d}", departement=aude if number % 2 else herault
        )
    return {"realis": realis, "vasi": vasi}


PAGES = [
    "/annuaire/",
    "/annuaire/?categorie=entreprise&departement=34&q=recyclerie&tri=-nom",
    "/annuaire/?departement=99&page=abc",
    "/annuaire/vasi/",
    "/annuaire/realis/",
    "/annuaire/carte/",
    "/annuaire/carte/?categorie=structure",
]


@pytest.mark.parametrize("path", PAGES)
def test_directory_pages_are_accessible_and_self_contained(page, axe, directory, path):
    response = page.goto(path)
    assert response.status == 200
    assert_clean(page, axe)
    # The page budget: 100 KB compressed, with the font and images.
    assert page.recorder.bytes <= PAGE_BUDGET


def test_live_filtering_updates_results_and_url(page, directory):
    page.goto("/annuaire/")
    assert "27 résultats" in page.locator("#results-count").inner_text()
    page.select_option("#id_categorie", "structure")
    page.wait_for_url("**/annuaire/?*categorie=structure*")
    page.wait_for_function(
        "document.querySelector('#results-count').textContent.includes('1 résultat')"
    )
    assert page.locator("[data-live-status]").inner_text().startswith("1 résultat")
    assert page.locator(".card h3").all_inner_texts() == ["REALIS"]
    # Typing a search narrows the list as well, and the URL keeps every filter.
    page.select_option("#id_categorie", "")
    page.fill("#id_q", "recyclerie")
    page.wait_for_url("**/annuaire/?*q=recyclerie*")
    page.wait_for_function(
        "document.querySelector('#results-count').textContent.includes('25 résultats')"
    )
    # The address bar now reproduces the page without JavaScript.
    url = page.url
    page.goto(url)
    assert "25 résultats" in page.locator("#results-count").inner_text()
    assert page.recorder.console_errors == []


def test_filters_work_without_javascript(browser, live_server, directory):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/annuaire/")
    page.select_option("#id_departement", "11")
    page.click("button[type=submit] >> text=Appliquer les filtres")
    page.wait_for_url("**departement=11**")
    assert "12 résultats" in page.locator("#results-count").inner_text()
    context.close()


def test_map_departement_links_to_the_filtered_list(page, directory):
    page.goto("/annuaire/carte/")
    page.click("a.occitanie-map__link[href*='departement=11']")
    page.wait_for_url("**departement=11**")
    assert "12 résultats" in page.locator("#results-count").inner_text()
