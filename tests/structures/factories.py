import factory

from structures.models import (
    Departement,
    Enterprise,
    Organisation,
    Support,
    SupportStructure,
    Thematic,
)


class DepartementFactory(factory.django.DjangoModelFactory):
    """A département; the 13 real ones come from a data migration, so reuse by code."""

    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = "34"
    name = "Hérault"
    slug = factory.LazyAttribute(lambda o: f"dep-{o.code}")


class ThematicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thematic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thématique {n}")
    slug = factory.Sequence(lambda n: f"thematique-{n}")


class SupportStructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportStructure

    category = Organisation.Category.STRUCTURE
    name = factory.Sequence(lambda n: f"Structure {n}")
    slug = factory.Sequence(lambda n: f"structure-{n}")
    kind = Organisation.Kind.INCUBATEUR
    commune = "Montpellier"
    postcode = "34000"
    departement = factory.SubFactory(DepartementFactory)
    description = factory.Faker("paragraph", locale="fr_FR")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    category = Organisation.Category.ENTERPRISE
    name = factory.Sequence(lambda n: f"Entreprise sociale {n}")
    slug = factory.Sequence(lambda n: f"entreprise-{n}")
    legal_form = Organisation.LegalForm.SCOP
    commune = "Montpellier"
    postcode = "34000"
    departement = factory.SubFactory(DepartementFactory)
    description = factory.Faker("paragraph", locale="fr_FR")


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    structure = factory.SubFactory(SupportStructureFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = Support.Kind.INCUBATION
    start_date = factory.Faker("date_between", start_date="-5y", end_date="today")


def valid_siret(number: int) -> str:
    """Return a SIRET with valid checksums (SIREN and SIRET Luhn keys), unique per number."""
    from stdnum import luhn

    siren_base = f"{number % 10**8:08d}"
    siren = siren_base + luhn.calc_check_digit(siren_base)
    nic_base = f"{(number // 10**8) % 10**4:04d}"
    body = siren + nic_base
    return body + luhn.calc_check_digit(body)


def bulk_enterprises(count: int, *, departements, thematics, prefix: str = "masse") -> list:
    """Insert `count` published enterprises with bulk_create (two queries); return them."""
    forms = Organisation.LegalForm.values
    records = [
        Organisation(
            category=Organisation.Category.ENTERPRISE,
            name=f"Entreprise {prefix} {number:05d}",
            slug=f"{prefix}-{number}",
            legal_form=forms[number % len(forms)],
            esus=forms[number % len(forms)] == Organisation.LegalForm.COMMERCIALE_ESUS
            or number % 5 == 0,
            commune="Commune",
            departement=departements[number % len(departements)],
            description=f"Activité numéro {number} en économie circulaire.",
        )
        for number in range(count)
    ]
    created = Organisation.objects.bulk_create(records, batch_size=5000)
    Through = Organisation.thematics.through
    Through.objects.bulk_create(
        [
            Through(organisation_id=record.pk, thematic_id=thematics[i % len(thematics)].pk)
            for i, record in enumerate(created)
        ],
        batch_size=5000,
    )
    return created
