"""Admin for the YESS team: calls and criteria, applications by call and status, scores,
decisions in bulk (through yess.services, which notify the applicants), CSV export."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from occitanie_ess.common.exports import csv_response
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


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "opens_at", "closes_at", "capacity", "operator"]
    search_fields = ["title"]
    raw_id_fields = ["operator"]
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


class JuryAssignmentInline(admin.TabularInline):
    model = JuryAssignment
    extra = 0
    raw_id_fields = ["juror"]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    can_delete = False
    fields = ["juror", "criterion", "value", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _transition_action(to_status: str, label):
    def action(modeladmin, request, queryset):
        done, refused = 0, []
        for application in queryset.order_by("pk"):
            try:
                services.application_transition(
                    application=application, to_status=to_status, by=request.user
                )
                done += 1
            except ValidationError as error:
                refused.append(f"{application} : {' '.join(error.messages)}")
        if done:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d candidature mise à jour (la personne est prévenue par courriel).",
                    "%(count)d candidatures mises à jour (les personnes sont prévenues par "
                    "courriel).",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )
        for message in refused:
            modeladmin.message_user(request, message, messages.ERROR)

    action.__name__ = f"move_to_{to_status}"
    return admin.action(description=label, permissions=["change"])(action)


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
    search_fields = ["project_name", "applicant__email"]
    list_select_related = ["call", "departement"]
    raw_id_fields = ["enterprise"]
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
        "funding_needs",
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

    def has_add_permission(self, request):
        # Applications are made by applicants, online.
        return False

    def save_model(self, request, obj, form, change):
        # Staff only link the application to its directory record; the link is what the
        # directory's "accompagnée par" shows for a cohort member.
        services.application_enterprise_set(application=obj, enterprise=obj.enterprise)

    @admin.display(description=_("moyenne /20"), ordering=F("average").desc(nulls_last=True))
    def average_score(self, obj):
        if obj.average is None:
            return "—"
        return f"{obj.average:.1f}".replace(".", ",")

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

    @admin.action(description=_("Exporter en CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        header = [
            "id",
            "appel",
            "projet",
            "statut",
            "déposée le",
            "département",
            "commune",
            "stade",
            "besoin de financement",
            "moyenne /20",
            "courriel",
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
                a.applicant.email if a.applicant else "",
            ]
            for a in queryset.select_related("call", "departement", "applicant")
        )
        return csv_response("candidatures-yess.csv", header, rows)


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["application", "juror", "criterion", "value"]
    list_filter = ["application__call", "criterion"]
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
    list_display = ["name", "call"]
    inlines = [SessionInline]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["application"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "cohort", "starts_at"]
    list_filter = ["cohort", "kind"]
    inlines = [AttendanceInline]
