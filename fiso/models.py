"""The Fonds d'innovation sociale (FISO): its envelope and the financings it commits.

The FISO's rules: it takes the form of a repayable advance ("avance remboursable") or a
zero-rate innovation loan ("prêt à taux zéro"), of 30,000 euros at least, covering up to
50 % of the development needs of the project at its first market launch; in Occitanie it
is funded at parity by the State (Programme d'Investissements d'Avenir) and the Région,
run by Bpifrance, with an intervention capacity of 2.3 million euros since 2015.

Single-row rules are CHECK constraints. The envelope-wide rule (the committed amounts
never exceed its capacity) spans rows: `fiso.services.financing_commit` holds it under a
row lock on the envelope.
"""

import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.postgres.functions import RandomUUID
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from occitanie_ess.common.formats import euros
from structures.models import Enterprise, Organisation, SupportStructure

CENT = Decimal("0.01")
# Seed document: "de 30 000 euros minimum".
MINIMUM_AMOUNT = Decimal("30000.00")
# Seed document: "prenant en charge jusqu'à 50 % les besoins de développement du projet".
MAXIMUM_SHARE_OF_NEEDS = Decimal("0.5")


def _minimum_amount_message() -> str:
    """Return the French refusal of an amount below MINIMUM_AMOUNT, naming it."""
    return _("Le montant d'un financement FISO est d'au moins %(minimum)s.") % {
        "minimum": euros(MINIMUM_AMOUNT)
    }


# Lazy: the amount is formatted (French grouping) when the message is shown, not at import.
MINIMUM_AMOUNT_MESSAGE = lazy(_minimum_amount_message, str)()

HALF_NEEDS_MESSAGE = _(
    "Le FISO finance au plus 50 % des besoins de développement du projet : "
    "le montant dépasse la moitié des besoins indiqués."
)
# A constraint's message is %-formatted with its name, hence the doubled percent signs.
HALF_NEEDS_CONSTRAINT_MESSAGE = _(
    "Le FISO finance au plus 50 %% des besoins de développement du projet : "
    "le montant dépasse la moitié des besoins indiqués."
)


class Envelope(models.Model):
    """The FISO envelope of a region: its capacity and who funds and runs it."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    start_year = models.PositiveSmallIntegerField(_("année de lancement"))
    capacity = models.DecimalField(
        _("capacité d'intervention (€)"), max_digits=12, decimal_places=2
    )
    state_share = models.DecimalField(
        _("part de l'État (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50.00"),
        help_text=_("Programme d'Investissements d'Avenir (PIA)."),
    )
    region_share = models.DecimalField(
        _("part de la Région (%)"), max_digits=5, decimal_places=2, default=Decimal("50.00")
    )
    operator = models.CharField(_("opérateur"), max_length=120, default="Bpifrance")
    attributing_body = models.CharField(
        _("attribuant (données ouvertes)"),
        max_length=200,
        blank=True,
        help_text=_("Nom publié dans le champ nomAttribuant des données ouvertes."),
    )
    attributing_body_siret = models.CharField(
        _("SIRET de l'attribuant"),
        max_length=14,
        blank=True,
        help_text=_("Publié dans le champ idAttribuant des données ouvertes."),
    )

    # A change of capacity or shares is kept, like every change to a financing.
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_year", "name"]
        verbose_name = _("enveloppe FISO")
        verbose_name_plural = _("enveloppes FISO")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gt=0),
                name="fiso_envelope_capacity_positive",
                violation_error_message=_("La capacité de l'enveloppe doit être positive."),
            ),
            models.CheckConstraint(
                condition=Q(state_share__gte=0, region_share__gte=0)
                & Q(state_share__lte=100, region_share__lte=100),
                name="fiso_envelope_shares_range",
                violation_error_message=_("Chaque part est comprise entre 0 et 100 %%."),
            ),
            models.CheckConstraint(
                condition=Q(state_share=100 - F("region_share")),
                name="fiso_envelope_shares_total",
                violation_error_message=_("Les parts de l'État et de la Région totalisent 100 %%."),
            ),
            models.CheckConstraint(
                condition=Q(attributing_body_siret="")
                | Q(attributing_body_siret__regex=r"^[0-9]{14}$"),
                name="fiso_envelope_siret_digits",
                violation_error_message=_("Le SIRET compte exactement 14 chiffres."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """Refuse a capacity below what the envelope has already committed. The one check
        of that rule: EnvelopeForm shows it on the field, and fiso.services.envelope_save
        runs it (through full_clean) with the envelope row locked."""
        if self.pk is None or self.capacity is None:
            return
        committed = Financing.objects.filter(envelope=self).totals()["committed"]
        if self.capacity < committed:
            raise ValidationError(
                {
                    "capacity": ValidationError(
                        _("La capacité ne peut descendre sous les %(committed)s déjà engagés.")
                        % {"committed": euros(committed)},
                        code="capacity_below_committed",
                    )
                }
            )

    def get_attributing_body(self) -> str:
        """Return the attributing body's name as published in open data."""
        return self.attributing_body or _("%(operator)s pour l'État (PIA) et la Région") % {
            "operator": self.operator
        }


