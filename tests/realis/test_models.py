"""The pépinière's invariants, in the database and in Python."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from realis.models import THREE_YEARS_MESSAGE, Booking, Residency, add_years
from tests.realis.factories import (
    AlumnusResidencyFactory,
    BookingFactory,
    ResidencyFactory,
    SpaceFactory,
    at,
    next_weekday,
)
from tests.structures.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (datetime.date(2024, 2, 29), datetime.date(2027, 2, 28)),
        (datetime.date(2024, 3, 1), datetime.date(2027, 3, 1)),
        (datetime.date(2023, 12, 31), datetime.date(2026, 12, 31)),
    ],
)
def test_add_years_matches_calendar_years(entry, expected):
    assert add_years(entry, 3) == expected


def residency(entry, planned, actual=None, status=Residency.Status.RESIDENT):
    return Residency(
        enterprise=EnterpriseFactory(),
        status=status,
        entry_date=entry,
        planned_exit_date=planned,
        actual_exit_date=actual,
    )


@pytest.mark.parametrize(
    ("entry", "last_day"),
    [
        (datetime.date(2024, 2, 29), datetime.date(2027, 2, 28)),
        (datetime.date(2024, 3, 1), datetime.date(2027, 3, 1)),
        (datetime.date(2025, 1, 15), datetime.date(2028, 1, 15)),
    ],
)
def test_three_year_rule_at_its_boundary_in_the_database(entry, last_day):
    # Exactly three years: accepted by PostgreSQL.
    accepted = residency(entry, last_day)
    accepted.save()
    accepted.actual_exit_date = last_day
    accepted.save()
    # One day more, planned or actual: refused by PostgreSQL itself (no Python check).
    with pytest.raises(IntegrityError, match="planned_exit_within_3_years"), transaction.atomic():
        residency(entry, last_day + datetime.timedelta(days=1)).save()
    late_exit = residency(entry, last_day, actual=last_day + datetime.timedelta(days=1))
    with pytest.raises(IntegrityError, match="actual_exit_within_3_years"), transaction.atomic():
        late_exit.save()


def test_three_year_rule_in_python_with_a_french_message_on_the_field():
    entry = datetime.date(2024, 2, 29)
    residency(entry, datetime.date(2027, 2, 28)).full_clean()
    with pytest.raises(ValidationError) as error:
        residency(entry, datetime.date(2027, 3, 1)).full_clean()
    assert error.value.message_dict["planned_exit_date"] == [str(THREE_YEARS_MESSAGE)]
    with pytest.raises(ValidationError) as error:
        residency(entry, datetime.date(2027, 2, 1), actual=datetime.date(2027, 3, 1)).full_clean()
    assert error.value.message_dict["actual_exit_date"] == [str(THREE_YEARS_MESSAGE)]


def test_database_constraint_message_is_french_when_python_clean_is_bypassed():
    record = residency(datetime.date(2024, 2, 29), datetime.date(2027, 3, 1))
    constraint = next(
        c for c in Residency._meta.constraints if c.name.endswith("planned_exit_within_3_years")
    )
    with pytest.raises(ValidationError) as error:
        constraint.validate(Residency, record)
    assert error.value.messages == [str(THREE_YEARS_MESSAGE)]


def test_exit_must_follow_entry_and_alumni_need_an_exit_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        residency(datetime.date(2024, 1, 1), datetime.date(2024, 1, 1)).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        residency(
            datetime.date(2020, 1, 1), datetime.date(2022, 1, 1), status=Residency.Status.ALUMNUS
        ).save()


def test_one_open_residency_per_enterprise():
    first = ResidencyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ResidencyFactory(enterprise=first.enterprise)
    # An alumnus may come back as a candidate.
    AlumnusResidencyFactory(enterprise=EnterpriseFactory())


def test_current_residencies_follow_status_and_dates():
    today = datetime.date(2026, 6, 1)
    hosted = ResidencyFactory(entry_date=datetime.date(2025, 1, 1))
    ResidencyFactory(entry_date=datetime.date(2026, 7, 1))  # not yet entered
    left_early = ResidencyFactory(
        entry_date=datetime.date(2024, 1, 1), actual_exit_date=datetime.date(2026, 5, 31)
    )
    ResidencyFactory(status=Residency.Status.CANDIDATE, entry_date=datetime.date(2025, 1, 1))
    AlumnusResidencyFactory()
    assert list(Residency.objects.current(today)) == [hosted]
    assert hosted.is_current(today)
    assert not left_early.is_current(today)


def test_exit_due_within_three_months():
    today = datetime.date(2026, 6, 1)
    soon = ResidencyFactory(
        entry_date=datetime.date(2023, 8, 1), planned_exit_date=datetime.date(2026, 7, 31)
    )
    ResidencyFactory(
        entry_date=datetime.date(2024, 1, 1), planned_exit_date=datetime.date(2026, 12, 31)
    )
    assert list(Residency.objects.exit_due_within(92, today)) == [soon]
    assert soon.exit_due_soon(92, today)


def test_overlapping_bookings_of_one_space_are_refused_by_postgresql():
    space = SpaceFactory()
    day = next_weekday()
    BookingFactory(space=space, start=at(day, 10), end=at(day, 12))
    with pytest.raises(IntegrityError, match="realis_booking_no_overlap"), transaction.atomic():
        BookingFactory(space=space, start=at(day, 11), end=at(day, 13))
    with pytest.raises(IntegrityError, match="realis_booking_no_overlap"), transaction.atomic():
        BookingFactory(space=space, start=at(day, 10, 30), end=at(day, 11))


def test_touching_bookings_end_to_start_are_accepted():
    space = SpaceFactory()
    day = next_weekday()
    BookingFactory(space=space, start=at(day, 10), end=at(day, 11))
    BookingFactory(space=space, start=at(day, 11), end=at(day, 12))
    BookingFactory(space=space, start=at(day, 9), end=at(day, 10))
    assert Booking.objects.filter(space=space).count() == 3


def test_other_space_and_cancelled_bookings_do_not_block():
    space = SpaceFactory()
    day = next_weekday()
    cancelled = BookingFactory(space=space, start=at(day, 10), end=at(day, 12))
    cancelled.status = Booking.Status.CANCELLED
    cancelled.save()
    BookingFactory(space=space, start=at(day, 10), end=at(day, 12))
    BookingFactory(space=SpaceFactory(), start=at(day, 10), end=at(day, 12))
    # A cancelled booking cannot come back over a confirmed one.
    cancelled.status = Booking.Status.CONFIRMED
    with pytest.raises(IntegrityError), transaction.atomic():
        cancelled.save()


def test_booking_end_after_start():
    day = next_weekday()
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(start=at(day, 10), end=at(day, 10))


def test_an_office_is_not_bookable():
    with pytest.raises(IntegrityError), transaction.atomic():
        SpaceFactory(kind="bureau", is_bookable=True)
