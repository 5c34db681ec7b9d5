"""Admin of the FISO for its staff: envelopes with their dashboard, financings with their
history, State / Région split and repayment schedule. Every save goes through
fiso.services, so a commitment in the admin obeys the same envelope lock as anywhere."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from fiso.forms import EnvelopeForm, FinancingForm
from fiso.models import Envelope, Financing
from fiso.services import envelope_save, financing_commit, financing_delete, financing_save
from occitanie_ess.common.admin_tools import service_action
from occitanie_ess.common.formats import decimal_fr, euros
from occitanie_ess.common.registry import DashboardBlock, Todo

AWAITING_DECISION = (Financing.Status.APPLICATION, Financing.Status.INSTRUCTION)


def dashboard(request):
    """The FISO block of the admin's home: the true use of the current envelope (every
    financing, published or not) and the applications awaiting a decision."""
    if not request.user.has_perm("fiso.view_financing"):
        return None
    envelope = Envelope.objects.order_by("-start_year", "-pk").first()
    financings = Financing.objects.all()
    links = []
    figures = []
    if envelope is not None:
        financings = financings.filter(envelope=envelope)
        totals = financings.totals()
        changelist = reverse("admin:fiso_financing_changelist")
        committed_url = f"{changelist}?envelope__id__exact={envelope.pk}&status__in=" + ",".join(
            Financing.COMMITTED_STATUSES
        )
        figures = [
            (gettext("Capacité d'intervention"), euros(envelope.capacity), ""),
            (gettext("Engagé (accordé et au-delà)"), euros(totals["committed"]), committed_url),
            (gettext("Décaissé"), euros(totals["disbursed"]), ""),
            (gettext("Remboursé"), euros(totals["repaid"]), ""),
            (gettext("Restant à engager"), euros(envelope.capacity - totals["committed"]), ""),
            (
                gettext("Financements engagés non publiés"),
                financings.committed().filter(is_public=False).count(),
                f"{committed_url}&is_public__exact=0",
            ),
        ]
        links.append(
            (
                gettext("Tableau de bord de l'enveloppe"),
                reverse("admin:fiso_envelope_dashboard", args=[envelope.pk]),
            )
        )
    awaiting = Financing.objects.filter(status__in=AWAITING_DECISION).count()
    changelist = reverse("admin:fiso_financing_changelist")
    links.append((gettext("Tous les financements"), changelist))
    return DashboardBlock(
        title=gettext("FISO : enveloppe « %(name)s »") % {"name": envelope.name}
        if envelope
        else gettext("FISO"),
        figures=tuple(figures),
        links=tuple(links),
        todos=(
            Todo(
                gettext("Financements FISO en attente de décision"),
                awaiting,
                f"{changelist}?status__in={','.join(AWAITING_DECISION)}",
            ),
        ),
        note=gettext("Tous les financements comptent, publiés ou non."),
        order=20,
    )


def _errors_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


class RefusingChangeFormMixin:
    """Turn a refusal raised by a service during save into a French error message.

    The form has already checked the rules; a service can still refuse when another
    commitment won the race for the envelope in between. The admin's transaction is then
    rolled back and the user comes back to the form with the reason.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, _errors_text(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(Envelope)
class EnvelopeAdmin(RefusingChangeFormMixin, SimpleHistoryAdmin):
    form = EnvelopeForm
    list_display = ["name", "start_year", "capacity_label", "operator", "dashboard_link"]
    search_fields = ["name", "operator"]
    list_filter = ["start_year"]
    readonly_fields = ["dashboard_link"]

    @admin.display(description=_("capacité d'intervention"), ordering="capacity")
    def capacity_label(self, obj):
        return euros(obj.capacity)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # simple-history 3.13 calls select_related() with no argument when the model tracks
        # no ForeignKey, which Django 6.1 deprecates (a warning, an error in the tests).
        return history_manager.filter(**{pk_name: object_id}).select_related("history_user")

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/tableau-de-bord/",
                self.admin_site.admin_view(self.dashboard_view),
                name="fiso_envelope_dashboard",
            )
        ]
        return urls + super().get_urls()

    @admin.display(description=_("tableau de bord"))
    def dashboard_link(self, obj):
        if obj.pk is None:
            return "—"
        url = reverse("admin:fiso_envelope_dashboard", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Voir l'utilisation de l'enveloppe"))

    def dashboard_view(self, request, pk):
        """Return the dashboard of the envelope's use: every financing, public or not."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        envelope = get_object_or_404(Envelope, pk=pk)
        financings = Financing.objects.filter(envelope=envelope)
        totals = financings.totals()
        by_status = {
            row["status"]: row
            for row in financings.values("status").annotate(count=Count("pk"), total=Sum("amount"))
        }
        status_rows = [
            (
                label,
                by_status.get(value, {}).get("count", 0),
                euros(by_status.get(value, {}).get("total")),
            )
            for value, label in Financing.Status.choices
        ]
        remaining = envelope.capacity - totals["committed"]
        share = (totals["committed"] / envelope.capacity * 100) if envelope.capacity else 0
        figures = [
            (_("Capacité d'intervention"), euros(envelope.capacity)),
            (_("Engagé (accordé et au-delà)"), euros(totals["committed"])),
            (_("Taux d'engagement"), f"{decimal_fr(share)} %"),
            (_("Décaissé"), euros(totals["disbursed"])),
            (_("Remboursé"), euros(totals["repaid"])),
            (_("Restant à engager"), euros(remaining)),
            (
                _("Part de l'État (PIA) dans l'engagé"),
                euros(totals["committed"] * envelope.state_share / 100),
            ),
            (
                _("Part de la Région dans l'engagé"),
                euros(totals["committed"] * envelope.region_share / 100),
            ),
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Utilisation de l'enveloppe « %(name)s »") % {"name": envelope.name},
            "envelope": envelope,
            "figures": figures,
            "status_rows": status_rows,
        }
        return TemplateResponse(request, "fiso/admin/dashboard.html", context)

    def save_model(self, request, obj, form, change):
        envelope_save(envelope=obj)


@admin.register(Financing)
class FinancingAdmin(RefusingChangeFormMixin, SimpleHistoryAdmin):
    form = FinancingForm
    list_display = [
        "enterprise",
        "reference",
        "instrument",
        "amount_label",
        "status",
        "decision_date",
        "is_public",
    ]
    list_filter = ["status", "instrument", "is_public", "envelope"]
    list_select_related = ["enterprise"]
    search_fields = ["enterprise__name", "reference", "purpose"]
    autocomplete_fields = ["enterprise", "accompanying_structure"]
    date_hierarchy = "decision_date"
    history_list_display = ["status_label", "amount_label"]
    actions = [
        service_action(
            name="commit_selected",
            description=_("Accorder les financements sélectionnés"),
            done=ngettext_lazy(
                "%(count)d financement accordé.", "%(count)d financements accordés.", "count"
            ),
            each=lambda request, financing: financing_commit(financing=financing),
            eligible=lambda queryset: queryset.exclude(status__in=Financing.COMMITTED_STATUSES),
            label=lambda financing: str(financing.enterprise),
        )
    ]
    readonly_fields = ["split", "schedule", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "envelope",
                    "enterprise",
                    "accompanying_structure",
                    "reference",
                    "instrument",
                    "purpose",
                ]
            },
        ),
        (
            _("Montant et règles du fonds"),
            {"fields": ["amount", "development_needs", "split", "amount_is_example"]},
        ),
        (
            _("Décision et versement"),
            {
                "fields": [
                    "status",
                    "decision_date",
                    "disbursement_date",
                    "disbursement_terms",
                    "rae_id",
                    "eu_notified",
                ]
            },
        ),
        (
            _("Remboursement"),
            {
                "fields": [
                    "deferral_months",
                    "instalment_count",
                    "repayment_frequency",
                    "repaid_amount",
                    "schedule",
                ]
            },
        ),
        (_("Publication"), {"fields": ["is_public", "note", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("statut"))
    def status_label(self, record):
        return record.get_status_display()

    @admin.display(description=_("montant"), ordering="amount")
    def amount_label(self, record):
        return euros(record.amount)

    @admin.display(description=_("répartition État / Région"))
    def split(self, obj):
        if obj.pk is None:
            return _("Calculée à l'enregistrement.")
        return format_html(
            "{} : {} — {} : {}",
            _("État (PIA)"),
            euros(obj.state_amount),
            _("Région"),
            euros(obj.region_amount),
        )

    @admin.display(description=_("échéancier de remboursement"))
    def schedule(self, obj):
        lines = obj.repayment_schedule() if obj.pk else []
        if not lines:
            return _("L'échéancier apparaît une fois la décision datée.")
        return render_to_string(
            "admin/fiso/financing/schedule.html", {"financing": obj, "lines": lines}
        )

    def save_model(self, request, obj, form, change):
        financing_save(financing=obj)

    def delete_model(self, request, obj):
        financing_delete(financing=obj)

    def delete_queryset(self, request, queryset):
        for financing in queryset:
            financing_delete(financing=financing)
