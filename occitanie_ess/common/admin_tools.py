"""Building blocks shared by every app's admin: CSV exports as staff read them (French
headers, Europe/Paris time to the minute, dates « jj/mm/aaaa »), and the French action
messages with plural agreement."""

import datetime
from collections.abc import Callable, Iterable, Sequence

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from occitanie_ess.common.exports import csv_response
from occitanie_ess.common.formats import date_fr


def staff_cell(value):
    """Return the cell as a staff export shows it: dates and times in French, Paris time."""
    if isinstance(value, datetime.date):
        return date_fr(value)
    return value


def staff_csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]):
    """Return a CSV download (formula-safe, `;`, BOM) with French dates in Paris time."""
    return csv_response(filename, header, ([staff_cell(cell) for cell in row] for row in rows))


def csv_action(
    filename: str,
    header: Sequence[str],
    row: Callable[[object], Sequence],
    related: Sequence[str] = (),
    prefetch: Sequence[str] = (),
):
    """Return an admin action exporting the selected rows as a staff CSV."""

    @admin.action(description=_("Exporter la sélection en CSV"), permissions=["view"])
    def export_csv(modeladmin, request, queryset):
        if related:
            queryset = queryset.select_related(*related)
        if prefetch:
            queryset = queryset.prefetch_related(*prefetch)
        return staff_csv_response(filename, header, (row(obj) for obj in queryset))

    return export_csv
