from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The main navigation: every public section of the URL map (DESIGN.md).
NAVIGATION = (
    ("parcours", _("Parcours")),
    ("structures:index", _("Annuaire")),
    ("fiso:index", _("FISO")),
    ("realis:index", _("REALIS")),
    ("yess:index", _("YESS Académie")),
    ("coventis:index", _("Coventis")),
    ("strategie", _("Stratégie")),
    ("donnees", _("Données")),
)


def site(request):
    """Return the values every page's frame needs: site name and the main navigation."""
    path = getattr(request, "path", "")
    nav = []
    for name, label in NAVIGATION:
        url = reverse(name)
        nav.append({"url": url, "label": label, "current": path.startswith(url)})
    return {"SITE_NAME": settings.SITE_NAME, "nav_items": nav}
