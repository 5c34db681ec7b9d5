"""Coventis, the biennial business fair for socially responsible enterprises in Occitanie.

The seed document: Coventis is "un évènement biennal né après plusieurs éditions des
Rencontres régionales de l'ESS débutées en 2005 à Montpellier, qui vise à augmenter la
visibilité des entreprises de l'ESS". An `Edition` is one of those events (Rencontres
régionales or Coventis); the fair's rules that must hold under concurrent requests are
database constraints:

- no two programme items in one room at once (exclusion constraint on a tstzrange);
- one registration per person and edition;
- neither a buyer nor an exhibitor is booked twice in one meeting slot (partial unique
  constraints, see `MeetingRequest`).
"""

import datetime

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from structures.models import Enterprise, Organisation


class TsTzRange(Func):
    """PostgreSQL's tstzrange(start, end), half-open [start, end)."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class Edition(models.Model):
    """One edition of the Rencontres régionales de l'ESS or of the Coventis fair."""

    class Kind(models.TextChoices):
        RENCONTRES = "rencontres", _("Rencontres régionales de l'ESS")
        COVENTIS = "coventis", _("Coventis, salon d'affaires socialement responsables")

    kind = models.CharField(_("type d'évènement"), max_length=20, choices=Kind)
    number = models.PositiveSmallIntegerField(
        _("numéro"), help_text=_("Rang de l'édition dans sa série (1 pour la première).")
    )
    year = models.PositiveSmallIntegerField(_("année"), unique=True)
    start_date = models.DateField(_("premier jour"))
    end_date = models.DateField(_("dernier jour"))
    city = models.CharField(_("ville"), max_length=120)
    venue = models.CharField(_("lieu"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    theme = models.CharField(_("thème"), max_length=250, blank=True)
    description = models.TextField(_("présentation"), blank=True)
    practical_info = models.TextField(
        _("informations pratiques"), blank=True, help_text=_("Accès, horaires, accessibilité.")
    )
    exhibitors_count = models.PositiveIntegerField(
        _("nombre d'exposants (bilan)"), null=True, blank=True
    )
    visitors_count = models.PositiveIntegerField(
        _("nombre de visiteurs (bilan)"), null=True, blank=True
    )
    is_example = models.BooleanField(
        _("valeurs d'exemple"),
        default=False,
        help_text=_("Les dates, lieux ou chiffres ne sont pas sourcés : la page le signale."),
    )
    registration_open = models.BooleanField(_("inscriptions ouvertes"), default=False)
    registration_closes_at = models.DateTimeField(
        _("clôture des inscriptions"), null=True, blank=True
    )
    capacity = models.PositiveIntegerField(
        _("capacité (inscriptions)"),
        null=True,
        blank=True,
        help_text=_("Nombre maximal d'inscriptions, toutes catégories ; vide : sans limite."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("édition")
        verbose_name_plural = _("éditions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="coventis_edition_end_after_start",
                violation_error_message=_("Le dernier jour précède le premier."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__year=F("year")),
                name="coventis_edition_year_matches_start",
                violation_error_message=_("L'année doit être celle du premier jour."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="coventis_edition_number_positive",
                violation_error_message=_("Le numéro d'une édition commence à 1."),
            ),
            models.CheckConstraint(
                condition=Q(registration_open=False) | Q(registration_closes_at__isnull=False),
                name="coventis_edition_open_has_closing",
                violation_error_message=_(
                    "Indiquez la date de clôture avant d'ouvrir les inscriptions."
                ),
            ),
            models.UniqueConstraint(
                fields=["kind", "number"],
                name="coventis_edition_unique_number",
                violation_error_message=_("Une édition de cette série porte déjà ce numéro."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("coventis:edition", kwargs={"year": self.year})

    @property
    def title(self) -> str:
        """Return the public name, e.g. "Coventis 2027" or "Rencontres régionales 2005"."""
        if self.kind == self.Kind.COVENTIS:
            return f"Coventis {self.year}"
        return _("Rencontres régionales de l'ESS %(year)s") % {"year": self.year}

    @property
    def ordinal(self) -> str:
        """Return the French ordinal of the edition's number ("1re", "5e")."""
        return _("1re") if self.number == 1 else _("%(n)se") % {"n": self.number}

    def is_accepting_registrations(self, now: datetime.datetime | None = None) -> bool:
        """Return True when staff opened registration and its closing time is ahead."""
        now = now or timezone.now()
        return bool(
            self.registration_open
            and self.registration_closes_at is not None
            and now < self.registration_closes_at
        )

    @property
    def is_past(self) -> bool:
        """Return True once the edition's last day is over."""
        return self.end_date < timezone.localdate()


class Exhibitor(models.Model):
    """An enterprise of the directory exhibiting at one edition, on a stand."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="exhibitors", verbose_name=_("édition")
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="coventis_participations",
        verbose_name=_("entreprise"),
        limit_choices_to={"category": Organisation.Category.ENTERPRISE},
    )
    stand = models.CharField(
        _("stand"), max_length=20, blank=True, help_text=_("Attribué par l'organisation.")
    )
    pitch = models.CharField(_("ce que l'entreprise propose"), max_length=300, blank=True)
    # Set when the row was made by the organisers' confirmation of an online claim: deleting
    # the claimant's account then removes it, while rows the organisers typed are kept.
    from_claim = models.BooleanField(
        _("issu d'une inscription en ligne"),
        default=False,
        editable=False,
    )

    class Meta:
        ordering = ["edition", "enterprise__name"]
        verbose_name = _("exposant")
        verbose_name_plural = _("exposants")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "enterprise"],
                name="coventis_exhibitor_unique",
                violation_error_message=_("Cette entreprise expose déjà à cette édition."),
            ),
            models.UniqueConstraint(
                fields=["edition", "stand"],
                condition=~Q(stand=""),
                name="coventis_exhibitor_unique_stand",
                violation_error_message=_("Ce stand est déjà attribué à un autre exposant."),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} ({self.edition})"


class ProgrammeItem(models.Model):
    """A talk, workshop or pitch session of an edition, in a room, at a time."""

    class Kind(models.TextChoices):
        TALK = "conference", _("Conférence")
        WORKSHOP = "atelier", _("Atelier")
        PITCH = "pitch", _("Pitchs d'entreprises")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="programme", verbose_name=_("édition")
    )
    kind = models.CharField(_("format"), max_length=20, choices=Kind)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    room = models.CharField(_("salle"), max_length=80)
    speakers = models.CharField(
        _("intervenants"), max_length=400, blank=True, help_text=_("Séparés par des virgules.")
    )

    class Meta:
        ordering = ["start", "room"]
        verbose_name = _("séquence du programme")
        verbose_name_plural = _("programme")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="coventis_programme_end_after_start",
                violation_error_message=_("La fin doit suivre le début."),
            ),
            ExclusionConstraint(
                name="coventis_programme_room_no_overlap",
                expressions=[
                    ("edition", RangeOperators.EQUAL),
                    ("room", RangeOperators.EQUAL),
                    (TsTzRange("start", "end"), RangeOperators.OVERLAPS),
                ],
                violation_error_message=_("Cette salle est déjà occupée sur ce créneau."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def speaker_list(self) -> list[str]:
        """Return the speakers as a list of names."""
        return [name.strip() for name in self.speakers.split(",") if name.strip()]


class RegistrationKind(models.TextChoices):
    VISITOR = "visiteur", _("Visiteur")
    BUYER = "acheteur", _("Acheteur")
    EXHIBITOR = "exposant", _("Exposant")


class RegistrationBuyerType(models.TextChoices):
    PUBLIC = "public", _("Acheteur public (collectivité, établissement public)")
    COMPANY = "entreprise", _("Entreprise")


class Registration(models.Model):
    """One person's registration to one edition, as visitor, buyer or exhibitor."""

    # Module-level so that the constraints in Meta can name their values.
    Kind = RegistrationKind
    BuyerType = RegistrationBuyerType

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("édition")
    )
    # Null once the account is deleted: past registrations are kept, anonymised.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coventis_registrations",
        verbose_name=_("compte"),
    )
    kind = models.CharField(_("catégorie"), max_length=20, choices=Kind)
    badge_name = models.CharField(_("nom sur le badge"), max_length=150)
    organisation = models.CharField(_("organisme"), max_length=200, blank=True)
    buyer_type = models.CharField(
        _("type d'acheteur"), max_length=20, choices=BuyerType, blank=True
    )
    # An exhibitor registration claims to speak for `enterprise`. The claim changes no
    # exhibitor: the organisers confirm it, which links it to the edition's exhibitor row.
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coventis_claims",
        verbose_name=_("entreprise représentée"),
    )
    exhibitor = models.OneToOneField(
        Exhibitor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registration",
        verbose_name=_("exposant confirmé"),
    )
    created_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "user"],
                name="coventis_registration_one_per_person",
                violation_error_message=_("Vous êtes déjà inscrit à cette édition."),
            ),
            models.CheckConstraint(
                condition=Q(kind=RegistrationKind.BUYER, buyer_type__in=list(RegistrationBuyerType))
                | (~Q(kind=RegistrationKind.BUYER) & Q(buyer_type="")),
                name="coventis_registration_buyer_type",
                violation_error_message=_("Un acheteur précise s'il est public ou une entreprise."),
            ),
            models.CheckConstraint(
                condition=Q(kind=RegistrationKind.EXHIBITOR, enterprise__isnull=False)
                | (
                    ~Q(kind=RegistrationKind.EXHIBITOR)
                    & Q(enterprise__isnull=True, exhibitor__isnull=True)
                ),
                name="coventis_registration_exhibitor_link",
                violation_error_message=_("Une inscription d'exposant désigne son entreprise."),
            ),
        ]

    def __str__(self):
        return f"{self.badge_name} — {self.get_kind_display()} ({self.edition})"

    @property
    def is_pending_claim(self) -> bool:
        """Return True for an exhibitor registration the organisers have not confirmed."""
        return self.kind == self.Kind.EXHIBITOR and self.exhibitor_id is None


class MeetingSlot(models.Model):
    """A time slot of an edition in which business meetings take place."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="slots", verbose_name=_("édition")
    )
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))

    class Meta:
        ordering = ["start"]
        verbose_name = _("créneau de rendez-vous")
        verbose_name_plural = _("créneaux de rendez-vous")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="coventis_slot_end_after_start",
                violation_error_message=_("La fin du créneau doit suivre son début."),
            ),
            # Slots never overlap, so "one meeting per slot" means "one place at a time".
            ExclusionConstraint(
                name="coventis_slot_no_overlap",
                expressions=[
                    ("edition", RangeOperators.EQUAL),
                    (TsTzRange("start", "end"), RangeOperators.OVERLAPS),
                ],
                violation_error_message=_("Ce créneau chevauche un autre créneau de l'édition."),
            ),
        ]

    def __str__(self):
        start = timezone.localtime(self.start)
        end = timezone.localtime(self.end)
        return f"{start:%d/%m/%Y %H:%M}–{end:%H:%M}"


class MeetingRequestQuerySet(models.QuerySet):
    def for_user(self, user):
        """Return the meetings in which `user` is the buyer or the exhibitor."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(buyer__user=user) | Q(exhibitor__registration__user=user))

    def live(self):
        """Return the requests still pending or accepted."""
        return self.filter(status__in=MeetingRequest.LIVE)


class MeetingRequestStatus(models.TextChoices):
    PENDING = "en_attente", _("En attente de réponse")
    ACCEPTED = "accepte", _("Accepté")
    DECLINED = "refuse", _("Refusé")
    CANCELLED = "annule", _("Annulé")


class MeetingRequest(models.Model):
    """A buyer's request for a business meeting with an exhibitor, in one slot.

    Rules (database constraints, so they hold under concurrent requests):
    - a buyer has at most one live request (pending or accepted) per slot: a buyer is in one
      place at a time, and asks for another exhibitor only once a request is declined or
      cancelled;
    - an exhibitor has at most one accepted meeting per slot; it may receive several pending
      requests for a slot, and accepting one declines the others (services.meeting_accept).
    """

    # Module-level so that the constraints in Meta can name its values.
    Status = MeetingRequestStatus

    LIVE = (Status.PENDING, Status.ACCEPTED)

    slot = models.ForeignKey(
        MeetingSlot, on_delete=models.CASCADE, related_name="requests", verbose_name=_("créneau")
    )
    buyer = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="meeting_requests",
        verbose_name=_("acheteur"),
        limit_choices_to={"kind": Registration.Kind.BUYER},
    )
    exhibitor = models.ForeignKey(
        Exhibitor,
        on_delete=models.CASCADE,
        related_name="meeting_requests",
        verbose_name=_("exposant"),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status, default=Status.PENDING, db_index=True
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("répondu le"), null=True, blank=True)

    objects = MeetingRequestQuerySet.as_manager()

    class Meta:
        ordering = ["slot__start", "created_at"]
        verbose_name = _("rendez-vous d'affaires")
        verbose_name_plural = _("rendez-vous d'affaires")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "buyer"],
                condition=Q(
                    status__in=[MeetingRequestStatus.PENDING, MeetingRequestStatus.ACCEPTED]
                ),
                name="coventis_meeting_buyer_once_per_slot",
                violation_error_message=_("Vous avez déjà un rendez-vous sur ce créneau."),
            ),
            models.UniqueConstraint(
                fields=["slot", "exhibitor"],
                condition=Q(status=MeetingRequestStatus.ACCEPTED),
                name="coventis_meeting_exhibitor_once_per_slot",
                violation_error_message=_("Cet exposant a déjà un rendez-vous sur ce créneau."),
            ),
        ]

    def __str__(self):
        return f"{self.buyer.badge_name} → {self.exhibitor.enterprise} ({self.slot})"

    def get_absolute_url(self):
        return reverse("coventis:meeting", kwargs={"pk": self.pk})
