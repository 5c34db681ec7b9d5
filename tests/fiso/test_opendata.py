"""The SCDL values the FISO file computes: payment dates or periods, attributing body."""

import datetime

import pytest

from fiso.models import Financing
from fiso.opendata import disbursement_period, financing_record
from tests.fiso.factories import PublicFinancingFactory

pytestmark = pytest.mark.django_db

DECISION = datetime.date(2024, 3, 15)


def test_a_single_known_disbursement_is_its_date():
    financing = PublicFinancingFactory(
        decision_date=DECISION,
        status=Financing.Status.DISBURSED,
        disbursement_date=datetime.date(2024, 4, 2),
        disbursement_terms=Financing.DisbursementTerms.SINGLE,
    )
    assert disbursement_period(financing) == "2024-04-02"


def test_an_undisbursed_financing_has_its_expected_period():
    """The SCDL requires datesPeriodeVersement on every row: the expected period then."""
    financing = PublicFinancingFactory(decision_date=DECISION, disbursement_date=None)
    assert disbursement_period(financing) == "2024-03-15/2025-03-15"


def test_instalments_are_a_period_from_the_first_disbursement():
    financing = PublicFinancingFactory(
        decision_date=DECISION,
        status=Financing.Status.DISBURSED,
        disbursement_date=datetime.date(2024, 5, 1),
        disbursement_terms=Financing.DisbursementTerms.INSTALMENTS,
    )
    assert disbursement_period(financing) == "2024-05-01/2025-03-15"


def test_the_envelope_names_the_attributing_body_only_with_its_siret(settings):
    settings.OPEN_DATA_PUBLISHER_NAME = "Région Occitanie / Pyrénées-Méditerranée"
    settings.OPEN_DATA_PUBLISHER_SIRET = "20005379100014"
    financing = PublicFinancingFactory(envelope__attributing_body="Bpifrance")
    record = financing_record(financing)
    assert (record["nomAttribuant"], record["idAttribuant"]) == (
        "Région Occitanie / Pyrénées-Méditerranée",
        "20005379100014",
    )
    envelope = financing.envelope
    envelope.attributing_body_siret = "73282932000074"
    envelope.save()
    record = financing_record(financing)
    assert (record["nomAttribuant"], record["idAttribuant"]) == ("Bpifrance", "73282932000074")


def test_a_long_purpose_and_an_odd_rae_id_fit_the_standard():
    financing = PublicFinancingFactory(purpose="x" * 10_000, rae_id="RAE-123456")
    record = financing_record(financing)
    assert len(record["objet"]) == 256
    assert record["idRAE"] == ""
