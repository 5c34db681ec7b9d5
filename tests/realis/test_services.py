"""Booking and cancellation rules (services.py)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from realis import services
from realis.models import BOOKING_OVERLAP_MESSAGE, Booking, Residency
from tests.factories import UserFactory
from tests.realis.factories import (
    AlumnusResidencyFactory,
    BookingFactory,
    MembershipFactory,
    ResidencyFactory,
    SpaceFactory,
    at,
    next_weekday,
    resident_user,
)

pytestmark = pytest.mark.django_db


def book(user, space, start, end, **kwargs):
    return services.booking_create(user=user, space=space, start=start, end=end, **kwargs)


def test_resident_books_a_room():
    user = resident_user()
    space = SpaceFactory()
    day = next_weekday()
    booking = book(user, space, at(day, 10), at(day, 11, 30), purpose="  Point d'équipe ")
    assert booking.pk
    assert booking.booked_by == user
    assert booking.enterprise == user.realis_memberships.get().enterprise
    assert booking.purpose == "Point d'équipe"


@pytest.mark.parametrize(
    "make_user",
    [
        pytest.param(lambda: UserFactory(), id="no-membership"),
        pytest.param(
            lambda: MembershipFactory(enterprise=AlumnusResidencyFactory().enterprise).user,
            id="alumnus",
        ),
        pytest.param(
            lambda: (
                MembershipFactory(
                    enterprise=ResidencyFactory(status=Residency.Status.CANDIDATE).enterprise
                ).user
            ),
            id="candidate",
        ),
        pytest.param(
            lambda: (
                MembershipFactory(
                    enterprise=ResidencyFactory(
                        entry_date=timezone.localdate() + datetime.timedelta(days=10)
                    ).enterprise
                ).user
            ),
            id="not-yet-entered",
        ),
    ],
)
def test_non_resident_cannot_book(make_user):
    user = make_user()
    day = next_weekday()
    with pytest.raises(ValidationError) as error:
        book(user, SpaceFactory(), at(day, 10), at(day, 11))
    assert error.value.code == "not_resident"
    assert "membres d'une entreprise résidente" in error.value.messages[0]
    assert not Booking.objects.exists()


def test_cannot_book_for_another_enterprise():
    user = resident_user()
    other = ResidencyFactory().enterprise
    day = next_weekday()
    with pytest.raises(ValidationError) as error:
        book(user, SpaceFactory(), at(day, 10), at(day, 11), enterprise=other)
    assert error.value.code == "not_member"


def next_saturday():
    day = timezone.localdate() + datetime.timedelta(days=1)
    while day.weekday() != 5:
        day += datetime.timedelta(days=1)
    return day


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        pytest.param(lambda d: at(d, 7), lambda d: at(d, 9), "closed_hours", id="before-opening"),
        pytest.param(lambda d: at(d, 19), lambda d: at(d, 20, 30), "closed_hours", id="after"),
        pytest.param(lambda d: at(d, 9), lambda d: at(d, 14), "too_long", id="too-long"),
        pytest.param(lambda d: at(d, 9, 10), lambda d: at(d, 10), "off_grid", id="off-grid"),
        pytest.param(lambda d: at(d, 11), lambda d: at(d, 10), "end_before_start", id="reversed"),
        pytest.param(
            lambda d: at(d - datetime.timedelta(days=14), 10),
            lambda d: at(d - datetime.timedelta(days=14), 11),
            "past",
            id="past",
        ),
        pytest.param(
            lambda d: at(d + datetime.timedelta(days=400), 10),
            lambda d: at(d + datetime.timedelta(days=400), 11),
            "too_far",
            id="too-far",
        ),
    ],
)
def test_booking_rules(start, end, code):
    user = resident_user()
    day = next_weekday()
    with pytest.raises(ValidationError) as error:
        book(user, SpaceFactory(), start(day), end(day))
    assert error.value.code == code
    assert not Booking.objects.exists()


def test_closed_on_weekends():
    user = resident_user()
    day = next_saturday()
    with pytest.raises(ValidationError) as error:
        book(user, SpaceFactory(), at(day, 10), at(day, 11))
    assert error.value.code == "closed_day"


def test_a_non_bookable_space_is_refused():
    user = resident_user()
    day = next_weekday()
    with pytest.raises(ValidationError) as error:
        book(user, SpaceFactory(kind="commun", is_bookable=False), at(day, 10), at(day, 11))
    assert error.value.code == "not_bookable"


@override_settings(REALIS_OPENING_HOURS=(9, 18), REALIS_BOOKING_MAX_HOURS=2)
def test_rules_follow_settings():
    user = resident_user()
    day = next_weekday()
    space = SpaceFactory()
    with pytest.raises(ValidationError, match="de 9 h à 18 h"):
        book(user, space, at(day, 8, 30), at(day, 9, 30))
    with pytest.raises(ValidationError, match="au plus 2 heures"):
        book(user, space, at(day, 10), at(day, 12, 30))
    assert book(user, space, at(day, 16), at(day, 18)).pk


def test_overlap_gives_a_french_message_and_touching_is_accepted():
    user = resident_user()
    space = SpaceFactory()
    day = next_weekday()
    book(user, space, at(day, 10), at(day, 11))
    with pytest.raises(ValidationError) as error:
        book(resident_user(), space, at(day, 10, 30), at(day, 11, 30))
    assert error.value.messages == [str(BOOKING_OVERLAP_MESSAGE)]
    assert book(resident_user(), space, at(day, 11), at(day, 12)).pk
    assert Booking.objects.count() == 2


def test_cancel_own_enterprise_booking_frees_the_slot():
    user = resident_user()
    colleague = MembershipFactory(enterprise=user.realis_memberships.get().enterprise).user
    space = SpaceFactory()
    day = next_weekday()
    booking = book(user, space, at(day, 10), at(day, 11))
    services.booking_cancel(booking=booking, user=colleague)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancelled_at is not None
    assert book(resident_user(), space, at(day, 10), at(day, 11)).pk
    with pytest.raises(ValidationError, match="déjà annulée"):
        services.booking_cancel(booking=booking, user=user)


def test_cannot_cancel_another_enterprise_booking():
    booking = book(resident_user(), SpaceFactory(), at(next_weekday(), 10), at(next_weekday(), 11))
    with pytest.raises(ValidationError, match="votre entreprise"):
        services.booking_cancel(booking=booking, user=resident_user())
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_cannot_cancel_a_started_booking():
    user = resident_user()
    enterprise = user.realis_memberships.get().enterprise
    now = timezone.now()
    booking = BookingFactory(
        enterprise=enterprise, start=now - datetime.timedelta(hours=1), end=now
    )
    with pytest.raises(ValidationError, match="commencée ou passée"):
        services.booking_cancel(booking=booking, user=user)


def test_delete_future_bookings_of_a_user_keeps_past_ones():
    user = resident_user()
    enterprise = user.realis_memberships.get().enterprise
    now = timezone.now()
    past = BookingFactory(
        enterprise=enterprise,
        booked_by=user,
        start=now - datetime.timedelta(days=2),
        end=now - datetime.timedelta(days=2) + datetime.timedelta(hours=1),
    )
    BookingFactory(enterprise=enterprise, booked_by=user)
    other = BookingFactory(enterprise=enterprise, booked_by=UserFactory(), space=SpaceFactory())
    assert services.account_data_delete(user=user) == 1
    assert set(Booking.objects.all()) == {past, other}


@pytest.mark.django_db(transaction=True)
def test_a_race_lost_at_insert_time_becomes_the_french_message():
    """The Python check cannot see a booking another transaction has not committed yet:
    PostgreSQL's exclusion constraint makes the second insert wait, then refuses it, and
    the service turns the IntegrityError into the French message."""
    space = SpaceFactory()
    first_user, second_user = resident_user(), resident_user()
    day = next_weekday()
    inserted, release = threading.Event(), threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                book(first_user, space, at(day, 10), at(day, 11))
                inserted.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    def second():
        try:
            inserted.wait(timeout=30)
            book(second_user, space, at(day, 10, 30), at(day, 11, 30))
        except ValidationError as error:
            outcome["error"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    # Let the second request pass its Python checks and block on the insert, then commit.
    inserted.wait(timeout=30)
    threading.Event().wait(1.5)
    release.set()
    for thread in threads:
        thread.join()
    assert outcome["error"].code == "overlap"
    assert outcome["error"].messages == [str(BOOKING_OVERLAP_MESSAGE)]
    assert Booking.objects.filter(space=space).count() == 1
