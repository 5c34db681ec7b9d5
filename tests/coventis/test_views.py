import datetime
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from coventis.models import MeetingRequest, Registration
from tests.checks import json_ld
from tests.coventis.factories import (
    BuyerRegistrationFactory,
    EditionFactory,
    ExhibitorFactory,
    ExhibitorRegistrationFactory,
    MeetingRequestFactory,
    MeetingSlotFactory,
    PastEditionFactory,
    ProgrammeItemFactory,
    paris,
)
from tests.factories import UserFactory
from tests.structures.factories import DepartementFactory, EnterpriseFactory, ThematicFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def html(response) -> str:
    assert response.status_code == 200
    text = response.content.decode()
    return text


# Public pages ---------------------------------------------------------------------------


def test_index_tells_the_history_and_lists_editions(client, django_assert_max_num_queries):
    PastEditionFactory(year=2005, kind="rencontres", number=1, city="Montpellier", is_example=True)
    EditionFactory(year=2027)
    with django_assert_max_num_queries(3):
        text = html(client.get(reverse("coventis:index")))
    assert "débutées en 2005" in text
    assert "Rencontres régionales de l&#x27;ESS 2005" in text
    assert 'href="/coventis/2027/"' in text
    assert "valeurs d&#x27;exemple" in text
    assert text.count("<h1") == 1
    assert 'type="application/atom+xml"' in text


def test_edition_page_shows_programme_exhibitors_and_practical_information(
    client, django_assert_max_num_queries
):
    edition = EditionFactory(practical_info="Accès en tramway, ligne 1.")
    ProgrammeItemFactory(edition=edition, title="La commande publique responsable")
    exhibitors = ExhibitorFactory.create_batch(30, edition=edition)
    ExhibitorFactory(
        edition=edition, enterprise=EnterpriseFactory(is_published=False, name="Cachée")
    )
    with django_assert_max_num_queries(10):
        text = html(client.get(edition.get_absolute_url()))
    assert "La commande publique responsable" in text
    assert "Accès en tramway, ligne 1." in text
    assert exhibitors[0].enterprise.get_absolute_url() in text
    assert "Cachée" not in text
    assert "30 exposants" in text
    assert 'method="get"' in text


def test_exhibitors_filter_by_thematic_and_departement(client):
    edition = EditionFactory()
    thematic = ThematicFactory(name="Mobilité", slug="mobilite")
    gard = DepartementFactory(code="30", name="Gard")
    match = ExhibitorFactory(
        edition=edition, enterprise=EnterpriseFactory(name="Vélo Solidaire", departement=gard)
    )
    match.enterprise.thematics.add(thematic)
    other_dep = ExhibitorFactory(edition=edition, enterprise=EnterpriseFactory(name="Roue Libre"))
    other_dep.enterprise.thematics.add(thematic)
    ExhibitorFactory(
        edition=edition, enterprise=EnterpriseFactory(name="Pain Partagé", departement=gard)
    )
    text = html(
        client.get(edition.get_absolute_url(), {"thematique": "mobilite", "departement": "30"})
    )
    assert "Vélo Solidaire" in text
    assert "Roue Libre" not in text
    assert "Pain Partagé" not in text
    assert "1 exposant" in text


