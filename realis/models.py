"""The pépinière REALIS: residencies, spaces, shared services, room bookings, coaching.

REALIS (seed document) hosts "une trentaine d'entreprises" for three years at most, offers
personal and collective coaching, shared services and common spaces. The rules that must
hold whatever the entry point (three years at most, no two bookings of one space at once)
are database constraints; forms and services check them too, to answer in French.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from structures.models import Enterprise, Organisation

# Seed document: REALIS accompanies enterprises "durant 3 ans".
MAX_RESIDENCY_YEARS = 3
THREE_YEARS_MESSAGE = _(
    "Une résidence à REALIS dure au plus trois ans : la sortie ne peut pas être fixée plus de "
    "trois ans après l'entrée."
)
BOOKING_OVERLAP_MESSAGE = _(
    "Ce créneau est déjà réservé : l'espace est occupé sur tout ou partie de cette plage "
    "horaire. Choisissez un autre créneau."
)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """Return `day` moved `years` calendar years later; 29 February becomes 28 February,
    exactly as PostgreSQL's `date + interval 'N years'` does."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def years_after(field: str, years: int) -> Func:
    """Return the SQL expression `field + N calendar years`, as a date (PostgreSQL)."""
    return Func(
        F(field),
        template=f"(%(expressions)s + interval '{int(years)} years')::date",
        output_field=models.DateField(),
    )


def today() -> datetime.date:
    """Return today's date in the site's time zone."""
    return timezone.localdate()


class SpaceKind(models.TextChoices):
    OFFICE = "bureau", _("Bureau")
    MEETING_ROOM = "salle", _("Salle de réunion")
    COMMON = "commun", _("Espace commun")
    WORKSHOP = "atelier", _("Atelier")


