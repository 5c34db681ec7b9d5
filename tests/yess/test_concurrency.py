"""Races against the real PostgreSQL, with real threads: selections never exceed the
call's capacity, and simultaneous first visits or submissions create one application."""

import pytest
from django.core.exceptions import ValidationError

from tests.checks import run_concurrently
from tests.factories import StaffFactory, UserFactory
from tests.yess.factories import ApplicationFactory, CallFactory, make_status
from yess import services
from yess.models import Application, Status, StatusChange


def run_together(functions):
    """Run the functions at once (run_concurrently); return a (kind, result) pair for each:
    "ok" and its return value, "refused" and a ValidationError, or "error" and another."""

    def kind(result) -> str:
        if isinstance(result, ValidationError):
            return "refused"
        return "error" if isinstance(result, Exception) else "ok"

    return [(kind(result), result) for result in run_concurrently(functions)]


@pytest.mark.django_db(transaction=True)
def test_concurrent_selections_never_exceed_capacity():
    call = CallFactory(capacity=3)
    applications = [
        make_status(ApplicationFactory(call=call), Status.SHORTLISTED) for _ in range(8)
    ]
    staff = [StaffFactory() for _ in range(2)]
    outcomes = run_together(
        [
            (lambda a=a, i=i: services.application_select(application=a, by=staff[i % 2]))
            for i, a in enumerate(applications)
        ]
    )
    assert [kind for kind, _ in outcomes].count("error") == 0, outcomes
    assert [kind for kind, _ in outcomes].count("ok") == 3
    assert Application.objects.filter(call=call, status=Status.SELECTED).count() == 3
    assert StatusChange.objects.filter(to_status=Status.SELECTED).count() == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_visits_create_one_draft():
    user, call = UserFactory(), CallFactory()
    outcomes = run_together(
        [lambda: services.application_get_or_create_draft(applicant=user, call=call)] * 6
    )
    assert all(kind == "ok" for kind, _ in outcomes), outcomes
    assert len({result[0].pk for _, result in outcomes}) == 1
    assert Application.objects.filter(applicant=user, call=call).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_submit_once():
    application = ApplicationFactory()
    outcomes = run_together(
        [lambda: services.application_submit(application=application, by=application.applicant)] * 5
    )
    kinds = [kind for kind, _ in outcomes]
    assert kinds.count("ok") == 1 and kinds.count("refused") == 4, outcomes
    assert StatusChange.objects.filter(application=application).count() == 1
