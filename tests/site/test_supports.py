"""One source of truth for "who supports whom": a REALIS residency, a YESS cohort
membership and a FISO financing's accompanying structure *are* the directory's support
relations (derived in the same transaction by each app's services), incubations typed by
staff stay as typed; the directory shows and filters on exactly these rows."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fiso.models import Financing
from fiso.services import financing_commit, financing_delete, financing_save
from realis.models import Residency
from realis.services import residencies_support_rederive, residency_delete, residency_save
from structures.models import Organisation, Support
from tests.factories import StaffFactory
from tests.fiso.factories import EnvelopeFactory, FinancingFactory
from tests.structures.factories import EnterpriseFactory, SupportFactory, SupportStructureFactory
from tests.yess.factories import ApplicationFactory, CallFactory
from yess.models import Status
from yess.services import (
    application_enterprise_set,
    application_select,
    application_withdraw,
    cohort_supports_rederive,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ecosystem():
    return {
        "realis": SupportStructureFactory(
            name="REALIS", slug="realis", kind=Organisation.Kind.PEPINIERE
        ),
        "catalis": SupportStructureFactory(name="Catalis", slug="catalis"),
        "alterincub": SupportStructureFactory(name="Alter'Incub", slug="alterincub"),
    }


def residency(enterprise, **values):
    values = {
        "status": Residency.Status.RESIDENT,
        "entry_date": datetime.date(2024, 10, 1),
        "planned_exit_date": datetime.date(2027, 9, 30),
        **values,
    }
    return residency_save(residency=Residency(enterprise=enterprise, **values))


def directory(client, structure) -> list[str]:
    response = client.get(reverse("structures:index"), {"accompagnee_par": structure.slug})
    return sorted(r.name for r in response.context["page_obj"].object_list)


def shown_on_page(client, enterprise) -> list[tuple[str, str, str]]:
    response = client.get(enterprise.get_absolute_url())
    return sorted(
        (s.structure.name, s.get_kind_display(), s.get_source_display())
        for s in response.context["supports"]
    )


def test_a_residency_is_the_hosting_support_shown_and_filtered_on(client, ecosystem):
    resident = EnterpriseFactory(name="Résidente")
    stay = residency(resident)
    assert directory(client, ecosystem["realis"]) == ["Résidente"]
    html = client.get(resident.get_absolute_url()).content.decode()
    assert "Aucun accompagnement" not in html
    assert shown_on_page(client, resident) == [
        ("REALIS", "Hébergement", "Résidence à la pépinière")
    ]
    support = Support.objects.get()
    assert (support.start_date, support.end_date) == (datetime.date(2024, 10, 1), None)
    # Leaving closes the period; no one types it twice.
    stay.status = Residency.Status.ALUMNUS
    stay.actual_exit_date = datetime.date(2026, 6, 30)
    residency_save(residency=stay)
    support = Support.objects.get()
    assert support.end_date == datetime.date(2026, 6, 30)
    residency_delete(residency=stay)
    assert not Support.objects.exists()
    assert directory(client, ecosystem["realis"]) == []
    assert "Aucun accompagnement" in client.get(resident.get_absolute_url()).content.decode()


def test_a_candidacy_supports_no_one_yet(ecosystem):
    candidate = residency(EnterpriseFactory(), status=Residency.Status.CANDIDATE)
    assert not Support.objects.exists()
    candidate.status = Residency.Status.RESIDENT
    residency_save(residency=candidate)
    assert Support.objects.get().source_id == candidate.pk


def test_a_cohort_membership_is_the_operators_support(client, ecosystem):
    call = CallFactory(
        operator=ecosystem["realis"],
        opens_at=timezone.now() - datetime.timedelta(days=100),
        closes_at=timezone.now() - datetime.timedelta(days=40),
    )
    member = EnterpriseFactory(name="Lauréate")
    application = ApplicationFactory(call=call, status=Status.SHORTLISTED, submitted=True)
    application_enterprise_set(application=application, enterprise=member)
    assert not Support.objects.exists()  # linked, not selected yet
    application_select(application=application, by=StaffFactory())
    assert shown_on_page(client, member) == [
        ("REALIS", "Accompagnement", "Promotion de la YESS Académie")
    ]
    assert directory(client, ecosystem["realis"]) == ["Lauréate"]
    application_withdraw(application=application, by=None)
    assert not Support.objects.exists()


def test_a_public_financing_names_its_accompanying_structure(client, ecosystem):
    envelope = EnvelopeFactory()
    funded = EnterpriseFactory(name="Financée")
    financing = FinancingFactory(
        envelope=envelope, enterprise=funded, accompanying_structure=ecosystem["catalis"]
    )
    financing_save(financing=financing)
    assert not Support.objects.exists()  # in instruction: nothing to say yet
    financing.is_public = True
    financing_commit(financing=financing, decision_date=datetime.date(2025, 7, 8))
    assert shown_on_page(client, funded) == [("Catalis", "Accompagnement", "Financement du FISO")]
    assert directory(client, ecosystem["catalis"]) == ["Financée"]
    # An unpublished financing stays hidden, its accompaniment included.
    financing.is_public = False
    financing_save(financing=financing)
    assert directory(client, ecosystem["catalis"]) == []
    financing.is_public = True
    financing_save(financing=financing)
    financing_delete(financing=financing)
    assert not Support.objects.exists()
    assert Financing.objects.count() == 0


def test_every_support_shown_comes_from_its_record_and_vice_versa(client, ecosystem):
    """On a mixed ecosystem, the rows the directory shows are exactly: one per hosted
    residency, per cohort member, per public financing with an accompanying structure,
    plus the typed incubations; rebuilding from the records changes nothing."""
    residents = [EnterpriseFactory(name=f"Résidente {n}") for n in range(3)]
    for enterprise in residents:
        residency(enterprise)
    residency(EnterpriseFactory(name="Candidate"), status=Residency.Status.CANDIDATE)
    call = CallFactory(operator=ecosystem["realis"])
    members = [EnterpriseFactory(name=f"Lauréate {n}") for n in range(2)]
    for enterprise in members:
        application = ApplicationFactory(call=call, status=Status.SHORTLISTED, submitted=True)
        application_enterprise_set(application=application, enterprise=enterprise)
        application_select(application=application, by=None)
    ApplicationFactory(call=call, status=Status.SHORTLISTED, submitted=True)
    envelope = EnvelopeFactory()
    funded = EnterpriseFactory(name="Financée")
    financing_commit(
        financing=FinancingFactory(
            envelope=envelope,
            enterprise=funded,
            accompanying_structure=ecosystem["alterincub"],
            is_public=True,
        )
    )
    financing_commit(
        financing=FinancingFactory(
            envelope=envelope,
            enterprise=EnterpriseFactory(name="Discrète"),
            accompanying_structure=ecosystem["alterincub"],
            amount=Decimal("40000.00"),
        )
    )
    incubated = EnterpriseFactory(name="Incubée")
    SupportFactory(structure=ecosystem["catalis"], enterprise=incubated)

    rows = set(Support.objects.values_list("structure__slug", "enterprise__name", "source"))
    assert rows == {
        *(("realis", e.name, "residence") for e in residents),
        *(("realis", e.name, "promotion") for e in members),
        ("alterincub", "Financée", "financement"),
        ("catalis", "Incubée", "saisie"),
    }
    assert directory(client, ecosystem["realis"]) == sorted(e.name for e in [*residents, *members])
    assert directory(client, ecosystem["alterincub"]) == ["Financée"]
    assert directory(client, ecosystem["catalis"]) == ["Incubée"]
    for enterprise in [*residents, *members, funded, incubated]:
        assert (
            "Aucun accompagnement" not in client.get(enterprise.get_absolute_url()).content.decode()
        )
    unchanged = {"created": 0, "updated": 0, "deleted": 0}
    assert residencies_support_rederive() == unchanged
    assert cohort_supports_rederive() == unchanged
    # A derived row typed or altered by hand is put back by its record.
    Support.objects.filter(source="residence").update(start_date=datetime.date(2000, 1, 1))
    assert residencies_support_rederive()["updated"] == 3
    assert Support.objects.typed().count() == 1


def test_a_typed_support_cannot_pretend_to_derive_from_a_record(ecosystem):
    from django.core.exceptions import ValidationError

    support = Support(
        structure=ecosystem["catalis"],
        enterprise=EnterpriseFactory(),
        kind=Support.Kind.INCUBATION,
        start_date=datetime.date(2024, 1, 1),
        source=Support.Source.RESIDENCY,
    )
    with pytest.raises(ValidationError):
        support.full_clean()


def test_a_derived_support_is_read_only_in_the_directory_admin(admin_client, ecosystem):
    resident = EnterpriseFactory(name="Résidente Admin")
    residency(resident)
    derived = Support.objects.get()
    typed = SupportFactory(structure=ecosystem["catalis"], enterprise=resident)
    change = reverse("admin:structures_support_change", args=[derived.pk])
    response = admin_client.get(change)
    assert response.status_code == 200 and not response.context["has_change_permission"]
    posted = admin_client.post(
        change,
        {
            "structure": ecosystem["catalis"].pk,
            "enterprise": resident.pk,
            "kind": "incubation",
            "start_date": "2001-01-01",
        },
    )
    assert posted.status_code == 403
    derived.refresh_from_db()
    assert derived.structure == ecosystem["realis"]
    assert (
        admin_client.post(
            reverse("admin:structures_support_delete", args=[derived.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    # The enterprise's page in the admin edits only the typed rows.
    page = admin_client.get(reverse("admin:structures_enterprise_change", args=[resident.pk]))
    inline = next(f for f in page.context["inline_admin_formsets"] if f.formset.model is Support)
    assert [form.instance.pk for form in inline.formset.forms if form.instance.pk] == [typed.pk]
    assert (
        admin_client.get(
            reverse("admin:structures_support_changelist"), {"source__exact": "residence"}
        ).status_code
        == 200
    )


def test_derive_supports_rebuilds_rows_of_records_saved_before_derivation(ecosystem):
    """Records written before supports were derived (or by a raw import) get their rows
    from `manage.py derive_supports`; a second run changes nothing."""
    from io import StringIO

    from django.core.management import call_command

    Residency.objects.create(
        enterprise=EnterpriseFactory(),
        status=Residency.Status.RESIDENT,
        entry_date=datetime.date(2025, 1, 6),
        planned_exit_date=datetime.date(2028, 1, 5),
    )
    assert not Support.objects.exists()
    out = StringIO()
    call_command("derive_supports", stdout=out)
    assert "realis : 1 créé(s), 0 mis à jour, 0 supprimé(s)." in out.getvalue()
    assert Support.objects.get().source == "residence"
    again = StringIO()
    call_command("derive_supports", stdout=again)
    assert "realis : 0 créé(s), 0 mis à jour, 0 supprimé(s)." in again.getvalue()