# What makes a committed financing visible one by one on the public pages.
PUBLISHED = Q(is_public=True, enterprise__is_published=True)


class FinancingQuerySet(models.QuerySet):
    def committed(self):
        """Return the financings that consume the envelope (granted onward)."""
        return self.filter(status__in=Financing.COMMITTED_STATUSES)

    def public(self):
        """Return what the public may see: committed, marked public, enterprise published."""
        return self.committed().filter(PUBLISHED)

    def unpublished(self):
        """Return the committed financings the public may not see one by one (not marked
        public, or their enterprise unpublished). They still count in the public totals."""
        return self.committed().exclude(PUBLISHED)

    def totals(self) -> dict:
        """Return, in one query, the committed, disbursed and repaid sums and the count of
        committed financings (every one, published or not, as the staff dashboard counts
        them), and `unpublished_count` / `unpublished_committed`: the part of the count and
        of the committed sum that no public list shows individually."""
        committed = Q(status__in=Financing.COMMITTED_STATUSES)
        disbursed = Q(status__in=Financing.DISBURSED_STATUSES)
        hidden = committed & ~PUBLISHED
        result = self.aggregate(
            committed=Sum("amount", filter=committed),
            disbursed=Sum("amount", filter=disbursed),
            repaid=Sum("repaid_amount", filter=disbursed),
            count=models.Count("pk", filter=committed),
            unpublished_committed=Sum("amount", filter=hidden),
            unpublished_count=models.Count("pk", filter=hidden),
        )
        zero = Decimal("0.00")
        return {key: (value if value is not None else zero) for key, value in result.items()}


class FinancingStatus(models.TextChoices):
    APPLICATION = "candidature", _("Candidature déposée")
    INSTRUCTION = "instruction", _("En instruction")
    GRANTED = "accorde", _("Accordé")
    DISBURSED = "decaisse", _("Décaissé")
    REPAYING = "remboursement", _("En remboursement")
    REPAID = "rembourse", _("Remboursé")
    REFUSED = "refuse", _("Refusé")
    WITHDRAWN = "retire", _("Retiré")


# The statuses in which a financing consumes the envelope (granted onward), and those in
# which it has been paid out. Module-level, like FinancingStatus, for the constraints.
COMMITTED_STATUSES = (
    FinancingStatus.GRANTED,
    FinancingStatus.DISBURSED,
    FinancingStatus.REPAYING,
    FinancingStatus.REPAID,
)
DISBURSED_STATUSES = (FinancingStatus.DISBURSED, FinancingStatus.REPAYING, FinancingStatus.REPAID)


