"""Open-data exports: CSV that opens cleanly in a French spreadsheet, and JSON (whole, or
streamed one object at a time for long lists).

CSV is UTF-8 with a byte-order mark and `;` as separator by default (what LibreOffice
and Excel expect in France); a file that follows a national standard can ask for that
standard's dialect (SCDL: `,`, no byte-order mark). Numbers always use a decimal point,
as Table Schema and every validator expect. Any text cell that a spreadsheet would run as
a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with
an apostrophe (OWASP "CSV injection"); a plain number or an E.164 phone number such as
`+33467000000` is no formula and is written as it is.
"""

import csv
import datetime
import decimal
import json
import re
from collections.abc import Iterable, Sequence

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A signed number or an E.164 phone (+33 4 67…) computes nothing in a spreadsheet.
_INERT = re.compile(r"[+-]?[\d .,]+")


def formula_safe(text: str) -> str:
    """Return `text` made inert for a spreadsheet: a cell that a spreadsheet would run as a
    formula (OWASP "CSV injection") gets a leading apostrophe; numbers and phones stay."""
    if text.startswith(FORMULA_PREFIXES) and not _INERT.fullmatch(text):
        return "'" + text
    return text


def formula_unsafe(text: str) -> str:
    """Return the text `formula_safe` was given (for re-importing an exported file)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def neutralise(value) -> str:
    """Return the cell as text, with a formula-looking value made inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return formula_safe(str(value))


class _Echo:
    def write(self, value):
        return value


# The Frictionless CSV dialect of the files csv_rows writes, for datapackage.json.
FRENCH_DIALECT = {"delimiter": ";", "lineTerminator": "\r\n"}
STANDARD_DIALECT = {"delimiter": ",", "lineTerminator": "\r\n"}


def csv_rows(
    header: Sequence[str], rows: Iterable[Sequence], *, delimiter: str = ";", bom: bool = True
) -> Iterable[str]:
    """Yield the CSV document line by line (byte-order mark first unless `bom` is False)."""
    writer = csv.writer(
        _Echo(), delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"
    )
    yield ("\ufeff" if bom else "") + writer.writerow([neutralise(h) for h in header])
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])


def csv_response(
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    delimiter: str = ";",
    bom: bool = True,
):
    """Return a streaming CSV download of `rows` under `header`."""
    response = StreamingHttpResponse(
        csv_rows(header, rows, delimiter=delimiter, bom=bom),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_response(filename: str, data, *, download: bool = False) -> HttpResponse:
    """Return `data` as indented UTF-8 JSON (dates ISO 8601, decimals as strings)."""
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    if download:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_stream(filename: str, objects: Iterable) -> StreamingHttpResponse:
    """Return a download of `objects` as a JSON array, streamed one object at a time.

    A list can hold 100,000 records: streaming keeps memory flat, where json_response
    builds the document in memory.
    """

    def chunks():
        yield "[\n"
        first = True
        for obj in objects:
            yield ("" if first else ",\n") + json.dumps(
                obj, cls=DjangoJSONEncoder, ensure_ascii=False
            )
            first = False
        yield "\n]\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
