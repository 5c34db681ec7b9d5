import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coventis import services
from coventis.models import Exhibitor, MeetingRequest, Registration
from tests.checks import run_concurrently
from tests.coventis.factories import (
    BuyerRegistrationFactory,
    EditionFactory,
    ExhibitorFactory,
    ExhibitorRegistrationFactory,
    MeetingRequestFactory,
    MeetingSlotFactory,
    PastEditionFactory,
    RegistrationFactory,
)
from tests.factories import UserFactory
from tests.structures.factories import EnterpriseFactory

# Registrations ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_registration_create_records_a_buyer_and_mails_a_french_confirmation(
    mailoutbox, django_capture_on_commit_callbacks
):
    edition = EditionFactory()
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(
            edition=edition,
            user=user,
            kind=Registration.Kind.BUYER,
            badge_name=" Camille Martin ",
            organisation="Ville de Nîmes",
            buyer_type=Registration.BuyerType.PUBLIC,
        )
    assert registration.badge_name == "Camille Martin"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [user.email]
    assert f"Votre inscription à Coventis {edition.year}" in message.subject
    assert "comme acheteur est enregistrée" in message.body


@pytest.mark.django_db
def test_registration_is_not_mailed_when_the_transaction_rolls_back(
    mailoutbox, django_capture_on_commit_callbacks
):
    edition = EditionFactory(registration_closes_at=timezone.now() - datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.registration_create(
            edition=edition, user=UserFactory(), kind="visiteur", badge_name="A"
        )
    assert mailoutbox == []


@pytest.mark.django_db
def test_registration_after_closing_is_refused():
    edition = EditionFactory(registration_closes_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError, match="Les inscriptions à cette édition sont closes"):
        services.registration_create(
            edition=edition, user=UserFactory(), kind="visiteur", badge_name="A"
        )
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_registration_to_an_edition_staff_did_not_open_is_refused():
    edition = PastEditionFactory()
    with pytest.raises(ValidationError, match="closes"):
        services.registration_create(
            edition=edition, user=UserFactory(), kind="visiteur", badge_name="A"
        )


@pytest.mark.django_db
def test_registration_beyond_capacity_is_refused_with_a_clear_message():
    edition = EditionFactory(capacity=2)
    RegistrationFactory.create_batch(2, edition=edition)
    with pytest.raises(ValidationError) as error:
        services.registration_create(
            edition=edition, user=UserFactory(), kind="visiteur", badge_name="A"
        )
    assert error.value.messages == [
        "Cette édition est complète : les 2 places sont prises. Écrivez à l'organisation "
        "pour être inscrit sur liste d'attente."
    ]
    assert edition.registrations.count() == 2


@pytest.mark.django_db
def test_second_registration_of_a_person_is_refused():
    registration = RegistrationFactory()
    with pytest.raises(ValidationError, match="déjà inscrit"):
        services.registration_create(
            edition=registration.edition, user=registration.user, kind="visiteur", badge_name="A"
        )


@pytest.mark.django_db
def test_exhibitor_registration_is_a_claim_that_creates_no_exhibitor():
    edition = EditionFactory()
    enterprise = EnterpriseFactory()
    registration = services.registration_create(
        edition=edition,
        user=UserFactory(),
        kind=Registration.Kind.EXHIBITOR,
        badge_name="Alex",
        enterprise=enterprise,
    )
    assert registration.enterprise == enterprise
    assert registration.is_pending_claim
    assert registration.organisation == enterprise.name
    assert not Exhibitor.objects.exists()
    # Until the organisers confirm one, several people may claim the enterprise.
    services.registration_create(
        edition=edition,
        user=UserFactory(),
        kind=Registration.Kind.EXHIBITOR,
        badge_name="Sam",
        enterprise=enterprise,
    )
    assert not Exhibitor.objects.exists()
    exhibitor = services.exhibitor_claim_confirm(registration=registration)
    assert exhibitor.from_claim and exhibitor.enterprise == enterprise
    with pytest.raises(ValidationError, match="déjà représentée"):
        services.registration_create(
            edition=edition,
            user=UserFactory(),
            kind=Registration.Kind.EXHIBITOR,
            badge_name="Lou",
            enterprise=enterprise,
        )
    assert Exhibitor.objects.filter(edition=edition).count() == 1


@pytest.mark.django_db
def test_exhibitor_registration_needs_a_published_enterprise():
    with pytest.raises(ValidationError, match="entreprise publiée"):
        services.registration_create(
            edition=EditionFactory(),
            user=UserFactory(),
            kind=Registration.Kind.EXHIBITOR,
            badge_name="Alex",
            enterprise=EnterpriseFactory(is_published=False),
        )


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_the_capacity():
    edition = EditionFactory(capacity=3)
    users = UserFactory.create_batch(8)
    results = run_concurrently(
        [
            lambda user=user: services.registration_create(
                edition=edition, user=user, kind="visiteur", badge_name=user.email
            )
            for user in users
        ]
    )
    assert sum(isinstance(r, Registration) for r in results) == 3
    assert all(isinstance(r, Registration | ValidationError) for r in results)
    assert edition.registrations.count() == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_of_one_person_leave_one():
    edition = EditionFactory()
    user = UserFactory()
    results = run_concurrently(
        [
            lambda: services.registration_create(
                edition=edition, user=user, kind="visiteur", badge_name="A"
            )
            for _ in range(5)
        ]
    )
    assert sum(isinstance(r, Registration) for r in results) == 1
    assert Registration.objects.filter(edition=edition, user=user).count() == 1


# Meetings ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_buyer_requests_exhibitor_accepts_and_buyer_is_told(
    mailoutbox, django_capture_on_commit_callbacks
):
    slot = MeetingSlotFactory()
    buyer = BuyerRegistrationFactory(edition=slot.edition)
    exhibitor_registration = ExhibitorRegistrationFactory(edition=slot.edition)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_request_create(
            buyer=buyer, exhibitor=exhibitor_registration.exhibitor, slot=slot, message="Bonjour"
        )
    assert meeting.status == MeetingRequest.Status.PENDING
    assert mailoutbox[-1].to == [exhibitor_registration.user.email]
    assert "Nouvelle demande de rendez-vous" in mailoutbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_accept(meeting=meeting, user=exhibitor_registration.user)
    meeting.refresh_from_db()
    assert meeting.status == MeetingRequest.Status.ACCEPTED
    assert meeting.decided_at is not None
    assert mailoutbox[-1].to == [buyer.user.email]
    assert "Rendez-vous accepté" in mailoutbox[-1].subject