class Space(models.Model):
    """A room or area of the REALIS building."""

    # Module-level so that the constraints in Meta can name its values.
    Kind = SpaceKind

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("type d'espace"), max_length=10, choices=Kind)
    capacity = models.PositiveSmallIntegerField(_("capacité (personnes)"))
    area = models.PositiveSmallIntegerField(_("surface (m²)"), null=True, blank=True)
    equipment = models.TextField(_("équipement"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_bookable = models.BooleanField(
        _("réservable par les résidents"),
        default=False,
        help_text=_("Les salles de réunion et espaces communs se réservent en ligne."),
    )
    order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("espace")
        verbose_name_plural = _("espaces")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="realis_space_capacity_positive",
                violation_error_message=_("Un espace accueille au moins une personne."),
            ),
            models.CheckConstraint(
                condition=Q(is_bookable=False)
                | Q(kind__in=[SpaceKind.MEETING_ROOM, SpaceKind.COMMON, SpaceKind.WORKSHOP]),
                name="realis_space_office_not_bookable",
                violation_error_message=_(
                    "Un bureau est attribué à une entreprise résidente : il ne se réserve pas."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def equipment_list(self) -> list[str]:
        """Return the equipment as a list, one item per line of the text."""
        return [line.strip() for line in self.equipment.splitlines() if line.strip()]


class SharedService(models.Model):
    """A service the pépinière offers its residents ("services mutualisés")."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("service mutualisé")
        verbose_name_plural = _("services mutualisés")

    def __str__(self):
        return self.name


class ResidencyQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        """Return the residencies of enterprises hosted on `on` (today by default): status
        "resident", entered, and not past their actual (or else planned) exit."""
        on = on or today()
        return (
            self.filter(status=Residency.Status.RESIDENT, entry_date__lte=on)
            .alias(exit_on=Coalesce("actual_exit_date", "planned_exit_date"))
            .filter(exit_on__gte=on)
        )

    def covering(self, on: datetime.date):
        """Return the residencies (current or past, not candidacies) during which the
        enterprise was hosted on `on`: entered by then, not yet left."""
        return (
            self.exclude(status=Residency.Status.CANDIDATE)
            .filter(entry_date__lte=on)
            .alias(exit_on=Coalesce("actual_exit_date", "planned_exit_date"))
            .filter(exit_on__gte=on)
        )

    def alumni(self):
        """Return the residencies of enterprises that have left the pépinière."""
        return self.filter(status=Residency.Status.ALUMNUS)

    def exit_due_within(self, days: int = 92, on: datetime.date | None = None):
        """Return the current residencies whose planned exit falls within `days` days."""
        on = on or today()
        return self.current(on).filter(
            actual_exit_date__isnull=True,
            planned_exit_date__lte=on + datetime.timedelta(days=days),
        )


class ResidencyStatus(models.TextChoices):
    CANDIDATE = "candidat", _("Candidate")
    RESIDENT = "resident", _("Résidente")
    ALUMNUS = "ancien", _("Ancienne résidente")


class Residency(models.Model):
    """An enterprise's stay at REALIS: three years at most, and where it went afterwards."""

    # Module-level so that the constraints in Meta can name its values.
    Status = ResidencyStatus

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="realis_residencies",
        verbose_name=_("entreprise"),
        limit_choices_to={"category": Organisation.Category.ENTERPRISE},
    )
    status = models.CharField(_("statut"), max_length=10, choices=Status, db_index=True)
    entry_date = models.DateField(_("date d'entrée"))
    planned_exit_date = models.DateField(
        _("date de sortie prévue"), help_text=_("Au plus trois ans après l'entrée.")
    )
    actual_exit_date = models.DateField(_("date de sortie effective"), null=True, blank=True)
    office = models.ForeignKey(
        Space,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residencies",
        verbose_name=_("bureau"),
        limit_choices_to={"kind": Space.Kind.OFFICE},
    )
    settled_commune = models.CharField(
        _("commune d'implantation après la sortie"), max_length=120, blank=True
    )
    jobs_at_exit = models.PositiveSmallIntegerField(_("emplois à la sortie"), null=True, blank=True)
    still_active = models.BooleanField(
        _("toujours en activité"),
        default=True,
        help_text=_("Pour une ancienne résidente : l'entreprise exerce-t-elle encore ?"),
    )
    notes = models.TextField(_("notes internes"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    history = HistoricalRecords()

    objects = ResidencyQuerySet.as_manager()

    class Meta:
        ordering = ["-entry_date"]
        verbose_name = _("résidence")
        verbose_name_plural = _("résidences")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_exit_date__gt=F("entry_date")),
                name="realis_residency_planned_exit_after_entry",
                violation_error_message=_("La sortie prévue doit suivre la date d'entrée."),
            ),
            models.CheckConstraint(
                condition=Q(planned_exit_date__lte=years_after("entry_date", 3)),
                name="realis_residency_planned_exit_within_3_years",
                violation_error_message=THREE_YEARS_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(actual_exit_date__isnull=True)
                | Q(actual_exit_date__gte=F("entry_date")),
                name="realis_residency_actual_exit_after_entry",
                violation_error_message=_("La sortie effective ne peut précéder l'entrée."),
            ),
            models.CheckConstraint(
                condition=Q(actual_exit_date__isnull=True)
                | Q(actual_exit_date__lte=years_after("entry_date", 3)),
                name="realis_residency_actual_exit_within_3_years",
                violation_error_message=THREE_YEARS_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~Q(status=ResidencyStatus.ALUMNUS) | Q(actual_exit_date__isnull=False),
                name="realis_residency_alumnus_has_exit_date",
                violation_error_message=_(
                    "Indiquez la date de sortie effective d'une ancienne résidente."
                ),
            ),
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status__in=[ResidencyStatus.CANDIDATE, ResidencyStatus.RESIDENT]),
                name="realis_residency_one_open_per_enterprise",
                violation_error_message=_(
                    "Cette entreprise a déjà une candidature ou une résidence en cours."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} ({self.entry_date:%Y})"

    def clean(self):
        """Check the three-year rule in Python too, to attach the error to its field."""
        errors = {}
        if self.entry_date:
            limit = self.latest_exit_allowed
            for name in ("planned_exit_date", "actual_exit_date"):
                value = getattr(self, name)
                if value and value > limit:
                    errors[name] = ValidationError(THREE_YEARS_MESSAGE, code="three_years")
        if errors:
            raise ValidationError(errors)

    @property
    def exit_date(self) -> datetime.date:
        """Return the actual exit date when known, else the planned one."""
        return self.actual_exit_date or self.planned_exit_date

    @property
    def latest_exit_allowed(self) -> datetime.date:
        """Return the last day the three-year rule allows for the exit."""
        return add_years(self.entry_date, MAX_RESIDENCY_YEARS)

    def is_current(self, on: datetime.date | None = None) -> bool:
        """Return True when the enterprise is hosted on `on` (today by default)."""
        on = on or today()
        return self.status == self.Status.RESIDENT and self.entry_date <= on <= self.exit_date

    def exit_due_soon(self, days: int = 92, on: datetime.date | None = None) -> bool:
        """Return True when a current residency's planned exit falls within `days` days."""
        on = on or today()
        return (
            self.is_current(on)
            and self.actual_exit_date is None
            and self.planned_exit_date <= on + datetime.timedelta(days=days)
        )


class MembershipQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None):
        """Return the memberships of enterprises currently in residence."""
        current = Residency.objects.current(on).values("enterprise_id")
        return self.filter(enterprise_id__in=current)


