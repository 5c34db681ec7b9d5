"""Admin for the YESS team: calls and criteria, applications by call and status, scores,
decisions in bulk (through yess.services, which notify the applicants), CSV export."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from occitanie_ess.common.admin_tools import service_action, staff_csv_response
from occitanie_ess.common.formats import date_fr, decimal_fr, euros
from occitanie_ess.common.registry import DashboardBlock, Todo
from yess import services
from yess.models import (
    Application,
    Attendance,
    Call,
    Cohort,
    Criterion,
    JuryAssignment,
    Score,
    Session,
    Status,
    StatusChange,
)

AWAITING_DECISION = (Status.UNDER_REVIEW, Status.SHORTLISTED, Status.WAITING_LIST)


def _dashboard_call():
    """Return the call staff work on: the open or next one, else the latest."""
    return Call.objects.current() or Call.objects.order_by("-year").first()


def dashboard(request):
    """The YESS block of the admin's home: the team sees the current call's applications
    by status, its deadline and what awaits a decision; a juror sees what is left to score."""
    user = request.user
    changelist = reverse("admin:yess_application_changelist")
    if user.has_perm("yess.change_application"):
        call = _dashboard_call()
        figures, links, todos = [], [], []
        if call is not None:
            counts = dict(
                Application.objects.filter(call=call)
                .exclude(status=Status.DRAFT)
                .values_list("status")
                .annotate(n=Count("pk"))
            )
            base = f"{changelist}?call__id__exact={call.pk}"
            now = timezone.now()
            deadline = (
                date_fr(call.closes_at)
                if call.closes_at > now
                else gettext("clos le %(date)s") % {"date": date_fr(call.closes_at)}
            )
            figures.append((gettext("Date limite de dépôt"), deadline, ""))
            figures += [
                (label, counts.get(value, 0), f"{base}&status__exact={value}")
                for value, label in Status.choices
                if value != Status.DRAFT
            ]
            todos = [
                Todo(
                    gettext("Candidatures YESS déposées, à passer en examen"),
                    counts.get(Status.SUBMITTED, 0),
                    f"{base}&status__exact={Status.SUBMITTED}",
                ),
                Todo(
                    gettext("Candidatures YESS en attente de décision"),
                    sum(counts.get(status, 0) for status in AWAITING_DECISION),
                    f"{base}&status__in={','.join(AWAITING_DECISION)}",
                ),
            ]
            links.append((gettext("Classement du jury"), reverse("yess:ranking", args=[call.year])))
        links += [
            (gettext("Affectations au jury"), reverse("admin:yess_juryassignment_changelist")),
            (gettext("Séances et présences"), reverse("admin:yess_session_changelist")),
            (gettext("Promotions"), reverse("admin:yess_cohort_changelist")),
            (gettext("Appels à candidatures"), reverse("admin:yess_call_changelist")),
        ]
        title = (
            gettext("YESS Académie : appel %(year)s") % {"year": call.year}
            if call
            else gettext("YESS Académie")
        )
        return DashboardBlock(
            title=title, figures=tuple(figures), links=tuple(links), todos=tuple(todos), order=10
        )
    if user.has_perm("yess.add_score"):
        assignments = JuryAssignment.objects.filter(juror=user).annotate(
            scored=Count("application__scores", filter=Q(application__scores__juror=user))
        )
        left = sum(1 for assignment in assignments if not assignment.scored)
        jury_url = reverse("yess:jury_list")
        return DashboardBlock(
            title=gettext("Jury YESS"),
            figures=(
                (gettext("Candidatures qui me sont affectées"), len(assignments), jury_url),
                (gettext("Restant à noter"), left, jury_url),
            ),
            links=((gettext("Mes candidatures à noter"), jury_url),),
            todos=(Todo(gettext("Candidatures YESS à noter"), left, jury_url),),
            order=10,
        )
    return None


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "opens_at", "closes_at", "capacity", "operator"]
    list_filter = ["year"]
    search_fields = ["title", "year"]
    autocomplete_fields = ["operator"]
    date_hierarchy = "opens_at"
    inlines = [CriterionInline]

    def save_model(self, request, obj, form, change):
        services.call_save(call=obj)


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def jurors():
    """Return the members of the "Jury YESS" group: the only people one assigns."""
    return get_user_model().objects.filter(groups__name=services.JURY_GROUP, is_active=True)


class JurorChoiceMixin:
    """Pick a juror among the jury's members (a short list) rather than every account."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "juror":
            kwargs["queryset"] = jurors()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class JuryAssignmentInline(JurorChoiceMixin, admin.TabularInline):
    model = JuryAssignment
    extra = 0


