"""The YESS Académie's past cohorts in the public API: what /yess-academie/promotions/
shows (the projects listed in the directory, never an applicant's personal data)."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from ninja.pagination import paginate

from occitanie_ess.common.api import Cursor, responses
from yess.models import Application, Cohort, Status

router = Router(tags=["yess"])


class Projet(Schema):
    """A selected project whose enterprise is published in the directory."""

    nom_projet: str
    entreprise: str
    fiche: str


class Promotion(Schema):
    """A past cohort of the YESS Académie."""

    annee: int
    nom: str
    appel: str
    nombre_de_projets: int
    projets: list[Projet]
    url: str


def public_cohorts():
    """Return the cohorts of closed calls, with their member count and listed projects."""
    listed = Application.objects.filter(
        status=Status.SELECTED, enterprise__is_published=True
    ).select_related("enterprise")
    return (
        Cohort.objects.filter(call__closes_at__lte=timezone.now())
        .select_related("call")
        .annotate(
            member_count=Count(
                "call__applications", filter=Q(call__applications__status=Status.SELECTED)
            )
        )
        .prefetch_related(
            Prefetch("call__applications", queryset=listed.order_by("project_name", "pk"))
        )
    )


def _promotion(cohort: Cohort, request) -> dict:
    return {
        "annee": cohort.call.year,
        "nom": cohort.name,
        "appel": cohort.call.title,
        "nombre_de_projets": cohort.member_count,
        "projets": [
            {
                "nom_projet": str(application.project_name),
                "entreprise": application.enterprise.name,
                "fiche": request.build_absolute_uri(application.enterprise.get_absolute_url()),
            }
            for application in cohort.call.applications.all()
        ],
        "url": request.build_absolute_uri(cohort.get_absolute_url()),
    }


@router.get(
    "/promotions/",
    response=responses(list[Promotion]),
    summary=_("Promotions de la YESS Académie"),
    url_name="yess_promotions",
)
@paginate(Cursor, ordering=("pk",), convert=_promotion)
def cohorts(request):
    """Return the past cohorts, oldest first."""
    return public_cohorts()
