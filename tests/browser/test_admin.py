"""The back office in a real Chromium: a staff member of each group goes from their
dashboard to a decision (select a YESS applicant with the keyboard only, commit a FISO
financing, confirm a Coventis exhibitor), axe-core finds no violation (WCAG 2.1 AA) on
any admin page visited, nothing is loaded from another host. Each role's dashboard is
saved as a screenshot: into the test's temporary folder, or into the folder that
ADMIN_SCREENSHOTS names (`make screenshots` sets docs/screenshots/admin/)."""

import os
from pathlib import Path

import pytest

from coventis.models import Exhibitor
from fiso.models import Financing
from tests.browser.conftest import assert_clean, log_in, tab_to
from tests.common.back_office import back_office
from yess.models import Score, Status


@pytest.fixture
def office(transactional_db):
    return back_office()


@pytest.fixture
def screenshots(tmp_path) -> Path:
    """Return the folder the screenshots go to; a test run never writes into the repository
    unless asked to."""
    folder = Path(os.environ.get("ADMIN_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_page(page, axe):
    """Assert the page is whole (one h1), accessible and self-contained."""
    assert page.locator("h1").count() == 1
    assert_clean(page, axe)


def dashboard(page, axe, screenshot: Path):
    response = page.goto("/admin/")
    assert response.status == 200
    check_page(page, axe)
    page.screenshot(path=str(screenshot), full_page=True)
    return page.locator(".portal-todo")


def run_action(page, pk: int, action: str):
    page.check(f"input[name=_selected_action][value='{pk}']")
    page.select_option("select[name=action]", action)
    page.locator("button[name=index]").click()
    page.wait_for_load_state()


def test_yess_team_selects_an_applicant_with_the_keyboard_only(
    page, axe, live_server, office, screenshots
):
    log_in(page.context, live_server, office.staff["yess"])
    todo = dashboard(page, axe, screenshots / "yess.png")
    assert "Candidatures YESS en attente de décision" in todo.inner_text()

    # From « À faire » to the applications awaiting a decision.
    tab_to(page, "a[href*='status__in=under_review']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/yess/application/?**")
    check_page(page, axe)
    assert page.locator("#result_list tbody tr").count() == 3

    # Tick the shortlisted applicant, choose « Sélectionner dans la promotion », run it.
    pk = office.shortlisted.pk
    tab_to(page, f"[name=_selected_action][value='{pk}']")
    page.keyboard.press("Space")
    tab_to(page, "[name=action]")
    for _ in range(20):
        if page.evaluate("document.activeElement.value") == "move_to_selected":
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "move_to_selected"
    tab_to(page, "button[name=index]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "1 candidature mise à jour" in page.locator(".messagelist").inner_text()
    check_page(page, axe)
    office.shortlisted.refresh_from_db()
    assert office.shortlisted.status == Status.SELECTED

    # The ranking, a staff page outside the admin, shares the admin's frame.
    page.goto(f"/yess-academie/jury/classement/{office.call.year}/")
    check_page(page, axe)
    assert page.locator("#header").count() == 1


def test_fiso_team_commits_a_financing_from_the_dashboard(
    page, axe, live_server, office, screenshots
):
    log_in(page.context, live_server, office.staff["fiso"])
    todo = dashboard(page, axe, screenshots / "fiso.png")
    assert "Restant à engager" in page.locator(".portal-block").first.inner_text()
    todo.get_by_role("link", name="Financements FISO en attente de décision").click()
    page.wait_for_url("**/admin/fiso/financing/?**")
    check_page(page, axe)
    assert "75\xa0000\xa0€" in page.locator("#result_list").inner_text()

    run_action(page, office.financing.pk, "commit_selected")
    assert "1 financement accordé." in page.locator(".messagelist").inner_text()
    check_page(page, axe)
    office.financing.refresh_from_db()
    assert office.financing.status == Financing.Status.GRANTED

    # The envelope's dashboard now counts it (unpublished commitments included).
    page.goto("/admin/")
    page.get_by_role("link", name="Tableau de bord de l'enveloppe").click()
    page.wait_for_url("**/tableau-de-bord/")
    check_page(page, axe)
    # 225 000 € committed before, 75 000 € now.
    assert "300\xa0000\xa0€" in page.locator("#content").inner_text()

    # The financing's page: autocomplete for the enterprise, a link to its journal.
    page.goto(f"/admin/fiso/financing/{office.financing.pk}/change/")
    check_page(page, axe)
    assert page.locator(".related-widget-wrapper select.admin-autocomplete").count() >= 1


def test_coventis_organisers_confirm_an_exhibitor(page, axe, live_server, office, screenshots):
    log_in(page.context, live_server, office.staff["coventis"])
    todo = dashboard(page, axe, screenshots / "coventis.png")
    todo.get_by_role("link", name="Demandes d'exposant à confirmer").click()
    page.wait_for_url("**/admin/coventis/registration/?**demande=attente")
    check_page(page, axe)
    assert page.locator("#result_list tbody tr").count() == 1
    assert "Scop Les Ateliers du Tarn" in page.locator("#result_list").inner_text()

    run_action(page, office.claim.pk, "confirm_claims")
    assert "1 demande d'exposant confirmée." in page.locator(".messagelist").inner_text()
    check_page(page, axe)
    exhibitor = Exhibitor.objects.get(registration=office.claim)
    assert exhibitor.enterprise.name == "Scop Les Ateliers du Tarn"


def test_realis_team_follows_occupancy_and_exits(page, axe, live_server, office, screenshots):
    log_in(page.context, live_server, office.staff["realis"])
    todo = dashboard(page, axe, screenshots / "realis.png")
    assert "12 / 30" in page.locator(".portal-block").first.inner_text()
    todo.get_by_role("link", name="Résidences REALIS qui se terminent dans les trois mois").click()
    page.wait_for_url("**/admin/realis/residency/?sortie=3mois")
    check_page(page, axe)
    assert page.locator("#result_list tbody tr").count() == 1
    page.goto("/admin/realis/booking/")
    check_page(page, axe)
    assert page.get_by_role("link", name="Calendrier des réservations").count() == 1


def test_juror_reaches_the_applications_to_score(page, axe, live_server, office, screenshots):
    log_in(page.context, live_server, office.staff["jury"])
    todo = dashboard(page, axe, screenshots / "jury.png")
    todo.get_by_role("link", name="Candidatures YESS à noter").click()
    page.wait_for_url("**/yess-academie/jury/")
    check_page(page, axe)
    assert "Ressourcerie de Castres" in page.locator("#content").inner_text()

    # The score sheet, in the admin's frame: a mistake is listed and linked, then fixed.
    page.get_by_role("link", name="Ressourcerie de Castres").click()
    page.wait_for_url("**/jury/candidatures/*/")
    check_page(page, axe)
    inputs = page.locator("input[type=number]")
    assert inputs.count() == 3
    for index in range(3):
        inputs.nth(index).fill("4")
    inputs.nth(0).fill("9")
    page.get_by_role("button", name="Enregistrer mes notes").click()
    page.wait_for_load_state()
    assert "Le formulaire contient des erreurs" in page.locator(".errornote").inner_text()
    check_page(page, axe)
    page.locator("input[type=number]").nth(0).fill("5")
    page.get_by_role("button", name="Enregistrer mes notes").click()
    page.wait_for_load_state()
    assert "Vos notes sont enregistrées." in page.locator(".messagelist").inner_text()
    check_page(page, axe)
    assert Score.objects.filter(juror=office.staff["jury"]).count() == 3


def test_auditor_reads_the_journal_of_every_app(page, axe, live_server, office, screenshots):
    log_in(page.context, live_server, office.staff["audit"])
    dashboard(page, axe, screenshots / "audit.png")
    page.get_by_role("link", name="Journal des modifications (toutes les applications)").click()
    page.wait_for_url("**/admin/journal/")
    check_page(page, axe)
    assert page.locator("#content-main tbody tr").count() >= 5
    page.select_option("#id_model", "fiso.financing")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**/admin/journal/?**")
    check_page(page, axe)
    page.screenshot(path=str(screenshots / "journal.png"), full_page=True)
    rows = page.locator("#content-main tbody").inner_text()
    assert "Financement FISO" in rows
    assert "Résidence" not in rows


def test_directory_team_reaches_the_records_due_for_a_check(
    page, axe, live_server, office, screenshots
):
    log_in(page.context, live_server, office.staff["annuaire"])
    todo = dashboard(page, axe, screenshots / "annuaire.png")
    todo.get_by_role("link", name="Fiches d'entreprise à vérifier (plus d'un an ou jamais)").click()
    page.wait_for_url("**/admin/structures/enterprise/?verification=a-verifier")
    check_page(page, axe)
    assert page.locator("#result_list tbody tr").count() >= 5
