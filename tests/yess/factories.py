import datetime

import factory
from django.utils import timezone

from tests.factories import UserFactory
from tests.structures.factories import DepartementFactory
from yess.models import Application, Call, Cohort, Criterion, Session, Status, StatusChange


class CallFactory(factory.django.DjangoModelFactory):
    """A call open now: opened ten days ago, closing in twenty days."""

    class Meta:
        model = Call
        django_get_or_create = ("year",)

    year = factory.Sequence(lambda n: 2100 + n)
    title = factory.LazyAttribute(lambda o: f"Appel à candidatures YESS Académie {o.year}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
    capacity = 30
    calendar = "Février : jury\nMars : entretiens"


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    label = factory.Sequence(lambda n: f"Critère {n}")
    max_score = 5
    weight = 1


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft with every answer (and a pitch-deck name) filled in."""

    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory)
    project_name = "Recyclerie du Lauragais"
    summary = "Une recyclerie solidaire."
    social_need = "Réduire les déchets et créer des emplois."
    innovation = "Un réseau de collecte en milieu rural."
    beneficiaries = "Personnes éloignées de l'emploi."
    team = "Deux cofondatrices."
    team_size = 2
    departement = factory.LazyFunction(
        lambda: DepartementFactory(code="31", name="Haute-Garonne", slug="haute-garonne")
    )
    commune = "Villefranche-de-Lauragais"
    stage = "prototype"
    economic_model = "Ventes et prestations."
    needs = "Structurer le modèle économique."
    pitch_deck = "yess/test/deck.pdf"

    class Params:
        submitted = factory.Trait(
            status=Status.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )


def make_status(application: Application, status: str) -> Application:
    """Put an application straight into `status` (a test shortcut, recorded)."""
    StatusChange.objects.create(
        application=application, from_status=application.status, to_status=status
    )
    application.status = status
    application.submitted_at = application.submitted_at or timezone.now()
    application.save()
    return application


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    call = factory.SubFactory(CallFactory)
    name = factory.LazyAttribute(lambda o: f"Promotion {o.call.year}")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    kind = Session.Kind.TRAINING
    title = factory.Sequence(lambda n: f"Formation {n}")
    starts_at = factory.LazyFunction(timezone.now)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
