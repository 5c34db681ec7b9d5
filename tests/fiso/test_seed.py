"""The FISO demo data: the envelope, V@SI accompanied by REALIS, examples within it."""

import io
from decimal import Decimal

import pytest

from fiso import seed
from fiso.models import Envelope, Financing
from tests.structures.factories import EnterpriseFactory, SupportStructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    realis = SupportStructureFactory(name="REALIS", slug="realis")
    vasi = EnterpriseFactory(name="V@SI", slug="vasi")
    for slug in ("alterincub", "catalis", "le-periscope", "les-ateliers"):
        SupportStructureFactory(slug=slug)
    for number in range(1, 16):
        EnterpriseFactory(slug=f"exemple-{number}", is_example=True)
    return realis, vasi


def test_seed_loads_the_envelope_and_vasi_within_capacity(directory):
    realis, vasi = directory
    seed.seed(stdout=io.StringIO(), options={})
    envelope = Envelope.objects.get()
    assert envelope.capacity == Decimal("2300000.00")
    assert (envelope.start_year, envelope.operator) == (2015, "Bpifrance")
    assert envelope.state_share == envelope.region_share == Decimal("50.00")
    first = Financing.objects.get(enterprise=vasi)
    assert first.accompanying_structure == realis
    assert first.note == "Premier financement FISO de France"
    assert first.is_public and first.amount_is_example
    assert Financing.objects.count() == 13
    assert all(f.amount_is_example for f in Financing.objects.all())
    totals = Financing.objects.totals()
    assert Decimal(0) < totals["committed"] <= envelope.capacity
    assert Financing.objects.public().count() >= 8
    for financing in Financing.objects.all():
        financing.full_clean()


def test_seed_is_idempotent(directory):
    seed.seed(stdout=io.StringIO(), options={})
    before = list(Financing.objects.order_by("pk").values_list("pk", "amount", "status"))
    seed.seed(stdout=io.StringIO(), options={})
    assert list(Financing.objects.order_by("pk").values_list("pk", "amount", "status")) == before
    assert Envelope.objects.count() == 1


def test_seed_skips_financings_without_realis_or_vasi():
    out = io.StringIO()
    seed.seed(stdout=out, options={})
    assert Financing.objects.count() == 0
    assert "V@SI absents" in out.getvalue()
