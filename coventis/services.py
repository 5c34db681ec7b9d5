"""Writes with rules for Coventis: registrations, business meetings, the organisers' group.

Each function locks the row that serialises its race (the edition for capacity, the buyer's
registration for a buyer's requests, the exhibitor for acceptances); the database
constraints on the models are the last word if anything slips past (an IntegrityError
becomes the constraint's French message).
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coventis.models import Edition, Exhibitor, MeetingRequest, MeetingSlot, Registration
from occitanie_ess.common.dbtools import constraint_error
from occitanie_ess.common.groups import staff_group_ensure
from occitanie_ess.common.mail import mail_send
from occitanie_ess.common.notifications import staff_notify
from structures.models import Enterprise

ORGANISERS_GROUP = "Organisation Coventis"


@transaction.atomic
def registration_create(
    *,
    edition: Edition,
    user,
    kind: str,
    badge_name: str,
    organisation: str = "",
    buyer_type: str = "",
    enterprise: Enterprise | None = None,
) -> Registration:
    """Register `user` to `edition`; return the registration.

    Raises ValidationError (French) when registration is closed, the edition is full, the
    user is already registered, or the enterprise already exhibits through someone else.
    The edition row is locked, so concurrent registrations never exceed the capacity.
    """
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not edition.is_accepting_registrations():
        raise ValidationError(_("Les inscriptions à cette édition sont closes."), code="closed")
    if Registration.objects.filter(edition=edition, user=user).exists():
        raise ValidationError(_("Vous êtes déjà inscrit à cette édition."), code="duplicate")
    if edition.capacity is not None:
        if Registration.objects.filter(edition=edition).count() >= edition.capacity:
            raise ValidationError(
                _(
                    "Cette édition est complète : les %(capacity)s places sont prises. "
                    "Écrivez à l'organisation pour être inscrit sur liste d'attente."
                ),
                code="full",
                params={"capacity": edition.capacity},
            )
    if kind == Registration.Kind.EXHIBITOR:
        if enterprise is None or not enterprise.is_published or not enterprise.is_enterprise:
            raise ValidationError(
                _("Choisissez une entreprise publiée dans l'annuaire."), code="enterprise"
            )
        # A claim changes no exhibitor: only the organisers' confirmation links it.
        if Registration.objects.filter(
            exhibitor__edition=edition, exhibitor__enterprise=enterprise
        ).exists():
            raise ValidationError(
                _("Cette entreprise est déjà représentée à cette édition par une autre personne."),
                code="exhibitor_taken",
            )
    else:
        enterprise = None
    registration = Registration(
        edition=edition,
        user=user,
        kind=kind,
        badge_name=badge_name.strip(),
        organisation=organisation.strip(),
        buyer_type=buyer_type if kind == Registration.Kind.BUYER else "",
        enterprise=enterprise,
    )
    if kind == Registration.Kind.EXHIBITOR:
        registration.organisation = enterprise.name
        staff_notify(
            permission="coventis.change_registration",
            subject=_("Demande d'exposant à confirmer"),
            line=_("%(person)s pour %(enterprise)s (%(edition)s)")
            % {
                "person": badge_name.strip(),
                "enterprise": enterprise.name,
                "edition": edition.title,
            },
            path=reverse("admin:coventis_registration_changelist") + "?demande=attente",
        )
    registration.full_clean()
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        raise constraint_error(error, Registration) from error
    mail_send(
        template="coventis/registration_confirmed",
        user=user,
        name=registration.badge_name,
        context={"registration": registration, "edition": edition},
    )
    return registration


def _check_open_slot(slot: MeetingSlot) -> None:
    if slot.start <= timezone.now():
        raise ValidationError(_("Ce créneau est passé."), code="past_slot")


@transaction.atomic
def meeting_request_create(
    *, buyer: Registration, exhibitor: Exhibitor, slot: MeetingSlot, message: str = ""
) -> MeetingRequest:
    """Record `buyer`'s request for a meeting with `exhibitor` in `slot`; return it.

    The buyer's registration is locked, so two simultaneous requests of one buyer in one
    slot leave exactly one (and the partial unique constraint backs it up).
    """
    buyer = Registration.objects.select_for_update().get(pk=buyer.pk)
    if buyer.kind != Registration.Kind.BUYER:
        raise ValidationError(_("Seuls les acheteurs inscrits demandent des rendez-vous."))
    if not (buyer.edition_id == exhibitor.edition_id == slot.edition_id):
        raise ValidationError(_("L'exposant et le créneau doivent appartenir à votre édition."))
    if not Registration.objects.filter(exhibitor=exhibitor).exists():
        raise ValidationError(_("Cet exposant ne reçoit pas de demandes de rendez-vous."))
    _check_open_slot(slot)
    if MeetingRequest.objects.live().filter(slot=slot, buyer=buyer).exists():
        raise ValidationError(_("Vous avez déjà un rendez-vous sur ce créneau."), code="buyer_busy")
    accepted = MeetingRequest.Status.ACCEPTED
    if MeetingRequest.objects.filter(slot=slot, exhibitor=exhibitor, status=accepted).exists():
        raise ValidationError(
            _("Cet exposant n'est plus disponible sur ce créneau."), code="exhibitor_busy"
        )
    meeting = MeetingRequest(buyer=buyer, exhibitor=exhibitor, slot=slot, message=message.strip())
    meeting.full_clean()
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError as error:
        raise constraint_error(error, MeetingRequest) from error
    mail_send(
        template="coventis/meeting_requested",
        user=exhibitor.registration.user,
        name=exhibitor.registration.badge_name,
        context={"meeting": meeting},
    )
    return meeting


def _locked_meeting(meeting: MeetingRequest) -> MeetingRequest:
    """Lock the exhibitor first (it serialises acceptances), then return the fresh meeting."""
    Exhibitor.objects.select_for_update().get(pk=meeting.exhibitor_id)
    return (
        MeetingRequest.objects.select_for_update(of=("self",))
        .select_related("slot", "buyer__user", "exhibitor__registration__user")
        .get(pk=meeting.pk)
    )


def _is_exhibitor(meeting: MeetingRequest, user) -> bool:
    registration = getattr(meeting.exhibitor, "registration", None)
    return registration is not None and registration.user_id == user.pk


def _pending_meeting_of_exhibitor(meeting: MeetingRequest, user) -> MeetingRequest:
    """Return the locked, fresh meeting that its exhibitor `user` is about to answer.
    Raises PermissionDenied when `user` is not the exhibitor, ValidationError when the
    request has already been answered."""
    meeting = _locked_meeting(meeting)
    if not _is_exhibitor(meeting, user):
        raise PermissionDenied
    if meeting.status != MeetingRequest.Status.PENDING:
        raise ValidationError(_("Cette demande a déjà reçu une réponse."), code="not_pending")
    return meeting


def _decision_mail(meeting: MeetingRequest) -> None:
    """Tell the buyer that the exhibitor accepted or declined `meeting`."""
    mail_send(
        template="coventis/meeting_decided",
        user=meeting.buyer.user,
        name=meeting.buyer.badge_name,
        context={"meeting": meeting},
    )


@transaction.atomic
def meeting_accept(*, meeting: MeetingRequest, user) -> MeetingRequest:
    """Accept a pending request as its exhibitor; decline the exhibitor's other pending
    requests in that slot; return the meeting. Raises ValidationError when the exhibitor is
    already booked in the slot, PermissionDenied when `user` is not the exhibitor."""
    meeting = _pending_meeting_of_exhibitor(meeting, user)
    _check_open_slot(meeting.slot)
    booked = MeetingRequest.objects.filter(
        slot=meeting.slot, exhibitor=meeting.exhibitor, status=MeetingRequest.Status.ACCEPTED
    )
    if booked.exists():
        raise ValidationError(
            _("Vous avez déjà accepté un rendez-vous sur ce créneau."), code="exhibitor_busy"
        )
    now = timezone.now()
    meeting.status = MeetingRequest.Status.ACCEPTED
    meeting.decided_at = now
    try:
        with transaction.atomic():
            meeting.save(update_fields=["status", "decided_at"])
    except IntegrityError as error:
        raise constraint_error(error, MeetingRequest) from error
    MeetingRequest.objects.filter(
        slot=meeting.slot, exhibitor=meeting.exhibitor, status=MeetingRequest.Status.PENDING
    ).update(status=MeetingRequest.Status.DECLINED, decided_at=now)
    _decision_mail(meeting)
    return meeting


@transaction.atomic
def meeting_decline(*, meeting: MeetingRequest, user) -> MeetingRequest:
    """Decline a pending request as its exhibitor; return the meeting."""
    meeting = _pending_meeting_of_exhibitor(meeting, user)
    meeting.status = MeetingRequest.Status.DECLINED
    meeting.decided_at = timezone.now()
    meeting.save(update_fields=["status", "decided_at"])
    _decision_mail(meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: MeetingRequest, user) -> MeetingRequest:
    """Cancel a pending or accepted meeting, as either party; return the meeting."""
    meeting = _locked_meeting(meeting)
    is_buyer = meeting.buyer.user_id == user.pk
    if not (is_buyer or _is_exhibitor(meeting, user)):
        raise PermissionDenied
    if meeting.status not in MeetingRequest.LIVE:
        raise ValidationError(_("Ce rendez-vous n'est plus actif."), code="not_live")
    meeting.status = MeetingRequest.Status.CANCELLED
    meeting.decided_at = timezone.now()
    meeting.save(update_fields=["status", "decided_at"])
    return meeting


@transaction.atomic
def exhibitor_claim_confirm(*, registration: Registration) -> Exhibitor:
    """Confirm that `registration`'s person speaks for its enterprise; return the exhibitor.

    The edition's exhibitor row for the enterprise is used when the organisers made one
    (its stand and meetings are kept), else created. Raises ValidationError (French) when
    the registration is no pending claim or the enterprise is already represented.
    """
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.is_pending_claim:
        raise ValidationError(_("Cette inscription n'est pas une demande d'exposant en attente."))
    exhibitor, created = Exhibitor.objects.select_for_update().get_or_create(
        edition_id=registration.edition_id,
        enterprise_id=registration.enterprise_id,
        defaults={"from_claim": True},
    )
    if not created and Registration.objects.filter(exhibitor=exhibitor).exists():
        raise ValidationError(
            _("Cette entreprise est déjà représentée à cette édition par une autre personne."),
            code="exhibitor_taken",
        )
    registration.exhibitor = exhibitor
    registration.save(update_fields=["exhibitor"])
    mail_send(
        template="coventis/exhibitor_confirmed",
        user=registration.user,
        name=registration.badge_name,
        context={"registration": registration, "edition": registration.edition},
    )
    return exhibitor


@transaction.atomic
def account_data_delete(*, user) -> None:
    """Delete what Coventis holds that is only `user`'s, before their account goes: their
    registrations (and their meeting requests) to editions not yet over; anonymise those
    to past editions, which are kept for the fair's statistics.

    Only what the account created goes: an exhibitor row made from its own confirmed claim;
    an exhibitor the organisers entered stays, with its stand and meetings, unrepresented.
    """
    today = timezone.localdate()
    registrations = Registration.objects.filter(user=user)
    upcoming = registrations.filter(edition__end_date__gte=today)
    Exhibitor.objects.filter(registration__in=upcoming, from_claim=True).delete()
    upcoming.delete()
    registrations.filter(edition__end_date__lt=today).update(user=None, badge_name="—")


def organisers_group_ensure(*, using: str = "default") -> Group:
    """Return the staff group "Organisation Coventis", created or completed with every
    coventis permission and the right to read the directory's enterprises (idempotent)."""
    # The organisers pick an exhibitor's enterprise in the directory (admin autocomplete).
    directory_view = Q(
        content_type__app_label="structures",
        codename__in=["view_enterprise", "view_organisation"],
    )
    return staff_group_ensure(
        name=ORGANISERS_GROUP,
        permissions=Q(content_type__app_label="coventis") | directory_view,
        using=using,
    )