class Financing(models.Model):
    """One FISO financing of an enterprise, from its application to its repayment."""

    class Instrument(models.TextChoices):
        # Seed document: "mécanisme d'avance remboursable ou de prêt à taux zéro".
        REPAYABLE_ADVANCE = "avance_remboursable", _("Avance remboursable")
        ZERO_RATE_LOAN = "pret_taux_zero", _("Prêt à taux zéro pour l'innovation")

    # Module-level so that the constraints in Meta can name its values.
    Status = FinancingStatus

    class Frequency(models.TextChoices):
        MONTHLY = "mensuelle", _("Mensuelle")
        QUARTERLY = "trimestrielle", _("Trimestrielle")

    class DisbursementTerms(models.TextChoices):
        SINGLE = "unique", _("Versement unique")
        INSTALMENTS = "échelonné", _("Versement échelonné")

    COMMITTED_STATUSES = COMMITTED_STATUSES
    DISBURSED_STATUSES = DISBURSED_STATUSES

    envelope = models.ForeignKey(
        Envelope, on_delete=models.PROTECT, related_name="financings", verbose_name=_("enveloppe")
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="fiso_financings",
        verbose_name=_("entreprise"),
        limit_choices_to={"category": Organisation.Category.ENTERPRISE},
    )
    accompanying_structure = models.ForeignKey(
        SupportStructure,
        on_delete=models.PROTECT,
        related_name="fiso_accompanied_financings",
        verbose_name=_("structure d'accompagnement"),
        limit_choices_to={"category": Organisation.Category.STRUCTURE},
        null=True,
        blank=True,
    )
    reference = models.CharField(
        _("référence de la décision"), max_length=40, blank=True, db_index=True
    )
    # The public address of a published financing. Random, so that the public numbering has
    # no gaps to count the hidden ones by.
    public_id = models.UUIDField(
        _("identifiant public"),
        default=uuid.uuid4,
        db_default=RandomUUID(),
        unique=True,
        editable=False,
    )
    instrument = models.CharField(_("instrument"), max_length=30, choices=Instrument)
    amount = models.DecimalField(
        _("montant (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(MINIMUM_AMOUNT, message=MINIMUM_AMOUNT_MESSAGE)],
    )
    development_needs = models.DecimalField(
        _("besoins de développement du projet (€)"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Le FISO en couvre au plus 50 %."),
    )
    purpose = models.TextField(_("objet du financement"))
    status = models.CharField(
        _("statut"), max_length=20, choices=Status, default=Status.APPLICATION, db_index=True
    )
    decision_date = models.DateField(_("date de décision"), null=True, blank=True)
    disbursement_date = models.DateField(_("date de décaissement"), null=True, blank=True)
    disbursement_terms = models.CharField(
        _("conditions de versement"),
        max_length=20,
        choices=DisbursementTerms,
        default=DisbursementTerms.SINGLE,
    )
    deferral_months = models.PositiveSmallIntegerField(
        _("différé de remboursement (mois)"), default=24
    )
    instalment_count = models.PositiveSmallIntegerField(_("nombre d'échéances"), default=20)
    repayment_frequency = models.CharField(
        _("périodicité des échéances"),
        max_length=20,
        choices=Frequency,
        default=Frequency.QUARTERLY,
    )
    repaid_amount = models.DecimalField(
        _("montant déjà remboursé (€)"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    rae_id = models.CharField(
        _("identifiant RAE"),
        max_length=40,
        blank=True,
        help_text=_("Identifiant au registre des aides d'État, s'il existe."),
    )
    eu_notified = models.BooleanField(_("aide notifiée à l'Union européenne"), default=False)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Publié sur le portail et dans les données ouvertes une fois accordé."),
    )
    note = models.CharField(
        _("mention publique"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : « Premier financement FISO de France »."),
    )
    amount_is_example = models.BooleanField(
        _("montants donnés à titre d'exemple"),
        default=False,
        help_text=_("Données de démonstration : le document fondateur ne donne pas ces montants."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    objects = FinancingQuerySet.as_manager()

    class Meta:
        ordering = ["-decision_date", "-pk"]
        verbose_name = _("financement FISO")
        verbose_name_plural = _("financements FISO")
        indexes = [models.Index(fields=["envelope", "status"], name="fiso_fin_envelope_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=MINIMUM_AMOUNT),
                name="fiso_financing_amount_minimum",
                violation_error_message=MINIMUM_AMOUNT_MESSAGE,
            ),
            models.CheckConstraint(
                # amount <= 50 % of the needs, written without division so cents compare exactly.
                condition=Q(development_needs__gte=F("amount") * 2),
                name="fiso_financing_amount_half_needs",
                violation_error_message=HALF_NEEDS_CONSTRAINT_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(instalment_count__gte=1) & Q(instalment_count__lte=240),
                name="fiso_financing_instalment_count_range",
                violation_error_message=_("Le nombre d'échéances est compris entre 1 et 240."),
            ),
            models.CheckConstraint(
                condition=Q(deferral_months__lte=120),
                name="fiso_financing_deferral_range",
                violation_error_message=_("Le différé de remboursement ne dépasse pas 120 mois."),
            ),
            models.CheckConstraint(
                condition=Q(repaid_amount__gte=0) & Q(repaid_amount__lte=F("amount")),
                name="fiso_financing_repaid_range",
                violation_error_message=_(
                    "Le montant remboursé est compris entre 0 et le montant du financement."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=FinancingStatus.REPAID) | Q(repaid_amount=F("amount")),
                name="fiso_financing_repaid_is_full",
                violation_error_message=_(
                    "Un financement « remboursé » l'est en totalité : le montant remboursé "
                    "doit égaler le montant du financement."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=list(COMMITTED_STATUSES)) | Q(decision_date__isnull=False),
                name="fiso_financing_committed_has_decision_date",
                violation_error_message=_("Un financement accordé porte la date de sa décision."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=list(DISBURSED_STATUSES))
                | Q(disbursement_date__isnull=False),
                name="fiso_financing_disbursed_has_date",
                violation_error_message=_(
                    "Un financement décaissé porte la date de son décaissement."
                ),
            ),
            models.CheckConstraint(
                condition=Q(disbursement_date__isnull=True)
                | Q(decision_date__isnull=True)
                | Q(disbursement_date__gte=F("decision_date")),
                name="fiso_financing_disbursement_after_decision",
                violation_error_message=_("Le décaissement ne peut précéder la décision."),
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="fiso_financing_reference_unique",
                violation_error_message=_("Un financement porte déjà cette référence."),
            ),
        ]

    def __str__(self):
        year = f" ({self.decision_date.year})" if self.decision_date else ""
        return f"{self.enterprise} — {euros(self.amount)}{year}"

    def get_absolute_url(self):
        return reverse("fiso:detail", kwargs={"public_id": self.public_id})

    @property
    def is_committed(self) -> bool:
        """Return True when the financing consumes the envelope (granted onward)."""
        return self.status in self.COMMITTED_STATUSES

    @property
    def share_of_needs(self) -> Decimal | None:
        """Return the amount as a fraction (0 to 0.5) of the development needs."""
        if not self.development_needs:
            return None
        return (self.amount / self.development_needs).quantize(Decimal("0.0001"))

    @property
    def state_amount(self) -> Decimal:
        """Return the State's (PIA) part of the amount, to the cent."""
        share = self.envelope.state_share / Decimal(100)
        return (self.amount * share).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def region_amount(self) -> Decimal:
        """Return the Région's part: the rest, so that both parts sum to the amount."""
        return self.amount - self.state_amount

    @property
    def schedule_start(self):
        """Return the date the repayment schedule counts from (disbursement, else decision)."""
        return self.disbursement_date or self.decision_date

    def repayment_schedule(self):
        """Return the list of instalments, or [] while the financing has no start date."""
        from fiso.schedule import repayment_schedule

        if self.schedule_start is None:
            return []
        return repayment_schedule(
            amount=self.amount,
            start=self.schedule_start,
            deferral_months=self.deferral_months,
            instalment_count=self.instalment_count,
            frequency=self.repayment_frequency,
        )
