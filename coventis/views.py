"""Public pages of the fair (history, editions, feed) and the participants' pages
(registration, meeting requests, schedule, iCalendar file)."""

import json
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from coventis import calendar, services
from coventis.filters import ExhibitorFilter
from coventis.forms import MeetingRequestForm, RegistrationForm
from coventis.models import Edition, MeetingRequest, Registration
from occitanie_ess.common.charts import bar_chart

EXHIBITORS_PER_PAGE = 48

# Inside <script type="application/ld+json">, "</script>" or "<!--" in a value would end or
# corrupt the block: escape the characters the way django.utils.html.json_script does.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict) -> str:
    """Return `data` as JSON safe to place inside a <script> data block."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))


def edition_event(edition: Edition, url: str) -> dict:
    """Return the schema.org Event describing `edition`."""
    address = {
        "@type": "PostalAddress",
        "addressLocality": edition.city,
        "addressRegion": "Occitanie",
        "addressCountry": "FR",
    }
    if edition.address:
        address["streetAddress"] = edition.address
    event = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": str(edition.title),
        "startDate": edition.start_date.isoformat(),
        "endDate": edition.end_date.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": edition.venue or edition.city, "address": address},
        "organizer": {"@type": "Organization", "name": "Région Occitanie"},
        "url": url,
        "inLanguage": "fr",
    }
    description = edition.theme or edition.description
    if description:
        event["description"] = description
    return event


@require_safe
def index(request):
    """Return the history of the fair and the list of its editions."""
    editions = list(Edition.objects.order_by("-year"))
    counted = [e for e in reversed(editions) if e.exhibitors_count is not None]
    chart = bar_chart(
        _("Exposants par édition"),
        [(str(e.year), e.exhibitors_count, "", e.get_absolute_url()) for e in counted],
        value_header=_("Exposants"),
        caption=_("bilans des éditions (valeurs d'exemple signalées dans le tableau)"),
    )
    return render(
        request,
        "coventis/index.html",
        {
            "editions": editions,
            "chart": chart,
            "has_examples": any(e.is_example for e in editions),
        },
    )


def _programme_by_day(items):
    """Return [(local date, [items])] for programme items ordered by start."""
    return [
        (day, list(group))
        for day, group in groupby(items, key=lambda item: timezone.localdate(item.start))
    ]


@require_safe
def edition_detail(request, year):
    """Return one edition: programme, exhibitors (filterable), practical information."""
    edition = get_object_or_404(Edition, year=year)
    programme = list(edition.programme.all())
    exhibitors = (
        edition.exhibitors.filter(enterprise__is_published=True)
        .select_related("enterprise__departement")
        .annotate(takes_meetings=Exists(Registration.objects.filter(exhibitor=OuterRef("pk"))))
        .order_by("enterprise__name")
    )
    exhibitor_filter = ExhibitorFilter(request.GET or None, queryset=exhibitors)
    page_obj = Paginator(exhibitor_filter.qs, EXHIBITORS_PER_PAGE).get_page(request.GET.get("page"))
    registration = None
    if request.user.is_authenticated:
        registration = Registration.objects.filter(edition=edition, user=request.user).first()
    event = edition_event(edition, request.build_absolute_uri(edition.get_absolute_url()))
    return render(
        request,
        "coventis/edition.html",
        {
            "edition": edition,
            "programme_days": _programme_by_day(programme),
            "filter": exhibitor_filter,
            "page_obj": page_obj,
            "registration": registration,
            "accepting": edition.is_accepting_registrations(),
            "json_ld": json_ld(event),
        },
    )


@login_required
def registration_create(request, year):
    """Return the registration form of an open edition, and record a registration."""
    edition = get_object_or_404(Edition, year=year)
    if Registration.objects.filter(edition=edition, user=request.user).exists():
        messages.info(request, _("Vous êtes déjà inscrit à cette édition."))
        return redirect("coventis:schedule", year=edition.year)
    accepting = edition.is_accepting_registrations()
    initial = {
        "badge_name": request.user.get_full_name(),
        "enterprise": request.GET.get("entreprise", "")[:300],
    }
    if request.GET.get("entreprise"):
        initial["kind"] = Registration.Kind.EXHIBITOR
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and accepting and form.is_valid():
        data = form.cleaned_data
        try:
            services.registration_create(
                edition=edition,
                user=request.user,
                kind=data["kind"],
                badge_name=data["badge_name"],
                organisation=data["organisation"],
                buyer_type=data["buyer_type"],
                enterprise=data.get("enterprise_record"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Votre inscription est enregistrée : un courriel de confirmation "
                    "vous a été envoyé."
                ),
            )
            return redirect("coventis:schedule", year=edition.year)
    elif request.method == "POST" and not accepting:
        messages.error(request, _("Les inscriptions à cette édition sont closes."))
    return render(
        request,
        "coventis/registration_form.html",
        {"edition": edition, "form": form, "accepting": accepting},
    )


def _user_meetings(user, edition):
    """Return the user's meetings of `edition`, each with `role` set ("buyer"/"exhibitor")."""
    meetings = list(
        MeetingRequest.objects.for_user(user)
        .filter(slot__edition=edition)
        .select_related("slot", "buyer", "exhibitor__enterprise")
        .order_by("slot__start", "created_at")
    )
    for meeting in meetings:
        meeting.role = "buyer" if meeting.buyer.user_id == user.pk else "exhibitor"
    return meetings


