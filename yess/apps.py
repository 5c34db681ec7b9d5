from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YessConfig(AppConfig):
    name = "yess"
    verbose_name = _("YESS Académie")
