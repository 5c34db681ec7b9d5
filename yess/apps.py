from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YessConfig(AppConfig):
    name = "yess"
    verbose_name = _("YESS Académie")

    def ready(self):
        # Register this app's contributions to the shared pages (home figures, search,
        # sitemap, open data, directory panels, demo data).
        from yess import contributions  # noqa: F401
