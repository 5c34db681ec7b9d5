from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "occitanie_ess.common"
    label = "common"
    verbose_name = _("Socle commun")

    def ready(self):
        from occitanie_ess.common import cache

        cache.connect_signals()
