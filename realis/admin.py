"""Admin for the REALIS team: residencies (with exit alerts and the capacity in use),
members, spaces, bookings, coaching sessions, and CSV exports."""

import datetime
from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import DecimalField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from occitanie_ess.common.admin_tools import service_action, staff_csv_response
from occitanie_ess.common.formats import decimal_fr
from occitanie_ess.common.registry import DashboardBlock, Todo
from realis import conf, services
from realis.forms import CoachingSessionForm
from realis.models import (
    Booking,
    CoachingSession,
    Membership,
    Residency,
    SharedService,
    Space,
    today,
)

ALERT_DAYS = 92  # "within three months"


def dashboard(request):
    """The REALIS block of the admin's home: occupancy (residents / capacity), this week's
    bookings, residencies ending within three months."""
    if not request.user.has_perm("realis.view_residency"):
        return None
    on = today()
    residents = Residency.objects.current(on).count()
    capacity = conf.capacity()
    monday = on - datetime.timedelta(days=on.weekday())
    week_start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time()))
    week = Booking.objects.confirmed().between(week_start, week_start + datetime.timedelta(7))
    spaces_booked = week.values("space").distinct().count()
    bookable = Space.objects.filter(is_bookable=True).count()
    exits_due = Residency.objects.exit_due_within(ALERT_DAYS, on).count()
    residencies = reverse("admin:realis_residency_changelist")
    bookings = reverse("admin:realis_booking_changelist")
    exits_url = f"{residencies}?sortie=3mois"
    week_url = f"{bookings}?" + urlencode(
        {
            "status__exact": Booking.Status.CONFIRMED,
            "end__gt": week_start.isoformat(),
            "start__lt": (week_start + datetime.timedelta(7)).isoformat(),
        }
    )
    return DashboardBlock(
        title=gettext("Pépinière REALIS"),
        figures=(
            (
                gettext("Entreprises hébergées"),
                f"{residents} / {capacity}",
                f"{residencies}?status__exact={Residency.Status.RESIDENT}",
            ),
            (
                gettext("Espaces réservés cette semaine"),
                f"{spaces_booked} / {bookable}",
                week_url,
            ),
            (gettext("Réservations cette semaine"), week.count(), week_url),
            (gettext("Résidences qui se terminent dans les trois mois"), exits_due, exits_url),
        ),
        links=(
            (gettext("Calendrier des réservations"), reverse("realis:calendar")),
            (gettext("Résidences"), residencies),
            (gettext("Réservations à venir"), f"{bookings}?periode=a-venir"),
            (
                gettext("Séances d'accompagnement"),
                reverse("admin:realis_coachingsession_changelist"),
            ),
        ),
        todos=(
            Todo(
                gettext("Résidences REALIS qui se terminent dans les trois mois"),
                exits_due,
                exits_url,
            ),
        ),
        order=30,
    )


class ExitDueFilter(admin.SimpleListFilter):
    title = _("sortie prévue")
    parameter_name = "sortie"

    def lookups(self, request, model_admin):
        return [
            ("3mois", _("dans les trois mois")),
            ("depassee", _("dépassée sans sortie enregistrée")),
        ]

    def queryset(self, request, queryset):
        on = today()
        if self.value() == "3mois":
            return queryset.exit_due_within(ALERT_DAYS, on)
        if self.value() == "depassee":
            return queryset.filter(
                status=Residency.Status.RESIDENT,
                actual_exit_date__isnull=True,
                planned_exit_date__lt=on,
            )
        return queryset


def coaching_hours_subquery():
    """Return a subquery of the coaching hours each residency's enterprise received during
    that residency (never before its entry nor after its exit)."""
    through = CoachingSession.enterprises.through
    return Coalesce(
        Subquery(
            through.objects.filter(
                enterprise_id=OuterRef("enterprise_id"),
                coachingsession__date__gte=OuterRef("entry_date"),
                coachingsession__date__lte=Coalesce(
                    OuterRef("actual_exit_date"), OuterRef("planned_exit_date")
                ),
            )
            .values("enterprise_id")
            .annotate(total=Sum("coachingsession__hours"))
            .values("total")[:1],
            output_field=DecimalField(max_digits=8, decimal_places=2),
        ),
        0,
        output_field=DecimalField(max_digits=8, decimal_places=2),
    )