@pytest.mark.django_db
def test_accepting_declines_the_exhibitors_other_pending_requests_in_that_slot():
    first = MeetingRequestFactory()
    second = MeetingRequestFactory(
        slot=first.slot,
        exhibitor=first.exhibitor,
        buyer=BuyerRegistrationFactory(edition=first.slot.edition),
    )
    other_slot = MeetingRequestFactory(
        slot=MeetingSlotFactory(edition=first.slot.edition),
        exhibitor=first.exhibitor,
        buyer=second.buyer,
    )
    services.meeting_accept(meeting=first, user=first.exhibitor.registration.user)
    second.refresh_from_db()
    other_slot.refresh_from_db()
    assert second.status == MeetingRequest.Status.DECLINED
    assert other_slot.status == MeetingRequest.Status.PENDING


@pytest.mark.django_db
def test_buyer_cannot_hold_two_live_requests_in_one_slot():
    meeting = MeetingRequestFactory()
    other = ExhibitorRegistrationFactory(edition=meeting.slot.edition).exhibitor
    with pytest.raises(ValidationError, match="déjà un rendez-vous sur ce créneau"):
        services.meeting_request_create(buyer=meeting.buyer, exhibitor=other, slot=meeting.slot)


@pytest.mark.django_db
def test_request_to_an_exhibitor_already_booked_in_the_slot_is_refused():
    meeting = MeetingRequestFactory(status=MeetingRequest.Status.ACCEPTED)
    buyer = BuyerRegistrationFactory(edition=meeting.slot.edition)
    with pytest.raises(ValidationError, match="plus disponible sur ce créneau"):
        services.meeting_request_create(buyer=buyer, exhibitor=meeting.exhibitor, slot=meeting.slot)


