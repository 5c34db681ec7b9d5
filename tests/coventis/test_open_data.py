"""The fair's machine-readable publications pass the tools their consumers use: the Atom
feed with feedparser, the calendars with icalendar, the JSON-LD with schema.org's rules."""

import datetime

import feedparser
import icalendar
import pytest
from django.urls import reverse

from coventis.models import MeetingRequest
from tests.checks import json_ld
from tests.coventis.factories import (
    EditionFactory,
    MeetingRequestFactory,
    PastEditionFactory,
    ProgrammeItemFactory,
)

pytestmark = pytest.mark.django_db


def test_the_atom_feed_is_well_formed_with_an_author_and_text_summaries(client, settings):
    settings.OPEN_DATA_PUBLISHER_NAME = "Région Occitanie / Pyrénées-Méditerranée"
    PastEditionFactory(year=2005, kind="rencontres", number=1, theme="<b>Économie</b> & cie")
    EditionFactory(year=2027)
    response = client.get(reverse("coventis:feed"))
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.author == "Région Occitanie / Pyrénées-Méditerranée"
    assert feed.feed.author_detail.href == settings.OPEN_DATA_PUBLISHER_URL
    assert feed.feed.title and feed.feed.link
    assert len(feed.entries) == 2
    for entry in feed.entries:
        assert entry.title and entry.link and entry.id and entry.updated
        assert entry.summary_detail.type == "text/plain"
    # The organiser's text is text: its "<b>" reaches the reader as characters, not markup.
    assert "<b>Économie</b> & cie" in feed.entries[1].summary
    assert b'<summary type="text">' in response.content
    assert b'type="html"' not in response.content


def test_the_programme_calendar_of_an_edition_is_valid(client):
    edition = EditionFactory(year=2027, city="Pérols")
    first = ProgrammeItemFactory(edition=edition, title="Ouverture du salon", description="Mot")
    ProgrammeItemFactory(
        edition=edition,
        start=first.start + datetime.timedelta(hours=2),
        end=first.start + datetime.timedelta(hours=3),
    )
    url = reverse("coventis:programme_ics", args=[2027])
    assert url in client.get(edition.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = sorted(calendar.events, key=lambda e: e.start)
    assert len(events) == 2
    assert str(events[0]["SUMMARY"]) == "Ouverture du salon"
    assert events[0].start == first.start
    assert "Pérols" in str(events[0]["LOCATION"])
    assert len({str(e["UID"]) for e in events}) == 2
    for event in events:
        assert event["DTSTAMP"] and event.end > event.start


def test_no_calendar_without_an_event(client):
    """RFC 5545: a VCALENDAR holds at least one component."""
    edition = EditionFactory(year=2029)
    assert client.get(reverse("coventis:programme_ics", args=[2029])).status_code == 404
    assert (
        reverse("coventis:programme_ics", args=[2029])
        not in client.get(edition.get_absolute_url()).content.decode()
    )
    pending = MeetingRequestFactory(status=MeetingRequest.Status.PENDING)
    client.force_login(pending.buyer.user)
    year = pending.slot.edition.year
    page = client.get(reverse("coventis:schedule", args=[year])).content.decode()
    assert reverse("coventis:schedule_ics", args=[year]) not in page
    response = client.get(reverse("coventis:schedule_ics", args=[year]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("coventis:schedule", args=[year])
    assert "rien à ajouter à l&#x27;agenda" in response.content.decode()


def test_the_event_json_ld_has_organizer_url_offers_and_image(client, settings):
    edition = EditionFactory(year=2027)
    data = json_ld(client.get(edition.get_absolute_url()).content.decode())
    organizer = data["organizer"]
    assert organizer["name"] == settings.OPEN_DATA_PUBLISHER_NAME
    assert organizer["url"] == settings.OPEN_DATA_PUBLISHER_URL
    assert organizer["logo"].startswith("http://testserver/")
    assert data["image"] and all(url.startswith("http://testserver/") for url in data["image"])
    offer = data["offers"]
    assert offer["@type"] == "Offer"
    assert (offer["price"], offer["priceCurrency"]) == ("0", "EUR")
    assert offer["url"] == "http://testserver" + reverse("coventis:register", args=[2027])
    assert "geo" not in data
