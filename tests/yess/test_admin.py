import pytest
from django.urls import reverse

from tests.factories import StaffFactory
from tests.yess.factories import ApplicationFactory, CallFactory, make_status
from yess.models import Application, Status

pytestmark = pytest.mark.django_db


def test_applications_list_by_call_and_status(admin_client, django_assert_max_num_queries):
    call = CallFactory()
    for _ in range(5):
        make_status(ApplicationFactory(call=call), Status.SUBMITTED)
    url = reverse("admin:yess_application_changelist")
    with django_assert_max_num_queries(12):
        response = admin_client.get(url, {"call__id__exact": call.pk, "status__exact": "submitted"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 5


def test_html_in_answers_is_shown_as_text_in_the_admin(admin_client):
    application = make_status(
        ApplicationFactory(
            project_name="<script>alert(1)</script>", team="<img src=x onerror=alert(1)>"
        ),
        Status.SUBMITTED,
    )
    html = admin_client.get(
        reverse("admin:yess_application_change", args=[application.pk])
    ).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x onerror" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_bulk_decisions_go_through_the_services_and_notify(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    call = CallFactory(capacity=1)
    first, second = (
        make_status(ApplicationFactory(call=call), Status.SHORTLISTED) for _ in range(2)
    )
    url = reverse("admin:yess_application_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url,
            {"action": "move_to_selected", "_selected_action": [first.pk, second.pk]},
            follow=True,
        )
    html = response.content.decode()
    assert "complète" in html  # the second one is refused: capacity 1
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses[first.pk] == Status.SELECTED
    assert statuses[second.pk] == Status.SHORTLISTED
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [first.applicant.email]
    change = first.status_changes.last()
    assert change.to_status == Status.SELECTED and change.by.is_superuser


def test_forbidden_bulk_transition_is_refused_with_a_message(admin_client):
    withdrawn = make_status(ApplicationFactory(), Status.WITHDRAWN)
    response = admin_client.post(
        reverse("admin:yess_application_changelist"),
        {"action": "move_to_shortlisted", "_selected_action": [withdrawn.pk]},
        follow=True,
    )
    assert "Passage impossible" in response.content.decode()
    withdrawn.refresh_from_db()
    assert withdrawn.status == Status.WITHDRAWN


def test_drafts_are_not_in_the_admin(admin_client):
    draft = ApplicationFactory(project_name="Brouillon secret")
    page = admin_client.get(reverse("admin:yess_application_changelist")).content.decode()
    assert "Brouillon secret" not in page
    assert admin_client.get(
        reverse("admin:yess_application_change", args=[draft.pk])
    ).status_code in (302, 404)


def test_csv_export_neutralises_formulas(admin_client):
    application = make_status(
        ApplicationFactory(project_name='=HYPERLINK("http://x")'), Status.SUBMITTED
    )
    response = admin_client.post(
        reverse("admin:yess_application_changelist"),
        {"action": "export_csv", "_selected_action": [application.pk]},
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "'=HYPERLINK" in body
    assert "\n=HYPERLINK" not in body and ";=HYPERLINK" not in body


def test_staff_screens_and_exports_name_the_applicant(admin_client):
    """Every account shared an empty username: staff saw blank applicants."""
    application = make_status(ApplicationFactory(), Status.SUBMITTED)
    application.applicant.name = "Inès Porteuse"
    application.applicant.save()
    page = admin_client.get(reverse("admin:yess_application_change", args=[application.pk]))
    assert "Inès Porteuse" in page.content.decode()
    response = admin_client.post(
        reverse("admin:yess_application_changelist"),
        {"action": "export_csv", "_selected_action": [application.pk]},
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Candidat ou candidate" in body
    assert f"Inès Porteuse;{application.applicant.email}" in body


def test_team_group_reaches_the_admin_and_jury_cannot_decide(client):

    application = make_status(ApplicationFactory(), Status.SUBMITTED)
    team = StaffFactory(groups=["Équipe YESS"])
    client.force_login(team)
    assert client.get(reverse("admin:yess_application_changelist")).status_code == 200
    juror = StaffFactory(groups=["Jury YESS"])
    client.force_login(juror)
    client.post(
        reverse("admin:yess_application_changelist"),
        {"action": "move_to_under_review", "_selected_action": [application.pk]},
    )
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