@pytest.mark.django_db
def test_only_a_registered_buyer_of_the_same_edition_may_request():
    slot = MeetingSlotFactory()
    exhibitor = ExhibitorRegistrationFactory(edition=slot.edition).exhibitor
    visitor = RegistrationFactory(edition=slot.edition)
    with pytest.raises(ValidationError, match="Seuls les acheteurs"):
        services.meeting_request_create(buyer=visitor, exhibitor=exhibitor, slot=slot)
    foreign_buyer = BuyerRegistrationFactory()
    with pytest.raises(ValidationError, match="votre édition"):
        services.meeting_request_create(buyer=foreign_buyer, exhibitor=exhibitor, slot=slot)
    unregistered = ExhibitorFactory(edition=slot.edition)
    buyer = BuyerRegistrationFactory(edition=slot.edition)
    with pytest.raises(ValidationError, match="ne reçoit pas"):
        services.meeting_request_create(buyer=buyer, exhibitor=unregistered, slot=slot)


@pytest.mark.django_db
def test_a_past_slot_cannot_be_requested():
    slot = MeetingSlotFactory(edition=PastEditionFactory())
    buyer = BuyerRegistrationFactory(edition=slot.edition)
    exhibitor = ExhibitorRegistrationFactory(edition=slot.edition).exhibitor
    with pytest.raises(ValidationError, match="Ce créneau est passé"):
        services.meeting_request_create(buyer=buyer, exhibitor=exhibitor, slot=slot)


@pytest.mark.django_db
def test_only_the_exhibitor_answers_and_only_once():
    meeting = MeetingRequestFactory()
    with pytest.raises(PermissionDenied):
        services.meeting_accept(meeting=meeting, user=meeting.buyer.user)
    with pytest.raises(PermissionDenied):
        services.meeting_decline(meeting=meeting, user=UserFactory())
    services.meeting_decline(meeting=meeting, user=meeting.exhibitor.registration.user)
    with pytest.raises(ValidationError, match="déjà reçu une réponse"):
        services.meeting_accept(meeting=meeting, user=meeting.exhibitor.registration.user)


@pytest.mark.django_db
def test_either_party_cancels_a_live_meeting():
    meeting = MeetingRequestFactory(status=MeetingRequest.Status.ACCEPTED)
    with pytest.raises(PermissionDenied):
        services.meeting_cancel(meeting=meeting, user=UserFactory())
    services.meeting_cancel(meeting=meeting, user=meeting.buyer.user)
    meeting.refresh_from_db()
    assert meeting.status == MeetingRequest.Status.CANCELLED
    with pytest.raises(ValidationError, match="plus actif"):
        services.meeting_cancel(meeting=meeting, user=meeting.exhibitor.registration.user)


# The slot rule under concurrency, through the services and straight at the database ------


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_of_one_buyer_in_one_slot_leave_one():
    slot = MeetingSlotFactory()
    buyer = BuyerRegistrationFactory(edition=slot.edition)
    exhibitors = [ExhibitorRegistrationFactory(edition=slot.edition).exhibitor for _ in range(6)]
    results = run_concurrently(
        [
            lambda exhibitor=exhibitor: services.meeting_request_create(
                buyer=buyer, exhibitor=exhibitor, slot=slot
            )
            for exhibitor in exhibitors
        ]
    )
    assert sum(isinstance(r, MeetingRequest) for r in results) == 1
    assert all(isinstance(r, MeetingRequest | ValidationError) for r in results)
    assert MeetingRequest.objects.live().filter(slot=slot, buyer=buyer).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_acceptances_by_one_exhibitor_in_one_slot_leave_one():
    slot = MeetingSlotFactory()
    exhibitor_registration = ExhibitorRegistrationFactory(edition=slot.edition)
    exhibitor = exhibitor_registration.exhibitor
    meetings = [
        MeetingRequestFactory(
            slot=slot, exhibitor=exhibitor, buyer=BuyerRegistrationFactory(edition=slot.edition)
        )
        for _ in range(6)
    ]
    results = run_concurrently(
        [
            lambda meeting=meeting: services.meeting_accept(
                meeting=meeting, user=exhibitor_registration.user
            )
            for meeting in meetings
        ]
    )
    assert sum(isinstance(r, MeetingRequest) for r in results) == 1
    assert all(isinstance(r, MeetingRequest | ValidationError) for r in results)
    statuses = sorted(MeetingRequest.objects.filter(slot=slot).values_list("status", flat=True))
    assert statuses.count(MeetingRequest.Status.ACCEPTED) == 1
    assert statuses.count(MeetingRequest.Status.DECLINED) == 5


