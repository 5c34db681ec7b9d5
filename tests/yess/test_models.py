import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.yess.factories import ApplicationFactory, CallFactory, CriterionFactory
from yess.models import TRANSITIONS, Application, Call, Status

pytestmark = pytest.mark.django_db


def test_a_call_is_open_from_its_opening_up_to_but_excluding_its_closing():
    call = CallFactory()
    assert call.is_open(call.opens_at)
    assert not call.is_open(call.opens_at - datetime.timedelta(microseconds=1))
    assert call.is_open(call.closes_at - datetime.timedelta(microseconds=1))
    assert not call.is_open(call.closes_at)
    assert list(Call.objects.open_at(call.closes_at)) == []
    assert list(Call.objects.open_at(call.opens_at)) == [call]


def test_current_call_prefers_the_open_one_then_the_next():
    now = timezone.now()
    later = CallFactory(
        opens_at=now + datetime.timedelta(days=30), closes_at=now + datetime.timedelta(days=60)
    )
    assert Call.objects.current(now) == later
    open_call = CallFactory()
    assert Call.objects.current(now) == open_call


def test_a_call_closing_before_it_opens_is_refused_by_the_database():
    now = timezone.now()
    with pytest.raises(IntegrityError):
        CallFactory(opens_at=now, closes_at=now)


def test_a_call_without_places_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        Call(
            year=2200,
            title="x",
            opens_at=timezone.now(),
            closes_at=timezone.now() + datetime.timedelta(days=1),
            capacity=0,
        ).full_clean()
    assert "au moins une place" in str(excinfo.value)


def test_a_submitted_status_needs_a_submission_date():
    application = ApplicationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(status=Status.SUBMITTED)
    application.status = Status.SUBMITTED
    with pytest.raises(ValidationError) as excinfo:
        application.full_clean()
    assert "date de dépôt" in str(excinfo.value)


def test_the_transition_table_ends_in_final_states():
    assert TRANSITIONS[Status.NOT_SELECTED] == frozenset()
    assert TRANSITIONS[Status.WITHDRAWN] == frozenset()
    assert Status.SELECTED not in TRANSITIONS[Status.SUBMITTED]
    assert set(TRANSITIONS) == set(Status)


def test_criterion_weight_and_maximum_are_bounded():
    with pytest.raises(IntegrityError):
        CriterionFactory(max_score=21)
