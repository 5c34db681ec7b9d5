"""REALIS pages: the pépinière, the weekly booking calendar, one booking, its cancellation."""

import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from occitanie_ess.common.charts import bar_chart
from occitanie_ess.common.formats import decimal_fr
from realis import conf, services
from realis.forms import BookingForm, WeekForm
from realis.models import Booking, CoachingSession, Residency, SharedService, Space, today


def key_figures(on: datetime.date | None = None) -> dict:
    """Return the pépinière's key figures: residents now, capacity, coaching hours this
    year, alumni (all and still active)."""
    on = on or today()
    residents = Residency.objects.current(on).count()
    alumni = Residency.objects.alumni().aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(still_active=True))
    )
    hours = CoachingSession.objects.filter(date__year=on.year).aggregate(total=Sum("hours"))
    return {
        "residents": residents,
        "capacity": conf.capacity(),
        "free_places": max(conf.capacity() - residents, 0),
        "coaching_hours": hours["total"] or 0,
        "alumni": alumni["total"],
        "alumni_active": alumni["active"],
        "year": on.year,
    }


@require_safe
def index(request):
    """Return the pépinière: what it is, residents and alumni, spaces, key figures."""
    on = today()
    figures = key_figures(on)
    residents = list(
        Residency.objects.current(on)
        .filter(enterprise__is_published=True)
        .select_related("enterprise", "office")
        .order_by("enterprise__name")
    )
    alumni = list(
        Residency.objects.alumni()
        .filter(enterprise__is_published=True)
        .select_related("enterprise")
        .order_by("-actual_exit_date", "enterprise__name")
    )
    by_month = dict(
        CoachingSession.objects.filter(date__year=on.year)
        .values_list("date__month")
        .annotate(total=Sum("hours"))
        .values_list("date__month", "total")
    )
    hour_unit = _("h")
    occupancy_chart = bar_chart(
        _("Occupation de la pépinière"),
        [
            (_("Entreprises résidentes"), figures["residents"]),
            (_("Places disponibles"), figures["free_places"]),
        ],
        caption=_("capacité d'environ %(capacity)s entreprises") % figures,
        value_header=_("Entreprises"),
    )
    coaching_chart = bar_chart(
        _("Heures d'accompagnement en %(year)s") % figures,
        [
            (
                formats.date_format(datetime.date(on.year, month, 1), "F"),
                by_month.get(month, 0),
                f"{decimal_fr(by_month.get(month, 0))} {hour_unit}",
            )
            for month in range(1, on.month + 1)
        ],
        caption=_("séances individuelles et collectives, par mois"),
        value_header=_("Heures"),
    )
    alumni_chart = bar_chart(
        _("Devenir des anciennes résidentes"),
        [
            (_("Toujours en activité"), figures["alumni_active"]),
            (_("Activité arrêtée"), figures["alumni"] - figures["alumni_active"]),
        ],
        value_header=_("Entreprises"),
    )
    return render(
        request,
        "realis/index.html",
        {
            "figures": figures,
            "residents": residents,
            "alumni": alumni,
            # The figures count every enterprise; the lists show the published ones and
            # say how many others there are, so that each count equals its list.
            "unlisted_residents": figures["residents"] - len(residents),
            "unlisted_alumni": figures["alumni"] - len(alumni),
            "spaces": Space.objects.all(),
            "services": SharedService.objects.all(),
            "charts": [
                ("occupation", occupancy_chart),
                ("accompagnement", coaching_chart),
                ("anciennes", alumni_chart),
            ],
        },
    )


@dataclass
class Cell:
    """One hour of one day for one space in the calendar."""

    day: datetime.date
    start: datetime.datetime
    end: datetime.datetime
    bookings: list = field(default_factory=list)
    can_book: bool = False
    booking_url: str = ""


@dataclass
class Row:
    label: str
    cells: list


@dataclass
class SpaceWeek:
    space: Space
    rows: list


def week_label(monday: datetime.date) -> str:
    """Return the ISO week of `monday` as "2026-W49"."""
    year, week, _weekday = monday.isocalendar()
    return f"{year}-W{week:02d}"


def build_calendar(*, monday, spaces, bookings, can_book: bool) -> list[SpaceWeek]:
    """Return, for each space, one row per opening hour and one cell per opening day."""
    opening, closing = conf.opening_hours()
    days = [monday + datetime.timedelta(days=d) for d in conf.opening_days()]
    now = timezone.now()
    create_url = reverse("realis:booking_create")
    by_space = {}
    for booking in bookings:
        by_space.setdefault(booking.space_id, []).append(booking)
    calendar = []
    for space in spaces:
        space_bookings = by_space.get(space.pk, [])
        rows = []
        for hour in range(opening, closing):
            cells = []
            for day in days:
                start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
                end = start + datetime.timedelta(hours=1)
                cell = Cell(day=day, start=start, end=end)
                cell.bookings = [b for b in space_bookings if b.start < end and b.end > start]
                if can_book and not cell.bookings and start > now:
                    cell.can_book = True
                    cell.booking_url = (
                        f"{create_url}?espace={space.slug}&date={day.isoformat()}"
                        f"&debut={hour:02d}:00&fin={hour + 1:02d}:00"
                    )
                cells.append(cell)
            rows.append(Row(label=f"{hour} h – {hour + 1} h", cells=cells))
        calendar.append(SpaceWeek(space=space, rows=rows))
    return calendar


