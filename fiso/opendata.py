"""The FISO financings as open data, with the field names of the SCDL « subventions »
schema (schema.data.gouv.fr/scdl/subventions, v2.1), plus a few fields of the portal.

Only public financings are exported (`Financing.objects.public()`).
"""

from django.utils.translation import gettext_lazy as _

from fiso.models import Financing

DISPOSITIF = "Fonds d'innovation sociale (FISO)"

# (field, meaning): the order of the CSV columns and of the JSON keys.
FIELDS = (
    ("nomAttribuant", _("Nom de l'organisme qui attribue le financement (l'opérateur du FISO).")),
    ("idAttribuant", _("SIRET de l'attribuant (vide s'il n'est pas renseigné).")),
    ("dateConvention", _("Date de la décision d'attribution (AAAA-MM-JJ).")),
    ("referenceDecision", _("Référence de la décision d'attribution.")),
    ("nomBeneficiaire", _("Nom de l'entreprise bénéficiaire.")),
    (
        "idBeneficiaire",
        _("SIRET de l'entreprise bénéficiaire (14 chiffres, vide s'il est inconnu)."),
    ),
    ("objet", _("Objet du financement : le projet financé.")),
    (
        "montant",
        _(
            "Montant attribué, en euros, au centime (virgule décimale en CSV, "
            "chaîne « 50000.00 » en JSON)."
        ),
    ),
    (
        "nature",
        _("Nature de l'aide : « aide en numéraire » (avance remboursable ou prêt à taux zéro)."),
    ),
    ("conditionsVersement", _("« unique » ou « échelonné ».")),
    (
        "datesPeriodeVersement",
        _("Date du versement (AAAA-MM-JJ), vide tant que le financement n'est pas décaissé."),
    ),
    ("idRAE", _("Identifiant au registre des aides d'État, s'il existe.")),
    ("notificationUE", _("« oui » si l'aide a été notifiée à l'Union européenne, sinon « non ».")),
    (
        "pourcentageSubvention",
        _("Part du financement dans les besoins de développement du projet (entre 0 et 0,5)."),
    ),
    ("dispositifAide", _("Dispositif d'aide : Fonds d'innovation sociale (FISO).")),
    ("instrument", _("Champ du portail : « avance remboursable » ou « prêt à taux zéro ».")),
    ("statut", _("Champ du portail : étape du financement (accordé, décaissé, remboursé…).")),
    ("partEtat", _("Champ du portail : part de l'État (PIA) dans le montant, en euros.")),
    ("partRegion", _("Champ du portail : part de la Région dans le montant, en euros.")),
    ("departement", _("Champ du portail : code INSEE du département du bénéficiaire.")),
    ("structureAccompagnement", _("Champ du portail : structure qui accompagne le bénéficiaire.")),
    ("urlBeneficiaire", _("Champ du portail : fiche du bénéficiaire dans l'annuaire.")),
    (
        "montantExemple",
        _("Champ du portail : « oui » quand le montant est donné à titre d'exemple."),
    ),
)
FIELD_NAMES = tuple(name for name, _meaning in FIELDS)


def public_financings():
    """Return the public financings with what the export needs, in one query."""
    return (
        Financing.objects.public()
        .select_related("envelope", "enterprise__departement", "accompanying_structure")
        .order_by("decision_date", "pk")
    )


def financing_record(financing: Financing, *, base_url: str = "") -> dict:
    """Return one financing as an SCDL-style dict (values typed for JSON)."""
    enterprise = financing.enterprise
    envelope = financing.envelope
    disbursed = financing.disbursement_date
    return {
        "nomAttribuant": str(envelope.get_attributing_body()),
        "idAttribuant": envelope.attributing_body_siret,
        "dateConvention": financing.decision_date,
        "referenceDecision": financing.reference,
        "nomBeneficiaire": enterprise.name,
        "idBeneficiaire": enterprise.siret,
        "objet": financing.purpose,
        "montant": financing.amount,
        "nature": "aide en numéraire",
        "conditionsVersement": financing.disbursement_terms,
        "datesPeriodeVersement": disbursed.isoformat() if disbursed else "",
        "idRAE": financing.rae_id,
        "notificationUE": "oui" if financing.eu_notified else "non",
        "pourcentageSubvention": financing.share_of_needs,
        "dispositifAide": DISPOSITIF,
        "instrument": str(financing.get_instrument_display()),
        "statut": str(financing.get_status_display()),
        "partEtat": financing.state_amount,
        "partRegion": financing.region_amount,
        "departement": enterprise.departement.code if enterprise.departement else "",
        "structureAccompagnement": (
            financing.accompanying_structure.name if financing.accompanying_structure else ""
        ),
        "urlBeneficiaire": base_url + enterprise.get_absolute_url(),
        "montantExemple": "oui" if financing.amount_is_example else "non",
    }
