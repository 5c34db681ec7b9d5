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
