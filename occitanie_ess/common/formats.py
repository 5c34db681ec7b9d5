"""French display of amounts and dates, shared by the public pages, the admin and the
staff exports. Django's localised number formatting does the grouping and the decimal
comma (LANGUAGE_CODE "fr"), so no code writes a comma by hand."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format


def euros(value) -> str:
    """Return an amount in euros, French grouping, no cents when round (« 1 234 567 € »);
    an empty sum (None) reads « 0 € »."""
    value = Decimal(value or 0)
    places = 0 if value == value.to_integral_value() else 2
    return f"{number_format(value, places, use_l10n=True, force_grouping=True)} €"


def decimal_fr(value, places: int = 1) -> str:
    """Return a number with a decimal comma and `places` decimals (« 13,5 »), or « — »."""
    if value is None:
        return "—"
    # Django's number_format truncates extra decimals: round half up first.
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(rounded, places, use_l10n=True, force_grouping=True)


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
