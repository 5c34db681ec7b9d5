from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coventis.models import Edition, Exhibitor, MeetingSlot, Registration
from structures.models import Enterprise


def resolve_enterprise(value: str) -> Enterprise | None:
    """Return the published enterprise named by `value`: its directory address, its slug or
    its exact name; None when nothing (or more than one record) matches."""
    value = value.strip()
    if "/annuaire/" in value:
        value = value.split("/annuaire/", 1)[1].strip("/").split("/")[0]
    enterprises = Enterprise.objects.published()
    found = enterprises.filter(slug=value).first()
    if found is None:
        matches = list(enterprises.filter(name__iexact=value)[:2])
        found = matches[0] if len(matches) == 1 else None
    return found


class RegistrationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Vous venez en tant que"),
        choices=[("", _("— Choisissez —")), *Registration.Kind.choices],
    )
    badge_name = forms.CharField(label=_("Nom et prénom (imprimés sur le badge)"), max_length=150)
    organisation = forms.CharField(
        label=_("Organisme"),
        max_length=200,
        required=False,
        help_text=_("Obligatoire pour un acheteur : la collectivité ou l'entreprise."),
    )
    buyer_type = forms.ChoiceField(
        label=_("Type d'acheteur"),
        choices=[("", _("— Sans objet —")), *Registration.BuyerType.choices],
        required=False,
        help_text=_("Pour les acheteurs seulement."),
    )
    enterprise = forms.CharField(
        label=_("Votre entreprise dans l'annuaire"),
        max_length=300,
        required=False,
        help_text=_(
            "Pour les exposants seulement : le nom exact de la fiche de l'entreprise dans "
            "l'annuaire, ou son adresse (…/annuaire/identifiant/)."
        ),
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Registration.Kind.BUYER:
            if not data.get("buyer_type"):
                self.add_error(
                    "buyer_type", _("Précisez si vous êtes un acheteur public ou une entreprise.")
                )
            if not data.get("organisation", "").strip():
                self.add_error("organisation", _("Indiquez l'organisme pour lequel vous achetez."))
        elif kind == Registration.Kind.EXHIBITOR:
            value = data.get("enterprise", "")
            enterprise = resolve_enterprise(value) if value.strip() else None
            if enterprise is None:
                self.add_error(
                    "enterprise",
                    _(
                        "Aucune entreprise publiée de l'annuaire ne correspond : vérifiez le "
                        "nom ou l'adresse de sa fiche."
                    ),
                )
            data["enterprise_record"] = enterprise
        return data


class MeetingRequestForm(forms.Form):
    exhibitor = forms.ModelChoiceField(
        label=_("Exposant"), queryset=Exhibitor.objects.none(), empty_label=_("— Choisissez —")
    )
    slot = forms.ModelChoiceField(
        label=_("Créneau"), queryset=MeetingSlot.objects.none(), empty_label=_("— Choisissez —")
    )
    message = forms.CharField(
        label=_("Message à l'exposant"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Facultatif : l'objet du rendez-vous, vos besoins d'achat."),
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exhibitor"].queryset = (
            edition.exhibitors.filter(registration__isnull=False, enterprise__is_published=True)
            .select_related("enterprise")
            .order_by("enterprise__name")
        )
        self.fields["exhibitor"].label_from_instance = exhibitor_label
        self.fields["slot"].queryset = edition.slots.filter(start__gt=timezone.now())


def exhibitor_label(exhibitor: Exhibitor) -> str:
    """Return the exhibitor's name with its stand, for a select option."""
    if exhibitor.stand:
        return _("%(name)s (stand %(stand)s)") % {
            "name": exhibitor.enterprise.name,
            "stand": exhibitor.stand,
        }
    return exhibitor.enterprise.name
