from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RealisConfig(AppConfig):
    name = "realis"
    verbose_name = _("REALIS, pépinière d'innovation sociale")

    def ready(self):
        # Register this app's contributions to the shared pages (home figures, search,
        # sitemap, open data, directory panels, demo data).
        from realis import contributions  # noqa: F401
