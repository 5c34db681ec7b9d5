import re
from html import unescape

import pytest
from django.urls import reverse

from tests.factories import StaffFactory, SuperuserFactory, UserFactory
from tests.files import add_open_action, pdf_bytes, png_bytes, upload
from tests.structures.factories import EnterpriseFactory
from tests.yess.factories import (
    ApplicationFactory,
    CallFactory,
    CohortFactory,
    CriterionFactory,
    SessionFactory,
    make_status,
)
from yess import services
from yess.models import Application, Attendance, JuryAssignment, Score, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return CallFactory()


@pytest.fixture
def applicant(client):
    user = UserFactory()
    client.force_login(user)
    return user


# Public pages


def test_index_presents_the_programme_the_open_call_and_past_cohorts(
    client, django_assert_max_num_queries
):
    import datetime

    from django.utils import timezone

    call = CallFactory(title="Appel YESS 2101")
    CriterionFactory(call=call, label="Utilité sociale")
    past = CallFactory(
        opens_at=timezone.now() - datetime.timedelta(days=400),
        closes_at=timezone.now() - datetime.timedelta(days=300),
    )
    CohortFactory(call=past, name="Promotion passée")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("yess:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "REALIS" in html and "une trentaine de projets" in html
    assert "coaching intensif, suivi personnalisé, formations" in html
    assert "Appel YESS 2101" in html and "Utilité sociale" in html
    assert "Promotion passée" in html
    assert html.count("<h1") == 1


def test_cohort_page_links_enterprises_to_the_directory(client):
    cohort = CohortFactory()
    enterprise = EnterpriseFactory(name="Ressourcerie des Cévennes")
    application = make_status(ApplicationFactory(call=cohort.call), Status.SELECTED)
    application.enterprise = enterprise
    application.save()
    html = client.get(cohort.get_absolute_url()).content.decode()
    assert enterprise.get_absolute_url() in html
    assert "1 projet sélectionné" in html


def test_cohort_page_counts_what_it_lists(client):
    """Three selected projects: two in the directory are listed, the third is counted in
    a line that names it not, so the page's count equals what it shows."""
    cohort = CohortFactory()
    for name, published in (("Atelier Un", True), ("Atelier Deux", True), ("Caché", False)):
        application = make_status(ApplicationFactory(call=cohort.call), Status.SELECTED)
        application.enterprise = EnterpriseFactory(name=name, is_published=published)
        application.save()
    response = client.get(cohort.get_absolute_url())
    html = response.content.decode()
    assert "3 projets sélectionnés" in html
    assert len(response.context["listed"]) == 2
    assert "Et 1 autre projet de la promotion" in unescape(html)
    assert "Caché" not in html


# The application, step by step


def test_the_application_requires_a_confirmed_email(client, call):
    response = client.get(reverse("yess:apply"))
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    client.force_login(UserFactory(verified=False))
    response = client.get(reverse("yess:step", kwargs={"slug": "projet"}))
    assert response.status_code == 200
    assert "Application" not in response.content.decode()
    assert not Application.objects.exists()
    response = client.post(reverse("yess:step", kwargs={"slug": "projet"}), {"project_name": "X"})
    assert not Application.objects.exists()


def test_each_step_saves_the_draft_and_moves_on(client, applicant, call):
    url = reverse("yess:step", kwargs={"slug": "projet"})
    page = client.get(url).content.decode()
    assert "Étape 1 sur 7" in page and 'aria-current="step"' in page
    response = client.post(url, {"project_name": "Recyclerie", "summary": "", "website": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("yess:step", kwargs={"slug": "innovation"})
    application = Application.objects.get(applicant=applicant, call=call)
    assert application.project_name == "Recyclerie" and application.is_draft
    # Coming back resumes the same draft (never a second one).
    client.post(url, {"project_name": "Recyclerie 2", "summary": "ok"})
    assert Application.objects.filter(applicant=applicant).count() == 1
    assert "Recyclerie 2" in client.get(url).content.decode()
    # "Save" stays on the step; "previous" goes back.
    second = reverse("yess:step", kwargs={"slug": "innovation"})
    response = client.post(second, {"social_need": "Besoin", "save": ""})
    assert response["Location"] == second
    response = client.post(second, {"social_need": "Besoin", "previous": ""})
    assert response["Location"] == url


def test_a_step_with_bad_input_shows_a_linked_error_summary_and_saves_nothing(
    client, applicant, call
):
    url = reverse("yess:step", kwargs={"slug": "equipe"})
    response = client.post(url, {"team": "Nous", "team_size": "beaucoup"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le formulaire contient des erreurs" in html
    assert 'href="#id_team_size"' in html
    assert not Application.objects.exists()


def test_autosave_answers_json_with_the_time(client, applicant, call):
    url = reverse("yess:autosave", kwargs={"slug": "projet"})
    response = client.post(url, {"project_name": "Auto", "summary": "Résumé"})
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and re.fullmatch(r"\d\d:\d\d", body["saved_at"])
    assert Application.objects.get(applicant=applicant).project_name == "Auto"
    bad = client.post(reverse("yess:autosave", kwargs={"slug": "equipe"}), {"team_size": "x"})
    assert bad.status_code == 400
    assert "Enregistrement impossible" in bad.json()["error"]


def test_autosave_needs_the_csrf_token(applicant, call):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(applicant)
    response = strict.post(
        reverse("yess:autosave", kwargs={"slug": "projet"}), {"project_name": "X"}
    )
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_review_lists_missing_answers_linked_to_their_fields(client, applicant, call):
    client.post(reverse("yess:step", kwargs={"slug": "projet"}), {"project_name": "P"})
    page = client.get(reverse("yess:review")).content.decode()
    assert "Des réponses obligatoires manquent" in page
    assert reverse("yess:step", kwargs={"slug": "projet"}) + "#id_summary" in page
    assert reverse("yess:step", kwargs={"slug": "pieces-jointes"}) + "#id_pitch_deck" in page
    response = client.post(reverse("yess:submit"))
    assert response.status_code == 400
    assert "data-error-summary" in response.content.decode()
    assert Application.objects.get().status == Status.DRAFT


def _fill_every_step(client):
    from tests.structures.factories import DepartementFactory

    steps = {
        "projet": {"project_name": "Recyclerie <script>alert(1)</script>", "summary": "Résumé"},
        "innovation": {
            "social_need": "Besoin",
            "innovation": "<b>gras</b>",
            "beneficiaries": "Tous",
        },
        "equipe": {"team": "Deux", "team_size": "2"},
        "territoire": {
            "departement": DepartementFactory(code="34", name="Hérault", slug="herault").pk,
            "commune": "Sète",
            "stage": "launched",
        },
        "modele-economique": {
            "economic_model": "Ventes",
            "needs": "Conseil",
            "funding_needs": "1000",
        },
    }
    for slug, data in steps.items():
        response = client.post(reverse("yess:step", kwargs={"slug": slug}), data)
        assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        reverse("yess:step", kwargs={"slug": "pieces-jointes"}),
        {
            "pitch_deck": upload(pdf_bytes(), "../../deck.pdf"),
            "logo": upload(png_bytes(), "logo.png", "image/png"),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("yess:review")


def test_full_application_submitted_once_then_read_only(
    client, applicant, call, mailoutbox, django_capture_on_commit_callbacks
):
    _fill_every_step(client)
    application = Application.objects.get(applicant=applicant)
    assert application.pitch_deck.name.startswith(f"yess/{call.year}/")
    assert "deck" not in application.pitch_deck.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("yess:submit"))
        again = client.post(reverse("yess:submit"))  # a double-click
    assert response.status_code == 302
    assert again.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.status_changes.count() == 1
    assert len(mailoutbox) == 1
    # Read-only afterwards: steps redirect, autosave refuses, nothing changes.
    step = client.post(reverse("yess:step", kwargs={"slug": "projet"}), {"project_name": "Autre"})
    assert step.status_code == 302 and step["Location"] == application.get_absolute_url()
    auto = client.post(
        reverse("yess:autosave", kwargs={"slug": "projet"}), {"project_name": "Autre"}
    )
    assert auto.status_code == 400
    application.refresh_from_db()
    assert application.project_name.startswith("Recyclerie")
    # The applicant's page: status, timeline, escaped HTML.
    html = client.get(application.get_absolute_url()).content.decode()
    assert "Déposée" in html and "yess-timeline" in html
    assert "<script>alert(1)</script>" not in html and "<b>gras</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;gras&lt;/b&gt;" in html
    # And in the account space.
    space = client.get(reverse("account_space")).content.decode()
    assert application.get_absolute_url() in space and "Déposée" in space
    assert "<script>alert(1)" not in space


def test_withdrawal_from_the_applicant_page(client, applicant, call):
    application = make_status(ApplicationFactory(applicant=applicant, call=call), Status.SUBMITTED)
    url = reverse("yess:application_withdraw", kwargs={"pk": application.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"note": "Projet abandonné"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    html = client.get(application.get_absolute_url()).content.decode()
    assert "Retirée" in html and "Projet abandonné" in html
    assert client.post(url).status_code == 302  # no second withdrawal
    assert application.status_changes.count() == 2


def test_no_open_call_is_explained(client, applicant):
    import datetime

    from django.utils import timezone

    CallFactory(
        opens_at=timezone.now() + datetime.timedelta(days=5),
        closes_at=timezone.now() + datetime.timedelta(days=50),
    )
    html = client.get(reverse("yess:apply")).content.decode()
    assert "n'est pas ouvert" in html
    response = client.post(reverse("yess:step", kwargs={"slug": "projet"}), {"project_name": "X"})
    assert response.status_code == 302
    assert not Application.objects.exists()


def test_unknown_step_is_404(client, applicant, call):
    assert client.get("/yess-academie/candidater/inconnue/").status_code == 404


# Attachments: every refusal has a French message and changes nothing


@pytest.mark.parametrize(
    ("field", "name", "data", "message"),
    [
        ("pitch_deck", "deck.pdf", b"GIF89a pas un pdf", "n'est pas un document PDF"),
        ("pitch_deck", "deck.pdf", None, "JavaScript"),
        ("logo", "logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "SVG"),
        ("logo", "logo.png", b"%PDF-1.7 pas une image", "n'est pas une image"),
        ("logo", "logo.png", "bomb", "trop grande en pixels"),
        ("logo", "logo.png", "big", "dépasse la taille maximale"),
    ],
    ids=["wrong-type", "pdf-with-script", "svg", "image-wrong-type", "bomb", "over-size"],
)
def test_refused_uploads_get_a_french_error(client, applicant, call, field, name, data, message):
    if data is None:
        data = pdf_bytes(add_open_action)
    elif data == "bomb":
        data = png_bytes(size=(5000, 5000), mode="1")
    elif data == "big":
        data = b"\x89PNG\r\n\x1a\n" + b"\0" * (2 * 1024 * 1024 + 10)
    response = client.post(
        reverse("yess:step", kwargs={"slug": "pieces-jointes"}),
        {field: upload(data, name, "application/octet-stream")},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le formulaire contient des erreurs" in html
    assert message in unescape(html)
    assert not Application.objects.exists()


def test_a_filename_with_a_path_is_ignored(client, applicant, call, _private_media):
    response = client.post(
        reverse("yess:step", kwargs={"slug": "pieces-jointes"}),
        {"pitch_deck": upload(pdf_bytes(), "../../../../etc/evil.pdf")},
    )
    assert response.status_code == 302
    stored = Application.objects.get().pitch_deck
    assert re.fullmatch(rf"yess/{call.year}/[0-9a-f]{{32}}\.pdf", stored.name)
    assert (_private_media / stored.name).is_file()
    assert not list(_private_media.parent.glob("**/evil.pdf"))


def test_size_limits_are_stated_up_front(client, applicant, call):
    html = client.get(reverse("yess:step", kwargs={"slug": "pieces-jointes"})).content.decode()
    assert "Un fichier PDF de 10,0\xa0Mio au plus" in html
    assert "2,0\xa0Mio au plus" in html
    assert "SVG refusé" in html


def test_attachment_is_served_as_a_download_to_its_applicant_and_staff(client, applicant, call):
    client.post(
        reverse("yess:step", kwargs={"slug": "pieces-jointes"}),
        {"pitch_deck": upload(pdf_bytes(), "deck.pdf")},
    )
    application = Application.objects.get()
    url = reverse("yess:attachment", kwargs={"pk": application.pk, "kind": "presentation"})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    # Reading the whole stream closes the file (the test client's closing wrapper).
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(StaffFactory(groups=["Équipe YESS"]))
    # A draft is its applicant's alone: the team reads it once it is submitted.
    assert client.get(url).status_code == 404
    Application.objects.filter(pk=application.pk).update(
        status="submitted", submitted_at=application.created_at
    )
    staff_response = client.get(url)
    assert staff_response.status_code == 200
    assert b"".join(staff_response.streaming_content).startswith(b"%PDF-")
    client.force_login(StaffFactory())  # staff outside the YESS team
    assert client.get(url).status_code == 404


# Applicant B and applicant A


def test_applicant_b_can_neither_read_nor_change_applicant_a(client, call, _private_media):
    a = UserFactory()
    client.force_login(a)
    client.post(
        reverse("yess:step", kwargs={"slug": "pieces-jointes"}),
        {
            "pitch_deck": upload(pdf_bytes(), "deck.pdf"),
            "logo": upload(png_bytes(), "logo.png", "image/png"),
        },
    )
    application = Application.objects.get(applicant=a)
    make_status(application, Status.SUBMITTED)
    b = UserFactory()
    client.force_login(b)
    pk = application.pk
    for url in (
        reverse("yess:application_detail", kwargs={"pk": pk}),
        reverse("yess:application_withdraw", kwargs={"pk": pk}),
        reverse("yess:attachment", kwargs={"pk": pk, "kind": "presentation"}),
        reverse("yess:attachment", kwargs={"pk": pk, "kind": "logo"}),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"note": "x"}).status_code in (404, 405), url
    assert client.get(reverse("yess:jury_score", kwargs={"pk": pk})).status_code == 403
    # B's own steps create B's own draft, never touch A's.
    client.post(reverse("yess:step", kwargs={"slug": "projet"}), {"project_name": "B"})
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.applicant == a
    assert application.project_name == ""
    assert Application.objects.get(applicant=b).project_name == "B"
    space = client.get(reverse("account_space")).content.decode()
    assert f"/mes-candidatures/{pk}/" not in space
    # Anonymous: sent to the login page.
    client.logout()
    response = client.get(reverse("yess:application_detail", kwargs={"pk": pk}))
    assert response.status_code == 302


# Cohort sessions


def test_sessions_are_visible_to_cohort_members_and_staff_only(client):
    cohort = CohortFactory()
    member = make_status(ApplicationFactory(call=cohort.call), Status.SELECTED)
    session = SessionFactory(cohort=cohort, title="Formation : pitch")
    Attendance.objects.create(session=session, application=member, present=True)
    url = reverse("yess:cohort_sessions", kwargs={"year": cohort.call.year})
    client.force_login(member.applicant)
    html = client.get(url).content.decode()
    assert "Formation : pitch" in html and "Votre présence est notée" in html
    other = make_status(ApplicationFactory(call=cohort.call), Status.NOT_SELECTED)
    client.force_login(other.applicant)
    assert client.get(url).status_code == 404
    client.force_login(SuperuserFactory())
    html = client.get(url).content.decode()
    assert "Présences" in html and member.project_name in html


# Jury


def _juror():

    juror = StaffFactory(groups=["Jury YESS"])
    return juror


def test_a_juror_scores_an_assigned_application_once(client):
    application = make_status(ApplicationFactory(project_name="<i>Projet</i>"), Status.UNDER_REVIEW)
    criteria = [CriterionFactory(call=application.call, max_score=5) for _ in range(2)]
    juror = _juror()
    JuryAssignment.objects.create(application=application, juror=juror)
    client.force_login(juror)
    listing = client.get(reverse("yess:jury_list")).content.decode()
    assert "&lt;i&gt;Projet&lt;/i&gt;" in listing and "<i>Projet</i>" not in listing
    url = reverse("yess:jury_score", kwargs={"pk": application.pk})
    bad = client.post(url, {f"score_{criteria[0].pk}": "9", f"score_{criteria[1].pk}": "1"})
    assert bad.status_code == 200 and "Le formulaire contient des erreurs" in bad.content.decode()
    assert not Score.objects.exists()
    ok = client.post(url, {f"score_{criteria[0].pk}": "4", f"score_{criteria[1].pk}": "1"})
    assert ok.status_code == 302
    assert Score.objects.filter(juror=juror).count() == 2
    again = client.post(url, {f"score_{criteria[0].pk}": "0", f"score_{criteria[1].pk}": "0"})
    assert again.status_code == 200
    assert sorted(Score.objects.values_list("value", flat=True)) == [1, 4]
    # Not assigned: 404.
    other = make_status(ApplicationFactory(), Status.UNDER_REVIEW)
    assert client.get(reverse("yess:jury_score", kwargs={"pk": other.pk})).status_code == 404


def test_jury_pages_need_the_jury_group(client):
    client.force_login(StaffFactory())
    assert client.get(reverse("yess:jury_list")).status_code == 403
    client.force_login(UserFactory())
    assert client.get(reverse("yess:jury_list")).status_code == 403


def test_ranking_orders_by_average(client, django_assert_max_num_queries):
    call = CallFactory()
    criterion = CriterionFactory(call=call, max_score=10)
    juror = _juror()
    for name, value in (("Deuxième", 5), ("Premier", 10), ("Dernier", 1)):
        application = make_status(
            ApplicationFactory(call=call, project_name=name), Status.UNDER_REVIEW
        )
        JuryAssignment.objects.create(application=application, juror=juror)
        services.scores_record(application=application, juror=juror, values={criterion.pk: value})
    client.force_login(juror)
    with django_assert_max_num_queries(8):
        html = client.get(reverse("yess:ranking", kwargs={"year": call.year})).content.decode()
    assert html.index("Premier") < html.index("Deuxième") < html.index("Dernier")
    assert "20,0" in html or "20.0" in html


def test_replacing_a_file_deletes_the_previous_one(
    client, applicant, call, _private_media, django_capture_on_commit_callbacks
):
    url = reverse("yess:step", kwargs={"slug": "pieces-jointes"})
    client.post(url, {"pitch_deck": upload(pdf_bytes(), "a.pdf")})
    first = Application.objects.get().pitch_deck.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"pitch_deck": upload(pdf_bytes(), "b.pdf")})
    second = Application.objects.get().pitch_deck.name
    assert first != second
    assert not (_private_media / first).exists()
    assert (_private_media / second).exists()


def test_submission_is_rate_limited(client, applicant, call):
    ApplicationFactory(applicant=applicant, call=call, summary="")
    for _ in range(10):
        assert client.post(reverse("yess:submit")).status_code == 400
    response = client.post(reverse("yess:submit"))
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()


@pytest.mark.parametrize(
    "slug", ["projet", "innovation", "equipe", "territoire", "modele-economique"]
)
def test_any_input_to_a_step_never_errors(client, applicant, call, slug):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from yess.forms import STEP_BY_SLUG

    names = list(STEP_BY_SLUG[slug].form_class.base_fields)
    text = st.text(max_size=200)

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries({name: text for name in names}))
    def check(data):
        step = client.post(reverse("yess:step", kwargs={"slug": slug}), data)
        assert step.status_code in (200, 302, 400)
        if step.status_code == 400:  # a NUL byte: refused in French, nothing saved
            assert "Rien n'a été enregistré" in step.content.decode()
        auto = client.post(
            reverse("yess:autosave", kwargs={"slug": slug}),
            data,
            headers={"Accept": "application/json"},
        )
        assert auto.status_code in (200, 400)
        assert "error" in auto.json() or auto.json()["ok"]

    check()
    assert Application.objects.filter(applicant=applicant).count() <= 1


def test_a_submission_after_the_deadline_is_refused_in_french(client, applicant):
    import datetime

    from django.utils import timezone

    closed = CallFactory(
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    application = ApplicationFactory(applicant=applicant, call=closed)
    response = client.post(reverse("yess:submit"))
    assert response.status_code == 400
    assert "L&#x27;appel est clos" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_an_attachment_is_stored_and_served_through_the_private_storage_alias(
    client, applicant, call, settings, _private_media
):
    from django.core.files.storage import storages

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    response = client.post(
        reverse("yess:step", kwargs={"slug": "pieces-jointes"}),
        {"pitch_deck": upload(pdf_bytes(), "deck.pdf")},
    )
    assert response.status_code == 302
    stored = Application.objects.get().pitch_deck
    assert storages["private"].exists(stored.name)
    assert not list(_private_media.glob("**/*.pdf"))  # not on the disk
    url = reverse("yess:attachment", kwargs={"pk": stored.instance.pk, "kind": "presentation"})
    assert b"".join(client.get(url).streaming_content).startswith(b"%PDF-")
