import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest

from occitanie_ess.common.exports import csv_response, json_response, json_stream, neutralise


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SOMME(A1:A2)", "'=SOMME(A1:A2)"),
        # An E.164 phone or a signed number is no formula: written as it is.
        ("+33467228000", "+33467228000"),
        ("+33 4 67 22 80 00", "+33 4 67 22 80 00"),  # a phone computes nothing
        ("+33 4 67 22 80 00 =1", "'+33 4 67 22 80 00 =1"),
        ("-12.5", "-12.5"),
        # Real formulas are neutralised, even when they start like a number.
        ("-1+1", "'-1+1"),
        ("+33467228000+cmd|' /C calc'!A0", "'+33467228000+cmd|' /C calc'!A0"),
        ("-2*3", "'-2*3"),
        ("+", "'+"),
        ("=1", "'=1"),
        ("@cmd", "'@cmd"),
        ("\tcaché", "'\tcaché"),
        ("Économie circulaire", "Économie circulaire"),
        (None, ""),
        (True, "oui"),
        # Numbers use a decimal point (Table Schema, every validator).
        (Decimal("30000.50"), "30000.50"),
        (43.6045, "43.6045"),
        (-5, "-5"),
        (date(2015, 9, 1), "2015-09-01"),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_opens_in_a_french_spreadsheet():
    response = csv_response(
        "export.csv", ["nom", "montant"], [["V@SI", Decimal("30000")], ["=1+1", 2]]
    )
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="export.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows == [["nom", "montant"], ["V@SI", "30000"], ["'=1+1", "2"]]


def test_json_keeps_accents_and_serialises_decimals_and_dates():
    response = json_response(
        "x.json", {"nom": "Réalis", "montant": Decimal("1.50"), "le": date(2026, 1, 2)}
    )
    data = json.loads(response.content)
    assert data == {"nom": "Réalis", "montant": "1.50", "le": "2026-01-02"}
    assert "Réalis" in response.content.decode()


def test_json_stream_yields_one_valid_array_without_building_it():
    consumed = []

    def objects():
        for n in range(3):
            consumed.append(n)
            yield {"nom": f"Réalis {n}", "montant": Decimal("1.50")}

    response = json_stream("x.json", objects())
    assert response.streaming and consumed == []  # nothing read before the download
    body = b"".join(response.streaming_content).decode()
    assert json.loads(body) == [{"nom": f"Réalis {n}", "montant": "1.50"} for n in range(3)]
    assert response["Content-Disposition"] == 'attachment; filename="x.json"'
    assert json.loads(b"".join(json_stream("y.json", iter(())).streaming_content)) == []
