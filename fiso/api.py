"""The FISO's public financings in the public API: the same records and fields as the
open-data JSON file (fiso.opendata), with the /fiso/ page's filters."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from fiso.filters import FinancingFilter
from fiso.opendata import financing_record, public_financings
from occitanie_ess.common.api import NO_NUL, Cursor, responses

router = Router(tags=["fiso"])


class FinancingQuery(Schema):
    """The filters of /fiso/ (an invalid value leaves its filter out)."""

    annee: str | None = Field(None, pattern=NO_NUL, description="Année de décision.")
    departement: str | None = Field(None, pattern=NO_NUL, description="Code du département.")
    instrument: str | None = Field(
        None, pattern=NO_NUL, description="avance_remboursable ou pret_taux_zero."
    )
    thematique: str | None = Field(None, pattern=NO_NUL, description="Identifiant de thématique.")


class Financement(Schema):
    """A public FISO financing: the SCDL « subventions » fields, then the portal's."""

    nomAttribuant: str
    idAttribuant: str
    dateConvention: datetime.date | None
    referenceDecision: str
    nomBeneficiaire: str
    idBeneficiaire: str
    rnaBeneficiaire: str
    objet: str
    montant: Decimal
    nature: str
    conditionsVersement: str
    datesPeriodeVersement: str
    idRAE: str
    notificationUE: str
    pourcentageSubvention: Decimal
    dispositifAide: str
    dispositif: str
    instrument: str
    statut: str
    partBesoinsProjet: Decimal | None
    partEtat: Decimal
    partRegion: Decimal
    departement: str
    structureAccompagnement: str
    urlBeneficiaire: str
    montantExemple: str


def _record(financing, request) -> dict:
    return financing_record(financing, base_url=request.build_absolute_uri("/").rstrip("/"))


@router.get(
    "/financements/",
    response=responses(list[Financement]),
    summary=_("Financements publics du FISO"),
    url_name="fiso_financements",
)
@paginate(Cursor, ordering=("pk",), convert=_record)
def financings(request, filters: Query[FinancingQuery]):
    """Return the public financings, filtered like /fiso/."""
    data = {key: value for key, value in filters.dict().items() if value is not None}
    return FinancingFilter(data, queryset=public_financings()).qs