@admin.register(JuryAssignment)
class JuryAssignmentAdmin(JurorChoiceMixin, admin.ModelAdmin):
    list_display = ["application", "juror", "call", "scored"]
    list_filter = ["application__call", ("juror", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["application__call", "juror"]
    search_fields = ["application__project_name", "juror__email"]
    autocomplete_fields = ["application"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                score_count=Count(
                    "application__scores", filter=Q(application__scores__juror=F("juror"))
                )
            )
        )

    @admin.display(description=_("appel"), ordering="application__call__year")
    def call(self, obj):
        return obj.application.call.year

    @admin.display(description=_("notée"), boolean=True, ordering="score_count")
    def scored(self, obj):
        return obj.score_count > 0


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    can_delete = False
    fields = ["juror", "criterion", "value", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _transition_action(to_status: str, label):
    """Return the bulk action moving applications to `to_status` through the service,
    which notifies each applicant."""
    return service_action(
        name=f"move_to_{to_status}",
        description=label,
        done=ngettext_lazy(
            "%(count)d candidature mise à jour (la personne est prévenue par courriel).",
            "%(count)d candidatures mises à jour (les personnes sont prévenues par courriel).",
            "count",
        ),
        each=lambda request, application: services.application_transition(
            application=application, to_status=to_status, by=request.user
        ),
    )


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "project_name",
        "call",
        "status",
        "submitted_at",
        "departement",
        "average_score",
    ]
    list_filter = ["call", "status", "stage", "departement"]
    search_fields = ["project_name", "applicant__email", "commune"]
    list_select_related = ["call", "departement"]
    autocomplete_fields = ["enterprise"]
    date_hierarchy = "submitted_at"
    inlines = [JuryAssignmentInline, ScoreInline, StatusChangeInline]
    readonly_fields = [
        "call",
        "applicant",
        "status",
        "project_name",
        "summary",
        "website",
        "social_need",
        "innovation",
        "beneficiaries",
        "team",
        "team_size",
        "departement",
        "commune",
        "stage",
        "economic_model",
        "needs",
        "funding_needs_label",
        "attachments",
        "submitted_at",
        "created_at",
        "is_anonymised",
    ]
    fields = [*readonly_fields, "enterprise"]
    actions = [
        _transition_action(Status.UNDER_REVIEW, _("Passer en cours d'examen")),
        _transition_action(Status.SHORTLISTED, _("Retenir pour un entretien")),
        _transition_action(Status.SELECTED, _("Sélectionner dans la promotion")),
        _transition_action(Status.WAITING_LIST, _("Placer sur liste d'attente")),
        _transition_action(Status.NOT_SELECTED, _("Ne pas retenir")),
        "export_csv",
    ]

    def get_queryset(self, request):
        # A draft is its applicant's alone; a juror reads only the applications assigned.
        queryset = super().get_queryset(request).exclude(status=Status.DRAFT).with_average()
        if not request.user.has_perm("yess.change_application"):
            queryset = queryset.filter(assignments__juror=request.user)
        return queryset

    def changelist_view(self, request, extra_context=None):
        call = _dashboard_call()
        extra_context = {**(extra_context or {}), "ranking_year": call.year if call else None}
        return super().changelist_view(request, extra_context=extra_context)

    def has_add_permission(self, request):
        # Applications are made by applicants, online.
        return False

    def save_model(self, request, obj, form, change):
        # Staff only link the application to its directory record; the link is what the
        # directory's "accompagnée par" shows for a cohort member.
        services.application_enterprise_set(application=obj, enterprise=obj.enterprise)

    @admin.display(description=_("moyenne /20"), ordering=F("average").desc(nulls_last=True))
    def average_score(self, obj):
        return decimal_fr(obj.average)

    @admin.display(description=_("besoin de financement"))
    def funding_needs_label(self, obj):
        return euros(obj.funding_needs) if obj.funding_needs is not None else "—"

    @admin.display(description=_("pièces jointes"))
    def attachments(self, obj):
        links = []
        if obj.pitch_deck:
            url = reverse("yess:attachment", kwargs={"pk": obj.pk, "kind": "presentation"})
            links.append(format_html('<a href="{}">{}</a>', url, _("Présentation (PDF)")))
        if obj.logo:
            url = reverse("yess:attachment", kwargs={"pk": obj.pk, "kind": "logo"})
            links.append(format_html('<a href="{}">{}</a>', url, _("Logo")))
        if not links:
            return "—"
        return format_html("{} {}", links[0], links[1] if len(links) > 1 else "")

    @admin.action(description=_("Exporter la sélection en CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        header = [
            gettext("Numéro"),
            gettext("Appel"),
            gettext("Projet"),
            gettext("Statut"),
            gettext("Déposée le (heure de Paris)"),
            gettext("Département"),
            gettext("Commune"),
            gettext("Stade"),
            gettext("Besoin de financement (€)"),
            gettext("Moyenne /20"),
            gettext("Candidat ou candidate"),
            gettext("Courriel"),
        ]
        rows = (
            [
                a.pk,
                a.call.year,
                a.project_name,
                a.get_status_display(),
                a.submitted_at,
                a.departement.name if a.departement else "",
                a.commune,
                a.get_stage_display(),
                a.funding_needs,
                round(a.average, 2) if a.average is not None else "",
                a.applicant.name if a.applicant else "",
                a.applicant.email if a.applicant else "",
            ]
            for a in queryset.select_related("call", "departement", "applicant")
        )
        return staff_csv_response("candidatures-yess.csv", header, rows)


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["application", "juror", "criterion", "value", "created_at"]
    list_filter = ["application__call", "criterion", ("juror", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["application__project_name", "juror__email", "comment"]
    date_hierarchy = "created_at"
    list_select_related = ["application", "juror", "criterion"]
    readonly_fields = ["application", "juror", "criterion", "value", "comment", "created_at"]

    def has_add_permission(self, request):
        return False


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["kind", "title", "starts_at", "ends_at", "location"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "call", "session_count"]
    list_filter = ["call"]
    list_select_related = ["call"]
    search_fields = ["name", "call__title"]
    inlines = [SessionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(session_total=Count("sessions"))

    @admin.display(description=_("séances"), ordering="session_total")
    def session_count(self, obj):
        return obj.session_total


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["application"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "cohort", "starts_at", "location"]
    list_filter = ["cohort", "kind"]
    list_select_related = ["cohort"]
    search_fields = ["title", "location"]
    date_hierarchy = "starts_at"
    inlines = [AttendanceInline]
