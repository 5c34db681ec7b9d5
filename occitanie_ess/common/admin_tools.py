"""Building blocks shared by every app's admin: CSV exports as staff read them (French
headers, Europe/Paris time to the minute, dates « jj/mm/aaaa »), and the actions that hand
the selected rows to a service (publish, cancel, grant, confirm, move to a status…) with
their French messages, plural agreement included."""

import datetime
from collections.abc import Callable, Iterable, Sequence

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
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


def service_action(
    *,
    name: str,
    description,
    done,
    each: Callable | None = None,
    bulk: Callable | None = None,
    eligible: Callable | None = None,
    label: Callable[[object], str] = str,
    permissions: Sequence[str] = ("change",),
):
    """Return an admin action named `name` that hands the selected rows to a service.

    Give exactly one of:
    - `each(request, obj)`: called for each row (restricted by `eligible(queryset)`), in
      primary-key order; a ValidationError refuses that row alone and is reported as
      « <label(obj)> : <reason> »;
    - `bulk(request, queryset)`: called once, returns how many rows it changed.

    `done` is the success message, made with ngettext_lazy(…, "count") so that
    `done % {"count": n}` agrees in number. It is shown (as a success) when a row changed
    or none was refused; each refusal is shown as an error.
    """
    if (each is None) == (bulk is None):
        raise ValueError("service_action takes either `each` or `bulk`")

    def action(modeladmin, request, queryset):
        refused = []
        if bulk is not None:
            count = bulk(request, queryset)
        else:
            count = 0
            rows = eligible(queryset) if eligible is not None else queryset
            for obj in rows.order_by("pk"):
                try:
                    each(request, obj)
                except ValidationError as error:
                    refused.append(f"{label(obj)} : {' '.join(error.messages)}")
                else:
                    count += 1
        if count or not refused:
            modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)
        for message in refused:
            modeladmin.message_user(request, message, messages.ERROR)

    action.__name__ = name
    return admin.action(description=description, permissions=list(permissions))(action)
