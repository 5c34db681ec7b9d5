import datetime
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from coventis.models import (
    Edition,
    Exhibitor,
    MeetingRequest,
    MeetingSlot,
    ProgrammeItem,
    Registration,
)
from tests.factories import UserFactory
from tests.structures.factories import EnterpriseFactory

PARIS = ZoneInfo("Europe/Paris")


def paris(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """Return an aware datetime in Europe/Paris."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


class EditionFactory(factory.django.DjangoModelFactory):
    """An upcoming Coventis edition open for registration (closing in 30 days)."""

    class Meta:
        model = Edition

    kind = Edition.Kind.COVENTIS
    number = factory.Sequence(lambda n: 100 + n)
    year = factory.Sequence(lambda n: 2100 + n)
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 10, 14))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=1))
    city = "Montpellier"
    venue = "Le Corum"
    theme = "Acheter solidaire"
    registration_open = True
    registration_closes_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=30)
    )


class PastEditionFactory(EditionFactory):
    # Far in the past whatever the shared sequence counter reaches in a run.
    year = factory.Sequence(lambda n: 1000 + n % 1000)
    registration_open = False
    registration_closes_at = None
    exhibitors_count = 120
    visitors_count = 2000


class ExhibitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibitor

    edition = factory.SubFactory(EditionFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    stand = factory.Sequence(lambda n: f"S{n:03d}")


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    edition = factory.SubFactory(EditionFactory)
    kind = ProgrammeItem.Kind.TALK
    title = factory.Sequence(lambda n: f"Conférence {n}")
    room = "Auditorium"
    start = factory.LazyAttribute(lambda o: paris(o.edition.start_date, 10))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=1))
    speakers = "Région Occitanie, Bpifrance"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    edition = factory.SubFactory(EditionFactory)
    user = factory.SubFactory(UserFactory)
    kind = Registration.Kind.VISITOR
    badge_name = factory.LazyAttribute(lambda o: o.user.name)


class BuyerRegistrationFactory(RegistrationFactory):
    kind = Registration.Kind.BUYER
    buyer_type = Registration.BuyerType.PUBLIC
    organisation = "Ville de Montpellier"


class ExhibitorRegistrationFactory(RegistrationFactory):
    kind = Registration.Kind.EXHIBITOR
    exhibitor = factory.SubFactory(ExhibitorFactory, edition=factory.SelfAttribute("..edition"))
    enterprise = factory.SelfAttribute("exhibitor.enterprise")
    organisation = factory.LazyAttribute(lambda o: o.exhibitor.enterprise.name)


class MeetingSlotFactory(factory.django.DjangoModelFactory):
    """Consecutive 30-minute slots from 9:30 (Paris) on the edition's first day."""

    class Meta:
        model = MeetingSlot

    edition = factory.SubFactory(EditionFactory)
    start = factory.LazyAttribute(
        lambda o: (
            paris(o.edition.start_date, 9, 30)
            + datetime.timedelta(minutes=30 * o.edition.slots.count())
        )
    )
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(minutes=30))


class MeetingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRequest

    slot = factory.SubFactory(MeetingSlotFactory)
    buyer = factory.SubFactory(
        BuyerRegistrationFactory, edition=factory.SelfAttribute("..slot.edition")
    )
    exhibitor = factory.LazyAttribute(
        lambda o: ExhibitorRegistrationFactory(edition=o.slot.edition).exhibitor
    )
