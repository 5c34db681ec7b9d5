"""Repayment schedules of FISO financings.

A FISO financing bears no interest (seed document: "prêt à taux zéro", "avance
remboursable"). After a deferral during which nothing is repaid, the amount is repaid in
equal monthly or quarterly instalments; every instalment but the last is the amount
divided by their number, rounded down to the cent, and the last one absorbs the rest, so
that the schedule sums exactly to the amount.

The first instalment falls one period after the end of the deferral: with a start on
15 March 2016, 24 months of deferral and quarterly instalments, the first one is due on
15 June 2018.
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

CENT = Decimal("0.01")
MONTHS_PER_PERIOD = {"mensuelle": 1, "trimestrielle": 3}


@dataclass(frozen=True)
class Instalment:
    """One line of a repayment schedule."""

    number: int
    due_date: datetime.date
    amount: Decimal
    remaining: Decimal  # capital still due once this instalment is paid


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return `day` moved by `months`, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def repayment_schedule(
    *,
    amount: Decimal,
    start: datetime.date,
    deferral_months: int,
    instalment_count: int,
    frequency: str,
) -> list[Instalment]:
    """Return the instalments repaying `amount` with zero interest; they sum to `amount`.

    Raises ValueError on an amount that is not a positive number of cents, a count below 1,
    a negative deferral or an unknown frequency.
    """
    if not isinstance(amount, Decimal) or amount <= 0 or amount != amount.quantize(CENT):
        raise ValueError("amount must be a positive Decimal with at most two decimal places")
    if instalment_count < 1:
        raise ValueError("instalment_count must be at least 1")
    if deferral_months < 0:
        raise ValueError("deferral_months must not be negative")
    try:
        step = MONTHS_PER_PERIOD[frequency]
    except KeyError:
        raise ValueError(f"unknown frequency {frequency!r}") from None

    regular = (amount / instalment_count).quantize(CENT, rounding=ROUND_DOWN)
    instalments = []
    remaining = amount
    for number in range(1, instalment_count + 1):
        value = regular if number < instalment_count else remaining
        remaining -= value
        # Months are always counted from `start` so that clamping (31 → 28) never drifts.
        due = add_months(start, deferral_months + number * step)
        instalments.append(Instalment(number, due, value, remaining))
    return instalments
