"""Forms and query parameters: French errors, never a 500 (property-based)."""

import datetime

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realis.forms import BookingForm, WeekForm, time_choices
from realis.models import Booking
from tests.checks import refused_input
from tests.realis.factories import SpaceFactory, resident_user

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize(
    ("value", "monday"),
    [
        ("2026-W49", datetime.date(2026, 11, 30)),
        ("2026-w01", datetime.date(2025, 12, 29)),
        ("2020-W53", datetime.date(2020, 12, 28)),
        ("", None),
    ],
)
def test_week_form_reads_iso_weeks(value, monday):
    form = WeekForm({"semaine": value})
    assert form.is_valid()
    assert form.cleaned_data["semaine"] == monday


def test_time_choices_cover_opening_hours():
    choices = time_choices(first=8, last=20, step=30, include_end=True)
    assert choices[0] == ("08:00", "8 h 00") and choices[-1] == ("20:00", "20 h 00")
    assert len(choices) == 25


def test_booking_form_without_enterprise_choice_for_a_single_enterprise():
    from tests.structures.factories import EnterpriseFactory

    first, second = EnterpriseFactory(), EnterpriseFactory()
    assert "enterprise" not in BookingForm(enterprises=[first]).fields
    form = BookingForm(enterprises=[first, second])
    assert set(form.fields["enterprise"].queryset) == {first, second}


@FUZZ
@given(week=st.text(max_size=30))
def test_calendar_week_never_500(client, week):
    client.force_login(resident_user())
    response = client.get(reverse("realis:calendar"), {"semaine": week})
    assert response.status_code in (200, 400)


@FUZZ
@given(
    day=st.one_of(st.text(max_size=20), st.dates().map(datetime.date.isoformat)),
    start=st.one_of(st.text(max_size=8), st.sampled_from(["09:00", "10:30", "19:30"])),
    end=st.one_of(st.text(max_size=8), st.sampled_from(["10:00", "11:00", "20:00"])),
    purpose=st.text(max_size=250),
)
def test_booking_post_never_500(client, day, start, end, purpose):
    user = resident_user()
    space = SpaceFactory()
    client.force_login(user)
    response = client.post(
        reverse("realis:booking_create"),
        {
            "space": space.slug,
            "date": day,
            "start_time": start,
            "end_time": end,
            "purpose": purpose,
        },
    )
    assert response.status_code in (200, 302) or refused_input(response)
    if response.status_code != 302:
        assert not Booking.objects.filter(enterprise__realis_members__user=user).exists()
    if response.status_code == 200:
        assert "Le formulaire contient des erreurs" in response.content.decode()


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["espace", "date", "debut", "fin"]), st.text(max_size=40), max_size=4
    )
)
def test_booking_form_query_string_never_500(client, params):
    client.force_login(resident_user())
    response = client.get(reverse("realis:booking_create"), params)
    assert response.status_code == 200 or refused_input(response)
