"""The fund's rules, enforced by the database itself (CHECK constraints) and reported in
French by full_clean(): each tested at its boundary."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from fiso.models import Envelope, Financing
from tests.fiso.factories import EnvelopeFactory, FinancingFactory, PublicFinancingFactory

pytestmark = pytest.mark.django_db


def _db_refuses(financing, constraint_name):
    with pytest.raises(IntegrityError, match=constraint_name), transaction.atomic():
        financing.save()


def test_amount_of_30000_is_accepted_and_29999_99_refused_by_the_database():
    accepted = FinancingFactory.build(
        envelope=EnvelopeFactory(),
        enterprise=FinancingFactory().enterprise,
        amount=Decimal("30000.00"),
        development_needs=Decimal("60000.00"),
    )
    accepted.full_clean()
    accepted.save()
    refused = FinancingFactory(amount=Decimal("30000.00"), development_needs=Decimal("60000.00"))
    refused.amount = Decimal("29999.99")
    _db_refuses(refused, "fiso_financing_amount_minimum")


def test_amount_below_minimum_is_refused_in_french_by_full_clean():
    financing = FinancingFactory()
    financing.amount = Decimal("29999.99")
    with pytest.raises(ValidationError) as error:
        financing.full_clean()
    assert "au moins 30\xa0000\xa0€" in " ".join(error.value.messages)


def test_the_minimum_is_written_once_and_read_by_every_message():
    from django.urls import reverse

    from fiso.contributions import offers
    from fiso.models import MINIMUM_AMOUNT, MINIMUM_AMOUNT_MESSAGE
    from occitanie_ess.common.formats import euros

    minimum = euros(MINIMUM_AMOUNT)
    assert minimum == "30\xa0000\xa0€"  # seed document: « de 30 000 euros minimum »
    assert (
        str(MINIMUM_AMOUNT_MESSAGE) == f"Le montant d'un financement FISO est d'au moins {minimum}."
    )
    field = Financing._meta.get_field("amount")
    assert [v.limit_value for v in field.validators if hasattr(v, "limit_value")] == [
        MINIMUM_AMOUNT
    ]
    assert f"d'au moins {minimum}, jusqu'à 50 % des besoins" in offers()[0].why
    page = Client().get(reverse("fiso:index")).content.decode()
    assert f"Un montant de {minimum} au minimum." in page


def test_exactly_half_of_the_needs_is_accepted_and_one_cent_more_refused():
    financing = FinancingFactory(amount=Decimal("50000.00"), development_needs=Decimal("100000.00"))
    financing.full_clean()
    financing.amount = Decimal("50000.01")
    with pytest.raises(ValidationError) as error:
        financing.full_clean()
    assert "au plus 50 % des besoins" in str(error.value)
    _db_refuses(financing, "fiso_financing_amount_half_needs")


def test_half_of_odd_needs_in_cents_is_exact():
    # 60,000.01 € of needs: 30,000.00 € is below half, 30,000.01 € above it.
    financing = FinancingFactory(amount=Decimal("30000.00"), development_needs=Decimal("60000.01"))
    financing.amount = Decimal("30000.01")
    _db_refuses(financing, "fiso_financing_amount_half_needs")


def test_repaid_status_requires_the_full_amount_repaid():
    financing = PublicFinancingFactory(
        decision_date=datetime.date(2016, 3, 15), disbursement_date=datetime.date(2017, 1, 1)
    )
    financing.status = Financing.Status.REPAID
    financing.repaid_amount = financing.amount - Decimal("0.01")
    with pytest.raises(ValidationError, match="en totalité"):
        financing.full_clean()
    _db_refuses(financing, "fiso_financing_repaid_is_full")
    financing.repaid_amount = financing.amount
    financing.full_clean()
    financing.save()


def test_repaid_amount_never_exceeds_the_amount():
    financing = FinancingFactory()
    financing.repaid_amount = financing.amount + Decimal("0.01")
    _db_refuses(financing, "fiso_financing_repaid_range")


def test_a_committed_financing_has_a_decision_date():
    financing = FinancingFactory()
    financing.status = Financing.Status.GRANTED
    with pytest.raises(ValidationError, match="date de sa décision"):
        financing.full_clean()
    _db_refuses(financing, "fiso_financing_committed_has_decision_date")


def test_disbursement_cannot_precede_the_decision():
    financing = PublicFinancingFactory(decision_date=datetime.date(2020, 5, 1))
    financing.status = Financing.Status.DISBURSED
    financing.disbursement_date = datetime.date(2020, 4, 30)
    _db_refuses(financing, "fiso_financing_disbursement_after_decision")


def test_instalment_count_is_at_least_one():
    financing = FinancingFactory()
    financing.instalment_count = 0
    _db_refuses(financing, "fiso_financing_instalment_count_range")


def test_references_are_unique_when_given():
    FinancingFactory(reference="")
    FinancingFactory(reference="")
    FinancingFactory(reference="FISO-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        FinancingFactory(reference="FISO-1")


def test_envelope_shares_total_100_percent():
    envelope = EnvelopeFactory()
    envelope.state_share = Decimal("60.00")
    with pytest.raises(ValidationError, match="100 %"):
        envelope.full_clean()
    with pytest.raises(IntegrityError, match="fiso_envelope_shares_total"), transaction.atomic():
        envelope.save()


def test_envelope_capacity_is_positive():
    with pytest.raises(IntegrityError, match="fiso_envelope_capacity_positive"):
        with transaction.atomic():
            Envelope.objects.create(name="Vide", start_year=2015, capacity=Decimal("0"))


@pytest.mark.parametrize(
    ("amount", "state", "region"),
    [
        (Decimal("50000.00"), Decimal("25000.00"), Decimal("25000.00")),
        (Decimal("30000.01"), Decimal("15000.01"), Decimal("15000.00")),
        (Decimal("45678.91"), Decimal("22839.46"), Decimal("22839.45")),
    ],
)
def test_state_and_region_parts_sum_exactly_to_the_amount(amount, state, region):
    financing = FinancingFactory.build(envelope=EnvelopeFactory.build(), amount=amount)
    assert financing.state_amount == state
    assert financing.region_amount == region
    assert financing.state_amount + financing.region_amount == amount


def test_public_queryset_needs_commitment_publicity_and_a_published_enterprise():
    visible = PublicFinancingFactory()
    PublicFinancingFactory(is_public=False)
    FinancingFactory(is_public=True)  # in instruction
    hidden_enterprise = PublicFinancingFactory()
    hidden_enterprise.enterprise.is_published = False
    hidden_enterprise.enterprise.save()
    assert list(Financing.objects.public()) == [visible]
    assert set(Financing.objects.unpublished()) == set(Financing.objects.committed()) - {visible}


def test_totals_count_committed_disbursed_and_repaid_in_one_query(django_assert_num_queries):
    PublicFinancingFactory(amount=Decimal("40000.00"))
    PublicFinancingFactory(
        amount=Decimal("60000.00"),
        status=Financing.Status.REPAYING,
        decision_date=datetime.date(2026, 1, 1),
        disbursement_date=datetime.date(2026, 2, 1),
        repaid_amount=Decimal("1000.00"),
    )
    FinancingFactory(amount=Decimal("90000.00"), development_needs=Decimal("200000.00"))
    with django_assert_num_queries(1):
        totals = Financing.objects.totals()
    assert totals == {
        "committed": Decimal("100000.00"),
        "disbursed": Decimal("60000.00"),
        "repaid": Decimal("1000.00"),
        "count": 2,
        "unpublished_committed": Decimal("0.00"),
        "unpublished_count": 0,
    }
    PublicFinancingFactory(amount=Decimal("30000.00"), is_public=False)
    totals = Financing.objects.totals()
    assert (totals["count"], totals["committed"]) == (3, Decimal("130000.00"))
    assert (totals["unpublished_count"], totals["unpublished_committed"]) == (
        1,
        Decimal("30000.00"),
    )


def test_history_keeps_every_amount_and_status_change():
    financing = FinancingFactory(amount=Decimal("40000.00"))
    financing.amount = Decimal("45000.00")
    financing.save()
    financing.status = Financing.Status.REFUSED
    financing.save()
    history = list(financing.history.order_by("history_date").values_list("amount", "status"))
    assert history == [
        (Decimal("40000.00"), "instruction"),
        (Decimal("45000.00"), "instruction"),
        (Decimal("45000.00"), "refuse"),
    ]
