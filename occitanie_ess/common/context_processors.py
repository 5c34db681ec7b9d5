import functools
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    """A public section of the portal: its URL name, its title and one sentence on it; the
    main navigation shows `nav_label` (the title when empty), the home page a card with its
    `icon` (vendored in static/icons/) unless `home_card` is False."""

    url_name: str
    title: str
    text: str
    icon: str = ""
    nav_label: str = ""
    home_card: bool = True

    @property
    def label(self) -> str:
        """Return the section's name in the main navigation."""
        return self.nav_label or self.title


# Every public section, in the order of the main navigation: the navigation, the home
# page's cards, the site map and sitemap.xml read this one list.
SECTIONS = (
    Section(
        "parcours",
        _("Parcours"),
        _("quel accompagnement pour votre projet, en quatre questions."),
        # The home page's hero leads to the support path with its own button.
        home_card=False,
    ),
    Section(
        "structures:index",
        _("Annuaire"),
        _("Les structures d'accompagnement et les entreprises sociales du territoire."),
        icon="building-2",
    ),
    Section(
        "fiso:index",
        _("FISO"),
        _("Le Fonds d'innovation sociale : ce qu'il finance et comment y candidater."),
        icon="hand-coins",
    ),
    Section(
        "realis:index",
        _("REALIS"),
        _("La pépinière d'innovation sociale de la Région, à Montpellier."),
        icon="house",
    ),
    Section(
        "yess:index",
        _("YESS Académie"),
        _("Le programme qui sélectionne et accompagne une trentaine de projets par an."),
        icon="graduation-cap",
    ),
    Section(
        "coventis:index",
        _("Coventis"),
        _("Le salon d'affaires socialement responsables, tous les deux ans."),
        icon="handshake",
    ),
    Section(
        "strategie",
        _("Stratégie"),
        _("La SREC et ses trois schémas : SRDEII, CPRDFOP, SRESRI."),
        icon="compass",
    ),
    Section(
        "donnees",
        _("Données ouvertes"),
        _("Toutes les données du portail, à télécharger librement."),
        icon="download",
        nav_label=_("Données"),
    ),
)


@functools.cache
def _navigation(script_prefix: str, language: str) -> tuple[tuple[str, str], ...]:
    """Return the main navigation's (URL, label): the same for every page of a deployment
    (its script prefix) in one language, so reversed and translated once per process."""
    return tuple((reverse(section.url_name), str(section.label)) for section in SECTIONS)


@receiver(setting_changed)
def _navigation_forget(*, setting, **kwargs):
    """Forget the navigation when a test changes the URLconf (as Django's URL caches)."""
    if setting == "ROOT_URLCONF":
        _navigation.cache_clear()


def site(request):
    """Return the values every page's frame needs: site name and the main navigation."""
    path = getattr(request, "path", "")
    nav = [
        {"url": url, "label": label, "current": path.startswith(url)}
        for url, label in _navigation(get_script_prefix(), get_language())
    ]
    return {"SITE_NAME": settings.SITE_NAME, "nav_items": nav}
