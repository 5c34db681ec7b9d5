"""What the common toolkit itself adds to the site-wide pages, through the registry: the
site's own pages, searchable by their rendered text, and the auditors' staff group."""

from django.utils.translation import gettext_lazy as _

from occitanie_ess.common.groups import audit_group_ensure
from occitanie_ess.common.registry import (
    register_search_page,
    register_search_source,
    register_staff_group,
)
from occitanie_ess.common.search import site_pages_documents

PAGE = _("Page du portail")

register_search_page("strategie", PAGE, "SREC SRDEII CPRDFOP SRESRI stratégie régionale")
register_search_page("donnees", PAGE, "open data données ouvertes téléchargement")
register_search_page("mentions_legales", PAGE, "mentions légales éditeur hébergeur")
register_search_page("accessibilite", PAGE, "accessibilité RGAA déclaration")
register_search_page("confidentialite", PAGE, "confidentialité données personnelles RGPD")
register_search_page("plan_du_site", PAGE, "plan du site")
register_search_page("home", PAGE, "accueil portail ESS Occitanie")
register_search_page(
    "parcours",
    PAGE,
    "parcours accompagnement aide créer financer héberger incubateur pépinière projet",
)
register_search_source("pages", site_pages_documents)

# The auditors read every app: their group is completed after each app's migrations.
register_staff_group(None, audit_group_ensure)
