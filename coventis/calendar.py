"""iCalendar (.ics) files, times in Europe/Paris: a participant's business meetings and
the public programme of an edition.

RFC 5545 (3.6) requires at least one component in a VCALENDAR: the views never serve a
calendar without an event (they check `meetings` / the programme first).
"""

from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

PARIS = ZoneInfo("Europe/Paris")


def _calendar(name: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Région Occitanie//Portail ESS Occitanie - Coventis//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    return cal


def _location(edition) -> str:
    return ", ".join(part for part in (edition.venue, edition.address, edition.city) if part)


def _event(uid: str, span, *, stamp) -> icalendar.Event:
    """Return a VEVENT `uid` from `span.start` to `span.end`, written in Paris time."""
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", span.start.astimezone(PARIS))
    event.add("dtend", span.end.astimezone(PARIS))
    return event


def schedule_calendar(edition, meetings, *, host: str) -> bytes:
    """Return an iCalendar document with one VEVENT per meeting of `edition`.

    Times are written in Europe/Paris (DTSTART;TZID=Europe/Paris) with the matching
    VTIMEZONE, so that calendar applications show the fair's local time. `meetings` must
    not be empty (RFC 5545).
    """
    if not meetings:
        raise ValueError("An iCalendar document needs at least one event (RFC 5545).")
    cal = _calendar(_("Mes rendez-vous à %(edition)s") % {"edition": edition.title})
    location = _location(edition)
    stamp = timezone.now()
    for meeting in meetings:
        event = _event(f"coventis-rdv-{meeting.pk}@{host}", meeting.slot, stamp=stamp)
        if getattr(meeting, "role", "buyer") == "buyer":
            other = meeting.exhibitor.enterprise.name
            if meeting.exhibitor.stand:
                other = _("%(name)s, stand %(stand)s") % {
                    "name": other,
                    "stand": meeting.exhibitor.stand,
                }
        else:
            other = meeting.buyer.badge_name
            if meeting.buyer.organisation:
                other = f"{other} ({meeting.buyer.organisation})"
        event.add("summary", _("Rendez-vous d'affaires avec %(other)s") % {"other": other})
        if location:
            event.add("location", location)
        if meeting.message:
            event.add("description", meeting.message)
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def programme_calendar(edition, items, *, host: str, url: str) -> bytes:
    """Return the public programme of `edition` as an iCalendar document, one VEVENT per
    programme item (title, room, speakers, description). `items` must not be empty."""
    if not items:
        raise ValueError("An iCalendar document needs at least one event (RFC 5545).")
    cal = _calendar(_("Programme de %(edition)s") % {"edition": edition.title})
    location = _location(edition)
    stamp = timezone.now()
    for item in items:
        event = _event(f"coventis-programme-{item.pk}@{host}", item, stamp=stamp)
        event.add("summary", item.title)
        event.add("location", ", ".join(part for part in (item.room, location) if part))
        lines = [str(item.get_kind_display())]
        if item.speakers:
            lines.append(_("Intervenants : %(names)s") % {"names": item.speakers})
        if item.description:
            lines.append(item.description)
        event.add("description", "\n".join(lines))
        event.add("url", url)
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
