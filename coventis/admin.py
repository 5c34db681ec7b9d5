"""Admin for the fair's organisers: editions, exhibitors, programme, registrations, slots
and meetings, each with a CSV export, and badge lists (printable page or CSV)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coventis import services
from coventis.models import (
    Edition,
    Exhibitor,
    MeetingRequest,
    MeetingSlot,
    ProgrammeItem,
    Registration,
)
from occitanie_ess.common.exports import csv_response


def _local(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def csv_action(filename: str, header: list[str], row, related=()):
    """Return an admin action exporting the selected rows as CSV (formula-safe)."""

    def action(modeladmin, request, queryset):
        if related:
            queryset = queryset.select_related(*related)
        rows = (row(obj) for obj in queryset.iterator())
        return csv_response(filename, header, rows)

    action.short_description = _("Exporter la sélection en CSV")
    action.__name__ = "export_csv"
    return action


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = [
        "year",
        "kind",
        "number",
        "city",
        "start_date",
        "registration_open",
        "registration_closes_at",
        "capacity",
        "registrations_total",
    ]
    list_filter = ["kind", "registration_open", "is_example"]
    search_fields = ["city", "venue", "theme"]
    actions = [
        csv_action(
            "coventis-editions.csv",
            [
                "annee",
                "type",
                "numero",
                "debut",
                "fin",
                "ville",
                "lieu",
                "theme",
                "exposants",
                "visiteurs",
                "exemple",
            ],
            lambda e: [
                e.year,
                e.get_kind_display(),
                e.number,
                e.start_date,
                e.end_date,
                e.city,
                e.venue,
                e.theme,
                e.exhibitors_count,
                e.visitors_count,
                e.is_example,
            ],
        )
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(registrations_total=Count("registrations"))

    @admin.display(description=_("inscriptions"), ordering="registrations_total")
    def registrations_total(self, obj):
        return obj.registrations_total


@admin.register(Exhibitor)
class ExhibitorAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "edition", "stand", "representative"]
    list_filter = ["edition", "from_claim"]
    list_select_related = ["enterprise", "edition"]
    search_fields = ["enterprise__name", "stand"]
    raw_id_fields = ["enterprise"]
    actions = [
        "confirm",
        csv_action(
            "coventis-exposants.csv",
            ["edition", "entreprise", "siret", "commune", "stand"],
            lambda x: [
                x.edition.year,
                x.enterprise.name,
                x.enterprise.siret,
                x.enterprise.commune,
                x.stand,
            ],
            related=("edition", "enterprise"),
        ),
    ]

    @admin.display(description=_("représenté par"), ordering="registration__badge_name")
    def representative(self, obj):
        registration = getattr(obj, "registration", None)
        return str(registration.user) if registration and registration.user else "—"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("registration__user")


class PendingClaimFilter(admin.SimpleListFilter):
    title = _("demande d'exposant")
    parameter_name = "demande"

    def lookups(self, request, model_admin):
        return [("attente", _("À confirmer")), ("confirmee", _("Confirmée"))]

    def queryset(self, request, queryset):
        exhibitors = queryset.filter(kind=Registration.Kind.EXHIBITOR)
        if self.value() == "attente":
            return exhibitors.filter(exhibitor__isnull=True)
        if self.value() == "confirmee":
            return exhibitors.filter(exhibitor__isnull=False)
        return queryset


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "kind", "room", "start", "end"]
    list_filter = ["edition", "kind", "room"]
    list_select_related = ["edition"]
    search_fields = ["title", "speakers"]
    actions = [
        csv_action(
            "coventis-programme.csv",
            ["edition", "format", "titre", "salle", "debut", "fin", "intervenants"],
            lambda p: [
                p.edition.year,
                p.get_kind_display(),
                p.title,
                p.room,
                _local(p.start),
                _local(p.end),
                p.speakers,
            ],
            related=("edition",),
        )
    ]


def _badge_rows(queryset):
    return queryset.select_related("edition", "exhibitor__enterprise").order_by(
        "kind", "badge_name"
    )


@admin.action(description=_("Liste des badges (page imprimable)"))
def badges_page(modeladmin, request, queryset):
    return TemplateResponse(
        request,
        "coventis/admin/badges.html",
        {"registrations": _badge_rows(queryset), "title": _("Badges")},
    )


@admin.action(description=_("Liste des badges (CSV)"))
def badges_csv(modeladmin, request, queryset):
    rows = (
        [
            r.edition.year,
            r.badge_name,
            r.get_kind_display(),
            r.exhibitor.enterprise.name if r.exhibitor else r.organisation,
            r.exhibitor.stand if r.exhibitor else "",
        ]
        for r in _badge_rows(queryset)
    )
    return csv_response(
        "coventis-badges.csv", ["edition", "nom", "categorie", "organisme", "stand"], rows
    )


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["badge_name", "kind", "organisation", "edition", "user", "claim", "created_at"]
    list_filter = ["edition", "kind", PendingClaimFilter, "buyer_type"]
    list_select_related = ["edition", "user", "enterprise"]
    search_fields = ["badge_name", "organisation", "user__email", "user__name"]
    raw_id_fields = ["user", "enterprise", "exhibitor"]
    actions = [
        "confirm_claims",
        badges_page,
        badges_csv,
        csv_action(
            "coventis-inscriptions.csv",
            [
                "edition",
                "categorie",
                "nom",
                "organisme",
                "type_acheteur",
                "courriel",
                "inscrit_le",
            ],
            lambda r: [
                r.edition.year,
                r.get_kind_display(),
                r.badge_name,
                r.organisation,
                r.get_buyer_type_display(),
                r.user.email if r.user else "",
                _local(r.created_at),
            ],
            related=("edition", "user"),
        ),
    ]

    @admin.display(description=_("demande d'exposant"))
    def claim(self, obj):
        if obj.kind != Registration.Kind.EXHIBITOR:
            return ""
        return _("Confirmée") if obj.exhibitor_id else _("À confirmer")

    @admin.action(
        description=_("Confirmer les demandes d'exposant sélectionnées"), permissions=["change"]
    )
    def confirm_claims(self, request, queryset):
        confirmed, refused = 0, []
        for registration in queryset.filter(kind=Registration.Kind.EXHIBITOR, exhibitor=None):
            try:
                services.exhibitor_claim_confirm(registration=registration)
            except ValidationError as error:
                refused.append(f"{registration.badge_name} : {' '.join(error.messages)}")
            else:
                confirmed += 1
        self.message_user(
            request,
            ngettext(
                "%(count)s demande d'exposant confirmée.",
                "%(count)s demandes d'exposant confirmées.",
                confirmed,
            )
            % {"count": confirmed},
        )
        for message in refused:
            self.message_user(request, message, level=messages.ERROR)


@admin.register(MeetingSlot)
class MeetingSlotAdmin(admin.ModelAdmin):
    list_display = ["__str__", "edition"]
    list_filter = ["edition"]
    list_select_related = ["edition"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["slot", "buyer", "exhibitor", "status", "created_at"]
    list_filter = ["slot__edition", "status"]
    list_select_related = ["slot", "buyer__edition", "exhibitor__enterprise", "exhibitor__edition"]
    search_fields = ["buyer__badge_name", "buyer__organisation", "exhibitor__enterprise__name"]
    raw_id_fields = ["slot", "buyer", "exhibitor"]
    actions = [
        csv_action(
            "coventis-rendez-vous.csv",
            ["edition", "debut", "fin", "acheteur", "organisme", "exposant", "statut"],
            lambda m: [
                m.slot.edition.year,
                _local(m.slot.start),
                _local(m.slot.end),
                m.buyer.badge_name,
                m.buyer.organisation,
                m.exhibitor.enterprise.name,
                m.get_status_display(),
            ],
            related=("slot__edition", "buyer", "exhibitor__enterprise"),
        )
    ]
