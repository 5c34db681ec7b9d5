"""The directory's open-data rows: the list export and the data·inclusion structures.

Cells go through occitanie_ess.common.exports (CSV with formula neutralisation); this
module only says which columns exist and what they hold.
"""

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext_lazy as _

from occitanie_ess.common.opendata import (
    DEPARTEMENT_PATTERN,
    INSEE_COMMUNE_PATTERN,
    POSTCODE_PATTERN,
    SIRET_PATTERN,
    table_field,
    table_schema,
)
from structures.models import Organisation

CHUNK = 2000
SOURCE = "portail-ess-occitanie"

# (column, meaning): the header of the CSV, the keys of the JSON, the doc on /donnees/.
DIRECTORY_FIELDS = (
    ("identifiant", _("Identifiant stable de la fiche (son slug).")),
    ("nom", _("Nom de la structure ou de l'entreprise.")),
    ("categorie", _("« structure » (d'accompagnement) ou « entreprise » (sociale).")),
    ("type_structure", _("Pour une structure : pépinière, incubateur, PTCE, financeur…")),
    ("operateur", _("Pour une structure : qui la porte.")),
    ("forme_juridique", _("Pour une entreprise : association, SCOP, SCIC, coopérative…")),
    ("agrement_esus", _("« oui » si l'entreprise a l'agrément ESUS.")),
    ("siret", _("Numéro SIRET (14 chiffres), s'il est connu.")),
    ("date_creation", _("Date de création (AAAA-MM-JJ).")),
    ("effectif", _("Tranche d'effectif salarié.")),
    ("adresse", _("Adresse postale.")),
    ("code_postal", _("Code postal.")),
    ("commune", _("Commune.")),
    ("code_insee", _("Code INSEE de la commune.")),
    ("departement", _("Code INSEE du département.")),
    ("thematiques", _("Thématiques, séparées par « | ».")),
    ("site_web", _("Site web.")),
    ("description", _("Présentation.")),
    ("impact_social", _("Impact social revendiqué (entreprises).")),
    ("derniere_verification", _("Date de la dernière vérification de la fiche.")),
    ("date_maj", _("Date de la dernière modification de la fiche.")),
    ("url", _("Adresse de la fiche sur le portail.")),
)
DIRECTORY_HEADER = tuple(name for name, _meaning in DIRECTORY_FIELDS)

# data·inclusion, schema v1 of a "structure" (field names and order of the schema).
DATA_INCLUSION_FIELDS = (
    "id",
    "source",
    "nom",
    "siret",
    "date_maj",
    "description",
    "lien_source",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "longitude",
    "latitude",
    "telephone",
    "courriel",
    "site_web",
    "horaires_accueil",
    "accessibilite_lieu",
    "reseaux_porteurs",
)
DATA_INCLUSION_DOC = (
    ("id", _("Identifiant de la structure dans la source (le slug de la fiche).")),
    ("source", _("Toujours « portail-ess-occitanie ».")),
    ("nom", _("Nom.")),
    ("siret", _("SIRET (14 chiffres) ou vide.")),
    ("date_maj", _("Date de dernière mise à jour (AAAA-MM-JJ).")),
    ("description", _("Présentation.")),
    ("lien_source", _("Adresse de la fiche sur le portail.")),
    ("commune", _("Commune.")),
    ("code_postal", _("Code postal.")),
    ("code_insee", _("Code INSEE de la commune, s'il est connu.")),
    ("adresse", _("Adresse postale.")),
    ("complement_adresse", _("Complément d'adresse (non renseigné).")),
    ("longitude", _("Longitude WGS 84, si connue.")),
    ("latitude", _("Latitude WGS 84, si connue.")),
    ("telephone", _("Téléphone.")),
    ("courriel", _("Courriel public.")),
    ("site_web", _("Site web.")),
    ("horaires_accueil", _("Horaires (non renseignés).")),
    ("accessibilite_lieu", _("Accessibilité du lieu (non renseignée).")),
    ("reseaux_porteurs", _("Réseaux porteurs (liste, vide ici).")),
)


# Table Schema types of the columns that are not plain strings (the CSV file's).
_YES_NO = {"trueValues": ["oui"], "falseValues": ["non"]}
DIRECTORY_TYPES = {
    "identifiant": {"required": True},
    "nom": {"required": True},
    "categorie": {"required": True, "enum": ["structure", "entreprise"]},
    "agrement_esus": {"type_": "boolean", **_YES_NO},
    "siret": {"pattern": SIRET_PATTERN},
    "date_creation": {"type_": "date"},
    "code_postal": {"pattern": POSTCODE_PATTERN},
    "code_insee": {"pattern": INSEE_COMMUNE_PATTERN},
    "departement": {"pattern": DEPARTEMENT_PATTERN},
    "site_web": {"format_": "uri"},
    "derniere_verification": {"type_": "date"},
    "date_maj": {"type_": "date", "required": True},
    "url": {"format_": "uri", "required": True},
}
DATA_INCLUSION_TYPES = {
    "id": {"required": True},
    "source": {"required": True},
    "nom": {"required": True},
    "siret": {"pattern": SIRET_PATTERN},
    "date_maj": {"type_": "date", "required": True},
    "lien_source": {"format_": "uri"},
    "code_postal": {"pattern": POSTCODE_PATTERN},
    "code_insee": {"pattern": INSEE_COMMUNE_PATTERN},
    "longitude": {"type_": "number"},
    "latitude": {"type_": "number"},
    "courriel": {"format_": "email"},
    "site_web": {"format_": "uri"},
    "accessibilite_lieu": {"format_": "uri"},
}


