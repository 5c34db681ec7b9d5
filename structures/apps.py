from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StructuresConfig(AppConfig):
    name = "structures"
    verbose_name = _("Annuaire")

    def ready(self):
        # Register this app's contributions to the shared pages (home figures, search,
        # sitemap, open data, directory panels, demo data).
        from structures import contributions  # noqa: F401