@pytest.mark.django_db(transaction=True)
def test_database_alone_keeps_a_buyer_to_one_live_request_per_slot_under_concurrency():
    """Without the service's lock, the partial unique constraint still leaves one row."""
    slot = MeetingSlotFactory()
    buyer = BuyerRegistrationFactory(edition=slot.edition)
    exhibitors = [ExhibitorRegistrationFactory(edition=slot.edition).exhibitor for _ in range(6)]
    results = run_concurrently(
        [
            lambda exhibitor=exhibitor: MeetingRequest.objects.create(
                slot=slot, buyer=buyer, exhibitor=exhibitor
            )
            for exhibitor in exhibitors
        ]
    )
    assert sum(isinstance(r, MeetingRequest) for r in results) == 1
    assert sum(isinstance(r, IntegrityError) for r in results) == 5
    assert MeetingRequest.objects.filter(slot=slot, buyer=buyer).count() == 1


@pytest.mark.django_db(transaction=True)
def test_database_alone_keeps_an_exhibitor_to_one_accepted_meeting_per_slot_under_concurrency():
    slot = MeetingSlotFactory()
    exhibitor = ExhibitorRegistrationFactory(edition=slot.edition).exhibitor
    meetings = [
        MeetingRequestFactory(
            slot=slot, exhibitor=exhibitor, buyer=BuyerRegistrationFactory(edition=slot.edition)
        )
        for _ in range(6)
    ]
    results = run_concurrently(
        [
            lambda meeting=meeting: MeetingRequest.objects.filter(pk=meeting.pk).update(
                status=MeetingRequest.Status.ACCEPTED
            )
            for meeting in meetings
        ]
    )
    assert results.count(1) == 1
    assert sum(isinstance(r, IntegrityError) for r in results) == 5
    accepted = MeetingRequest.objects.filter(slot=slot, status=MeetingRequest.Status.ACCEPTED)
    assert accepted.count() == 1


# Account deletion and the organisers' group -------------------------------------------------


@pytest.mark.django_db
def test_account_deletion_deletes_upcoming_and_anonymises_past_registrations():
    user = UserFactory()
    upcoming = BuyerRegistrationFactory(user=user)
    MeetingRequestFactory(slot=MeetingSlotFactory(edition=upcoming.edition), buyer=upcoming)
    upcoming_exhibitor = ExhibitorRegistrationFactory(user=user)
    past = RegistrationFactory(user=user, edition=PastEditionFactory(), badge_name="Camille")
    kept = RegistrationFactory(edition=upcoming.edition)
    services.account_data_delete(user=user)
    assert not Registration.objects.filter(pk=upcoming.pk).exists()
    assert not MeetingRequest.objects.filter(buyer_id=upcoming.pk).exists()
    # The organisers entered that exhibitor: it stays, without its representative.
    assert not Registration.objects.filter(pk=upcoming_exhibitor.pk).exists()
    assert Exhibitor.objects.filter(pk=upcoming_exhibitor.exhibitor_id).exists()
    past.refresh_from_db()
    assert past.user is None
    assert past.badge_name == "—"
    assert Registration.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db
