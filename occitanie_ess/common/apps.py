from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "occitanie_ess.common"
    label = "common"
    verbose_name = _("Socle commun")

    def ready(self):
        from occitanie_ess.common import checks  # noqa: F401  (registers the system checks)
        from occitanie_ess.common.groups import audit_group_ensure, staff_groups_post_migrate
        from occitanie_ess.common.registry import register_staff_group

        # The staff groups the apps register, after each app's migrations (auth's own
        # receiver, connected earlier, has created that app's permissions by then).
        post_migrate.connect(staff_groups_post_migrate, dispatch_uid="common_staff_groups")
        # The auditors read every app: completed after each app's migrations.
        register_staff_group(None, audit_group_ensure)
        # The site's own pages, searchable by their rendered text (the apps register
        # their landing pages and records from their contributions.py).
        from occitanie_ess.common.registry import register_search_page, register_search_source
        from occitanie_ess.common.search import site_pages_documents

        page = _("Page du portail")
        register_search_page("strategie", page, "SREC SRDEII CPRDFOP SRESRI stratégie régionale")
        register_search_page("donnees", page, "open data données ouvertes téléchargement")
        register_search_page("mentions_legales", page, "mentions légales éditeur hébergeur")
        register_search_page("accessibilite", page, "accessibilité RGAA déclaration")
        register_search_page("confidentialite", page, "confidentialité données personnelles RGPD")
        register_search_page("plan_du_site", page, "plan du site")
        register_search_page("home", page, "accueil portail ESS Occitanie")
        register_search_page(
            "parcours",
            page,
            "parcours accompagnement aide créer financer héberger incubateur pépinière projet",
        )
        register_search_source("pages", site_pages_documents)

        from occitanie_ess.common import cache

        cache.connect_signals()
