from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from structures.models import Enterprise, Organisation, Support, SupportStructure

pytestmark = pytest.mark.django_db


def counts():
    return (
        Organisation.objects.count(),
        Support.objects.count(),
        Organisation.thematics.through.objects.count(),
    )


def test_seed_demo_loads_the_seed_document_entities_and_is_idempotent():
    call_command("seed_demo", "--enterprises", "30", stdout=StringIO())
    first = counts()
    call_command("seed_demo", "--enterprises", "30", stdout=StringIO())
    assert counts() == first
    names = set(SupportStructure.objects.values_list("name", flat=True))
    assert {"REALIS", "Alter'Incub", "Catalis", "Le Périscope", "Les Ateliers"} <= names
    vasi = Enterprise.objects.get(slug="vasi")
    # Hosted by REALIS (its residency) and accompanied by REALIS to its FISO financing.
    assert set(vasi.supports.values_list("structure__name", "source")) == {
        ("REALIS", "residence"),
        ("REALIS", "financement"),
    }
    assert Enterprise.objects.filter(is_example=True).count() == 30


def test_seed_demo_only_adds_what_is_missing():
    call_command("seed_demo", "--enterprises", "10", stdout=StringIO())
    call_command("seed_demo", "--enterprises", "25", stdout=StringIO())
    assert Enterprise.objects.filter(is_example=True).count() == 25


def test_ensure_staff_creates_one_superuser_and_prints_the_password_once():
    out = StringIO()
    call_command("ensure_staff", stdout=out)
    assert "mot de passe :" in out.getvalue()
    again = StringIO()
    call_command("ensure_staff", stdout=again)
    assert "mot de passe" not in again.getvalue()
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
