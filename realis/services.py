"""Writes with rules for REALIS: residencies (and the directory's support relation each
one *is*), room bookings and their cancellation, the team's staff group.

The overlap rule is held by the database (the exclusion constraint on Booking): two
requests racing for one slot both pass the Python checks, and PostgreSQL refuses the
second insert; the IntegrityError becomes the same French message as the Python check.
"""

import datetime

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from occitanie_ess.common.dbtools import constraint_name
from occitanie_ess.common.groups import staff_group_ensure
from occitanie_ess.common.notifications import staff_notify
from realis import conf
from realis.models import BOOKING_OVERLAP_MESSAGE, Booking, Membership, Residency, Space
from structures.models import Enterprise, Support, SupportStructure
from structures.services import DerivedSupport, support_derive, support_underive, supports_rederive

OVERLAP_CONSTRAINT = "realis_booking_no_overlap"
TEAM_GROUP = "Équipe REALIS"


def team_group_ensure(*, using: str = "default") -> Group:
    """Return the "Équipe REALIS" group, created or completed with every permission of
    the realis models and the right to view the directory's enterprises (idempotent)."""
    return staff_group_ensure(
        name=TEAM_GROUP,
        permissions=Q(content_type__app_label="realis")
        | Q(
            content_type__app_label="structures",
            codename__in=["view_enterprise", "view_organisation"],
        )
        # Linking an account to a resident enterprise means finding the account.
        | Q(content_type__app_label="accounts", codename="view_user"),
        using=using,
    )


def realis_structure_id() -> int | None:
    """Return the id of the pépinière's record in the directory, or None if absent."""
    return (
        SupportStructure.objects.filter(slug=conf.structure_slug())
        .values_list("pk", flat=True)
        .first()
    )


def residency_support(residency: Residency, *, structure_id: int | None) -> DerivedSupport:
    """Return the support relation a residency is: REALIS hosts the enterprise from its
    entry to its actual exit (open while it is hosted); a candidacy is no support yet."""
    hosted = residency.status != Residency.Status.CANDIDATE
    return DerivedSupport(
        source_id=residency.pk,
        structure_id=structure_id if hosted else None,
        enterprise_id=residency.enterprise_id,
        kind=Support.Kind.HOSTING,
        start_date=residency.entry_date,
        end_date=residency.actual_exit_date,
    )


@transaction.atomic
def residency_save(*, residency: Residency) -> Residency:
    """Validate and save `residency` and, in the same transaction, the directory's
    support row it derives (REALIS hosts the enterprise); return the residency."""
    residency.full_clean()
    residency.save()
    support_derive(
        source=Support.Source.RESIDENCY,
        derived=residency_support(residency, structure_id=realis_structure_id()),
    )
    return residency


@transaction.atomic
def residency_delete(*, residency: Residency) -> None:
    """Delete `residency` and the support row derived from it."""
    support_underive(source=Support.Source.RESIDENCY, source_id=residency.pk)
    residency.delete()


@transaction.atomic
def residencies_support_rederive() -> dict[str, int]:
    """Make the directory's hosting rows match every residency (demo data, repairs)."""
    structure_id = realis_structure_id()
    return supports_rederive(
        source=Support.Source.RESIDENCY,
        records=(
            residency_support(r, structure_id=structure_id)
            for r in Residency.objects.only(
                "pk", "status", "enterprise_id", "entry_date", "actual_exit_date"
            )
        ),
    )


def bookable_enterprises(user) -> list[Enterprise]:
    """Return the enterprises, currently in residence, on whose behalf `user` may book."""
    if not user.is_authenticated:
        return []
    enterprise_ids = Membership.objects.active().filter(user=user).values("enterprise_id")
    return list(Enterprise.objects.filter(pk__in=enterprise_ids).order_by("name"))


def booking_rules_check(*, space: Space, start: datetime.datetime, end: datetime.datetime):
    """Raise a French ValidationError unless the slot follows the pépinière's rules:
    a bookable space, in the future, within the horizon, on an opening day and within
    opening hours, on the slot grid, and no longer than the maximum length."""
    if not space.is_bookable:
        raise ValidationError(_("Cet espace ne se réserve pas en ligne."), code="not_bookable")
    if end <= start:
        raise ValidationError(_("La fin doit suivre le début."), code="end_before_start")
    now = timezone.now()
    if start <= now:
        raise ValidationError(
            _("On ne réserve que des créneaux à venir : choisissez un début dans le futur."),
            code="past",
        )
    horizon = conf.booking_horizon_days()
    if start > now + datetime.timedelta(days=horizon):
        raise ValidationError(
            _("On réserve au plus %(days)s jours à l'avance.") % {"days": horizon},
            code="too_far",
        )
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    opening, closing = conf.opening_hours()
    if local_start.weekday() not in conf.opening_days():
        raise ValidationError(_("La pépinière est fermée ce jour-là."), code="closed_day")
    if (
        local_end.date() != local_start.date()
        or local_start.time() < datetime.time(opening)
        or (local_end.hour, local_end.minute) > (closing, 0)
    ):
        raise ValidationError(
            _(
                "Les espaces se réservent pendant les heures d'ouverture, de %(opening)s h à "
                "%(closing)s h."
            )
            % {"opening": opening, "closing": closing},
            code="closed_hours",
        )
    step = conf.booking_slot_minutes()
    for moment in (local_start, local_end):
        if moment.minute % step or moment.second or moment.microsecond:
            raise ValidationError(
                _("Le début et la fin tombent sur un créneau de %(step)s minutes.")
                % {"step": step},
                code="off_grid",
            )
    longest = conf.booking_max_hours()
    if end - start > datetime.timedelta(hours=longest):
        raise ValidationError(
            _("Une réservation dure au plus %(hours)s heures.") % {"hours": longest},
            code="too_long",
        )