def test_bad_filter_values_give_a_french_error_not_a_500(client):
    edition = EditionFactory()
    response = client.get(edition.get_absolute_url(), {"departement": "zz", "page": "abc"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_unknown_edition_is_404(client):
    assert client.get("/coventis/1900/").status_code == 404


def test_edition_json_ld_is_a_valid_schema_org_event(client):
    edition = EditionFactory(
        year=2027, city="Pérols", venue="Parc des expositions", theme="Acheter local"
    )
    data = json_ld(html(client.get(edition.get_absolute_url())))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Coventis 2027"
    assert data["startDate"] == "2027-10-14"
    assert data["endDate"] == "2027-10-15"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["name"] == "Parc des expositions"
    assert data["location"]["address"]["addressLocality"] == "Pérols"
    assert data["location"]["address"]["addressCountry"] == "FR"
    assert data["description"] == "Acheter local"
    assert data["url"] == "http://testserver/coventis/2027/"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"


def test_json_ld_cannot_be_broken_out_of_by_a_script_tag(client):
    edition = EditionFactory(theme='</script><script>alert("x")</script><!--')
    text = html(client.get(edition.get_absolute_url()))
    assert '<script>alert("x")' not in text
    assert json_ld(text)["description"] == '</script><script>alert("x")</script><!--'


def test_atom_feed_lists_editions(client):
    PastEditionFactory(year=2005, kind="rencontres", number=1)
    EditionFactory(year=2027)
    response = client.get(reverse("coventis:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(response.content)
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    titles = [e.find("atom:title", ns).text for e in feed.findall("atom:entry", ns)]
    assert titles == ["Coventis 2027", "Rencontres régionales de l'ESS 2005"]
    links = [e.find("atom:link", ns).get("href") for e in feed.findall("atom:entry", ns)]
    assert links[0] == "http://testserver/coventis/2027/"
    assert feed.find("atom:entry/atom:updated", ns) is not None


# Registration ---------------------------------------------------------------------------


def test_registration_requires_a_signed_in_user(client):
    edition = EditionFactory()
    response = client.get(reverse("coventis:register", args=[edition.year]))
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")


def test_registration_form_registers_a_buyer(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    edition = EditionFactory()
    user = UserFactory()
    client.force_login(user)
    url = reverse("coventis:register", args=[edition.year])
    html(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "kind": "acheteur",
                "badge_name": "Camille Martin",
                "organisation": "Département de l'Hérault",
                "buyer_type": "public",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("coventis:schedule", args=[edition.year])
    registration = Registration.objects.get(user=user, edition=edition)
    assert registration.kind == "acheteur"
    assert len(mailoutbox) == 1


def test_registration_form_explains_what_a_buyer_misses(client):
    edition = EditionFactory()
    client.force_login(UserFactory())
    text = html(
        client.post(
            reverse("coventis:register", args=[edition.year]),
            {"kind": "acheteur", "badge_name": "Camille"},
        )
    )
    assert "Précisez si vous êtes un acheteur public ou une entreprise." in text
    assert "error-summary" in text
    assert not Registration.objects.exists()


def test_registration_form_finds_the_exhibiting_enterprise_by_its_directory_address(client):
    edition = EditionFactory()
    enterprise = EnterpriseFactory(slug="velo-solidaire")
    client.force_login(UserFactory())
    response = client.post(
        reverse("coventis:register", args=[edition.year]),
        {
            "kind": "exposant",
            "badge_name": "Alex",
            "enterprise": "https://ess.laregion.fr/annuaire/velo-solidaire/",
        },
    )
    assert response.status_code == 302
    assert Registration.objects.get().enterprise == enterprise


def test_registration_after_closing_shows_a_clear_message(client):
    edition = EditionFactory(registration_closes_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(UserFactory())
    url = reverse("coventis:register", args=[edition.year])
    text = html(client.get(url))
    assert "Les inscriptions à cette édition sont closes." in text
    response = client.post(url, {"kind": "visiteur", "badge_name": "A"})
    assert "Les inscriptions à cette édition sont closes." in html(response)
    assert not Registration.objects.exists()


def test_registration_beyond_capacity_shows_a_clear_message(client):
    edition = EditionFactory(capacity=1)
    BuyerRegistrationFactory(edition=edition)
    client.force_login(UserFactory())
    text = html(
        client.post(
            reverse("coventis:register", args=[edition.year]),
            {"kind": "visiteur", "badge_name": "A"},
        )
    )
    assert "Cette édition est complète : les 1 places sont prises." in text
    assert edition.registrations.count() == 1


# Meetings ---------------------------------------------------------------------------------


def test_buyer_requests_a_meeting_through_the_form(client):
    slot = MeetingSlotFactory()
    buyer = BuyerRegistrationFactory(edition=slot.edition)
    exhibitor = ExhibitorRegistrationFactory(edition=slot.edition).exhibitor
    client.force_login(buyer.user)
    url = reverse("coventis:meeting_request", args=[slot.edition.year])
    text = html(client.get(url, {"exposant": exhibitor.pk}))
    assert exhibitor.enterprise.name in text
    response = client.post(url, {"exhibitor": exhibitor.pk, "slot": slot.pk, "message": "Bonjour"})
    meeting = MeetingRequest.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    # Asking again in the same slot is refused with the rule's message.
    other = ExhibitorRegistrationFactory(edition=slot.edition).exhibitor
    text = html(client.post(url, {"exhibitor": other.pk, "slot": slot.pk}))
    assert "Vous avez déjà un rendez-vous sur ce créneau." in text


def test_meeting_request_form_is_only_for_buyers(client):
    registration = ExhibitorRegistrationFactory()
    client.force_login(registration.user)
    response = client.get(reverse("coventis:meeting_request", args=[registration.edition.year]))
    assert response.status_code == 302


def test_exhibitor_accepts_from_the_meeting_page(client):
    meeting = MeetingRequestFactory()
    client.force_login(meeting.exhibitor.registration.user)
    text = html(client.get(meeting.get_absolute_url()))
    assert "Accepter" in text
    response = client.post(reverse("coventis:meeting_accept", args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingRequest.Status.ACCEPTED


def test_buyer_cannot_accept_their_own_request(client):
    meeting = MeetingRequestFactory()
    client.force_login(meeting.buyer.user)
    response = client.post(reverse("coventis:meeting_accept", args=[meeting.pk]))
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == MeetingRequest.Status.PENDING


@pytest.mark.parametrize(
    "name",
    [
        "coventis:meeting",
        "coventis:meeting_accept",
        "coventis:meeting_decline",
        "coventis:meeting_cancel",
    ],
)
def test_a_user_cannot_reach_anothers_meeting_by_changing_the_id(client, name):
    mine = MeetingRequestFactory()
    theirs = MeetingRequestFactory()
    client.force_login(mine.buyer.user)
    url = reverse(name, args=[theirs.pk])
    response = client.get(url) if name == "coventis:meeting" else client.post(url)
    assert response.status_code == 404
    assert client.get(reverse("coventis:meeting", args=[mine.pk])).status_code == 200
    # A stranger with no registration at all sees nothing either.
    client.force_login(UserFactory())
    assert client.get(reverse("coventis:meeting", args=[mine.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == MeetingRequest.Status.PENDING


def test_schedule_lists_only_the_users_meetings(client, django_assert_max_num_queries):
    meeting = MeetingRequestFactory(status=MeetingRequest.Status.ACCEPTED)
    other = MeetingRequestFactory(slot=MeetingSlotFactory(edition=meeting.slot.edition))
    client.force_login(meeting.buyer.user)
    url = reverse("coventis:schedule", args=[meeting.slot.edition.year])
    with django_assert_max_num_queries(8):
        text = html(client.get(url))
    assert meeting.exhibitor.enterprise.name in text
    assert other.exhibitor.enterprise.name not in text
    assert "Imprimer mon planning" in text
    assert reverse("coventis:schedule_ics", args=[meeting.slot.edition.year]) in text


def test_schedule_ics_parses_back_with_europe_paris_times(client):
    edition = EditionFactory(year=2101, venue="Le Corum", city="Montpellier")
    # A summer (UTC+2) and a winter (UTC+1) slot, to check both offsets.
    summer = MeetingSlotFactory(
        edition=edition,
        start=paris(datetime.date(2101, 10, 14), 9, 30),
        end=paris(datetime.date(2101, 10, 14), 10),
    )
    winter = MeetingSlotFactory(
        edition=edition,
        start=paris(datetime.date(2101, 11, 14), 14),
        end=paris(datetime.date(2101, 11, 14), 14, 30),
    )
    buyer = BuyerRegistrationFactory(edition=edition)
    exhibitor = ExhibitorRegistrationFactory(edition=edition).exhibitor
    accepted = [
        MeetingRequestFactory(
            slot=slot, buyer=buyer, exhibitor=exhibitor, status=MeetingRequest.Status.ACCEPTED
        )
        for slot in (summer, winter)
    ]
    MeetingRequestFactory(
        slot=MeetingSlotFactory(edition=edition), buyer=buyer
    )  # pending: left out
    client.force_login(buyer.user)
    response = client.get(reverse("coventis:schedule_ics", args=[edition.year]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    events = sorted(calendar.events, key=lambda e: e.start)
    assert len(events) == 2
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Paris"]
    first, second = events
    assert first["DTSTART"].params["TZID"] == "Europe/Paris"
    assert first.start == datetime.datetime(2101, 10, 14, 9, 30, tzinfo=PARIS)
    assert first.start.utcoffset() == datetime.timedelta(hours=2)
    assert first.start.astimezone(datetime.UTC).hour == 7
    assert first.end == datetime.datetime(2101, 10, 14, 10, 0, tzinfo=PARIS)
    assert second.start == datetime.datetime(2101, 11, 14, 14, 0, tzinfo=PARIS)
    assert second.start.utcoffset() == datetime.timedelta(hours=1)
    assert (
        str(first["SUMMARY"])
        == f"Rendez-vous d'affaires avec {exhibitor.enterprise.name}, stand {exhibitor.stand}"
    )
    assert "Le Corum" in str(first["LOCATION"])
    assert str(first["UID"]) == f"coventis-rdv-{accepted[0].pk}@testserver"


def test_schedule_ics_of_the_exhibitor_names_the_buyer(client):
    meeting = MeetingRequestFactory(status=MeetingRequest.Status.ACCEPTED)
    client.force_login(meeting.exhibitor.registration.user)
    response = client.get(reverse("coventis:schedule_ics", args=[meeting.slot.edition.year]))
    event = icalendar.Calendar.from_ical(response.content).events[0]
    assert meeting.buyer.badge_name in str(event["SUMMARY"])


def test_schedule_requires_a_signed_in_user(client):
    edition = EditionFactory()
    for name in ("coventis:schedule", "coventis:schedule_ics"):
        response = client.get(reverse(name, args=[edition.year]))
        assert response.status_code == 302


def test_schedule_without_registration_invites_to_register(client):
    edition = EditionFactory()
    client.force_login(UserFactory())
    text = html(client.get(reverse("coventis:schedule", args=[edition.year])))
    assert "Vous n'êtes pas inscrit à cette édition." in text


def test_edition_page_offers_buyers_a_meeting_with_registered_exhibitors(client):
    buyer = BuyerRegistrationFactory()
    registered = ExhibitorRegistrationFactory(edition=buyer.edition).exhibitor
    ExhibitorFactory(edition=buyer.edition)
    client.force_login(buyer.user)
    text = html(client.get(buyer.edition.get_absolute_url()))
    assert f"?exposant={registered.pk}" in text
    assert text.count("Demander un rendez-vous à") == 1
