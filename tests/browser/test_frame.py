"""Every page of the site's frame, in a real Chromium: 0 axe-core violations, nothing
loaded from another host, no CSP violation, and a keyboard user can skip to the content."""

import pytest

from tests.browser.conftest import PAGE_BUDGET
from tests.structures.factories import EnterpriseFactory, SupportStructureFactory

FRAME_PAGES = [
    "/",
    "/strategie/",
    "/mentions-legales/",
    "/accessibilite/",
    "/confidentialite/",
    "/plan-du-site/",
    "/recherche/?q=innovation",
    "/recherche/?q=realis",
    "/recherche/?q=zzqxv",
    "/donnees/",
    "/compte/login/",
    "/compte/signup/",
    "/compte/password/reset/",
    "/page-inexistante/",
]


@pytest.fixture
def data(transactional_db):
    SupportStructureFactory(name="REALIS", slug="realis")
    EnterpriseFactory(name="V@SI", slug="vasi")


@pytest.mark.parametrize("path", FRAME_PAGES)
def test_frame_page_is_accessible_and_self_contained(page, axe, data, path):
    response = page.goto(path)
    assert response.status in (200, 404)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert axe(page) == []
    assert page.recorder.foreign_requests() == []
    # The 404 page itself is reported by Chromium as a failed load: that one is expected.
    expected = "the server responded with a status of 404"
    errors = [
        e for e in page.recorder.console_errors if not (response.status == 404 and expected in e)
    ]
    assert errors == []
    # The page budget: 100 KB compressed, with the font and images.
    assert page.recorder.bytes <= PAGE_BUDGET


def test_skip_link_is_the_first_tab_stop_and_reaches_main(page, data):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_error_summary_is_announced_and_focused(page):
    page.goto("/compte/login/")
    page.fill("#id_login", "personne@exemple.fr")
    page.fill("#id_password", "mauvais-mot-de-passe")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-error-summary]")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
