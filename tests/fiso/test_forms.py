"""The fund's rules in the staff form: field errors in French, at each boundary."""

from decimal import Decimal

import pytest

from fiso.forms import EnvelopeForm, FinancingForm
from tests.fiso.factories import EnvelopeFactory, PublicFinancingFactory
from tests.structures.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def financing_data(**changes):
    data = {
        "envelope": EnvelopeFactory().pk,
        "enterprise": EnterpriseFactory().pk,
        "instrument": "pret_taux_zero",
        "purpose": "Première mise sur le marché.",
        "amount": "30000.00",
        "development_needs": "60000.00",
        "status": "instruction",
        "disbursement_terms": "unique",
        "deferral_months": "24",
        "instalment_count": "20",
        "repayment_frequency": "trimestrielle",
        "repaid_amount": "0",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("amount", "needs", "error"),
    [
        ("30000.00", "60000.00", None),
        ("29999.99", "60000.00", "au moins 30 000 €"),
        ("50000.00", "100000.00", None),
        ("50000.01", "100000.00", "au plus 50 % des besoins"),
        ("30000.01", "60000.01", "au plus 50 % des besoins"),
    ],
)
def test_amount_rules_at_their_boundaries(amount, needs, error):
    form = FinancingForm(data=financing_data(amount=amount, development_needs=needs))
    if error is None:
        assert form.is_valid(), form.errors
    else:
        assert not form.is_valid()
        assert form.errors["amount"] == [next(m for m in form.errors["amount"] if error in m)]
        assert "__all__" not in form.errors  # the CHECK constraint does not repeat it


def test_committing_beyond_the_envelope_is_a_form_error():
    envelope = EnvelopeFactory(name="Presque pleine", capacity=Decimal("100000.00"))
    PublicFinancingFactory(
        envelope=envelope, amount=Decimal("70000.00"), development_needs=Decimal("200000.00")
    )
    form = FinancingForm(
        data=financing_data(
            envelope=envelope.pk,
            amount="30000.01",
            development_needs="70000.00",
            status="accorde",
            decision_date="2020-01-10",
        )
    )
    assert not form.is_valid()
    assert "Engagement refusé" in form.errors["__all__"][0]
    assert "30\xa0000,00 € disponibles" in form.errors["__all__"][0]


def test_amounts_are_decimals_never_floats():
    form = FinancingForm(data=financing_data(amount="30000.10", development_needs="60000.20"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("30000.10")
    assert isinstance(form.cleaned_data["amount"], Decimal)


def test_envelope_form_refuses_shares_not_totalling_100_percent():
    form = EnvelopeForm(
        data={
            "name": "Autre",
            "start_year": 2015,
            "capacity": "1000000",
            "state_share": "60",
            "region_share": "50",
            "operator": "Bpifrance",
        }
    )
    assert not form.is_valid()
    assert form.errors["region_share"] == ["Les parts de l'État et de la Région totalisent 100 %."]
