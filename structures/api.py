"""The directory in the public API: records in the portal's shape and in data·inclusion's,
with the directory's filters and search (structures.filters.DirectoryFilter, the same
rules as /annuaire/: an invalid value of one filter leaves that filter out)."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from occitanie_ess.common.api import NO_NUL, Cursor, responses
from structures import exports
from structures.filters import DirectoryFilter
from structures.models import Organisation

router = Router(tags=["annuaire"])


class DirectoryQuery(Schema):
    """The directory's filters, named as in the /annuaire/ address."""

    q: str | None = Field(
        None, pattern=NO_NUL, description="Recherche plein texte (nom, commune, activité)."
    )
    categorie: str | None = Field(
        None, pattern=NO_NUL, description="« structure » ou « entreprise »."
    )
    type: str | None = Field(
        None, pattern=NO_NUL, description="Type de structure (pepiniere, incubateur…)."
    )
    departement: str | None = Field(
        None, pattern=NO_NUL, description="Code INSEE du département (09, 34…)."
    )
    thematique: str | None = Field(
        None, pattern=NO_NUL, description="Identifiant d'une thématique."
    )
    forme: str | None = Field(
        None, pattern=NO_NUL, description="Forme juridique (association, scop…)."
    )
    esus: str | None = Field(
        None, pattern=NO_NUL, description="« oui » ou « non » : l'agrément ESUS."
    )
    accompagnee_par: str | None = Field(
        None,
        pattern=NO_NUL,
        description="Identifiant d'une structure : les entreprises qu'elle accompagne.",
    )


class Fiche(Schema):
    """A directory record, with the fields of the directory's JSON export."""

    identifiant: str
    nom: str
    categorie: str
    type_structure: str
    operateur: str
    forme_juridique: str
    agrement_esus: bool | None
    siret: str
    date_creation: datetime.date | None
    effectif: str
    adresse: str
    code_postal: str
    commune: str
    code_insee: str
    departement: str
    thematiques: list[str]
    site_web: str
    description: str
    impact_social: str
    derniere_verification: datetime.date | None
    date_maj: datetime.date
    url: str


class StructureDataInclusion(Schema):
    """A record as a data·inclusion "structure" (schema v1 field names)."""

    id: str
    source: str
    nom: str
    siret: str | None
    date_maj: str
    description: str | None
    lien_source: str
    commune: str | None
    code_postal: str | None
    code_insee: str | None
    adresse: str | None
    complement_adresse: str | None
    longitude: float | None
    latitude: float | None
    telephone: str | None
    courriel: str | None
    site_web: str | None
    horaires_accueil: str | None
    accessibilite_lieu: str | None
    reseaux_porteurs: list[str]


def filtered(filters: DirectoryQuery):
    """Return the published records the filters select (search included)."""
    data = {key: value for key, value in filters.dict().items() if value is not None}
    return DirectoryFilter(data, queryset=Organisation.objects.published()).qs


def _fiche(record: Organisation, request) -> dict:
    row = exports.directory_row(record, request=request)
    obj = dict(zip(exports.DIRECTORY_HEADER, row, strict=True))
    obj["agrement_esus"] = {"oui": True, "non": False}.get(obj["agrement_esus"])
    obj["thematiques"] = [t for t in obj["thematiques"].split("|") if t]
    return obj


@router.get(
    "/",
    response=responses(list[Fiche]),
    summary=_("Structures et entreprises de l'annuaire"),
    url_name="annuaire",
)
@paginate(Cursor, ordering=("slug",), convert=_fiche)
def directory(request, filters: Query[DirectoryQuery]):
    """Return the published records, filtered like /annuaire/, by identifier."""
    return filtered(filters).for_list()


@router.get(
    "/data-inclusion/structures/",
    response=responses(list[StructureDataInclusion]),
    summary=_("Les mêmes fiches au format data·inclusion (structure, v1)"),
    url_name="annuaire_data_inclusion",
)
@paginate(
    Cursor,
    ordering=("slug",),
    convert=lambda record, request: exports.data_inclusion_object(record, request=request),
)
def data_inclusion(request, filters: Query[DirectoryQuery]):
    """Return the published records as data·inclusion structures."""
    return filtered(filters).select_related("departement")


@router.get(
    "/{identifiant}/",
    response=responses(Fiche, not_found=True),
    summary=_("Une fiche de l'annuaire"),
    url_name="annuaire_fiche",
)
def record(request, identifiant: str = Path(..., pattern=NO_NUL)):
    """Return one published record by its identifier (its slug), 404 otherwise."""
    found = get_object_or_404(Organisation.objects.published().for_list(), slug=identifiant)
    return _fiche(found, request)