class Membership(models.Model):
    """A user account that acts for a resident enterprise (set by the REALIS team)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="realis_memberships",
        verbose_name=_("compte"),
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="realis_members",
        verbose_name=_("entreprise"),
        limit_choices_to={"category": Organisation.Category.ENTERPRISE},
    )
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise__name"]
        verbose_name = _("membre d'une entreprise résidente")
        verbose_name_plural = _("membres des entreprises résidentes")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "enterprise"],
                name="realis_membership_unique",
                violation_error_message=_("Ce compte est déjà membre de cette entreprise."),
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.enterprise}"


class BookingQuerySet(models.QuerySet):
    def confirmed(self):
        """Return the bookings that hold their slot (not cancelled)."""
        return self.filter(status=Booking.Status.CONFIRMED)

    def upcoming(self):
        """Return the confirmed bookings that have not ended yet, soonest first."""
        return self.confirmed().filter(end__gt=timezone.now()).order_by("start")

    def for_user(self, user):
        """Return the bookings of the enterprises `user` is a member of."""
        return self.filter(enterprise__realis_members__user=user)

    def between(self, start: datetime.datetime, end: datetime.datetime):
        """Return the bookings that overlap [start, end)."""
        return self.filter(start__lt=end, end__gt=start)


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmee", _("Confirmée")
    CANCELLED = "annulee", _("Annulée")


class Booking(models.Model):
    """A resident enterprise's booking of a meeting room or common space."""

    # Module-level so that the constraints in Meta can name its values.
    Status = BookingStatus

    space = models.ForeignKey(
        Space,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("espace"),
        limit_choices_to={"is_bookable": True},
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="realis_bookings",
        verbose_name=_("entreprise"),
        limit_choices_to={"category": Organisation.Category.ENTERPRISE},
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="realis_bookings",
        verbose_name=_("réservé par"),
    )
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    purpose = models.CharField(_("objet"), max_length=200, blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status, default=Status.CONFIRMED, db_index=True
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("réservation")
        verbose_name_plural = _("réservations")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="realis_booking_end_after_start",
                violation_error_message=_("La fin de la réservation doit suivre son début."),
            ),
            # Two confirmed bookings of one space never overlap; "[)" bounds let one
            # booking end exactly when the next begins.
            ExclusionConstraint(
                name="realis_booking_no_overlap",
                expressions=[
                    (
                        Func(
                            F("start"),
                            F("end"),
                            RangeBoundary(inclusive_lower=True, inclusive_upper=False),
                            function="TSTZRANGE",
                            output_field=DateTimeRangeField(),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                    ("space", RangeOperators.EQUAL),
                ],
                condition=Q(status=BookingStatus.CONFIRMED),
                violation_error_message=BOOKING_OVERLAP_MESSAGE,
            ),
        ]

    def __str__(self):
        start = timezone.localtime(self.start)
        end = timezone.localtime(self.end)
        return f"{self.space} — {start:%d/%m/%Y %H:%M}–{end:%H:%M}"

    @property
    def is_cancellable(self) -> bool:
        """Return True while the booking is confirmed and has not started."""
        return self.status == self.Status.CONFIRMED and self.start > timezone.now()


class CoachingSession(models.Model):
    """A coaching session, individual or collective, with the enterprises present."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individuel", _("Accompagnement individuel")
        COLLECTIVE = "collectif", _("Accompagnement collectif")

    date = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=10, choices=Kind)
    topic = models.CharField(_("thème"), max_length=200)
    hours = models.DecimalField(_("durée (heures)"), max_digits=4, decimal_places=2)
    coach = models.CharField(_("accompagnateur ou accompagnatrice"), max_length=120)
    enterprises = models.ManyToManyField(
        Enterprise,
        related_name="realis_coaching_sessions",
        verbose_name=_("entreprises présentes"),
        limit_choices_to={"category": Organisation.Category.ENTERPRISE},
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-date", "topic"]
        verbose_name = _("séance d'accompagnement")
        verbose_name_plural = _("séances d'accompagnement")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=12),
                name="realis_coaching_hours_range",
                violation_error_message=_("Une séance dure plus de 0 heure et au plus 12 heures."),
            )
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.topic}"
