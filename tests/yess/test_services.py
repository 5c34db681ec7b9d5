import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tests.factories import StaffFactory, UserFactory
from tests.yess.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    make_status,
)
from yess import services
from yess.models import Application, JuryAssignment, Score, Status, StatusChange

pytestmark = pytest.mark.django_db


# Drafts


def test_get_or_create_draft_returns_the_same_draft_twice():
    user, call = UserFactory(), CallFactory()
    first, created = services.application_get_or_create_draft(applicant=user, call=call)
    second, created_again = services.application_get_or_create_draft(applicant=user, call=call)
    assert created and not created_again
    assert first.pk == second.pk
    assert Application.objects.filter(applicant=user, call=call).count() == 1


def test_the_database_refuses_a_second_application_for_one_call():
    application = ApplicationFactory()
    with pytest.raises(IntegrityError):
        Application.objects.create(applicant=application.applicant, call=application.call)


def test_a_submitted_application_can_no_longer_be_updated():
    application = ApplicationFactory(submitted=True)
    with pytest.raises(ValidationError) as excinfo:
        services.application_update_draft(application=application, values={"summary": "x"})
    assert "ne peut plus être modifiée" in excinfo.value.messages[0]
    application.refresh_from_db()
    assert application.summary == "Une recyclerie solidaire."


# Submission window, at its exact boundaries


@pytest.fixture
def window_call():
    opens = datetime.datetime(2031, 10, 1, 9, 0, tzinfo=datetime.UTC)
    closes = datetime.datetime(2032, 1, 31, 11, 0, tzinfo=datetime.UTC)
    return CallFactory(year=2032, opens_at=opens, closes_at=closes)


