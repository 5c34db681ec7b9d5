"""Coventis in a real Chromium: a buyer registers and asks for a meeting, the exhibitor
accepts it, the schedule downloads as an .ics file; axe-core finds no violation on the
edition pages and the meeting pages."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from coventis.models import MeetingRequest, Registration
from tests.browser.conftest import assert_clean, log_in
from tests.coventis.factories import (
    EditionFactory,
    ExhibitorFactory,
    ExhibitorRegistrationFactory,
    MeetingSlotFactory,
    PastEditionFactory,
    ProgrammeItemFactory,
    paris,
)
from tests.factories import UserFactory
from tests.structures.factories import EnterpriseFactory

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def fair(transactional_db):
    PastEditionFactory(year=2005, kind="rencontres", number=1, city="Montpellier", is_example=True)
    edition = EditionFactory(year=2101, venue="Le Corum", practical_info="Accès en tramway.")
    ProgrammeItemFactory(edition=edition, title="Ouverture du salon")
    ProgrammeItemFactory(
        edition=edition,
        kind="atelier",
        title="Répondre à un marché public",
        room="Salle Garrigue",
    )
    slot = MeetingSlotFactory(
        edition=edition,
        start=paris(datetime.date(2101, 10, 14), 9, 30),
        end=paris(datetime.date(2101, 10, 14), 10),
    )
    exhibitor = ExhibitorRegistrationFactory(
        edition=edition,
        exhibitor__enterprise=EnterpriseFactory(name="Vélo Solidaire"),
        exhibitor__stand="A07",
    )
    ExhibitorFactory.create_batch(3, edition=edition)
    return {"edition": edition, "slot": slot, "exhibitor": exhibitor, "buyer": UserFactory()}


def sign_in(page, live_server, user):
    """Replace the browser's session with one of `user`."""
    page.context.clear_cookies()
    log_in(page.context, live_server, user)


def test_public_edition_pages_are_accessible(page, axe, fair):
    for path in (
        "/coventis/",
        "/coventis/2101/",
        "/coventis/2101/?departement=34",
        "/coventis/2005/",
    ):
        response = page.goto(path)
        assert response.status == 200
        assert_clean(page, axe)


def test_buyer_registers_requests_a_meeting_exhibitor_accepts_schedule_downloads(
    page, axe, fair, live_server
):
    buyer = fair["buyer"]
    sign_in(page, live_server, buyer)

    # The buyer registers from the edition page.
    page.goto("/coventis/2101/")
    page.get_by_role("link", name="S'inscrire").click()
    assert_clean(page, axe)
    page.select_option("#id_kind", "acheteur")
    assert page.locator("#id_enterprise").is_hidden()  # coventis.js shows what applies
    page.fill("#id_badge_name", "Camille Martin")
    page.fill("#id_organisation", "Ville de Nîmes")
    page.select_option("#id_buyer_type", "public")
    page.get_by_role("button", name="Confirmer mon inscription").click()
    page.wait_for_url("**/coventis/2101/mes-rendez-vous/")
    assert "Votre inscription est enregistrée" in page.content()
    assert Registration.objects.get(user=buyer).kind == "acheteur"
    assert_clean(page, axe)

    # The buyer asks Vélo Solidaire for a meeting, from the exhibitors list.
    page.goto("/coventis/2101/")
    page.get_by_role("link", name="Demander un rendez-vous à Vélo Solidaire").click()
    assert_clean(page, axe)
    page.select_option("#id_slot", str(fair["slot"].pk))
    page.fill("#id_message", "Achat de vélos-cargos pour nos services.")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_url("**/coventis/rendez-vous/*/")
    assert "En attente de réponse" in page.content()
    assert_clean(page, axe)
    meeting = MeetingRequest.objects.get()

    # The exhibitor accepts it from their schedule.
    sign_in(page, live_server, fair["exhibitor"].user)
    page.goto("/coventis/2101/mes-rendez-vous/")
    assert "Camille Martin" in page.content()
    assert_clean(page, axe)
    page.get_by_role("button", name="Accepter le rendez-vous avec Camille Martin").click()
    page.wait_for_url(f"**/coventis/rendez-vous/{meeting.pk}/")
    assert "Rendez-vous accepté." in page.content()
    assert_clean(page, axe)
    meeting.refresh_from_db()
    assert meeting.status == MeetingRequest.Status.ACCEPTED

    # The buyer downloads the schedule and finds the meeting at 9:30 Paris time.
    sign_in(page, live_server, buyer)
    page.goto("/coventis/2101/mes-rendez-vous/")
    assert "Accepté" in page.content()
    assert page.get_by_role("button", name="Imprimer mon planning").is_visible()
    assert_clean(page, axe)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger mon planning").click()
    download = download_info.value
    assert download.suggested_filename == "coventis-2101-rendez-vous.ics"
    calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    (event,) = calendar.events
    assert event.start == datetime.datetime(2101, 10, 14, 9, 30, tzinfo=PARIS)
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert "Vélo Solidaire, stand A07" in str(event["SUMMARY"])
