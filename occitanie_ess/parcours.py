"""/parcours/: which support fits a project, from four answers.

The apps register their offers (occitanie_ess.common.registry.Offer); this module asks
the questions, matches the answers to the offers and says why each one fits. It imports
no app: the départements come from the registry too.
"""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from occitanie_ess.common.registry import Offer

STAGES = (
    ("idee", gettext_lazy("J'ai une idée")),
    ("creation", gettext_lazy("Je crée mon activité")),
    ("developpement", gettext_lazy("Je développe mon activité")),
    ("changement-echelle", gettext_lazy("Je change d'échelle")),
)
NEEDS = (
    ("accompagnement", gettext_lazy("Être accompagné")),
    ("financement", gettext_lazy("Financer mon projet")),
    ("hebergement", gettext_lazy("Trouver des bureaux")),
    ("marche", gettext_lazy("Trouver des clients et des partenaires")),
)
STATUSES = (
    ("oui", gettext_lazy("Oui")),
    ("non", gettext_lazy("Pas encore")),
    ("ne-sait-pas", gettext_lazy("Je ne sais pas")),
)


class ParcoursForm(forms.Form):
    """The four questions, in the query string (a shareable GET URL)."""

    etape = forms.ChoiceField(
        label=gettext_lazy("Où en est votre projet ?"), choices=STAGES, widget=forms.RadioSelect
    )
    besoin = forms.ChoiceField(
        label=gettext_lazy("De quoi avez-vous besoin d'abord ?"),
        choices=NEEDS,
        widget=forms.RadioSelect,
    )
    departement = forms.ChoiceField(
        label=gettext_lazy("Dans quel département êtes-vous installé ?"), required=False
    )
    statut = forms.ChoiceField(
        label=gettext_lazy("Votre structure relève-t-elle de l'économie sociale et solidaire ?"),
        help_text=gettext_lazy(
            "Association, coopérative, mutuelle, fondation, ou société commerciale qui a "
            "l'agrément « entreprise solidaire d'utilité sociale » (ESUS)."
        ),
        choices=STATUSES,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, territories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [("", _("Toute l'Occitanie")), *territories]


@dataclass(frozen=True)
class Match:
    """An offer that fits the answers, and the reasons it fits."""

    offer: Offer
    reasons: tuple[str, ...]
    score: int


def match_offers(
    offers: list[Offer],
    *,
    stage: str,
    need: str,
    departement: str,
    status: str,
    departement_names: dict[str, str],
) -> tuple[list[Match], bool]:
    """Return the offers that fit the answers, best first, each with why it fits.

    An offer fits when it serves the project's stage and its first need; one that serves
    the whole region or the project's département comes before one that is far away; an
    offer kept for enterprises of the ESS is left out when the project is not one. When
    nothing fits the need, the offers for the stage are returned instead and the flag is
    False.
    """
    stage_label = dict(STAGES)[stage]
    need_label = dict(NEEDS)[need]

    def reasons_for(offer: Offer, *, need_met: bool) -> tuple[tuple[str, ...], int]:
        reasons = [_("Pour votre étape : « %(stage)s ».") % {"stage": stage_label}]
        score = 1
        if need_met:
            reasons.append(_("Répond à votre besoin : « %(need)s ».") % {"need": need_label})
            score += 2
        if not offer.departements:
            reasons.append(_("Ouvert aux projets de toute l'Occitanie."))
            score += 1
        elif departement in offer.departements:
            reasons.append(
                _("Installé dans votre département (%(name)s).")
                % {"name": departement_names.get(departement, departement)}
            )
            score += 1
        elif offer.place:
            reasons.append(_("Situé à %(place)s.") % {"place": offer.place})
        if offer.ess_only and status == "ne-sait-pas":
            reasons.append(_("Réservé aux entreprises de l'ESS : vérifiez d'abord votre statut."))
        return tuple(reasons), score

    eligible = [
        offer
        for offer in offers
        if stage in offer.stages and not (offer.ess_only and status == "non")
    ]
    fitting = [offer for offer in eligible if need in offer.needs]
    found = bool(fitting)
    matches = []
    for offer in fitting or eligible:
        reasons, score = reasons_for(offer, need_met=found)
        matches.append(Match(offer=offer, reasons=reasons, score=score))
    matches.sort(key=lambda m: (-m.score, m.offer.order, m.offer.title))
    return matches, found
