"""French display of amounts and dates, the one implementation shared by the public pages
(through the `portail` template library), the admin and the staff exports. Django's
localised number formatting does the grouping and the decimal comma (LANGUAGE_CODE "fr"),
so no code writes a comma by hand."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format

NBSP = "\u00a0"


def _rounded(value, places: int) -> Decimal:
    """Return `value` as a Decimal rounded half up to `places` decimals (Django's
    number_format would truncate the extra ones)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def euros(value, places: int | None = None) -> str:
    """Return an amount in euros as French typography writes it, on one line: thousands
    grouped and the sign set off by non-breaking spaces (« 1 234 567 € »). With `places`,
    that many decimals (rounded half up); by default cents only when the amount has some.
    An empty sum (None) reads « 0 € »."""
    value = Decimal(str(value or 0))
    if places is None:
        places = 0 if value == value.to_integral_value() else 2
    text = number_format(_rounded(value, places), places, use_l10n=True, force_grouping=True)
    # The French format groups with a (narrow) no-break space; make every space one.
    return text.replace(" ", NBSP).replace("\u202f", NBSP) + f"{NBSP}€"


def decimal_fr(value, places: int = 1) -> str:
    """Return a number with a decimal comma and `places` decimals (« 13,5 »), or « — »."""
    if value is None:
        return "—"
    return number_format(_rounded(value, places), places, use_l10n=True, force_grouping=True)


def local_datetime(value: datetime.datetime | None) -> datetime.datetime | None:
    """Return an aware datetime in the site's time zone (Europe/Paris), to the second."""
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0)


def date_fr(value) -> str:
    """Return a date or datetime as French staff read it: « 30/11/2026 » or
    « 30/11/2026 14:05 » (Paris time, no seconds)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return date_format(local_datetime(value), "d/m/Y H:i")
    return date_format(value, "d/m/Y")
