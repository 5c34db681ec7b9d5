"""The FISO financings as open data.

Two files: the CSV follows the SCDL « subventions » standard v2.1.1 to the letter (its 16
columns, in its order, with its dialect: `,`, UTF-8, decimal point), so that the national
validators accept it; its Table Schema is the official one, vendored in fiso/schemas/. The
JSON carries the same 16 fields plus the portal's own (instrument, status, shares...).

Only public financings are exported (`Financing.objects.public()`); the SCDL file lists
those whose beneficiary has a SIRET (the JSON lists them all).
"""

import datetime
import json
import re
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from fiso.models import Financing
from occitanie_ess.common.opendata import DEPARTEMENT_PATTERN, table_field

DISPOSITIF = "Fonds d'innovation sociale (FISO)"
SCDL_SCHEMA_PATH = (
    Path(__file__).resolve().parent / "schemas" / "scdl-subventions-2.1.1.schema.json"
)
# SCDL `objet` and `idRAE` limits (schema: maxLength 256 and 5).
OBJECT_MAX_LENGTH = 256
RAE_PATTERN = re.compile(r"\d{1,5}")
# A financing not yet disbursed (or disbursed in instalments) has no single known payment
# date: the SCDL asks for a period then. The portal's convention (documented on /donnees/,
# field datesPeriodeVersement) is the expected period, from the decision (or the first
# disbursement) to the decision's first anniversary; the model records no later date.
EXPECTED_DISBURSEMENT_DAYS = 365


@cache
def scdl_schema() -> dict:
    """Return the official SCDL « subventions » Table Schema (v2.1.1), as vendored."""
    return json.loads(SCDL_SCHEMA_PATH.read_text(encoding="utf-8"))


def scdl_field_names() -> tuple[str, ...]:
    """Return the 16 SCDL columns, in the standard's order."""
    return tuple(field["name"] for field in scdl_schema()["fields"])


