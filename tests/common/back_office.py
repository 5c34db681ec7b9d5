"""A realistic back office for the admin's tests: one staff member per group, and work
waiting for each (YESS applications, FISO financings, REALIS residencies and bookings,
Coventis registrations, a claim and a meeting request)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from coventis.models import Registration
from coventis.services import ORGANISERS_GROUP
from fiso.models import Financing
from fiso.services import TEAM_GROUP as FISO_GROUP
from occitanie_ess.common.groups import AUDIT_GROUP
from occitanie_ess.common.registry import run_staff_groups
from realis.services import TEAM_GROUP as REALIS_GROUP
from structures.services import DIRECTORY_GROUP
from tests.coventis.factories import (
    BuyerRegistrationFactory,
    EditionFactory,
    ExhibitorRegistrationFactory,
    MeetingRequestFactory,
    RegistrationFactory,
)
from tests.factories import StaffFactory
from tests.fiso.factories import EnvelopeFactory, FinancingFactory, PublicFinancingFactory
from tests.realis.factories import BookingFactory, ResidencyFactory, SpaceFactory, at
from tests.structures.factories import EnterpriseFactory
from tests.yess.factories import ApplicationFactory, CallFactory, CriterionFactory, make_status
from yess.models import JuryAssignment, Status
from yess.services import JURY_GROUP, TEAM_GROUP


@dataclass
class BackOffice:
    staff: dict
    call: object
    shortlisted: object
    financing: object
    claim: object
    envelope: object


def staff_member(group_name: str, email: str, name: str):
    user = StaffFactory(email=email, name=name, groups=[group_name])
    return user


def back_office() -> BackOffice:
    """Create the groups, one staff member per group and the work awaiting them."""
    run_staff_groups()
    staff = {
        "yess": staff_member(TEAM_GROUP, "equipe.yess@exemple.fr", "Inès Garcia"),
        "jury": staff_member(JURY_GROUP, "jure.yess@exemple.fr", "Paul Fabre"),
        "fiso": staff_member(FISO_GROUP, "equipe.fiso@exemple.fr", "Claire Roux"),
        "realis": staff_member(REALIS_GROUP, "equipe.realis@exemple.fr", "Marc Vidal"),
        "coventis": staff_member(ORGANISERS_GROUP, "orga.coventis@exemple.fr", "Léa Martin"),
        "audit": staff_member(AUDIT_GROUP, "audit@exemple.fr", "Hugo Blanc"),
        "annuaire": staff_member(DIRECTORY_GROUP, "annuaire@exemple.fr", "Sophie Costes"),
    }

    # YESS: an open call with three submitted, two under review, one shortlisted.
    call = CallFactory(year=2027, title="Appel à candidatures YESS Académie 2027")
    for label in ("Utilité sociale", "Innovation", "Viabilité économique"):
        CriterionFactory(call=call, label=label)
    projects = [
        ("Recyclerie du Lauragais", Status.SUBMITTED),
        ("Épicerie solidaire des Cévennes", Status.SUBMITTED),
        ("Atelier vélo de Figeac", Status.SUBMITTED),
        ("Conserverie « Les Jardins d'Ariège »", Status.UNDER_REVIEW),
        ("Tiers-lieu <b>numérique</b> de Rodez", Status.UNDER_REVIEW),
    ]
    for name, status in projects:
        application = ApplicationFactory(call=call, project_name=name, submitted=True)
        application.submitted_at = timezone.now() - datetime.timedelta(days=3)
        application.save()
        if status != Status.SUBMITTED:
            make_status(application, status)
    shortlisted = ApplicationFactory(
        call=call, project_name="Ressourcerie de Castres", submitted=True
    )
    make_status(shortlisted, Status.UNDER_REVIEW)
    make_status(shortlisted, Status.SHORTLISTED)
    JuryAssignment.objects.create(application=shortlisted, juror=staff["jury"])
    ApplicationFactory(call=call, project_name="Brouillon jamais déposé")

    # FISO: the envelope with published and unpublished commitments, two awaiting.
    envelope = EnvelopeFactory()
    PublicFinancingFactory(
        envelope=envelope, enterprise=EnterpriseFactory(name="V@SI"), amount=Decimal("60000")
    )
    PublicFinancingFactory(envelope=envelope, amount=Decimal("45000"))
    FinancingFactory(
        envelope=envelope,
        status=Financing.Status.GRANTED,
        decision_date=datetime.date(2026, 6, 2),
        amount=Decimal("80000"),
        development_needs=Decimal("200000"),
        is_public=False,
    )
    FinancingFactory(
        envelope=envelope,
        status=Financing.Status.DISBURSED,
        decision_date=datetime.date(2025, 3, 10),
        disbursement_date=datetime.date(2025, 4, 1),
        amount=Decimal("40000"),
        repaid_amount=Decimal("12500.50"),
        is_public=True,
    )
    financing = FinancingFactory(
        envelope=envelope,
        enterprise=EnterpriseFactory(name="Coopérative Terres de Lozère"),
        amount=Decimal("75000"),
        development_needs=Decimal("180000"),
        status=Financing.Status.INSTRUCTION,
    )
    FinancingFactory(envelope=envelope, status=Financing.Status.APPLICATION)

    # REALIS: twelve residents, one leaving within three months, bookings this week.
    for _number in range(11):
        ResidencyFactory()
    today = timezone.localdate()
    ResidencyFactory(
        entry_date=today - datetime.timedelta(days=1000),
        planned_exit_date=today + datetime.timedelta(days=45),
    )
    room = SpaceFactory(name="Salle Garonne")
    SpaceFactory(name="Salle Tarn")
    monday = today - datetime.timedelta(days=today.weekday())
    BookingFactory(space=room, start=at(monday, 10), end=at(monday, 11))
    BookingFactory(space=room, start=at(monday + datetime.timedelta(days=4), 14))

    # Coventis: the next edition with registrations, a claim to confirm, a request pending.
    start = today + datetime.timedelta(days=40)
    edition = EditionFactory(year=start.year, start_date=start)
    for _number in range(3):
        RegistrationFactory(edition=edition)
    BuyerRegistrationFactory(edition=edition)
    ExhibitorRegistrationFactory(edition=edition)
    # Someone registered online as the exhibitor of an enterprise: the organisers confirm.
    claim = RegistrationFactory(
        edition=edition,
        kind=Registration.Kind.EXHIBITOR,
        badge_name="Nadia Ferrand",
        organisation="Scop Les Ateliers du Tarn",
        enterprise=EnterpriseFactory(name="Scop Les Ateliers du Tarn"),
    )
    MeetingRequestFactory(slot__edition=edition)
    return BackOffice(
        staff=staff,
        call=call,
        shortlisted=shortlisted,
        financing=financing,
        claim=claim,
        envelope=envelope,
    )
