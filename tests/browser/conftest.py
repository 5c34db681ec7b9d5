"""Browser tests: Debian's Chromium driven by Playwright, axe-core injected from npm.

Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
tests themselves (creating data) are still synchronous, hence DJANGO_ALLOW_ASYNC_UNSAFE.
"""

import gzip
import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# Text is compressed on the wire (gzip, by WhiteNoise for static files and by the proxy
# for pages); fonts and images are already compressed.
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
# The portal's page budget: a public page transfers at most 100 KB compressed, font and
# images included.
PAGE_BUDGET = 100_000


def transferred(response) -> int:
    """Return the bytes `response` costs on the wire, text compressed as it is served."""
    try:
        body = response.body()
    except Exception:  # noqa: BLE001 - a redirect has no body
        return 0
    kind = response.headers.get("content-type", "")
    return len(gzip.compress(body)) if kind.startswith(TEXT_TYPES) else len(body)


class PageRecorder:
    """Every request a page makes, the console errors (CSP violations among them) and the
    bytes transferred (compressed as served)."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_host = urlparse(base_url).netloc
        self.reset()
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._console)
        page.on("response", self._response)

    def reset(self):
        """Forget what was recorded so far, to measure the next page alone."""
        self.requests = []
        self.console_errors = []
        self.bytes = 0

    def _console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def _response(self, response):
        self.bytes += transferred(response)

    def foreign_requests(self):
        """Return the URLs of requests to any host other than the test server."""
        return [
            url
            for url in self.requests
            if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc != self.base_host
        ]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    page.recorder = PageRecorder(page, live_server.url)
    yield page
    context.close()


def axe_violations(page):
    """Run axe-core (WCAG 2.1 A and AA) on the page; return its violations, summarised."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        {
            "id": violation["id"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]


@pytest.fixture
def axe():
    return axe_violations


def assert_clean(page, axe):
    """Assert axe-core finds no violation on the page, which asked no other host for
    anything and logged no error (a CSP violation among them)."""
    assert axe(page) == [], page.url
    assert page.recorder.foreign_requests() == []
    assert page.recorder.console_errors == [], page.url


def log_in(context, live_server, user):
    """Give the browser context the session of `user`, signed in through Django's test
    client (the login form has its own tests)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def tab_to(page, selector: str, limit: int = 800) -> None:
    """Press Tab until the focused element matches the CSS `selector`, as a keyboard user
    reaches it; fail if it is never reached."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} is not reachable with the Tab key")
