"""Every public page on a phone (Chromium at 390 × 844), with the demo data loaded: no
page is wider than the screen, axe-core finds no violation, nothing comes from another
host, and a page weighs at most 100 KB compressed with its font and images (the page
budget).

The pages are those the sitemap lists plus the pages it cannot list (a search, a filtered
directory, the map, the account forms, the support path with answers).
"""

import io
import re
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.test import Client

from tests.browser.conftest import PAGE_BUDGET, PageRecorder
from tests.factories import UserFactory

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
KEY_PAGES = [
    "/",
    "/annuaire/?q=insertion",
    "/annuaire/?categorie=entreprise&departement=34&tri=-nom",
    "/annuaire/carte/",
    "/recherche/?q=innovation",
    "/compte/login/",
    "/compte/signup/",
    "/compte/password/reset/",
    "/parcours/",
    "/parcours/?etape=idee&besoin=accompagnement&departement=34&statut=non",
    "/parcours/?etape=developpement&besoin=financement&departement=31&statut=oui",
    "/page-inexistante/",
]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", enterprises=8, stdout=io.StringIO())


def public_paths(page) -> list[str]:
    """Return the sitemap's paths, then the key pages it cannot list."""
    xml = page.request.get("/sitemap.xml").text()
    paths = [urlparse(url).path for url in re.findall(r"<loc>([^<]+)</loc>", xml)]
    return list(dict.fromkeys([*paths, *KEY_PAGES]))


def check(page, recorder, axe, path, width):
    """Return what is wrong with `path` at this viewport (an empty list when nothing)."""
    recorder.reset()
    response = page.goto(path, wait_until="load")
    problems = []
    if response.status not in (200, 404) or (response.status == 404 and path in KEY_PAGES[:-1]):
        problems.append(f"status {response.status}")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"{scroll_width} px wide")
    if violations := axe(page):
        problems.append(violations)
    if foreign := recorder.foreign_requests():
        problems.append(foreign)
    if recorder.bytes > PAGE_BUDGET:
        problems.append(f"{recorder.bytes} bytes")
    return problems


def test_every_public_page_fits_a_phone_and_is_accessible(browser, live_server, axe, demo):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    recorder = PageRecorder(page, live_server.url)
    paths = public_paths(page)
    assert len(paths) > 40
    assert any(p.startswith("/annuaire/") and p.count("/") == 3 for p in paths)
    failures = {
        path: problems for path in paths if (problems := check(page, recorder, axe, path, 390))
    }
    context.close()
    assert failures == {}


@pytest.mark.parametrize("path", ["/", "/annuaire/", "/parcours/", "/fiso/"])
def test_key_pages_on_a_wide_screen(browser, live_server, axe, demo, path):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport=DESKTOP)
    page = context.new_page()
    recorder = PageRecorder(page, live_server.url)
    assert check(page, recorder, axe, path, DESKTOP["width"]) == []
    context.close()


def test_phone_menu_opens_without_javascript(browser, live_server, demo):
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/")
    nav = page.get_by_role("navigation", name="Navigation principale")
    assert not nav.is_visible()
    page.get_by_text("Menu", exact=True).click()
    assert nav.is_visible()
    nav.get_by_role("link", name="Annuaire").click()
    assert page.url.endswith("/annuaire/")
    # The filters are folded: the first result is on the first screen.
    first_result = page.locator(".directory-results .card").first
    assert first_result.bounding_box()["y"] < PHONE["height"]
    context.close()


def test_wide_screen_shows_menu_and_filters_open(browser, live_server, demo):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport=DESKTOP)
    page = context.new_page()
    page.goto("/annuaire/")
    assert page.get_by_role("navigation", name="Navigation principale").is_visible()
    assert page.get_by_role("button", name="Appliquer les filtres").is_visible()
    assert not page.get_by_text("Menu", exact=True).is_visible()
    context.close()


SIGNED_IN_PAGES = [
    "/compte/",
    "/compte/email/",
    "/compte/password/change/",
    "/yess-academie/candidater/",
    "/realis/reservations/",
]


def test_signed_in_pages_fit_a_phone_and_are_accessible(browser, live_server, axe, demo):
    client = Client()
    client.force_login(UserFactory())
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport=PHONE)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    recorder = PageRecorder(page, live_server.url)
    edition = re.search(r"/coventis/(\d{4})/</loc>", page.request.get("/sitemap.xml").text())
    paths = [*SIGNED_IN_PAGES, f"/coventis/{edition.group(1)}/inscription/"]
    failures = {}
    for path in paths:
        recorder.reset()
        response = page.goto(path)
        problems = []
        if response.status >= 500:
            problems.append(f"status {response.status}")
        if (width := page.evaluate("document.documentElement.scrollWidth")) > PHONE["width"]:
            problems.append(f"{width} px wide")
        if violations := axe(page):
            problems.append(violations)
        if problems:
            failures[path] = problems
    context.close()
    assert failures == {}
