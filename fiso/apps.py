from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FisoConfig(AppConfig):
    name = "fiso"
    verbose_name = _("Fonds d'innovation sociale (FISO)")

    def ready(self):
        # Register this app's contributions to the shared pages (home figures, search,
        # sitemap, open data, directory panels, demo data).
        from fiso import contributions  # noqa: F401