@admin.register(Residency)
class ResidencyAdmin(SimpleHistoryAdmin):
    list_display = (
        "enterprise",
        "status",
        "entry_date",
        "planned_exit_date",
        "exit_alert",
        "actual_exit_date",
        "office",
        "coaching_hours",
    )
    list_filter = (ExitDueFilter, "status", "still_active")
    search_fields = ("enterprise__name", "settled_commune")
    autocomplete_fields = ("enterprise",)
    date_hierarchy = "entry_date"
    list_select_related = ("enterprise", "office")
    actions = ("export_csv",)
    change_list_template = "realis/admin/residency_change_list.html"
    fieldsets = (
        (None, {"fields": ("enterprise", "status", "office")}),
        (_("Dates"), {"fields": ("entry_date", "planned_exit_date", "actual_exit_date")}),
        (_("À la sortie"), {"fields": ("settled_commune", "jobs_at_exit", "still_active")}),
        (None, {"fields": ("notes",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(hours_received=coaching_hours_subquery())

    def save_model(self, request, obj, form, change):
        services.residency_save(residency=obj)

    def delete_model(self, request, obj):
        services.residency_delete(residency=obj)

    def delete_queryset(self, request, queryset):
        for residency in queryset:
            services.residency_delete(residency=residency)

    @admin.display(description=_("alerte de sortie"))
    def exit_alert(self, obj):
        if obj.exit_due_soon(ALERT_DAYS):
            days = (obj.planned_exit_date - today()).days
            return format_html(
                '<strong class="realis-alert">{}</strong>',
                _("Sortie dans %(days)s jours") % {"days": days},
            )
        return "—"

    @admin.display(description=_("heures d'accompagnement reçues"), ordering="hours_received")
    def coaching_hours(self, obj):
        return decimal_fr(obj.hours_received)

    def changelist_view(self, request, extra_context=None):
        on = today()
        residents = Residency.objects.current(on).count()
        capacity = conf.capacity()
        extra_context = {
            **(extra_context or {}),
            "realis_capacity": capacity,
            "realis_residents": residents,
            "realis_free": max(capacity - residents, 0),
            "realis_rate": round(100 * residents / capacity) if capacity else 0,
            "realis_exits_due": Residency.objects.exit_due_within(ALERT_DAYS, on).count(),
        }
        return super().changelist_view(request, extra_context=extra_context)

    @admin.action(description=_("Exporter la sélection en CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        header = [
            gettext("Entreprise"),
            gettext("Statut"),
            gettext("Entrée"),
            gettext("Sortie prévue"),
            gettext("Sortie effective"),
            gettext("Bureau"),
            gettext("Commune d'implantation"),
            gettext("Emplois à la sortie"),
            gettext("Toujours active"),
            gettext("Heures d'accompagnement"),
        ]
        rows = (
            [
                r.enterprise.name,
                r.get_status_display(),
                r.entry_date,
                r.planned_exit_date,
                r.actual_exit_date,
                r.office.name if r.office else "",
                r.settled_commune,
                r.jobs_at_exit,
                r.still_active,
                r.hours_received,
            ]
            for r in queryset.select_related("enterprise", "office")
        )
        return staff_csv_response("realis-residences.csv", header, rows)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "enterprise", "created_at")
    list_filter = (("enterprise", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("user__email", "enterprise__name")
    date_hierarchy = "created_at"
    autocomplete_fields = ("user", "enterprise")
    list_select_related = ("user", "enterprise")


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "capacity", "area", "is_bookable", "order")
    list_filter = ("kind", "is_bookable")
    list_editable = ("order",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(SharedService)
class SharedServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "order")
    list_editable = ("order",)
    search_fields = ("name",)


class UpcomingFilter(admin.SimpleListFilter):
    title = _("période")
    parameter_name = "periode"

    def lookups(self, request, model_admin):
        return [("a-venir", _("à venir")), ("passees", _("passées"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "a-venir":
            return queryset.filter(end__gt=now)
        if self.value() == "passees":
            return queryset.filter(end__lte=now)
        return queryset


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ("space", "start", "end", "enterprise", "booked_by", "status")
    list_filter = (UpcomingFilter, "status", "space")
    search_fields = ("enterprise__name", "purpose", "booked_by__email")
    autocomplete_fields = ("enterprise", "booked_by")
    date_hierarchy = "start"
    list_select_related = ("space", "enterprise", "booked_by")
    readonly_fields = ("created_at", "cancelled_at")
    actions = (
        service_action(
            name="cancel_bookings",
            description=_("Annuler les réservations sélectionnées"),
            done=ngettext_lazy(
                "%(count)d réservation annulée.", "%(count)d réservations annulées.", "count"
            ),
            bulk=lambda request, queryset: services.bookings_cancel(bookings=queryset),
        ),
        "export_csv",
    )

    @admin.action(description=_("Exporter la sélection en CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        header = [
            gettext("Espace"),
            gettext("Début (heure de Paris)"),
            gettext("Fin (heure de Paris)"),
            gettext("Entreprise"),
            gettext("Objet"),
            gettext("Statut"),
        ]
        rows = (
            [
                b.space.name,
                b.start,
                b.end,
                b.enterprise.name,
                b.purpose,
                b.get_status_display(),
            ]
            for b in queryset.select_related("space", "enterprise")
        )
        return staff_csv_response("realis-reservations.csv", header, rows)


@admin.register(CoachingSession)
class CoachingSessionAdmin(admin.ModelAdmin):
    form = CoachingSessionForm
    list_display = ("date", "kind", "topic", "hours", "coach", "present")
    list_filter = ("kind", "date")
    search_fields = ("topic", "coach", "enterprises__name")
    autocomplete_fields = ("enterprises",)
    date_hierarchy = "date"
    actions = ("export_csv",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("enterprises")

    @admin.display(description=_("entreprises présentes"))
    def present(self, obj):
        return ", ".join(e.name for e in obj.enterprises.all())

    @admin.action(description=_("Exporter la sélection en CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        header = [
            gettext("Date"),
            gettext("Type"),
            gettext("Thème"),
            gettext("Heures"),
            gettext("Accompagnement"),
            gettext("Entreprises"),
        ]
        rows = (
            [
                s.date,
                s.get_kind_display(),
                s.topic,
                s.hours,
                s.coach,
                ", ".join(e.name for e in s.enterprises.all()),
            ]
            for s in queryset.prefetch_related("enterprises")
        )
        return staff_csv_response("realis-accompagnement.csv", header, rows)
