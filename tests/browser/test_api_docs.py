"""The API's browsable docs in a real Chromium, under the site's strict CSP: Swagger UI
(served from the site's static files) lists every operation and can call one, with no
request to another host and no console error (a CSP violation would be one)."""

import pytest

from tests.structures.factories import EnterpriseFactory


@pytest.mark.browser
def test_the_api_docs_work_under_the_csp_without_any_cdn(page, transactional_db):
    EnterpriseFactory(name="Ressourcerie du Lauragais", slug="ressourcerie-du-lauragais")
    page.goto("/api/v1/docs/")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() >= 8
    assert page.locator("text=OAS 3.1").count() == 1
    # Try one operation, as a reuser would.
    block = page.locator(".opblock", has_text="/api/v1/annuaire/").first
    block.locator(".opblock-summary").click()
    block.locator("button.try-out__btn").click()
    block.locator("button.execute").click()
    live = block.locator(".live-responses-table")
    live.wait_for()
    assert "ressourcerie-du-lauragais" in live.inner_text()
    assert page.recorder.foreign_requests() == []
    assert page.recorder.console_errors == []
