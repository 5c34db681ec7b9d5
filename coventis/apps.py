from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoventisConfig(AppConfig):
    name = "coventis"
    verbose_name = _("Coventis, salon d'affaires")
