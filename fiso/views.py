"""Public pages of the FISO (what it is, its envelope's use, its public financings), its
open-data exports, and the repayment schedule download for staff."""

from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from fiso.filters import FinancingFilter
from fiso.models import MINIMUM_AMOUNT, Envelope, Financing
from fiso.opendata import (
    financing_record,
    public_financings,
    scdl_field_names,
    scdl_financings,
    scdl_row,
)
from occitanie_ess.common.admin_tools import staff_csv_response
from occitanie_ess.common.charts import bar_chart
from occitanie_ess.common.exports import csv_response, json_response
from occitanie_ess.common.formats import euros
from occitanie_ess.common.registry import Figure
from occitanie_ess.common.staff import staff_required

PAGE_SIZE = 20


def _charts(financings):
    """Return the three charts of committed public amounts (by year, département, thematic)."""
    by_year = (
        financings.filter(decision_date__isnull=False)
        .annotate(year=ExtractYear("decision_date"))
        .values("year")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("year")
    )
    by_departement = (
        financings.values("enterprise__departement__code", "enterprise__departement__name")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("-total", "enterprise__departement__code")
    )
    by_thematic = (
        financings.values("enterprise__thematics__slug", "enterprise__thematics__name")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("-total", "enterprise__thematics__name")
    )
    index = reverse("fiso:index")
    header = _("Montant engagé")
    return {
        "year": bar_chart(
            _("Montants engagés par année de décision"),
            [
                (
                    str(row["year"]),
                    row["total"],
                    euros(row["total"]),
                    f"{index}?annee={row['year']}",
                )
                for row in by_year
            ],
            value_header=header,
        ),
        "departement": bar_chart(
            _("Montants engagés par département"),
            [
                (
                    row["enterprise__departement__name"] or _("Département non renseigné"),
                    row["total"],
                    euros(row["total"]),
                    f"{index}?departement={row['enterprise__departement__code']}"
                    if row["enterprise__departement__code"]
                    else "",
                )
                for row in by_departement
            ],
            value_header=header,
        ),
        "thematic": bar_chart(
            _("Montants engagés par thématique"),
            [
                (
                    row["enterprise__thematics__name"] or _("Sans thématique"),
                    row["total"],
                    euros(row["total"]),
                    f"{index}?thematique={row['enterprise__thematics__slug']}"
                    if row["enterprise__thematics__slug"]
                    else "",
                )
                for row in by_thematic
            ],
            caption=_("un financement compte dans chacune des thématiques de l'entreprise"),
            value_header=header,
        ),
    }


def unpublished_note(totals: dict) -> str:
    """Return the aggregate line for the committed financings not published one by one
    ("dont 1 financement non publié : 90 000 €"), naming no beneficiary; "" when none."""
    count = totals["unpublished_count"]
    if not count:
        return ""
    return ngettext(
        "dont %(count)s financement non publié : %(amount)s",
        "dont %(count)s financements non publiés : %(amount)s",
        count,
    ) % {"count": count, "amount": euros(totals["unpublished_committed"])}


def envelope_totals(envelope) -> dict:
    """Return the envelope's totals over every financing, published or not: the figures
    the staff dashboard shows, so that the public page tells the same truth."""
    return Financing.objects.filter(envelope=envelope).totals()


@require_safe
def index(request):
    """Return the FISO page: the fund explained, its envelope's use, the public financings.

    The envelope's figures count every committed financing, as the staff dashboard does;
    those not published one by one appear only as an aggregate line, with no beneficiary.
    """
    envelope = Envelope.objects.order_by("start_year", "pk").first()
    public = Financing.objects.public()
    filterset = FinancingFilter(
        request.GET or None,
        queryset=public.select_related(
            "enterprise__departement", "accompanying_structure", "envelope"
        ),
    )
    page_obj = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    figures = []
    totals = None
    if envelope:
        totals = envelope_totals(envelope)
        figures = [
            Figure(_("capacité d'intervention"), euros(envelope.capacity)),
            Figure(_("engagés"), euros(totals["committed"]), note=unpublished_note(totals)),
            Figure(_("décaissés"), euros(totals["disbursed"])),
            Figure(_("déjà remboursés"), euros(totals["repaid"])),
            Figure(_("restant à engager"), euros(envelope.capacity - totals["committed"])),
        ]
    return render(
        request,
        "fiso/index.html",
        {
            "envelope": envelope,
            "totals": totals,
            "figures": figures,
            "charts": _charts(public),
            "filter": filterset,
            "page_obj": page_obj,
            "minimum_amount": MINIMUM_AMOUNT,
        },
    )


@require_safe
def detail(request, public_id):
    """Return one public financing; any other one is a 404, whoever asks."""
    financing = get_object_or_404(
        Financing.objects.public().select_related(
            "enterprise__departement", "accompanying_structure", "envelope"
        ),
        public_id=public_id,
    )
    return render(request, "fiso/detail.html", {"financing": financing})


@require_safe
def export_csv(request):
    """Return the public financings as an SCDL « subventions » 2.1 file: its 16 columns,
    its dialect (comma separator, UTF-8 without byte-order mark, decimal point)."""
    rows = (scdl_row(f) for f in scdl_financings().iterator(chunk_size=500))
    return csv_response(
        "fiso-financements-scdl.csv", scdl_field_names(), rows, delimiter=",", bom=False
    )


@require_safe
def export_json(request):
    """Return the public financings as JSON: the SCDL fields, then the portal's own."""
    base_url = request.build_absolute_uri("/").rstrip("/")
    data = [financing_record(f, base_url=base_url) for f in public_financings()]
    return json_response("fiso-financements.json", data)


SCHEDULE_HEADER = ("Échéance", "Date", "Montant (€)", "Capital restant dû (€)")


@staff_required("fiso.view_financing")
@require_safe
def schedule_csv(request, pk):
    """Return a financing's repayment schedule as CSV, for staff allowed to view it."""
    financing = get_object_or_404(Financing.objects.select_related("enterprise"), pk=pk)
    rows = (
        (line.number, line.due_date, line.amount, line.remaining)
        for line in financing.repayment_schedule()
    )
    return staff_csv_response(f"fiso-echeancier-{financing.pk}.csv", SCHEDULE_HEADER, rows)
