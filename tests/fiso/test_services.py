"""The envelope's capacity under financing_commit, including 20 simultaneous commitments
against the real PostgreSQL."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fiso.models import Financing
from fiso.services import envelope_save, financing_commit, financing_save
from tests.checks import run_concurrently
from tests.fiso.factories import EnvelopeFactory, FinancingFactory, PublicFinancingFactory
from tests.structures.factories import EnterpriseFactory


@pytest.mark.django_db
def test_commit_grants_and_dates_the_decision():
    financing = FinancingFactory()
    financing_commit(financing=financing, decision_date=datetime.date(2016, 3, 15))
    financing.refresh_from_db()
    assert financing.status == Financing.Status.GRANTED
    assert financing.decision_date == datetime.date(2016, 3, 15)


@pytest.mark.django_db
def test_commit_up_to_exactly_the_capacity_then_refuses_one_cent_more():
    envelope = EnvelopeFactory(name="Petite", capacity=Decimal("100000.00"))
    PublicFinancingFactory(envelope=envelope, amount=Decimal("50000.00"))
    exact = FinancingFactory(envelope=envelope, amount=Decimal("50000.00"))
    financing_commit(financing=exact)
    over = FinancingFactory(
        envelope=envelope, amount=Decimal("30000.00"), development_needs=Decimal("60000.00")
    )
    with pytest.raises(ValidationError) as error:
        financing_commit(financing=over)
    assert "Engagement refusé" in str(error.value)
    assert "0,00\xa0€ disponibles" in error.value.messages[0]
    over.refresh_from_db()
    assert over.status == Financing.Status.INSTRUCTION
    assert over.decision_date is None


@pytest.mark.django_db
def test_moving_a_committed_financing_along_does_not_count_it_twice():
    envelope = EnvelopeFactory(name="Juste", capacity=Decimal("50000.00"))
    financing = FinancingFactory(envelope=envelope, amount=Decimal("50000.00"))
    financing_commit(financing=financing)
    financing.disbursement_date = financing.decision_date
    financing_commit(financing=financing, status=Financing.Status.DISBURSED)
    financing.refresh_from_db()
    assert financing.status == Financing.Status.DISBURSED


@pytest.mark.django_db
def test_raising_a_committed_amount_beyond_the_capacity_is_refused():
    envelope = EnvelopeFactory(name="Serrée", capacity=Decimal("60000.00"))
    financing = FinancingFactory(envelope=envelope, amount=Decimal("50000.00"))
    financing_commit(financing=financing)
    financing.amount = Decimal("60000.01")
    with pytest.raises(ValidationError, match="Engagement refusé"):
        financing_save(financing=financing)
    financing.refresh_from_db()
    assert financing.amount == Decimal("50000.00")


@pytest.mark.django_db
def test_commit_refuses_a_status_that_is_not_a_commitment():
    financing = FinancingFactory()
    with pytest.raises(ValidationError, match="n'engage pas"):
        financing_commit(financing=financing, status=Financing.Status.REFUSED)


@pytest.mark.django_db
def test_commit_still_applies_the_financing_rules():
    financing = FinancingFactory()
    financing.amount = Decimal("29999.99")
    with pytest.raises(ValidationError) as error:
        financing_commit(financing=financing)
    assert "au moins 30\xa0000\xa0€" in error.value.messages[0]
    assert Financing.objects.get(pk=financing.pk).amount == Decimal("50000.00")


@pytest.mark.django_db
def test_save_of_an_uncommitted_financing_ignores_the_capacity():
    envelope = EnvelopeFactory(name="Pleine", capacity=Decimal("30000.00"))
    financing = FinancingFactory.build(
        envelope=envelope,
        enterprise=EnterpriseFactory(),
        amount=Decimal("90000.00"),
        development_needs=Decimal("180000.00"),
    )
    financing_save(financing=financing)
    assert financing.pk is not None


@pytest.mark.django_db
def test_envelope_capacity_cannot_drop_below_what_is_committed():
    envelope = EnvelopeFactory(name="Engagée", capacity=Decimal("100000.00"))
    PublicFinancingFactory(
        envelope=envelope, amount=Decimal("80000.00"), development_needs=Decimal("200000.00")
    )
    envelope.capacity = Decimal("79999.99")
    with pytest.raises(ValidationError, match="déjà engagés"):
        envelope_save(envelope=envelope)
    envelope.capacity = Decimal("80000.00")
    envelope_save(envelope=envelope)


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_commitments_never_exceed_the_envelope():
    envelope = EnvelopeFactory(name="Concurrence", capacity=Decimal("500000.00"))
    financings = [
        FinancingFactory(envelope=envelope, amount=Decimal("50000.00")) for _ in range(20)
    ]
    results = run_concurrently([(lambda f=f: financing_commit(financing=f)) for f in financings])
    refused = [" ".join(r.messages) for r in results if isinstance(r, ValidationError)]
    unexpected = [
        r for r in results if isinstance(r, Exception) and not isinstance(r, ValidationError)
    ]
    granted = [r for r in results if not isinstance(r, Exception)]

    assert unexpected == [], unexpected
    assert len(granted) == 10
    assert len(refused) == 10
    assert all("Engagement refusé" in message for message in refused)
    committed = Financing.objects.committed().filter(envelope=envelope)
    assert committed.count() == 10
    assert Financing.objects.filter(envelope=envelope).totals()["committed"] == Decimal("500000.00")