def test_submission_at_the_opening_instant_is_accepted(
    window_call, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(call=window_call)
    with django_capture_on_commit_callbacks():
        services.application_submit(
            application=application, by=application.applicant, at=window_call.opens_at
        )
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.submitted_at == window_call.opens_at


def test_submission_one_microsecond_before_opening_is_refused(window_call):
    application = ApplicationFactory(call=window_call)
    at = window_call.opens_at - datetime.timedelta(microseconds=1)
    with pytest.raises(ValidationError) as excinfo:
        services.application_submit(application=application, by=application.applicant, at=at)
    assert "pas encore ouvert" in excinfo.value.messages[0]
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_submission_one_microsecond_before_closing_is_accepted(window_call):
    application = ApplicationFactory(call=window_call)
    at = window_call.closes_at - datetime.timedelta(microseconds=1)
    services.application_submit(application=application, by=application.applicant, at=at)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_submission_at_the_closing_instant_itself_is_refused(window_call):
    application = ApplicationFactory(call=window_call)
    with pytest.raises(ValidationError) as excinfo:
        services.application_submit(
            application=application, by=application.applicant, at=window_call.closes_at
        )
    assert "clos" in excinfo.value.messages[0]
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert not StatusChange.objects.filter(application=application).exists()


def test_submission_with_missing_answers_lists_each_field():
    application = ApplicationFactory(summary="", team_size=None, pitch_deck="")
    with pytest.raises(ValidationError) as excinfo:
        services.application_submit(application=application, by=application.applicant)
    assert set(excinfo.value.error_dict) == {"summary", "team_size", "pitch_deck"}
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_a_second_submission_is_refused_and_records_nothing(
    mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=application, by=application.applicant)
    with pytest.raises(ValidationError):
        services.application_submit(application=application, by=application.applicant)
    assert StatusChange.objects.filter(application=application).count() == 1
    assert len(mailoutbox) == 1


def test_submission_records_the_change_and_emails_after_commit(
    mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(project_name="<b>Projet</b>")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.application_submit(application=application, by=application.applicant)
    assert mailoutbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [application.applicant.email]
    assert "Candidature déposée" in message.subject
    assert "<b>Projet</b>" in message.subject  # plain text: not HTML-escaped
    assert "&lt;" not in message.body
    assert f"/yess-academie/mes-candidatures/{application.pk}/" in message.body
    change = StatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.by) == (
        Status.DRAFT,
        Status.SUBMITTED,
        application.applicant,
    )


# Transitions


ALLOWED = [
    (Status.SUBMITTED, Status.UNDER_REVIEW),
    (Status.UNDER_REVIEW, Status.SHORTLISTED),
    (Status.UNDER_REVIEW, Status.NOT_SELECTED),
    (Status.SHORTLISTED, Status.SELECTED),
    (Status.SHORTLISTED, Status.WAITING_LIST),
    (Status.SHORTLISTED, Status.NOT_SELECTED),
    (Status.WAITING_LIST, Status.SELECTED),
]
FORBIDDEN = [
    (Status.DRAFT, Status.UNDER_REVIEW),
    (Status.DRAFT, Status.SELECTED),
    (Status.SUBMITTED, Status.SELECTED),
    (Status.SUBMITTED, Status.SHORTLISTED),
    (Status.UNDER_REVIEW, Status.SELECTED),
    (Status.NOT_SELECTED, Status.SELECTED),
    (Status.WITHDRAWN, Status.UNDER_REVIEW),
    (Status.SELECTED, Status.NOT_SELECTED),
    (Status.UNDER_REVIEW, Status.SUBMITTED),
]


@pytest.mark.parametrize(("origin", "target"), ALLOWED)
def test_allowed_transitions_are_recorded_with_who_and_when(
    origin, target, mailoutbox, django_capture_on_commit_callbacks
):
    staff = StaffFactory()
    application = make_status(ApplicationFactory(), Status.SUBMITTED)
    if origin != Status.SUBMITTED:
        application.status = origin
        application.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(
            application=application, to_status=target, by=staff, note="Vu en comité"
        )
    application.refresh_from_db()
    assert application.status == target
    change = application.status_changes.last()
    assert (change.from_status, change.to_status, change.by, change.note) == (
        origin,
        target,
        staff,
        "Vu en comité",
    )
    if target != Status.UNDER_REVIEW:
        assert len(mailoutbox) == 1
        assert str(Status(target).label) in mailoutbox[0].subject


@pytest.mark.parametrize(("origin", "target"), FORBIDDEN)
def test_forbidden_transitions_are_refused_and_change_nothing(origin, target, mailoutbox):
    application = ApplicationFactory()
    if origin != Status.DRAFT:
        make_status(application, origin)
    before = application.status_changes.count()
    with pytest.raises(ValidationError):
        services.application_transition(
            application=application, to_status=target, by=StaffFactory()
        )
    application.refresh_from_db()
    assert application.status == origin
    assert application.status_changes.count() == before
    assert mailoutbox == []


def test_withdrawal_by_the_applicant(mailoutbox, django_capture_on_commit_callbacks):
    application = make_status(ApplicationFactory(), Status.SHORTLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_withdraw(application=application, by=application.applicant)
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert "retirée" in mailoutbox[0].subject
    with pytest.raises(ValidationError):
        services.application_withdraw(application=application, by=application.applicant)


def test_selection_stops_at_capacity():
    call = CallFactory(capacity=2)
    applications = [
        make_status(ApplicationFactory(call=call), Status.SHORTLISTED) for _ in range(3)
    ]
    staff = StaffFactory()
    services.application_select(application=applications[0], by=staff)
    services.application_select(application=applications[1], by=staff)
    with pytest.raises(ValidationError) as excinfo:
        services.application_select(application=applications[2], by=staff)
    assert "complète" in excinfo.value.messages[0]
    assert Application.objects.filter(call=call, status=Status.SELECTED).count() == 2
    # The refused one can go on the waiting list instead.
    services.application_transition(
        application=applications[2], to_status=Status.WAITING_LIST, by=staff
    )


# Jury scores


def test_a_juror_scores_each_criterion_once():
    application = make_status(ApplicationFactory(), Status.UNDER_REVIEW)
    criteria = [CriterionFactory(call=application.call) for _ in range(2)]
    juror = StaffFactory()
    values = {criteria[0].pk: 4, criteria[1].pk: 2}
    with pytest.raises(ValidationError):  # not assigned yet
        services.scores_record(application=application, juror=juror, values=values)
    JuryAssignment.objects.create(application=application, juror=juror)
    services.scores_record(application=application, juror=juror, values=values)
    assert Score.objects.filter(application=application, juror=juror).count() == 2
    with pytest.raises(ValidationError) as excinfo:
        services.scores_record(application=application, juror=juror, values=values)
    assert "déjà noté" in excinfo.value.messages[0]
    with pytest.raises(IntegrityError):
        Score.objects.create(application=application, juror=juror, criterion=criteria[0], value=1)


def test_a_score_above_the_criterion_maximum_is_refused():
    application = make_status(ApplicationFactory(), Status.UNDER_REVIEW)
    criterion = CriterionFactory(call=application.call, max_score=5)
    juror = StaffFactory()
    JuryAssignment.objects.create(application=application, juror=juror)
    with pytest.raises(ValidationError):
        services.scores_record(application=application, juror=juror, values={criterion.pk: 6})
    assert not Score.objects.exists()


def test_average_is_weighted_and_out_of_20():
    application = make_status(ApplicationFactory(), Status.UNDER_REVIEW)
    heavy = CriterionFactory(call=application.call, max_score=5, weight=3)
    light = CriterionFactory(call=application.call, max_score=10, weight=1)
    for value_heavy, value_light in ((5, 10), (0, 0)):
        juror = StaffFactory()
        JuryAssignment.objects.create(application=application, juror=juror)
        services.scores_record(
            application=application,
            juror=juror,
            values={heavy.pk: value_heavy, light.pk: value_light},
        )
    annotated = Application.objects.with_average().get(pk=application.pk)
    assert annotated.score_count == 4
    assert annotated.average == pytest.approx(10.0)


# Account deletion


def test_erase_deletes_drafts_and_anonymises_submitted_applications(settings):
    user = UserFactory()
    draft = ApplicationFactory(applicant=user)
    kept = make_status(
        ApplicationFactory(applicant=user, call=CallFactory(), summary="secret"),
        Status.NOT_SELECTED,
    )
    services.account_data_delete(user=user)
    assert not Application.objects.filter(pk=draft.pk).exists()
    kept.refresh_from_db()
    assert kept.applicant is None and kept.is_anonymised
    assert kept.summary == "" and kept.project_name == "Candidature anonymisée"
    assert kept.status == Status.NOT_SELECTED
    assert kept.departement.code == "31"  # kept for statistics
