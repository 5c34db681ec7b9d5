from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoventisConfig(AppConfig):
    name = "coventis"
    verbose_name = _("Coventis, salon d'affaires")

    def ready(self):
        # Register this app's contributions to the shared pages (home figures, search,
        # sitemap, open data, directory panels, demo data, the organisers' staff group).
        from coventis import contributions  # noqa: F401
