import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from realis.models import (
    Booking,
    CoachingSession,
    Membership,
    Residency,
    SharedService,
    Space,
    add_years,
)
from tests.factories import UserFactory
from tests.structures.factories import EnterpriseFactory


def next_weekday(days_ahead: int = 1) -> datetime.date:
    """Return the first Monday-to-Friday date at least `days_ahead` days from today."""
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """Return the aware local datetime of `day` at hour:minute."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    name = factory.Sequence(lambda n: f"Salle {n}")
    slug = factory.Sequence(lambda n: f"salle-{n}")
    kind = Space.Kind.MEETING_ROOM
    capacity = 10
    equipment = "Écran\nTableau blanc"
    is_bookable = True


class OfficeFactory(SpaceFactory):
    name = factory.Sequence(lambda n: f"Bureau {n}")
    slug = factory.Sequence(lambda n: f"bureau-{n}")
    kind = Space.Kind.OFFICE
    is_bookable = False


class SharedServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SharedService

    name = factory.Sequence(lambda n: f"Service {n}")


class ResidencyFactory(factory.django.DjangoModelFactory):
    """A current residency: entered a year ago, leaving in two years."""

    class Meta:
        model = Residency

    enterprise = factory.SubFactory(EnterpriseFactory)
    status = Residency.Status.RESIDENT
    entry_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    planned_exit_date = factory.LazyAttribute(
        lambda o: add_years(o.entry_date, 3) - datetime.timedelta(days=1)
    )


class AlumnusResidencyFactory(ResidencyFactory):
    status = Residency.Status.ALUMNUS
    entry_date = datetime.date(2015, 9, 1)
    planned_exit_date = datetime.date(2018, 8, 31)
    actual_exit_date = datetime.date(2018, 8, 31)
    settled_commune = "Montpellier"
    jobs_at_exit = 6


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)


def resident_user(**kwargs):
    """Return a user who is a member of an enterprise currently in residence."""
    residency = ResidencyFactory(**kwargs)
    membership = MembershipFactory(enterprise=residency.enterprise)
    return membership.user


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    space = factory.SubFactory(SpaceFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    start = factory.LazyFunction(lambda: at(next_weekday(), 10))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=1))
    purpose = "Réunion d'équipe"


class CoachingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachingSession
        skip_postgeneration_save = True

    date = factory.LazyFunction(timezone.localdate)
    kind = CoachingSession.Kind.COLLECTIVE
    topic = factory.Sequence(lambda n: f"Atelier {n}")
    hours = Decimal("2.50")
    coach = "Équipe REALIS"

    @factory.post_generation
    def enterprises(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.enterprises.set(extracted)
