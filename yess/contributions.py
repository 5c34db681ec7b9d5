"""What yess adds to the site-wide pages, through occitanie_ess.common.registry: home
figures, the applicant's panel in /compte/, personal data export and account deletion,
a panel on directory pages of enterprises that were in a cohort, the sitemap, demo data,
and the staff groups (ensured after each migrate)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from occitanie_ess.common.registry import (
    Action,
    Figure,
    Offer,
    Panel,
    register_account_deletion,
    register_account_panel,
    register_actions,
    register_admin_dashboard,
    register_api_router,
    register_figures,
    register_offers,
    register_panel,
    register_personal_data,
    register_search_page,
    register_search_source,
    register_seeder,
    register_sitemap,
    register_staff_group,
    register_support_source,
)
from occitanie_ess.common.search import rendered_documents
from yess import admin, api, seed, services
from yess.models import Application, Call, Cohort, Status, StatusChange

register_staff_group("yess", services.team_group_ensure)
register_staff_group("yess", services.jury_group_ensure)


@register_figures
def figures():
    """Return the number of projects selected so far (one query)."""
    selected = Application.objects.filter(status=Status.SELECTED).count()
    return [
        Figure(
            _("projets accompagnés par la YESS Académie"),
            selected,
            reverse("yess:index"),
            order=50,
        )
    ]


@register_account_panel
def account_panel(request):
    """Return the user's applications with their status and a link to their timeline."""
    user = request.user
    if not user.is_authenticated:
        return None
    applications = list(Application.objects.of(user).select_related("call").order_by("-call__year"))
    if not applications:
        return None
    return Panel("yess/panels/account.html", {"applications": applications}, order=30)


def personal_data(user):
    """Return what the YESS Académie holds about `user` (JSON-serialisable)."""
    data = []
    for application in (
        Application.objects.of(user)
        .select_related("call", "departement")
        .prefetch_related("status_changes")
    ):
        data.append(
            {
                "appel": application.call.year,
                "statut": application.get_status_display(),
                "nom_du_projet": application.project_name,
                "resume": application.summary,
                "site_web": application.website,
                "besoin_social": application.social_need,
                "innovation": application.innovation,
                "public": application.beneficiaries,
                "equipe": application.team,
                "taille_equipe": application.team_size,
                "departement": application.departement.name if application.departement else "",
                "commune": application.commune,
                "stade": application.get_stage_display(),
                "modele_economique": application.economic_model,
                "besoins": application.needs,
                "besoin_de_financement": application.funding_needs,
                "presentation_pdf": bool(application.pitch_deck),
                "logo": bool(application.logo),
                "creee_le": application.created_at,
                "deposee_le": application.submitted_at,
                "historique": [
                    {
                        "le": change.at,
                        "de": change.get_from_status_display(),
                        "vers": change.get_to_status_display(),
                        "note": change.note,
                    }
                    for change in application.status_changes.all()
                ],
            }
        )
    return {"candidatures": data}


register_personal_data("yess", personal_data)
register_account_deletion(services.account_data_delete)


def selected():
    """Return whether an enterprise was selected for a YESS cohort (an expression)."""
    return Exists(
        Application.objects.filter(
            enterprise_id=OuterRef("pk"), status=Status.SELECTED, call__cohort__isnull=False
        )
    )


@register_panel(present=selected)
def enterprise_panel(record, request):
    """On an enterprise's directory page: the YESS cohorts it was part of."""
    if not getattr(record, "is_enterprise", False):
        return None
    cohorts = list(
        Cohort.objects.filter(
            call__applications__enterprise=record, call__applications__status=Status.SELECTED
        )
        .select_related("call")
        .distinct()
    )
    if not cohorts:
        return None
    return Panel("yess/panels/enterprise.html", {"cohorts": cohorts}, order=40)


class YessSitemap(Sitemap):
    """The past cohorts' pages. /yess-academie/ itself is already listed by the site's
    own section of the sitemap, and the application pages need an account."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return list(
            Cohort.objects.select_related("call").filter(call__closes_at__lte=timezone.now())
        )


register_sitemap("yess", YessSitemap)
register_seeder(order=40)(seed.seed)
register_support_source("yess", services.cohort_supports_rederive)


def search_documents():
    """Return the cohorts as the search indexes them (their rendered page)."""
    return rendered_documents(
        Cohort.objects.select_related("call").order_by("pk"),
        kind=_("YESS Académie"),
        keywords="YESS Académie promotion",
    )


register_search_source("yess", search_documents, models=(Call, Cohort, StatusChange))
register_search_page("yess:index", _("YESS Académie"), "YESS Académie appel à candidatures")


@register_offers
def offers():
    """Return the YESS Académie as a link of the support chain (one query for the call)."""
    call = Call.objects.current()
    is_open = call is not None and call.is_open()
    return [
        Offer(
            key="yess",
            title=_("YESS Académie"),
            why=_(
                "Le programme de la Région, piloté par REALIS, qui sélectionne chaque année une "
                "trentaine de projets et les accompagne de l'idée à la création : formations, "
                "coaching individuel, réseau."
            ),
            next_step=_("Candidater à la YESS Académie")
            if is_open
            else _("Découvrir la YESS Académie et son prochain appel"),
            url=reverse("yess:apply") if is_open else reverse("yess:index"),
            stages=frozenset({"idee", "creation"}),
            needs=frozenset({"accompagnement"}),
            order=10,
        )
    ]


@register_actions
def actions(record):
    """On the page of the structure that runs the current call: how to apply (one query)."""
    if getattr(record, "is_enterprise", True):
        return []
    call = Call.objects.current()
    if call is None or call.operator_id != record.pk:
        return []
    if call.is_open():
        return [Action(_("Candidater à la YESS Académie"), reverse("yess:apply"), order=10)]
    return [Action(_("Découvrir la YESS Académie"), reverse("yess:index"), order=10)]


register_api_router("yess", api.router)

# The block of the admin's home page for this app's staff (built in yess/admin.py).
register_admin_dashboard(admin.dashboard)
