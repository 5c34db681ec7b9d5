"""REALIS in a real Chromium: a resident books a room with the keyboard alone, and the
pages (public and resident) have 0 axe-core violations and load nothing from elsewhere."""

import datetime

import pytest

from realis.models import Booking
from tests.browser.conftest import log_in, tab_to
from tests.realis.factories import (
    AlumnusResidencyFactory,
    BookingFactory,
    CoachingSessionFactory,
    MembershipFactory,
    ResidencyFactory,
    SharedServiceFactory,
    SpaceFactory,
    at,
    next_weekday,
)
from tests.structures.factories import EnterpriseFactory


@pytest.fixture
def realis(transactional_db):
    residency = ResidencyFactory(enterprise=EnterpriseFactory(name="Coop Garrigue"))
    AlumnusResidencyFactory(enterprise=EnterpriseFactory(name="V@SI", slug="vasi"))
    member = MembershipFactory(enterprise=residency.enterprise)
    room = SpaceFactory(name="Salle Garrigue", slug="salle-garrigue")
    SpaceFactory(name="L'Agora", slug="agora", kind="commun", capacity=60)
    SharedServiceFactory(name="Reprographie")
    CoachingSessionFactory(enterprises=[residency.enterprise])
    day = next_weekday(7)
    booking = BookingFactory(
        space=room, enterprise=residency.enterprise, start=at(day, 14), end=at(day, 15)
    )
    return {"user": member.user, "room": room, "day": day, "booking": booking}


def week_of(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def test_resident_books_a_room_with_the_keyboard_only(page, live_server, realis):
    log_in(page.context, live_server, realis["user"])
    day = realis["day"]
    page.goto(f"/realis/reservations/?semaine={week_of(day)}")
    slot = f"espace=salle-garrigue&date={day.isoformat()}&debut=10:00&fin=11:00"
    tab_to(page, f"a[href$='{slot}']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/reservations/nouvelle/**")
    assert page.locator("h1").inner_text() == "Réserver une salle"
    tab_to(page, "#id_purpose")
    page.keyboard.type("Comité de pilotage")
    tab_to(page, "form.realis-form button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/reservations/*/")
    booking = Booking.objects.exclude(pk=realis["booking"].pk).get()
    assert booking.purpose == "Comité de pilotage"
    assert booking.space == realis["room"]
    assert booking.start == at(day, 10) and booking.end == at(day, 11)
    assert "Votre réservation est enregistrée" in page.locator(".messages").inner_text()
    assert page.recorder.foreign_requests() == []
    assert page.recorder.console_errors == []


def test_a_taken_slot_is_explained_and_focused(page, live_server, realis):
    log_in(page.context, live_server, realis["user"])
    day = realis["day"]
    page.goto(
        f"/realis/reservations/nouvelle/?espace=salle-garrigue&date={day.isoformat()}"
        "&debut=14:00&fin=15:00"
    )
    tab_to(page, "form.realis-form button")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-error-summary]")
    assert "déjà réservé" in page.locator("[data-error-summary]").inner_text()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")


def test_realis_pages_have_no_axe_violation(page, axe, live_server, realis):
    page.goto("/realis/")
    assert axe(page) == []
    assert page.recorder.foreign_requests() == []
    log_in(page.context, live_server, realis["user"])
    booking = realis["booking"]
    day = realis["day"]
    paths = [
        "/realis/",
        f"/realis/reservations/?semaine={week_of(day)}",
        "/realis/reservations/?semaine=pas-une-semaine",
        f"/realis/reservations/nouvelle/?espace=salle-garrigue&date={day.isoformat()}"
        "&debut=10:00&fin=11:00",
        f"/realis/reservations/{booking.pk}/",
        f"/realis/reservations/{booking.pk}/annuler/",
        "/compte/",
    ]
    for path in paths:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert axe(page) == [], path
    # The booking form with its error summary.
    page.goto("/realis/reservations/nouvelle/")
    page.click("form.realis-form button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    assert axe(page) == []
    assert page.recorder.foreign_requests() == []
    assert page.recorder.console_errors == [] or all(
        "status of 400" in error for error in page.recorder.console_errors
    )


def test_end_time_follows_a_later_start_time(page, live_server, realis):
    log_in(page.context, live_server, realis["user"])
    page.goto("/realis/reservations/nouvelle/")
    page.select_option("#id_end_time", "10:00")
    page.select_option("#id_start_time", "15:30")
    assert page.eval_on_selector("#id_end_time", "el => el.value") == "16:30"
    page.select_option("#id_start_time", "09:00")
    assert page.eval_on_selector("#id_end_time", "el => el.value") == "16:30"