def booking_conflict_notify(*, user, space: Space, start: datetime.datetime) -> None:
    """Tell the REALIS team that a resident was refused a slot already taken (they may
    arbitrate or offer another room). Called once the refused booking is rolled back."""
    staff_notify(
        permission="realis.change_booking",
        subject=_("Conflit de réservation"),
        line=_("%(space)s, le %(start)s : demandé par %(person)s, créneau déjà pris")
        % {
            "space": space.name,
            "start": formats.date_format(timezone.localtime(start), "DATETIME_FORMAT"),
            "person": user.get_full_name(),
        },
        path=reverse("admin:realis_booking_changelist") + f"?space__id__exact={space.pk}",
    )


@transaction.atomic
def booking_create(
    *,
    user,
    space: Space,
    start: datetime.datetime,
    end: datetime.datetime,
    enterprise: Enterprise | None = None,
    purpose: str = "",
) -> Booking:
    """Book `space` from `start` to `end` for a resident enterprise of `user`; return the
    booking. Raise a French ValidationError when the user is not a member of an enterprise
    in residence, when a rule is broken, or when the slot is taken (even by a request
    that won the race a moment earlier)."""
    enterprises = bookable_enterprises(user)
    if not enterprises:
        raise ValidationError(
            _("Seuls les membres d'une entreprise résidente de REALIS peuvent réserver."),
            code="not_resident",
        )
    if enterprise is None:
        enterprise = enterprises[0]
    elif enterprise.pk not in {e.pk for e in enterprises}:
        raise ValidationError(
            _("Vous ne pouvez réserver qu'au nom de votre entreprise résidente."),
            code="not_member",
        )
    booking_rules_check(space=space, start=start, end=end)
    booking = Booking(
        space=space,
        enterprise=enterprise,
        booked_by=user,
        start=start,
        end=end,
        purpose=purpose.strip(),
    )
    try:
        booking.full_clean()
    except ValidationError as error:
        # The exclusion constraint checked in Python: the same refusal as the database's.
        if BOOKING_OVERLAP_MESSAGE in error.messages:
            raise ValidationError(BOOKING_OVERLAP_MESSAGE, code="overlap") from error
        raise
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        if constraint_name(error) == OVERLAP_CONSTRAINT:
            raise ValidationError(BOOKING_OVERLAP_MESSAGE, code="overlap") from error
        raise
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, user) -> Booking:
    """Cancel a booking of one of `user`'s enterprises before it starts; return it.
    Raise a French ValidationError when it has started, is already cancelled, or belongs
    to an enterprise the user does not act for."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if not Membership.objects.filter(user=user, enterprise_id=booking.enterprise_id).exists():
        raise ValidationError(
            _("Vous ne pouvez annuler que les réservations de votre entreprise."),
            code="not_member",
        )
    if booking.status == Booking.Status.CANCELLED:
        raise ValidationError(_("Cette réservation est déjà annulée."), code="cancelled")
    if booking.start <= timezone.now():
        raise ValidationError(
            _("Une réservation commencée ou passée ne s'annule plus."), code="started"
        )
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    return booking


@transaction.atomic
def account_data_delete(*, user) -> int:
    """Delete what REALIS holds that is only `user`'s, before their account goes: the
    bookings they made that have not started; return how many. Past bookings stay, for
    the pépinière's statistics, without the user; memberships go with the account."""
    deleted, _details = Booking.objects.filter(booked_by=user, start__gt=timezone.now()).delete()
    return deleted


@transaction.atomic
def bookings_cancel(*, bookings) -> int:
    """Cancel, for the pépinière's staff, the confirmed bookings among `bookings` (any
    enterprise's, started or not); return how many. Cancelled ones stay as they are."""
    confirmed = Booking.objects.select_for_update().filter(
        pk__in=bookings.values("pk"), status=Booking.Status.CONFIRMED
    )
    pks = list(confirmed.values_list("pk", flat=True))
    return Booking.objects.filter(pk__in=pks).update(
        status=Booking.Status.CANCELLED, cancelled_at=timezone.now()
    )
