"""YESS Académie: yearly calls, online applications, jury scores, cohorts and sessions.

The seed document: REALIS runs the "YESS Académie", an entrepreneurial programme for social
entrepreneurs with a selection phase (about thirty projects a year) and a coaching phase
for the year's cohort (intensive coaching, personal follow-up, training).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from occitanie_ess.common.storage import StorageAlias
from structures.models import Departement, Enterprise, SupportStructure


@deconstructible(path="yess.models.PrivateStorage")
class PrivateStorage(StorageAlias):
    """The application attachments' storage: STORAGES["private"] (files never served by
    the web server, only through the views that check who asks)."""

    alias = "private"


private_storage = PrivateStorage()


class CallQuerySet(models.QuerySet):
    def open_at(self, moment):
        """Return the calls accepting submissions at `moment` (opening ≤ moment < closing)."""
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)

    def current(self, moment=None):
        """Return the open call, else the next one to open, else None."""
        moment = moment or timezone.now()
        return (
            self.open_at(moment).order_by("closes_at").first()
            or self.filter(opens_at__gt=moment).order_by("opens_at").first()
        )


class Call(models.Model):
    """One yearly call for applications.

    The submission window is half-open: [opens_at, closes_at). At the closing date-time
    itself submissions are refused (the announced deadline "jusqu'au 31 janvier à 12 h"
    means up to, not including, 12:00:00).
    """

    year = models.PositiveSmallIntegerField(_("année"), unique=True)
    title = models.CharField(_("titre"), max_length=200)
    operator = models.ForeignKey(
        SupportStructure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="yess_calls",
        verbose_name=_("opérateur"),
    )
    description = models.TextField(_("présentation"), blank=True)
    opens_at = models.DateTimeField(_("ouverture des candidatures"))
    closes_at = models.DateTimeField(_("clôture des candidatures"))
    capacity = models.PositiveSmallIntegerField(
        _("nombre de places"), default=30, help_text=_("Une trentaine de projets par an.")
    )
    calendar = models.TextField(
        _("calendrier de sélection"),
        blank=True,
        help_text=_("Une étape par ligne, par exemple « 15 février : entretiens »."),
    )
    is_example = models.BooleanField(
        _("dates données à titre d'exemple"), default=False, editable=True
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("appel à candidatures")
        verbose_name_plural = _("appels à candidatures")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="yess_call_closes_after_opening",
                violation_error_message=_("La clôture doit suivre l'ouverture."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="yess_call_capacity_positive",
                violation_error_message=_("L'appel compte au moins une place."),
            ),
        ]

    def __str__(self):
        return self.title

    def is_open(self, moment=None) -> bool:
        """Return True when submissions are accepted at `moment` (default: now)."""
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at

    def calendar_lines(self) -> list[str]:
        """Return the selection calendar, one step per item."""
        return [line.strip() for line in self.calendar.splitlines() if line.strip()]


class Criterion(models.Model):
    """A published selection criterion, scored by each juror from 0 to max_score."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("appel")
    )
    label = models.CharField(_("intitulé"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    max_score = models.PositiveSmallIntegerField(
        _("note maximale"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    weight = models.PositiveSmallIntegerField(
        _("coefficient"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["call", "position", "pk"]
        verbose_name = _("critère de sélection")
        verbose_name_plural = _("critères de sélection")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "label"],
                name="yess_criterion_unique_label",
                violation_error_message=_("Cet appel a déjà un critère de ce nom."),
            ),
            models.CheckConstraint(
                condition=Q(max_score__gte=1, max_score__lte=20),
                name="yess_criterion_max_score_range",
                violation_error_message=_("La note maximale est comprise entre 1 et 20."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=10),
                name="yess_criterion_weight_range",
                violation_error_message=_("Le coefficient est compris entre 1 et 10."),
            ),
        ]

    def __str__(self):
        return self.label


class Status(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposée")
    UNDER_REVIEW = "under_review", _("En cours d'examen")
    SHORTLISTED = "shortlisted", _("Retenue pour un entretien")
    SELECTED = "selected", _("Sélectionnée")
    WAITING_LIST = "waiting_list", _("Sur liste d'attente")
    NOT_SELECTED = "not_selected", _("Non retenue")
    WITHDRAWN = "withdrawn", _("Retirée")


# Which status may follow which. The applicant submits and withdraws; staff do the rest.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED}),
    Status.SUBMITTED: frozenset({Status.UNDER_REVIEW, Status.WITHDRAWN}),
    Status.UNDER_REVIEW: frozenset({Status.SHORTLISTED, Status.NOT_SELECTED, Status.WITHDRAWN}),
    Status.SHORTLISTED: frozenset(
        {Status.SELECTED, Status.WAITING_LIST, Status.NOT_SELECTED, Status.WITHDRAWN}
    ),
    Status.WAITING_LIST: frozenset({Status.SELECTED, Status.NOT_SELECTED, Status.WITHDRAWN}),
    Status.SELECTED: frozenset({Status.WITHDRAWN}),
    Status.NOT_SELECTED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}
# The decisions the applicant is told about by email.
DECISIONS = frozenset(
    {Status.SHORTLISTED, Status.SELECTED, Status.WAITING_LIST, Status.NOT_SELECTED}
)
WITHDRAWABLE = frozenset(s for s, targets in TRANSITIONS.items() if Status.WITHDRAWN in targets)


class Stage(models.TextChoices):
    IDEA = "idea", _("Idée")
    PROTOTYPE = "prototype", _("Expérimentation")
    LAUNCHED = "launched", _("Activité lancée (moins de 3 ans)")
    GROWTH = "growth", _("Développement")


class ApplicationQuerySet(models.QuerySet):
    def of(self, user):
        """Return the applications of `user` (none for an anonymous user)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(applicant=user)

    def readable_by(self, user):
        """Return the applications `user` may read outside the admin: their own, every
        submitted one for the YESS team, those assigned to them for a juror. A draft is
        its applicant's alone; staff rights need a second factor where it is required."""
        from occitanie_ess.common.staff import staff_passes

        if staff_passes(user, "yess.change_application"):
            return self.filter(Q(applicant=user) | ~Q(status=Status.DRAFT))
        if staff_passes(user, "yess.add_score"):
            return self.filter(
                Q(applicant=user) | (~Q(status=Status.DRAFT) & Q(assignments__juror=user))
            ).distinct()
        return self.of(user)

    def submitted(self):
        """Return the applications past the draft stage."""
        return self.exclude(status=Status.DRAFT)

    def with_average(self):
        """Annotate each application with its weighted average score out of 20 and the
        number of scores given."""
        weighted = models.Sum(
            models.F("scores__value")
            * 20.0
            * models.F("scores__criterion__weight")
            / models.F("scores__criterion__max_score")
        )
        weights = models.Sum("scores__criterion__weight")
        return self.annotate(
            score_count=models.Count("scores"),
            average=models.ExpressionWrapper(
                weighted / models.functions.NullIf(weights, 0),
                output_field=models.FloatField(),
            ),
        )


def _application_file_path(instance, filename):
    # The name is chosen by occitanie_ess.common.uploads (a random UUID); the folder keeps
    # each call's files together.
    return f"yess/{instance.call.year}/{filename}"


class Application(models.Model):
    """One applicant's application to one call; one per applicant and call."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("appel")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="yess_applications",
        verbose_name=_("candidat ou candidate"),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    # The project.
    project_name = models.CharField(_("nom du projet"), max_length=150, blank=True)
    summary = models.TextField(_("le projet en quelques lignes"), max_length=1500, blank=True)
    website = models.URLField(_("site web du projet"), blank=True)
    # Social innovation and its public.
    social_need = models.TextField(
        _("besoin social auquel le projet répond"), max_length=3000, blank=True
    )
    innovation = models.TextField(_("ce qui est innovant"), max_length=3000, blank=True)
    beneficiaries = models.TextField(_("public bénéficiaire"), max_length=2000, blank=True)
    # Team.
    team = models.TextField(_("l'équipe"), max_length=3000, blank=True)
    team_size = models.PositiveSmallIntegerField(
        _("nombre de personnes dans l'équipe"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    # Territory and stage.
    departement = models.ForeignKey(
        Departement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("département"),
    )
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    stage = models.CharField(_("stade du projet"), max_length=20, choices=Stage, blank=True)
    # Economic model and needs.
    economic_model = models.TextField(_("modèle économique"), max_length=3000, blank=True)
    needs = models.TextField(_("besoins d'accompagnement"), max_length=3000, blank=True)
    funding_needs = models.DecimalField(
        _("besoin de financement (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    # Attachments (names chosen by the server; files in STORAGES["private"]).
    pitch_deck = models.FileField(
        _("présentation (PDF)"),
        storage=private_storage,
        upload_to=_application_file_path,
        blank=True,
        max_length=200,
    )
    logo = models.FileField(
        _("logo"),
        storage=private_storage,
        upload_to=_application_file_path,
        blank=True,
        max_length=200,
    )
    logo_content_type = models.CharField(max_length=40, blank=True, editable=False)
    # Set by staff: the directory record of the enterprise the project became.
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="yess_applications",
        verbose_name=_("entreprise dans l'annuaire"),
    )
    jurors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="JuryAssignment",
        related_name="yess_assignments",
        blank=True,
        verbose_name=_("jurés"),
    )
    is_anonymised = models.BooleanField(_("anonymisée"), default=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "call"],
                name="yess_application_one_per_applicant_and_call",
                violation_error_message=_("Vous avez déjà une candidature pour cet appel."),
            ),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT) | Q(submitted_at__isnull=False),
                name="yess_application_submitted_has_date",
                violation_error_message=_("Une candidature déposée a une date de dépôt."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=list(Status)),
                name="yess_application_status_valid",
                violation_error_message=_("Statut de candidature inconnu."),
            ),
        ]

    def __str__(self):
        # str(): __str__ must return a real string, never a lazy translation.
        return self.project_name or str(_("Candidature sans titre"))

    def get_absolute_url(self):
        return reverse("yess:application_detail", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        """Return True while the applicant may still edit the application."""
        return self.status == Status.DRAFT

    @property
    def can_withdraw(self) -> bool:
        """Return True when the applicant may still withdraw the application."""
        return self.status in WITHDRAWABLE

    def can_move_to(self, status: str) -> bool:
        """Return True when the transition table allows `status` next."""
        return status in TRANSITIONS.get(self.status, frozenset())


class StatusChange(models.Model):
    """One status transition: from, to, by whom, when, and why."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("candidature"),
    )
    from_status = models.CharField(_("statut précédent"), max_length=20, choices=Status)
    to_status = models.CharField(_("nouveau statut"), max_length=20, choices=Status)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    at = models.DateTimeField(_("le"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("changement de statut")
        verbose_name_plural = _("changements de statut")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")),
                name="yess_status_change_changes",
                violation_error_message=_("Un changement de statut change le statut."),
            )
        ]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class JuryAssignment(models.Model):
    """A juror assigned to review an application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("juré")
    )

    class Meta:
        verbose_name = _("affectation au jury")
        verbose_name_plural = _("affectations au jury")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "juror"],
                name="yess_assignment_unique",
                violation_error_message=_("Ce juré est déjà affecté à cette candidature."),
            )
        ]

    def __str__(self):
        return f"{self.juror} · {self.application}"


class Score(models.Model):
    """One juror's score of one application on one criterion, given once."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="scores", verbose_name=_("candidature")
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="yess_scores",
        verbose_name=_("juré"),
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("critère")
    )
    value = models.PositiveSmallIntegerField(_("note"))
    comment = models.TextField(_("commentaire"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("notée le"), auto_now_add=True)

    class Meta:
        ordering = ["application", "juror", "criterion__position"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "juror", "criterion"],
                name="yess_score_once_per_criterion",
                violation_error_message=_("Ce critère a déjà été noté pour cette candidature."),
            ),
            models.CheckConstraint(
                condition=Q(value__lte=20),
                name="yess_score_at_most_20",
                violation_error_message=_("Une note ne dépasse pas 20."),
            ),
        ]

    def __str__(self):
        return f"{self.criterion} : {self.value}"

    def clean(self):
        if self.criterion_id and self.value is not None and self.value > self.criterion.max_score:
            raise ValidationError(
                {
                    "value": _("La note ne dépasse pas %(max)s pour ce critère.")
                    % {"max": self.criterion.max_score}
                }
            )
        if self.criterion_id and self.application_id:
            if self.criterion.call_id != self.application.call_id:
                raise ValidationError(_("Ce critère n'appartient pas à l'appel de la candidature."))