@login_required
@require_safe
def schedule(request, year):
    """Return the signed-in user's registration and meetings for one edition (printable)."""
    edition = get_object_or_404(Edition, year=year)
    registration = (
        Registration.objects.filter(edition=edition, user=request.user)
        .select_related("exhibitor__enterprise")
        .first()
    )
    meetings = _user_meetings(request.user, edition) if registration else []
    return render(
        request,
        "coventis/schedule.html",
        {
            "edition": edition,
            "registration": registration,
            "meetings": meetings,
            "accepted": [m for m in meetings if m.status == MeetingRequest.Status.ACCEPTED],
            "accepting": edition.is_accepting_registrations(),
        },
    )


@login_required
@require_safe
def schedule_ics(request, year):
    """Return the user's accepted meetings of one edition as an iCalendar file."""
    edition = get_object_or_404(Edition, year=year)
    meetings = [
        m
        for m in _user_meetings(request.user, edition)
        if m.status == MeetingRequest.Status.ACCEPTED
    ]
    body = calendar.schedule_calendar(edition, meetings, host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="coventis-{edition.year}-rendez-vous.ics"'
    )
    return response


@login_required
def meeting_request_create(request, year):
    """Return the form in which a registered buyer asks an exhibitor for a meeting."""
    edition = get_object_or_404(Edition, year=year)
    buyer = Registration.objects.filter(
        edition=edition, user=request.user, kind=Registration.Kind.BUYER
    ).first()
    if buyer is None:
        messages.error(
            request, _("Les demandes de rendez-vous sont réservées aux acheteurs inscrits.")
        )
        return redirect("coventis:schedule", year=edition.year)
    initial = {"exhibitor": request.GET.get("exposant")} if request.GET.get("exposant") else {}
    form = MeetingRequestForm(request.POST or None, initial=initial, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_request_create(
                buyer=buyer,
                exhibitor=form.cleaned_data["exhibitor"],
                slot=form.cleaned_data["slot"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Votre demande de rendez-vous est envoyée à l'exposant."))
            return redirect(meeting)
    return render(request, "coventis/meeting_request_form.html", {"edition": edition, "form": form})


def _meeting_or_404(request, pk):
    """Return the meeting `pk` if the signed-in user is one of its parties, else 404."""
    queryset = MeetingRequest.objects.for_user(request.user).select_related(
        "slot__edition", "buyer", "exhibitor__enterprise", "exhibitor__registration"
    )
    return get_object_or_404(queryset, pk=pk)


@login_required
@require_safe
def meeting_detail(request, pk):
    """Return one meeting, seen by its buyer or its exhibitor (404 for anyone else)."""
    meeting = _meeting_or_404(request, pk)
    role = "buyer" if meeting.buyer.user_id == request.user.pk else "exhibitor"
    return render(
        request,
        "coventis/meeting_detail.html",
        {"meeting": meeting, "edition": meeting.slot.edition, "role": role},
    )


def _meeting_action(service, success_message):
    @login_required
    @require_POST
    def view(request, pk):
        meeting = _meeting_or_404(request, pk)
        try:
            service(meeting=meeting, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, success_message)
        return redirect(meeting)

    view.__doc__ = f"Call {service.__name__} on the user's meeting, then show it."
    return view


meeting_accept = _meeting_action(services.meeting_accept, gettext_lazy("Rendez-vous accepté."))
meeting_decline = _meeting_action(services.meeting_decline, gettext_lazy("Demande refusée."))
meeting_cancel = _meeting_action(services.meeting_cancel, gettext_lazy("Rendez-vous annulé."))


class EditionFeed(Feed):
    """Atom feed of the fair's editions, newest first."""

    feed_type = Atom1Feed

    def title(self):
        return _("Coventis : les éditions du salon")

    def subtitle(self):
        return _(
            "Les éditions des Rencontres régionales de l'ESS et du salon Coventis en Occitanie."
        )

    def link(self):
        return reverse("coventis:index")

    def items(self):
        return Edition.objects.order_by("-year")[:50]

    def item_title(self, item):
        return str(item.title)

    def item_description(self, item):
        parts = [
            _("Du %(start)s au %(end)s à %(city)s.")
            % {
                "start": item.start_date.strftime("%d/%m/%Y"),
                "end": item.end_date.strftime("%d/%m/%Y"),
                "city": item.city,
            }
        ]
        if item.theme:
            parts.append(item.theme)
        return " ".join(parts)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


edition_feed = EditionFeed()
