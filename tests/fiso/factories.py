import datetime
from decimal import Decimal

import factory

from fiso.models import Envelope, Financing
from tests.structures.factories import EnterpriseFactory


class EnvelopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Envelope
        django_get_or_create = ("name",)

    name = "FISO Occitanie"
    start_year = 2015
    capacity = Decimal("2300000.00")
    state_share = Decimal("50.00")
    region_share = Decimal("50.00")
    operator = "Bpifrance"


class FinancingFactory(factory.django.DjangoModelFactory):
    """A financing in instruction (not committed, not public) unless told otherwise."""

    class Meta:
        model = Financing

    envelope = factory.SubFactory(EnvelopeFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    instrument = Financing.Instrument.REPAYABLE_ADVANCE
    amount = Decimal("50000.00")
    development_needs = Decimal("120000.00")
    purpose = factory.Faker("sentence", locale="fr_FR")
    status = Financing.Status.INSTRUCTION


class PublicFinancingFactory(FinancingFactory):
    """A granted, public financing (created directly: tests of the service use the service)."""

    status = Financing.Status.GRANTED
    decision_date = factory.Sequence(lambda n: datetime.date(2016 + n % 10, 3, 15))
    is_public = True


def envelope_form_data(envelope, **changes) -> dict:
    """Return the envelope form's fields as a browser posts them, with `changes`."""
    data = {
        "name": envelope.name,
        "start_year": envelope.start_year,
        "capacity": str(envelope.capacity),
        "state_share": "50",
        "region_share": "50",
        "operator": "Bpifrance",
    }
    return {**data, **changes}