class Cohort(models.Model):
    """The year's cohort ("promotion"): the selected projects of one call."""

    call = models.OneToOneField(
        Call, on_delete=models.PROTECT, related_name="cohort", verbose_name=_("appel")
    )
    name = models.CharField(_("nom"), max_length=150)

    class Meta:
        ordering = ["-call__year"]
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("yess:cohort_detail", kwargs={"year": self.call.year})

    def members(self):
        """Return the selected applications of the cohort's call."""
        return self.call.applications.filter(status=Status.SELECTED)


class Session(models.Model):
    """A session of the coaching phase, for the cohort (or one project for a follow-up)."""

    class Kind(models.TextChoices):
        COACHING = "coaching", _("Coaching intensif")
        FOLLOW_UP = "follow_up", _("Suivi personnalisé")
        TRAINING = "training", _("Formation")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("promotion")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    location = models.CharField(_("lieu"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        Application, through="Attendance", related_name="sessions", blank=True
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="yess_session_ends_after_start",
                violation_error_message=_("Une séance finit après avoir commencé."),
            )
        ]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    """Whether a cohort member attended a session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("projet"),
    )
    present = models.BooleanField(_("présent"), default=False)

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "application"],
                name="yess_attendance_unique",
                violation_error_message=_("La présence de ce projet est déjà notée."),
            )
        ]

    def __str__(self):
        return f"{self.session} · {self.application}"

    def clean(self):
        if self.application_id and self.session_id:
            if self.application.status != Status.SELECTED or (
                self.application.call_id != self.session.cohort.call_id
            ):
                raise ValidationError(_("Seuls les projets de la promotion sont attendus."))
