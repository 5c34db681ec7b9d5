"""The fund's rules in the staff form: field errors in French, at each boundary."""

from decimal import Decimal

import pytest

from fiso.forms import EnvelopeForm, FinancingForm
from tests.fiso.factories import EnvelopeFactory, PublicFinancingFactory, envelope_form_data
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
        ("29999.99", "60000.00", "au moins 30\xa0000\xa0€"),
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
    assert "30\xa0000,00\xa0€ disponibles" in form.errors["__all__"][0]


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


def test_the_form_takes_no_row_lock_the_service_does():
    """The envelope's lock belongs to fiso.services.financing_commit, which saves: the
    form's capacity check is advisory and locks nothing, even inside a transaction."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    envelope = EnvelopeFactory(capacity=Decimal("100000.00"))
    data = financing_data(envelope=envelope.pk, status="accorde", decision_date="2020-01-10")
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        assert FinancingForm(data=data).is_valid()
    assert not [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]


def test_envelope_capacity_below_committed_is_one_message_on_the_field():
    """The form and envelope_save refuse with the same French message (Envelope.clean)."""
    from django.core.exceptions import ValidationError

    from fiso.services import envelope_save

    envelope = EnvelopeFactory(capacity=Decimal("100000.00"))
    PublicFinancingFactory(envelope=envelope, amount=Decimal("60000.00"))
    data = envelope_form_data(envelope, capacity="59999.99")
    form = EnvelopeForm(data=data, instance=envelope)
    assert not form.is_valid()
    message = "La capacité ne peut descendre sous les 60\xa0000\xa0€ déjà engagés."
    assert form.errors == {"capacity": [message]}
    envelope.refresh_from_db()
    envelope.capacity = Decimal("59999.99")
    with pytest.raises(ValidationError) as refused:
        envelope_save(envelope=envelope)
    assert refused.value.message_dict == {"capacity": [message]}
    assert EnvelopeForm(data={**data, "capacity": "60000.00"}, instance=envelope).is_valid()
