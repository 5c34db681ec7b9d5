import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from coventis.models import Edition, MeetingRequest, ProgrammeItem, Registration
from tests.coventis.factories import (
    BuyerRegistrationFactory,
    EditionFactory,
    ExhibitorFactory,
    ExhibitorRegistrationFactory,
    MeetingRequestFactory,
    MeetingSlotFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    paris,
)

pytestmark = pytest.mark.django_db


def test_edition_title_and_ordinal():
    edition = EditionFactory(kind=Edition.Kind.RENCONTRES, number=1, year=2005)
    assert edition.title == "Rencontres régionales de l'ESS 2005"
    assert edition.ordinal == "1re"
    edition.number = 3
    assert edition.ordinal == "3e"
    assert str(EditionFactory(year=2027)) == "Coventis 2027"


def test_edition_year_must_be_that_of_its_first_day():
    edition = EditionFactory.build(year=2030, start_date=datetime.date(2031, 1, 1))
    edition.end_date = edition.start_date
    with pytest.raises(ValidationError, match="L'année doit être celle du premier jour"):
        edition.full_clean()


def test_edition_cannot_open_registrations_without_a_closing_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        EditionFactory(registration_open=True, registration_closes_at=None)


def test_programme_room_cannot_host_two_items_at_once():
    item = ProgrammeItemFactory(room="Auditorium")
    overlapping = ProgrammeItem(
        edition=item.edition,
        kind=ProgrammeItem.Kind.WORKSHOP,
        title="Atelier",
        room="Auditorium",
        start=item.start + datetime.timedelta(minutes=30),
        end=item.end + datetime.timedelta(minutes=30),
    )
    with pytest.raises(ValidationError, match="Cette salle est déjà occupée sur ce créneau"):
        overlapping.full_clean()
    # The database holds the rule even when Python validation is bypassed.
    with pytest.raises(IntegrityError, match="coventis_programme_room_no_overlap"):
        with transaction.atomic():
            overlapping.save()


def test_programme_items_may_touch_or_use_another_room():
    item = ProgrammeItemFactory(room="Auditorium")
    ProgrammeItemFactory(
        edition=item.edition,
        room="Auditorium",
        start=item.end,
        end=item.end + datetime.timedelta(hours=1),
    )
    ProgrammeItemFactory(
        edition=item.edition, room="Salle Garrigue", start=item.start, end=item.end
    )
    assert ProgrammeItem.objects.filter(edition=item.edition).count() == 3


def test_programme_item_ends_after_it_starts():
    edition = EditionFactory()
    start = paris(edition.start_date, 10)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeItemFactory(edition=edition, start=start, end=start)


def test_meeting_slots_of_an_edition_do_not_overlap():
    slot = MeetingSlotFactory()
    with pytest.raises(IntegrityError, match="coventis_slot_no_overlap"), transaction.atomic():
        MeetingSlotFactory(
            edition=slot.edition,
            start=slot.start + datetime.timedelta(minutes=15),
            end=slot.end + datetime.timedelta(minutes=15),
        )


def test_one_registration_per_person_and_edition():
    registration = RegistrationFactory()
    duplicate = Registration(
        edition=registration.edition,
        user=registration.user,
        kind=Registration.Kind.VISITOR,
        badge_name="Autre",
    )
    with pytest.raises(ValidationError, match="Vous êtes déjà inscrit à cette édition"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_buyer_must_say_which_kind_of_buyer():
    with pytest.raises(IntegrityError, match="coventis_registration_buyer_type"):
        with transaction.atomic():
            BuyerRegistrationFactory(buyer_type="")


def test_exhibitor_registration_names_its_exhibitor():
    with pytest.raises(IntegrityError, match="coventis_registration_exhibitor_link"):
        with transaction.atomic():
            RegistrationFactory(kind=Registration.Kind.EXHIBITOR)
    exhibitor = ExhibitorFactory()
    with pytest.raises(IntegrityError, match="coventis_registration_exhibitor_link"):
        with transaction.atomic():
            RegistrationFactory(edition=exhibitor.edition, exhibitor=exhibitor)
    with pytest.raises(IntegrityError, match="coventis_registration_exhibitor_link"):
        with transaction.atomic():
            RegistrationFactory(enterprise=exhibitor.enterprise)


def test_stand_is_unique_within_an_edition():
    exhibitor = ExhibitorFactory(stand="A01")
    ExhibitorFactory(stand="A01")  # another edition: fine
    ExhibitorFactory(edition=exhibitor.edition, stand="")
    ExhibitorFactory(edition=exhibitor.edition, stand="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExhibitorFactory(edition=exhibitor.edition, stand="A01")


def test_buyer_has_one_live_request_per_slot_in_the_database():
    meeting = MeetingRequestFactory()
    other = ExhibitorRegistrationFactory(edition=meeting.slot.edition).exhibitor
    with pytest.raises(IntegrityError, match="coventis_meeting_buyer_once_per_slot"):
        with transaction.atomic():
            MeetingRequest.objects.create(slot=meeting.slot, buyer=meeting.buyer, exhibitor=other)
    # Once declined, the buyer may ask someone else in that slot.
    meeting.status = MeetingRequest.Status.DECLINED
    meeting.save()
    MeetingRequest.objects.create(slot=meeting.slot, buyer=meeting.buyer, exhibitor=other)


def test_exhibitor_has_one_accepted_meeting_per_slot_in_the_database():
    meeting = MeetingRequestFactory(status=MeetingRequest.Status.ACCEPTED)
    second_buyer = BuyerRegistrationFactory(edition=meeting.slot.edition)
    # A second pending request to the same exhibitor in that slot is allowed...
    pending = MeetingRequest.objects.create(
        slot=meeting.slot, buyer=second_buyer, exhibitor=meeting.exhibitor
    )
    # ...but it can never be accepted too.
    pending.status = MeetingRequest.Status.ACCEPTED
    with pytest.raises(ValidationError, match="Cet exposant a déjà un rendez-vous sur ce créneau"):
        pending.full_clean()
    with pytest.raises(IntegrityError, match="coventis_meeting_exhibitor_once_per_slot"):
        with transaction.atomic():
            pending.save()


def test_meetings_for_user_returns_only_the_parties_meetings():
    meeting = MeetingRequestFactory()
    MeetingRequestFactory()
    buyer_user = meeting.buyer.user
    exhibitor_user = meeting.exhibitor.registration.user
    assert list(MeetingRequest.objects.for_user(buyer_user)) == [meeting]
    assert list(MeetingRequest.objects.for_user(exhibitor_user)) == [meeting]
    assert not MeetingRequest.objects.for_user(RegistrationFactory().user).exists()
