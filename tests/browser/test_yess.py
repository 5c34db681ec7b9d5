"""The YESS Académie's main transaction in a real Chromium: sign up, confirm the email,
apply over every step (closing the tab mid-way and resuming the draft), submit, follow the
decision; staff shortlist and select in the admin. The same application with the keyboard
only. axe-core finds nothing on any step, logged in."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import PageRecorder, assert_clean, log_in, tab_to
from tests.factories import PASSWORD, SuperuserFactory, UserFactory
from tests.files import pdf_bytes
from tests.structures.factories import DepartementFactory
from tests.yess.factories import CallFactory, CriterionFactory
from yess.models import Application, Status

STEP_ANSWERS = {
    "projet": {
        "#id_project_name": "Recyclerie <b>du</b> Lauragais",
        "#id_summary": "Une recyclerie solidaire en milieu rural.",
    },
    "innovation": {
        "#id_social_need": "Réduire les déchets et créer des emplois.",
        "#id_innovation": "Une collecte itinérante dans les villages.",
        "#id_beneficiaries": "Personnes éloignées de l'emploi.",
    },
    "equipe": {"#id_team": "Deux cofondatrices.", "#id_team_size": "2"},
    "territoire": {"#id_commune": "Villefranche-de-Lauragais"},
    "modele-economique": {
        "#id_economic_model": "Ventes en boutique et prestations.",
        "#id_needs": "Structurer le modèle économique.",
        "#id_funding_needs": "40000",
    },
}


def pdf_payload() -> dict:
    return {"name": "presentation.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}


@pytest.fixture
def yess_data(transactional_db):
    DepartementFactory(code="31", name="Haute-Garonne", slug="haute-garonne")
    call = CallFactory(title="Appel à candidatures YESS Académie 2027", capacity=30)
    CriterionFactory(call=call, label="Utilité sociale")
    return call


def test_sign_up_apply_resume_submit_and_follow_the_decision(
    page, axe, live_server, yess_data, mailoutbox
):
    # Sign up and confirm the email from the outbox.
    page.goto("/compte/signup/")
    page.fill("#id_name", "Inès Porteuse")
    page.fill("#id_email", "porteuse@exemple.fr")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    link = re.search(r"https?://[^/\s]+(/compte/confirm-email/\S+/)", mailoutbox[0].body).group(1)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto("/yess-academie/")
    assert_clean(page, axe)
    page.get_by_role("link", name="Candidater en ligne").click()
    assert page.locator("h1").inner_text() == "Candidater à la YESS Académie"
    assert_clean(page, axe)
    page.get_by_role("link", name="Commencer ma candidature").click()

    # Step 1, saved with its button.
    assert "Étape 1 sur 7" in page.locator("h1").inner_text()
    assert_clean(page, axe)
    for selector, value in STEP_ANSWERS["projet"].items():
        page.fill(selector, value)
    page.get_by_role("button", name="Enregistrer et continuer").click()

    # Step 2: autosaved while typing, with a visible status; then the tab is closed.
    page.wait_for_url("**/candidater/innovation/")
    assert_clean(page, axe)
    for selector, value in STEP_ANSWERS["innovation"].items():
        page.fill(selector, value)
    status = page.locator("[data-autosave-status]")
    status.filter(has_text=re.compile(r"Enregistré à \d\d:\d\d")).wait_for()
    assert status.get_attribute("aria-live") == "polite"
    # A failed autosave is announced (role=alert).
    page.route("**/enregistrement/", lambda route: route.abort())
    page.fill("#id_beneficiaries", STEP_ANSWERS["innovation"]["#id_beneficiaries"] + " ")
    error = page.locator("[data-autosave-error]")
    error.filter(has_text=re.compile(r"échoué à \d\d:\d\d \(connexion perdue \?\)")).wait_for()
    assert error.get_attribute("role") == "alert" and error.is_visible()
    page.unroute("**/enregistrement/")
    context = page.context
    page.close()

    # A new tab resumes the draft, with the autosaved answers.
    page = context.new_page()
    page.recorder = PageRecorder(page, live_server.url)
    page.goto("/yess-academie/candidater/")
    page.get_by_role("link", name="Reprendre ma candidature").click()
    assert page.input_value("#id_project_name") == STEP_ANSWERS["projet"]["#id_project_name"]
    page.goto("/yess-academie/candidater/innovation/")
    assert page.input_value("#id_social_need") == STEP_ANSWERS["innovation"]["#id_social_need"]
    assert Application.objects.count() == 1
    page.get_by_role("button", name="Enregistrer et continuer").click()

    for slug in ("equipe", "territoire", "modele-economique"):
        page.wait_for_url(f"**/candidater/{slug}/")
        assert axe(page) == [], slug
        for selector, value in STEP_ANSWERS[slug].items():
            page.fill(selector, value)
        if slug == "territoire":
            page.select_option("#id_departement", label="Haute-Garonne (31)")
            page.select_option("#id_stage", "prototype")
        page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url("**/candidater/pieces-jointes/")
    assert axe(page) == []
    assert "10,0" in page.locator("#id_pitch_deck_helptext").inner_text()
    page.set_input_files("#id_pitch_deck", pdf_payload())
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url("**/candidater/recapitulatif/")
    assert axe(page) == []
    assert "Recyclerie <b>du</b> Lauragais" in page.locator("main").inner_text()
    page.get_by_role("button", name="Déposer ma candidature").click()
    page.wait_for_url("**/mes-candidatures/*/")
    assert axe(page) == []
    assert page.locator(".yess-status__value").inner_text() == "Déposée"
    application = Application.objects.get()
    assert application.status == Status.SUBMITTED

    # Staff shortlist, then select, through the admin's actions.
    staff_context = page.context.browser.new_context(locale="fr-FR", base_url=live_server.url)
    log_in(staff_context, live_server, SuperuserFactory())
    admin = staff_context.new_page()
    for action in ("move_to_under_review", "move_to_shortlisted", "move_to_selected"):
        admin.goto("/admin/yess/application/")
        admin.check(f"input[name=_selected_action][value='{application.pk}']")
        admin.select_option("select[name=action]", action)
        admin.locator("button[name=index]").click()
        admin.wait_for_load_state()
        assert "mise à jour" in admin.locator(".messagelist").inner_text()
    staff_context.close()

    # The applicant sees the decision and the dated timeline, and got the emails.
    page.reload()
    assert page.locator(".yess-status__value").inner_text() == "Sélectionnée"
    timeline = page.locator(".yess-timeline").inner_text()
    for label in ("Déposée", "En cours d'examen", "Retenue pour un entretien", "Sélectionnée"):
        assert label in timeline
    assert axe(page) == []
    subjects = [m.subject for m in mailoutbox if m.to == ["porteuse@exemple.fr"]]
    assert any("Candidature déposée" in s for s in subjects)
    assert any("Retenue pour un entretien" in s for s in subjects)
    assert any("Sélectionnée" in s for s in subjects)
    assert all(m.body and "Bonjour" in m.body for m in mailoutbox[1:])


def choose_file_with_keyboard(page, payload) -> None:
    """Open the focused file input's chooser as a keyboard user does (Space, or Enter when
    a cold Chromium misses the first key press), then pick `payload`."""
    for key in ("Space", "Enter", "Space"):
        try:
            with page.expect_file_chooser(timeout=10_000) as chooser:
                page.keyboard.press(key)
        except PlaywrightTimeoutError:
            continue
        chooser.value.set_files(payload)
        return
    raise AssertionError("the file chooser does not open from the keyboard")


def test_the_whole_application_with_the_keyboard_only(page, axe, live_server, yess_data):
    user = UserFactory(email="clavier@exemple.fr")
    log_in(page.context, live_server, user)
    page.goto("/yess-academie/candidater/")
    tab_to(page, "a.button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/candidater/projet/")

    for slug, answers in STEP_ANSWERS.items():
        page.wait_for_url(f"**/candidater/{slug}/")
        assert axe(page) == [], slug
        for selector, value in answers.items():
            tab_to(page, selector)
            page.keyboard.type(value)
        if slug == "territoire":
            tab_to(page, "#id_departement")
            page.keyboard.type("Haute")
            tab_to(page, "#id_stage")
            page.keyboard.type("Exp")
        tab_to(page, "button[name=next]")
        page.keyboard.press("Enter")

    page.wait_for_url("**/candidater/pieces-jointes/")
    tab_to(page, "#id_pitch_deck")
    choose_file_with_keyboard(page, pdf_payload())
    tab_to(page, "button[name=next]")
    page.keyboard.press("Enter")

    page.wait_for_url("**/candidater/recapitulatif/")
    assert axe(page) == []
    tab_to(page, "form[data-once] button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/mes-candidatures/*/")
    assert page.locator(".yess-status__value").inner_text() == "Déposée"
    application = Application.objects.get(applicant=user)
    assert application.departement.code == "31" and application.stage == "prototype"
    assert application.project_name == STEP_ANSWERS["projet"]["#id_project_name"]
    assert page.recorder.console_errors == []


def test_missing_answers_are_summarised_and_linked(page, axe, live_server, yess_data):
    log_in(page.context, live_server, UserFactory())
    page.goto("/yess-academie/candidater/projet/")
    page.fill("#id_project_name", "Projet incomplet")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.goto("/yess-academie/candidater/recapitulatif/")
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert axe(page) == []
    summary.get_by_role("link").filter(has_text="Le projet en quelques lignes").click()
    page.wait_for_url("**/candidater/projet/#id_summary")


def test_public_and_cohort_pages_are_accessible(page, axe, live_server, yess_data):
    import datetime

    from django.utils import timezone

    from tests.yess.factories import ApplicationFactory, CohortFactory, SessionFactory, make_status

    past = CallFactory(
        opens_at=timezone.now() - datetime.timedelta(days=400),
        closes_at=timezone.now() - datetime.timedelta(days=300),
    )
    cohort = CohortFactory(call=past)
    member = make_status(ApplicationFactory(call=past), Status.SELECTED)
    SessionFactory(cohort=cohort, title="Coaching intensif : pitch")
    for path in ("/yess-academie/", cohort.get_absolute_url()):
        page.goto(path)
        assert_clean(page, axe)
    log_in(page.context, live_server, member.applicant)
    for path in (
        f"/yess-academie/promotions/{past.year}/seances/",
        member.get_absolute_url(),
        "/compte/",
    ):
        assert page.goto(path).status == 200
        assert_clean(page, axe)
