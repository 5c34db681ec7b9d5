"""Writes on FISO records that must hold rules across rows.

The envelope's capacity (seed document: "une capacité d'intervention de 2,3 millions
d'euros") bounds the sum of the committed financings (granted onward). Two staff members
may commit at the same moment: each commitment locks the envelope row first
(SELECT … FOR UPDATE), so the second waits for the first and then sees its amount.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from fiso.models import Envelope, Financing
from occitanie_ess.common.formats import euros
from occitanie_ess.common.groups import staff_group_ensure
from structures.models import Support
from structures.services import DerivedSupport, support_derive, support_underive, supports_rederive

TEAM_GROUP = "Équipe FISO"
# What the FISO team may read in the directory (to pick an enterprise in a financing).
DIRECTORY_VIEW_PERMISSIONS = ("view_enterprise", "view_supportstructure", "view_organisation")


def team_group_ensure(*, using: str = "default") -> Group:
    """Return the staff group "Équipe FISO", created or completed with every fiso
    permission and the right to read the directory's records (idempotent)."""
    return staff_group_ensure(
        name=TEAM_GROUP,
        permissions=Q(content_type__app_label="fiso")
        | Q(content_type__app_label="structures", codename__in=DIRECTORY_VIEW_PERMISSIONS),
        using=using,
    )


def financing_support(financing: Financing) -> DerivedSupport:
    """Return the support relation a financing's accompaniment is: the accompanying
    structure accompanies the enterprise from the decision on. Only a committed financing
    marked public says so: an unpublished one stays hidden, this relation included."""
    shown = financing.is_committed and financing.is_public
    return DerivedSupport(
        source_id=financing.pk,
        structure_id=financing.accompanying_structure_id if shown else None,
        enterprise_id=financing.enterprise_id,
        kind=Support.Kind.COACHING,
        start_date=financing.decision_date,
    )


def financing_support_derive(financing: Financing) -> None:
    """Write the directory's support row of `financing` (inside the caller's transaction)."""
    support_derive(source=Support.Source.FINANCING, derived=financing_support(financing))


@transaction.atomic
def financing_delete(*, financing: Financing) -> None:
    """Delete `financing` and the support row derived from it."""
    support_underive(source=Support.Source.FINANCING, source_id=financing.pk)
    financing.delete()


@transaction.atomic
def financings_support_rederive() -> dict[str, int]:
    """Make the directory's FISO rows match every financing (demo data, repairs)."""
    return supports_rederive(
        source=Support.Source.FINANCING,
        records=(financing_support(f) for f in Financing.objects.all()),
    )


def envelope_committed_amount(*, envelope: Envelope, exclude_pk: int | None = None) -> Decimal:
    """Return the sum of the envelope's committed amounts, optionally without one financing."""
    financings = Financing.objects.committed().filter(envelope=envelope)
    if exclude_pk is not None:
        financings = financings.exclude(pk=exclude_pk)
    return financings.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def envelope_capacity_error(*, envelope: Envelope, financing: Financing) -> ValidationError | None:
    """Return the French error refusing `financing` if committing it would exceed the
    envelope, else None. Call it with the envelope row locked for a reliable answer."""
    committed = envelope_committed_amount(envelope=envelope, exclude_pk=financing.pk)
    available = envelope.capacity - committed
    if financing.amount <= available:
        return None
    return ValidationError(
        _(
            "Engagement refusé : l'enveloppe « %(envelope)s » n'a plus que %(available)s "
            "disponibles, pour un financement de %(amount)s."
        )
        % {
            "envelope": envelope.name,
            "available": euros(max(available, Decimal(0)), 2),
            "amount": euros(financing.amount, 2),
        },
        code="envelope_exceeded",
    )


def envelope_lock(*, envelope_id: int) -> Envelope:
    """Return the envelope with its row locked until the end of the transaction."""
    return Envelope.objects.select_for_update().get(pk=envelope_id)


@transaction.atomic
def financing_commit(
    *,
    financing: Financing,
    status: str = Financing.Status.GRANTED,
    decision_date: datetime.date | None = None,
) -> Financing:
    """Commit `financing` on its envelope with `status` (granted onward) and return it.

    Locks the envelope row, then refuses with a French ValidationError (and changes
    nothing) when the committed amounts would exceed the envelope's capacity, or when the
    financing breaks any of its own rules.
    """
    if status not in Financing.COMMITTED_STATUSES:
        raise ValidationError(
            _("Le statut « %(status)s » n'engage pas l'enveloppe.")
            % {"status": Financing.Status(status).label},
            code="not_a_commitment",
        )
    envelope = envelope_lock(envelope_id=financing.envelope_id)
    financing.envelope = envelope
    financing.status = status
    if financing.decision_date is None:
        financing.decision_date = decision_date or timezone.localdate()
    error = envelope_capacity_error(envelope=envelope, financing=financing)
    if error is not None:
        raise error
    financing.full_clean()
    financing.save()
    financing_support_derive(financing)
    return financing


@transaction.atomic
def financing_save(*, financing: Financing) -> Financing:
    """Validate and save `financing`; a committed one goes through `financing_commit`."""
    if financing.status in Financing.COMMITTED_STATUSES:
        return financing_commit(financing=financing, status=financing.status)
    financing.full_clean()
    financing.save()
    financing_support_derive(financing)
    return financing


@transaction.atomic
def envelope_save(*, envelope: Envelope) -> Envelope:
    """Validate and save `envelope`, refusing a capacity below what it has committed
    (Envelope.clean, run by full_clean while the envelope row is locked)."""
    if envelope.pk is not None:
        envelope_lock(envelope_id=envelope.pk)
    envelope.full_clean()
    envelope.save()
    return envelope
