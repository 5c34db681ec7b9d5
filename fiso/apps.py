from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FisoConfig(AppConfig):
    name = "fiso"
    verbose_name = _("Fonds d'innovation sociale (FISO)")