# (field, meaning) of the SCDL columns, in the standard's order, as the portal fills them.
SCDL_DOC = (
    (
        "nomAttribuant",
        _("Nom de la collectivité qui attribue le financement : la Région, sauf mention."),
    ),
    ("idAttribuant", _("SIRET de l'attribuant (14 chiffres) : celui de la Région, sauf mention.")),
    ("dateConvention", _("Date de la décision d'attribution (AAAA-MM-JJ).")),
    ("referenceDecision", _("Référence de la décision d'attribution.")),
    ("nomBeneficiaire", _("Nom de l'entreprise bénéficiaire.")),
    ("idBeneficiaire", _("SIRET de l'entreprise bénéficiaire (14 chiffres).")),
    ("rnaBeneficiaire", _("Numéro RNA du bénéficiaire (W et 9 chiffres), non renseigné.")),
    ("objet", _("Objet du financement : le projet financé (256 caractères au plus).")),
    ("montant", _("Montant attribué, en euros, avec un point décimal (« 50000.00 »).")),
    (
        "nature",
        _("Nature de l'aide : « aide en numéraire » (avance remboursable ou prêt à taux zéro)."),
    ),
    ("conditionsVersement", _("« unique » ou « échelonné ».")),
    (
        "datesPeriodeVersement",
        _(
            "Date du versement unique (AAAA-MM-JJ) ; sinon la période de versement "
            "(AAAA-MM-JJ/AAAA-MM-JJ), prévue d'un an après la décision tant que le financement "
            "n'est pas décaissé."
        ),
    ),
    ("idRAE", _("Identifiant au répertoire des aides aux entreprises (5 chiffres au plus).")),
    ("notificationUE", _("« oui » si l'aide a été notifiée à l'Union européenne, sinon « non ».")),
    (
        "pourcentageSubvention",
        _(
            "Part du montant total attribuée à ce bénéficiaire (1.00 : chaque financement "
            "FISO a un seul bénéficiaire)."
        ),
    ),
    ("dispositifAide", _("Identifiant du dispositif d'aide (schéma des dispositifs), vide.")),
)
# Fields of the portal, in the JSON file only.
PORTAL_DOC = (
    ("dispositif", _("Champ du portail : nom du dispositif, Fonds d'innovation sociale (FISO).")),
    ("instrument", _("Champ du portail : « avance remboursable » ou « prêt à taux zéro »...")),
    ("statut", _("Champ du portail : étape du financement (accordé, décaissé, remboursé…).")),
    (
        "partBesoinsProjet",
        _("Champ du portail : part du montant dans les besoins de développement (0 à 0.5)."),
    ),
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
FIELDS = SCDL_DOC + PORTAL_DOC
FIELD_NAMES = tuple(name for name, _meaning in FIELDS)


def json_schema() -> dict:
    """Return the Table Schema of the JSON file: the SCDL fields, then the portal's."""
    portal_types = {
        "partBesoinsProjet": table_field("partBesoinsProjet", "number"),
        "partEtat": table_field("partEtat", "number"),
        "partRegion": table_field("partRegion", "number"),
        "departement": table_field("departement", pattern=DEPARTEMENT_PATTERN),
        "urlBeneficiaire": table_field("urlBeneficiaire", format_="uri"),
        "montantExemple": table_field(
            "montantExemple", "boolean", trueValues=["oui"], falseValues=["non"]
        ),
    }
    portal = [
        {**portal_types.get(name, table_field(name)), "description": str(meaning)}
        for name, meaning in PORTAL_DOC
    ]
    return {"fields": [*scdl_schema()["fields"], *portal], "missingValues": [""]}


def public_financings():
    """Return the public financings with what the export needs, in one query."""
    return (
        Financing.objects.public()
        .select_related("envelope", "enterprise__departement", "accompanying_structure")
        .order_by("decision_date", "pk")
    )


def scdl_financings():
    """Return the public financings the SCDL file can list: those whose beneficiary has an
    identifier (the standard requires idBeneficiaire or rnaBeneficiaire on every row; the
    directory knows SIRETs, checked with their checksum, not RNA numbers)."""
    return public_financings().exclude(enterprise__siret="")


def disbursement_period(financing: Financing) -> str:
    """Return the SCDL `datesPeriodeVersement`: the date of a single disbursement when it
    is known, else the expected period (decision date to one year later)."""
    single = financing.disbursement_terms == Financing.DisbursementTerms.SINGLE
    if single and financing.disbursement_date:
        return financing.disbursement_date.isoformat()
    start = financing.disbursement_date or financing.decision_date
    end = financing.decision_date + datetime.timedelta(days=EXPECTED_DISBURSEMENT_DAYS)
    return f"{start.isoformat()}/{max(start, end).isoformat()}"


def financing_record(financing: Financing, *, base_url: str = "") -> dict:
    """Return one financing as a dict with every field of FIELD_NAMES (typed for JSON)."""
    enterprise = financing.enterprise
    envelope = financing.envelope
    rae_id = financing.rae_id if RAE_PATTERN.fullmatch(financing.rae_id) else ""
    # The attributing body is named and identified as a pair: the envelope's own when it
    # gives a SIRET, else the publisher (the Région) from the settings.
    if envelope.attributing_body_siret:
        attributing = (envelope.get_attributing_body(), envelope.attributing_body_siret)
    else:
        attributing = (settings.OPEN_DATA_PUBLISHER_NAME, settings.OPEN_DATA_PUBLISHER_SIRET)
    return {
        "nomAttribuant": str(attributing[0]),
        "idAttribuant": attributing[1],
        "dateConvention": financing.decision_date,
        "referenceDecision": financing.reference,
        "nomBeneficiaire": enterprise.name,
        "idBeneficiaire": enterprise.siret,
        "rnaBeneficiaire": "",
        "objet": Truncator(" ".join(financing.purpose.split())).chars(OBJECT_MAX_LENGTH),
        "montant": financing.amount,
        "nature": "aide en numéraire",
        "conditionsVersement": financing.disbursement_terms,
        "datesPeriodeVersement": disbursement_period(financing),
        "idRAE": rae_id,
        "notificationUE": "oui" if financing.eu_notified else "non",
        "pourcentageSubvention": Decimal("1.00"),
        "dispositifAide": "",
        "dispositif": DISPOSITIF,
        "instrument": str(financing.get_instrument_display()),
        "statut": str(financing.get_status_display()),
        "partBesoinsProjet": financing.share_of_needs,
        "partEtat": financing.state_amount,
        "partRegion": financing.region_amount,
        "departement": enterprise.departement.code if enterprise.departement else "",
        "structureAccompagnement": (
            financing.accompanying_structure.name if financing.accompanying_structure else ""
        ),
        "urlBeneficiaire": base_url + enterprise.get_absolute_url(),
        "montantExemple": "oui" if financing.amount_is_example else "non",
    }


def scdl_row(financing: Financing) -> list:
    """Return the financing's 16 SCDL cells, in the standard's order."""
    record = financing_record(financing)
    return [record[name] for name in scdl_field_names()]