def test_organisers_group_has_every_coventis_permission_and_is_idempotent():
    group = services.organisers_group_ensure()
    services.organisers_group_ensure()
    assert Group.objects.filter(name="Organisation Coventis").count() == 1
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_registration", "change_edition", "view_meetingrequest"} <= codenames
    assert all(p.content_type.app_label == "coventis" for p in group.permissions.all())


@pytest.mark.django_db
def test_a_claim_is_listed_and_takes_meetings_once_the_organisers_confirm_it(
    mailoutbox, django_capture_on_commit_callbacks
):
    edition = EditionFactory()
    enterprise = EnterpriseFactory()
    claim = services.registration_create(
        edition=edition,
        user=UserFactory(),
        kind=Registration.Kind.EXHIBITOR,
        badge_name="Camille Exposante",
        enterprise=enterprise,
    )
    page = Client().get(reverse("coventis:edition", args=[edition.year])).content.decode()
    assert enterprise.name not in page

    with django_capture_on_commit_callbacks(execute=True):
        exhibitor = services.exhibitor_claim_confirm(registration=claim)
    buyer = BuyerRegistrationFactory(edition=edition)
    slot = MeetingSlotFactory(edition=edition)
    assert services.meeting_request_create(buyer=buyer, exhibitor=exhibitor, slot=slot).pk
    page = Client().get(reverse("coventis:edition", args=[edition.year])).content.decode()
    assert enterprise.name in page
    assert any("confirmé que vous représentez" in m.body for m in mailoutbox)


@pytest.mark.django_db
def test_a_claim_never_changes_an_exhibitor_the_organisers_entered():
    """Anyone signed in could register as a listed exhibitor's enterprise: its row became
    unconfirmed and unlisted, its real representative was refused, and deleting the
    intruder's account deleted the organisers' row with its meetings."""
    edition = EditionFactory()
    exhibitor = ExhibitorFactory(edition=edition, stand="B12")
    meeting = MeetingRequestFactory(slot=MeetingSlotFactory(edition=edition))
    intruder, representative = UserFactory(), UserFactory()

    intrusion = services.registration_create(
        edition=edition,
        user=intruder,
        kind=Registration.Kind.EXHIBITOR,
        badge_name="Intrus",
        enterprise=exhibitor.enterprise,
    )
    exhibitor.refresh_from_db()
    assert exhibitor.stand == "B12" and not hasattr(exhibitor, "registration")
    page = Client().get(reverse("coventis:edition", args=[edition.year])).content.decode()
    assert exhibitor.enterprise.name in page

    claim = services.registration_create(
        edition=edition,
        user=representative,
        kind=Registration.Kind.EXHIBITOR,
        badge_name="Vraie représentante",
        enterprise=exhibitor.enterprise,
    )
    assert services.exhibitor_claim_confirm(registration=claim) == exhibitor
    with pytest.raises(ValidationError, match="déjà représentée"):
        services.exhibitor_claim_confirm(registration=intrusion)

    services.account_data_delete(user=intruder)
    assert Exhibitor.objects.filter(pk=exhibitor.pk, stand="B12").exists()
    assert MeetingRequest.objects.filter(pk=meeting.pk).exists()
    claim.refresh_from_db()
    assert claim.exhibitor == exhibitor


@pytest.mark.django_db
def test_account_deletion_removes_the_exhibitor_its_own_claim_created():
    organisers_row = ExhibitorFactory()
    user = UserFactory()
    claims = [
        (EditionFactory(), EnterpriseFactory()),
        (organisers_row.edition, organisers_row.enterprise),
    ]
    for edition, enterprise in claims:
        claim = services.registration_create(
            edition=edition,
            user=user,
            kind=Registration.Kind.EXHIBITOR,
            badge_name="Alex",
            enterprise=enterprise,
        )
        services.exhibitor_claim_confirm(registration=claim)
    services.account_data_delete(user=user)
    assert list(Exhibitor.objects.filter(from_claim=True)) == []
    assert Exhibitor.objects.filter(pk=organisers_row.pk).exists()