def _schema(doc, types, *, overrides=None, primary_key: str) -> dict:
    fields = []
    for name, meaning in doc:
        options = {**types.get(name, {}), **(overrides or {}).get(name, {})}
        fields.append(table_field(name, description=meaning, **options))
    return table_schema(fields, primary_key=primary_key)


def directory_csv_schema() -> dict:
    """Return the Table Schema of the directory's CSV file."""
    return _schema(DIRECTORY_FIELDS, DIRECTORY_TYPES, primary_key="identifiant")


def directory_json_schema() -> dict:
    """Return the Table Schema of the directory's JSON file (booleans and lists native)."""
    overrides = {"agrement_esus": {"type_": "boolean"}, "thematiques": {"type_": "array"}}
    return _schema(
        DIRECTORY_FIELDS, DIRECTORY_TYPES, overrides=overrides, primary_key="identifiant"
    )


def data_inclusion_csv_schema() -> dict:
    """Return the Table Schema of the data·inclusion CSV file."""
    return _schema(DATA_INCLUSION_DOC, DATA_INCLUSION_TYPES, primary_key="id")


def data_inclusion_json_schema() -> dict:
    """Return the Table Schema of the data·inclusion JSON file (lists native)."""
    overrides = {"reseaux_porteurs": {"type_": "array"}}
    return _schema(DATA_INCLUSION_DOC, DATA_INCLUSION_TYPES, overrides=overrides, primary_key="id")


def _type_values(record: Organisation) -> tuple[str, str, str, str]:
    if record.is_enterprise:
        return "", "", record.legal_form, "oui" if record.esus else "non"
    return record.kind, record.operator, "", ""


def directory_row(record: Organisation, *, request) -> list:
    """Return the record's values in DIRECTORY_HEADER order."""
    kind, operator, legal_form, esus = _type_values(record)
    return [
        record.slug,
        record.name,
        record.category,
        kind,
        operator,
        legal_form,
        esus,
        record.siret,
        record.creation_date,
        record.headcount,
        record.address,
        record.postcode,
        record.commune,
        record.code_insee,
        record.departement.code if record.departement_id else "",
        "|".join(t.slug for t in record.thematics.all()),
        record.website,
        record.description,
        record.social_impact,
        record.last_verified,
        record.updated_at.date(),
        request.build_absolute_uri(record.get_absolute_url()),
    ]


def directory_rows(records, *, request) -> Iterator[list]:
    """Yield one row per record, reading the database by chunks."""
    for record in records.iterator(chunk_size=CHUNK):
        yield directory_row(record, request=request)


def directory_objects(records, *, request) -> Iterator[dict]:
    """Yield one JSON object per record (keys from DIRECTORY_HEADER)."""
    for row in directory_rows(records, request=request):
        obj = dict(zip(DIRECTORY_HEADER, row, strict=True))
        obj["agrement_esus"] = {"oui": True, "non": False}.get(obj["agrement_esus"])
        obj["thematiques"] = [t for t in obj["thematiques"].split("|") if t]
        yield obj


def data_inclusion_object(record: Organisation, *, request) -> dict:
    """Return the record as a data·inclusion structure."""
    return {
        "id": record.slug,
        "source": SOURCE,
        "nom": record.name,
        "siret": record.siret or None,
        "date_maj": record.updated_at.date().isoformat(),
        "description": record.description or None,
        "lien_source": request.build_absolute_uri(record.get_absolute_url()),
        "commune": record.commune or None,
        "code_postal": record.postcode or None,
        "code_insee": record.code_insee or None,
        "adresse": record.address or None,
        "complement_adresse": None,
        "longitude": float(record.longitude) if record.longitude is not None else None,
        "latitude": float(record.latitude) if record.latitude is not None else None,
        "telephone": record.phone or None,
        "courriel": record.email or None,
        "site_web": record.website or None,
        "horaires_accueil": None,
        "accessibilite_lieu": None,
        "reseaux_porteurs": [],
    }


def data_inclusion_objects(records: Iterable[Organisation], *, request) -> Iterator[dict]:
    """Yield one data·inclusion structure per record, reading the database by chunks."""
    for record in records.iterator(chunk_size=CHUNK):
        yield data_inclusion_object(record, request=request)
