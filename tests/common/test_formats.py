"""French amounts and dates, and staff CSV cells: one place for each."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.template import Context, Template

from occitanie_ess.common.admin_tools import staff_cell
from occitanie_ess.common.formats import date_fr, decimal_fr, euros

UTC = datetime.UTC


def test_euros_groups_thousands_and_keeps_cents_only_when_needed():
    assert euros(Decimal("60000.00")) == "60\xa0000\xa0€"
    assert euros(Decimal("12500.5")) == "12\xa0500,50\xa0€"
    assert euros(2300000) == "2\xa0300\xa0000\xa0€"
    assert euros(None) == "0\xa0€"


def test_euros_rounds_half_up_to_the_places_asked():
    assert euros(Decimal("112500.005")) == "112\xa0500,01\xa0€"
    assert euros(Decimal("12500.5"), 0) == "12\xa0501\xa0€"
    assert euros(Decimal("50000"), 2) == "50\xa0000,00\xa0€"


def test_decimal_fr_uses_a_decimal_comma():
    assert decimal_fr(Decimal("13.456")) == "13,5"
    assert decimal_fr(None) == "—"


def test_dates_read_in_paris_time_without_seconds():
    # 23:30 UTC on 31 December is 00:30 on 1 January in Paris (winter, UTC+1).
    moment = datetime.datetime(2026, 12, 31, 23, 30, 59, 123456, tzinfo=UTC)
    assert date_fr(moment) == "01/01/2027 00:30"
    assert date_fr(datetime.date(2026, 7, 14)) == "14/07/2026"
    assert date_fr(None) == ""


def test_staff_csv_cells_carry_no_utc_offset_nor_microseconds():
    summer = datetime.datetime(2026, 7, 1, 8, 0, 0, 999999, tzinfo=UTC)
    assert staff_cell(summer) == "01/07/2026 10:00"
    paris = datetime.datetime(2026, 7, 1, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert staff_cell(paris) == "01/07/2026 10:00"
    assert staff_cell(Decimal("1.5")) == Decimal("1.5")


def test_the_portail_filters_are_the_same_functions():
    html = Template(
        "{% load portail %}{{ amount|euros }}|{{ cents|euros }}|{{ amount|euros:2 }}|"
        "{{ none|euros }}|{{ average|decimal_fr }}|{{ none|decimal_fr }}|{{ day|date_fr }}"
    ).render(
        Context(
            {
                "amount": Decimal("75000"),
                "cents": Decimal("12500.5"),
                "none": None,
                "average": Decimal("13.45"),
                "day": datetime.date(2026, 7, 14),
            }
        )
    )
    assert html.split("|") == [
        euros(Decimal("75000")),
        euros(Decimal("12500.5")),
        "75\xa0000,00\xa0€",
        "",  # an empty amount renders as nothing in a page
        "13,5",
        "—",
        "14/07/2026",
    ]
    assert html.split("|")[1] == "12\xa0500,50\xa0€"  # cents shown when present
