"""The fair in the public API: its editions and each edition's confirmed exhibitors (the
ones its page lists)."""

import datetime

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from ninja.pagination import paginate

from coventis.models import Edition, Exhibitor
from occitanie_ess.common.api import Cursor, responses

router = Router(tags=["coventis"])


class EditionOut(Schema):
    """One edition of the Rencontres régionales de l'ESS or of Coventis."""

    annee: int
    numero: int | None
    type: str
    titre: str
    premier_jour: datetime.date
    dernier_jour: datetime.date
    ville: str
    lieu: str
    adresse: str
    theme: str
    description: str
    exposants_annonces: int | None
    visiteurs_annonces: int | None
    valeurs_exemple: bool
    inscriptions_ouvertes: bool
    url: str
    programme_ics: str | None
    exposants: str


class Exposant(Schema):
    """A confirmed exhibitor of an edition."""

    identifiant: str
    nom: str
    stand: str
    offre: str
    departement: str
    fiche: str


def _edition(edition: Edition, request) -> dict:
    absolute = request.build_absolute_uri
    has_programme = getattr(edition, "programme_count", None)
    if has_programme is None:
        has_programme = edition.programme.exists()
    return {
        "annee": edition.year,
        "numero": edition.number,
        "type": edition.kind,
        "titre": str(edition.title),
        "premier_jour": edition.start_date,
        "dernier_jour": edition.end_date,
        "ville": edition.city,
        "lieu": edition.venue,
        "adresse": edition.address,
        "theme": edition.theme,
        "description": edition.description,
        "exposants_annonces": edition.exhibitors_count,
        "visiteurs_annonces": edition.visitors_count,
        "valeurs_exemple": edition.is_example,
        "inscriptions_ouvertes": edition.is_accepting_registrations(),
        "url": absolute(edition.get_absolute_url()),
        "programme_ics": (
            absolute(reverse("coventis:programme_ics", args=[edition.year]))
            if has_programme
            else None
        ),
        "exposants": absolute(reverse("api:coventis_exposants", args=[edition.year])),
    }


def _exhibitor(exhibitor: Exhibitor, request) -> dict:
    enterprise = exhibitor.enterprise
    return {
        "identifiant": enterprise.slug,
        "nom": enterprise.name,
        "stand": exhibitor.stand,
        "offre": exhibitor.pitch,
        "departement": enterprise.departement.code if enterprise.departement_id else "",
        "fiche": request.build_absolute_uri(enterprise.get_absolute_url()),
    }


@router.get(
    "/editions/",
    response=responses(list[EditionOut]),
    summary=_("Éditions du salon Coventis et des Rencontres régionales"),
    url_name="coventis_editions",
)
@paginate(Cursor, ordering=("year",), convert=_edition)
def editions(request):
    """Return every edition, the oldest first."""
    return Edition.objects.annotate(programme_count=Count("programme"))


@router.get(
    "/editions/{annee}/",
    response=responses(EditionOut, not_found=True),
    summary=_("Une édition"),
    url_name="coventis_edition",
)
def edition(request, annee: int):
    """Return one edition by its year, 404 otherwise."""
    return _edition(get_object_or_404(Edition, year=annee), request)


@router.get(
    "/editions/{annee}/exposants/",
    response=responses(list[Exposant], not_found=True),
    summary=_("Exposants confirmés d'une édition"),
    url_name="coventis_exposants",
)
@paginate(Cursor, ordering=("pk",), convert=_exhibitor)
def exhibitors(request, annee: int):
    """Return the exhibitors of an edition whose enterprise is published (an exhibitor row
    exists once the organisers confirmed it), as the edition's page lists them."""
    edition = get_object_or_404(Edition, year=annee)
    return edition.exhibitors.filter(enterprise__is_published=True).select_related(
        "enterprise__departement"
    )
