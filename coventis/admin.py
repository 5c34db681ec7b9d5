"""Admin for the fair's organisers: editions, exhibitors, programme, registrations, slots
and meetings, each with a CSV export, and badge lists (printable page or CSV)."""

from django.contrib import admin
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from coventis import services
from coventis.models import (
    Edition,
    Exhibitor,
    MeetingRequest,
    MeetingSlot,
    ProgrammeItem,
    Registration,
)
from occitanie_ess.common.admin_tools import csv_action, service_action, staff_csv_response
from occitanie_ess.common.registry import DashboardBlock, Todo


def dashboard(request):
    """The Coventis block of the admin's home: the next edition (days to go, registrations
    by category), meeting requests awaiting an exhibitor's answer, claims to confirm."""
    if not request.user.has_perm("coventis.view_registration"):
        return None
    today = timezone.localdate()
    edition = (
        Edition.objects.filter(end_date__gte=today).order_by("start_date").first()
        or Edition.objects.order_by("-start_date").first()
    )
    exhibitors = reverse("admin:coventis_exhibitor_changelist")
    meetings = reverse("admin:coventis_meetingrequest_changelist")
    registrations = reverse("admin:coventis_registration_changelist")
    # An online exhibitor registration that the organisers have not confirmed yet.
    to_confirm = Registration.objects.filter(
        kind=Registration.Kind.EXHIBITOR, exhibitor__isnull=True
    )
    pending = MeetingRequest.objects.filter(status=MeetingRequest.Status.PENDING)
    figures = []
    if edition is not None:
        to_confirm = to_confirm.filter(edition=edition)
        pending = pending.filter(slot__edition=edition)
        days = (edition.start_date - today).days
        if days > 0:
            when = ngettext("dans %(days)d jour", "dans %(days)d jours", days) % {"days": days}
        elif edition.end_date >= today:
            when = gettext("en cours")
        else:
            when = gettext("passée")
        figures.append((gettext("Édition %(year)s") % {"year": edition.year}, when, ""))
        by_kind = dict(edition.registrations.values_list("kind").annotate(n=Count("pk")).order_by())
        base = f"{registrations}?edition__id__exact={edition.pk}"
        figures.append((gettext("Inscriptions"), sum(by_kind.values()), base))
        figures += [
            (label, by_kind.get(value, 0), f"{base}&kind__exact={value}")
            for value, label in Registration.Kind.choices
        ]
        edition_filter = f"edition__id__exact={edition.pk}"
        meeting_filter = f"slot__edition__id__exact={edition.pk}&"
    else:
        edition_filter, meeting_filter = "", ""
    pending_count = pending.count()
    figures.append(
        (
            gettext("Rendez-vous en attente de réponse des exposants"),
            pending_count,
            f"{meetings}?{meeting_filter}status__exact={MeetingRequest.Status.PENDING}",
        )
    )
    return DashboardBlock(
        title=gettext("Coventis"),
        figures=tuple(figures),
        links=(
            (gettext("Exposants"), exhibitors),
            (gettext("Inscriptions et badges"), registrations),
            (gettext("Rendez-vous d'affaires"), meetings),
            (gettext("Programme"), reverse("admin:coventis_programmeitem_changelist")),
        ),
        todos=(
            Todo(
                gettext("Demandes d'exposant à confirmer"),
                to_confirm.count(),
                f"{registrations}?{edition_filter}&demande=attente".replace("?&", "?"),
            ),
            Todo(
                gettext("Rendez-vous d'affaires en attente de réponse"),
                pending_count,
                f"{meetings}?{meeting_filter}status__exact={MeetingRequest.Status.PENDING}",
            ),
        ),
        order=40,
    )


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
    search_fields = ["city", "venue", "theme", "year"]
    date_hierarchy = "start_date"
    actions = [
        csv_action(
            "coventis-editions.csv",
            [
                _("Année"),
                _("Type"),
                _("Numéro"),
                _("Premier jour"),
                _("Dernier jour"),
                _("Ville"),
                _("Lieu"),
                _("Thème"),
                _("Exposants"),
                _("Visiteurs"),
                _("Exemple"),
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
    autocomplete_fields = ["enterprise"]
    actions = [
        csv_action(
            "coventis-exposants.csv",
            [_("Édition"), _("Entreprise"), _("SIRET"), _("Commune"), _("Stand")],
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
    date_hierarchy = "start"
    actions = [
        csv_action(
            "coventis-programme.csv",
            [
                _("Édition"),
                _("Format"),
                _("Titre"),
                _("Salle"),
                _("Début (heure de Paris)"),
                _("Fin (heure de Paris)"),
                _("Intervenants"),
            ],
            lambda p: [
                p.edition.year,
                p.get_kind_display(),
                p.title,
                p.room,
                p.start,
                p.end,
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
    return staff_csv_response(
        "coventis-badges.csv",
        [
            gettext("Édition"),
            gettext("Nom"),
            gettext("Catégorie"),
            gettext("Organisme"),
            gettext("Stand"),
        ],
        rows,
    )


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["badge_name", "kind", "organisation", "edition", "user", "claim", "created_at"]
    list_filter = ["edition", "kind", PendingClaimFilter, "buyer_type"]
    list_select_related = ["edition", "user", "enterprise"]
    search_fields = ["badge_name", "organisation", "user__email", "user__name"]
    # Registrations are made online by their account: staff never reassign one.
    readonly_fields = ["user", "created_at"]
    autocomplete_fields = ["enterprise", "exhibitor"]
    date_hierarchy = "created_at"
    actions = [
        service_action(
            name="confirm_claims",
            description=_("Confirmer les demandes d'exposant sélectionnées"),
            done=ngettext_lazy(
                "%(count)s demande d'exposant confirmée.",
                "%(count)s demandes d'exposant confirmées.",
                "count",
            ),
            each=lambda request, registration: services.exhibitor_claim_confirm(
                registration=registration
            ),
            eligible=lambda queryset: queryset.filter(
                kind=Registration.Kind.EXHIBITOR, exhibitor=None
            ),
            label=lambda registration: registration.badge_name,
        ),
        badges_page,
        badges_csv,
        csv_action(
            "coventis-inscriptions.csv",
            [
                _("Édition"),
                _("Catégorie"),
                _("Nom sur le badge"),
                _("Organisme"),
                _("Type d'acheteur"),
                _("Compte"),
                _("Courriel"),
                _("Inscrit le (heure de Paris)"),
            ],
            lambda r: [
                r.edition.year,
                r.get_kind_display(),
                r.badge_name,
                r.organisation,
                r.get_buyer_type_display(),
                r.user.name if r.user else "",
                r.user.email if r.user else "",
                r.created_at,
            ],
            related=("edition", "user"),
        ),
    ]

    @admin.display(description=_("demande d'exposant"))
    def claim(self, obj):
        if obj.kind != Registration.Kind.EXHIBITOR:
            return ""
        return _("Confirmée") if obj.exhibitor_id else _("À confirmer")


@admin.register(MeetingSlot)
class MeetingSlotAdmin(admin.ModelAdmin):
    list_display = ["__str__", "edition", "start", "end"]
    list_filter = ["edition"]
    list_select_related = ["edition"]
    search_fields = ["edition__year", "edition__city"]
    date_hierarchy = "start"


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["slot", "buyer", "exhibitor", "status", "created_at"]
    list_filter = ["slot__edition", "status"]
    list_select_related = ["slot", "buyer__edition", "exhibitor__enterprise", "exhibitor__edition"]
    search_fields = ["buyer__badge_name", "buyer__organisation", "exhibitor__enterprise__name"]
    autocomplete_fields = ["slot", "buyer", "exhibitor"]
    date_hierarchy = "created_at"
    actions = [
        csv_action(
            "coventis-rendez-vous.csv",
            [
                _("Édition"),
                _("Début (heure de Paris)"),
                _("Fin (heure de Paris)"),
                _("Acheteur"),
                _("Organisme"),
                _("Exposant"),
                _("Statut"),
            ],
            lambda m: [
                m.slot.edition.year,
                m.slot.start,
                m.slot.end,
                m.buyer.badge_name,
                m.buyer.organisation,
                m.exhibitor.enterprise.name,
                m.get_status_display(),
            ],
            related=("slot__edition", "buyer", "exhibitor__enterprise"),
        )
    ]