@login_required
@require_safe
def calendar(request):
    """Return the week's bookings of every bookable space, with links to book free slots
    (for members of an enterprise in residence). Works without JavaScript."""
    week_form = WeekForm(request.GET)
    status = 200
    monday = None
    if week_form.is_valid():
        monday = week_form.cleaned_data["semaine"]
    else:
        status = 400
    current = today()
    monday = monday or current - datetime.timedelta(days=current.weekday())
    week_start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time()))
    week_end = week_start + datetime.timedelta(days=7)
    enterprises = services.bookable_enterprises(request.user)
    spaces = list(Space.objects.filter(is_bookable=True))
    bookings = list(Booking.objects.confirmed().between(week_start, week_end))
    own_ids = {e.pk for e in enterprises}
    for booking in bookings:
        booking.is_own = booking.enterprise_id in own_ids
    upcoming = list(
        Booking.objects.upcoming()
        .filter(enterprise_id__in=own_ids)
        .select_related("space", "enterprise")[:20]
    )
    return render(
        request,
        "realis/calendar.html",
        {
            "week_form": week_form,
            "monday": monday,
            "sunday": monday + datetime.timedelta(days=6),
            "days": [monday + datetime.timedelta(days=d) for d in conf.opening_days()],
            "previous_week": week_label(monday - datetime.timedelta(days=7)),
            "next_week": week_label(monday + datetime.timedelta(days=7)),
            "this_week": week_label(current - datetime.timedelta(days=current.weekday())),
            "calendar": build_calendar(
                monday=monday, spaces=spaces, bookings=bookings, can_book=bool(enterprises)
            ),
            "enterprises": enterprises,
            "upcoming": upcoming,
            "opening_hours": conf.opening_hours(),
        },
        status=status,
    )


def initial_from_query(query) -> tuple[dict, list[str]]:
    """Return the booking form's initial values read from the calendar link's query
    string, and a French notice for each value that could not be read."""
    initial, notices = {}, []
    if query.get("espace"):
        initial["space"] = query["espace"][:120]
    if query.get("date"):
        try:
            initial["date"] = datetime.date.fromisoformat(query["date"][:10])
        except ValueError:
            notices.append(_("La date indiquée dans l'adresse n'est pas valide : choisissez-la."))
    for key, name in (("debut", "start_time"), ("fin", "end_time")):
        if query.get(key):
            initial[name] = query[key][:5]
    return initial, notices


@login_required
@require_http_methods(["GET", "POST"])
def booking_create(request):
    """Return the booking form; on a valid POST, book and go to the booking's page.
    Only members of an enterprise in residence may book (others get a 403 page)."""
    enterprises = services.bookable_enterprises(request.user)
    if not enterprises:
        return render(request, "realis/booking_forbidden.html", status=403)
    notices = []
    if request.method == "POST":
        form = BookingForm(request.POST, enterprises=enterprises)
        if form.is_valid():
            try:
                booking = services.booking_create(
                    user=request.user,
                    space=form.cleaned_data["space"],
                    start=form.cleaned_data["start"],
                    end=form.cleaned_data["end"],
                    enterprise=form.cleaned_data.get("enterprise"),
                    purpose=form.cleaned_data["purpose"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                if getattr(error, "code", None) == "overlap":
                    services.booking_conflict_notify(
                        user=request.user,
                        space=form.cleaned_data["space"],
                        start=form.cleaned_data["start"],
                    )
            else:
                messages.success(
                    request,
                    _("Votre réservation est enregistrée : %(booking)s.") % {"booking": booking},
                )
                return redirect("realis:booking_detail", pk=booking.pk)
    else:
        initial, notices = initial_from_query(request.GET)
        form = BookingForm(initial=initial, enterprises=enterprises)
    return render(
        request,
        "realis/booking_form.html",
        {
            "form": form,
            "notices": notices,
            "opening_hours": conf.opening_hours(),
            "max_hours": conf.booking_max_hours(),
        },
    )


def own_booking_or_404(request, pk):
    """Return the booking `pk` if it belongs to one of the user's enterprises; else 404,
    so that changing the id in the URL reveals nothing."""
    return get_object_or_404(
        Booking.objects.for_user(request.user).select_related("space", "enterprise", "booked_by"),
        pk=pk,
    )


@login_required
@require_safe
def booking_detail(request, pk):
    """Return one booking of the user's enterprise."""
    booking = own_booking_or_404(request, pk)
    local_start = timezone.localtime(booking.start)
    monday = local_start.date() - datetime.timedelta(days=local_start.weekday())
    return render(
        request, "realis/booking_detail.html", {"booking": booking, "week": week_label(monday)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def booking_cancel(request, pk):
    """Return the cancellation confirmation; on POST, cancel the booking."""
    booking = own_booking_or_404(request, pk)
    error = ""
    if request.method == "POST":
        try:
            services.booking_cancel(booking=booking, user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("La réservation du %(date)s est annulée.")
                % {"date": formats.date_format(timezone.localtime(booking.start), "j F Y")},
            )
            return redirect("realis:calendar")
    return render(
        request,
        "realis/booking_cancel.html",
        {"booking": booking, "error": error},
        status=400 if error else 200,
    )
