"""iCalendar (.ics) files of a participant's business meetings, times in Europe/Paris."""

from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

PARIS = ZoneInfo("Europe/Paris")


def schedule_calendar(edition, meetings, *, host: str) -> bytes:
    """Return an iCalendar document with one VEVENT per meeting of `edition`.

    Times are written in Europe/Paris (DTSTART;TZID=Europe/Paris) with the matching
    VTIMEZONE, so that calendar applications show the fair's local time.
    """
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Région Occitanie//Portail ESS Occitanie - Coventis//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Mes rendez-vous à %(edition)s") % {"edition": edition.title})
    cal.add("x-wr-timezone", "Europe/Paris")
    location = ", ".join(part for part in (edition.venue, edition.address, edition.city) if part)
    stamp = timezone.now()
    for meeting in meetings:
        event = icalendar.Event()
        event.add("uid", f"coventis-rdv-{meeting.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.slot.start.astimezone(PARIS))
        event.add("dtend", meeting.slot.end.astimezone(PARIS))
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
