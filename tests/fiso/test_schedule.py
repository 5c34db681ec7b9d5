"""Repayment schedules: zero interest, deferral, equal instalments, exact to the cent."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fiso.schedule import add_months, repayment_schedule

amounts = st.decimals(
    min_value=Decimal("30000.00"),
    max_value=Decimal("9999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@given(
    amount=amounts,
    start=st.dates(min_value=datetime.date(2015, 1, 1), max_value=datetime.date(2040, 12, 31)),
    deferral=st.integers(min_value=0, max_value=120),
    count=st.integers(min_value=1, max_value=240),
    frequency=st.sampled_from(["mensuelle", "trimestrielle"]),
)
def test_schedule_sums_exactly_to_the_amount(amount, start, deferral, count, frequency):
    lines = repayment_schedule(
        amount=amount,
        start=start,
        deferral_months=deferral,
        instalment_count=count,
        frequency=frequency,
    )
    assert len(lines) == count
    assert sum(line.amount for line in lines) == amount
    assert all(line.amount == line.amount.quantize(Decimal("0.01")) for line in lines)
    regular = lines[0].amount
    # Equal instalments; the last absorbs the rounding (less than one cent per instalment).
    assert all(line.amount == regular for line in lines[:-1])
    assert Decimal(0) <= lines[-1].amount - regular < Decimal("0.01") * count
    assert lines[-1].remaining == 0
    assert [line.number for line in lines] == list(range(1, count + 1))
    # Nothing falls due during the deferral, and due dates strictly increase.
    assert lines[0].due_date > add_months(start, deferral)
    assert all(a.due_date < b.due_date for a, b in zip(lines, lines[1:], strict=False))


@pytest.mark.parametrize(
    ("amount", "count", "regular", "last"),
    [
        (Decimal("100000.00"), 3, Decimal("33333.33"), Decimal("33333.34")),
        (Decimal("30000.00"), 7, Decimal("4285.71"), Decimal("4285.74")),
        (Decimal("45678.91"), 20, Decimal("2283.94"), Decimal("2284.05")),
        (Decimal("30000.01"), 1, Decimal("30000.01"), Decimal("30000.01")),
    ],
)
def test_awkward_amounts(amount, count, regular, last):
    lines = repayment_schedule(
        amount=amount,
        start=datetime.date(2016, 3, 15),
        deferral_months=0,
        instalment_count=count,
        frequency="mensuelle",
    )
    assert lines[0].amount == regular
    assert lines[-1].amount == last
    assert sum(line.amount for line in lines) == amount


def test_quarterly_schedule_after_a_deferral_counts_from_the_start():
    lines = repayment_schedule(
        amount=Decimal("50000.00"),
        start=datetime.date(2016, 3, 15),
        deferral_months=24,
        instalment_count=20,
        frequency="trimestrielle",
    )
    assert lines[0].due_date == datetime.date(2018, 6, 15)
    assert lines[1].due_date == datetime.date(2018, 9, 15)
    assert lines[-1].due_date == datetime.date(2023, 3, 15)
    assert lines[0].amount == Decimal("2500.00")
    assert lines[0].remaining == Decimal("47500.00")


def test_month_ends_are_clamped_without_drifting():
    lines = repayment_schedule(
        amount=Decimal("30000.00"),
        start=datetime.date(2019, 1, 31),
        deferral_months=0,
        instalment_count=3,
        frequency="mensuelle",
    )
    assert [line.due_date for line in lines] == [
        datetime.date(2019, 2, 28),
        datetime.date(2019, 3, 31),
        datetime.date(2019, 4, 30),
    ]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"amount": Decimal("0")},
        {"amount": Decimal("30000.001")},
        {"amount": 30000.0},
        {"instalment_count": 0},
        {"deferral_months": -1},
        {"frequency": "annuelle"},
    ],
)
def test_invalid_parameters_are_refused(kwargs):
    params = {
        "amount": Decimal("30000.00"),
        "start": datetime.date(2020, 1, 1),
        "deferral_months": 0,
        "instalment_count": 4,
        "frequency": "mensuelle",
        **kwargs,
    }
    with pytest.raises(ValueError):
        repayment_schedule(**params)
