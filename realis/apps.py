from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RealisConfig(AppConfig):
    name = "realis"
    verbose_name = _("REALIS, pépinière d'innovation sociale")
