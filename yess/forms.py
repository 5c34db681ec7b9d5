"""The application's steps, the withdrawal confirmation and the jury's score sheet.

Every step form accepts partial answers: a draft is saved as it is; what a submission
requires is checked by yess.services.application_submit.
"""

from dataclasses import dataclass

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from occitanie_ess.common.uploads import UploadRefused, validate_image, validate_pdf
from structures.models import Departement
from yess.models import Application
from yess.services import REQUIRED_FIELDS

PITCH_DECK_MAX_BYTES = 10 * 1024 * 1024
LOGO_MAX_BYTES = 2 * 1024 * 1024


class StepForm(forms.ModelForm):
    """A step of the application: every field optional while drafting."""

    class Meta:
        model = Application
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = False
            if name in REQUIRED_FIELDS:
                field.label = _("%(label)s (obligatoire)") % {"label": field.label}
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 6)


class ProjectForm(StepForm):
    class Meta(StepForm.Meta):
        fields = ["project_name", "summary", "website"]
        help_texts = {"summary": _("1 500 caractères au plus.")}


class InnovationForm(StepForm):
    class Meta(StepForm.Meta):
        fields = ["social_need", "innovation", "beneficiaries"]
        help_texts = {
            "social_need": _("Quel problème de société, pour qui, où ? 3 000 caractères au plus."),
            "beneficiaries": _("Qui bénéficie du projet, combien de personnes ?"),
        }


class TeamForm(StepForm):
    class Meta(StepForm.Meta):
        fields = ["team", "team_size"]
        help_texts = {"team": _("Les personnes, leurs rôles et leurs parcours.")}


class TerritoryForm(StepForm):
    class Meta(StepForm.Meta):
        fields = ["departement", "commune", "stage"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].queryset = Departement.objects.order_by("code")
        self.fields["departement"].empty_label = _("— Choisir un département —")


class EconomicForm(StepForm):
    class Meta(StepForm.Meta):
        fields = ["economic_model", "needs", "funding_needs"]
        help_texts = {
            "economic_model": _("D'où viennent les ressources : ventes, subventions, dons…"),
            "needs": _("Ce que vous attendez de l'accompagnement."),
            "funding_needs": _("En euros, facultatif."),
        }


class AttachmentsForm(forms.Form):
    """The pitch deck (PDF) and the logo (image), checked on their content."""

    pitch_deck = forms.FileField(
        label=_("Présentation du projet, en PDF (obligatoire)"),
        required=False,
        help_text=_("Un fichier PDF de %(size)s au plus, sans script ni action automatique.")
        % {"size": filesizeformat(PITCH_DECK_MAX_BYTES)},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    logo = forms.FileField(
        label=_("Logo (facultatif)"),
        required=False,
        help_text=_("Une image PNG, JPEG, GIF ou WebP de %(size)s au plus ; SVG refusé.")
        % {"size": filesizeformat(LOGO_MAX_BYTES)},
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.pop("instance", None)
        super().__init__(*args, **kwargs)
        self.clean_files: dict = {}

    def clean_pitch_deck(self):
        uploaded = self.cleaned_data.get("pitch_deck")
        if uploaded:
            try:
                self.clean_files["pitch_deck"] = validate_pdf(
                    uploaded, max_bytes=PITCH_DECK_MAX_BYTES
                )
            except UploadRefused as error:
                raise forms.ValidationError(error.messages, code=error.code) from error
        return uploaded

    def clean_logo(self):
        uploaded = self.cleaned_data.get("logo")
        if uploaded:
            try:
                self.clean_files["logo"] = validate_image(uploaded, max_bytes=LOGO_MAX_BYTES)
            except UploadRefused as error:
                raise forms.ValidationError(error.messages, code=error.code) from error
        return uploaded

    def values(self) -> dict:
        """Return the model values to save: the server-named files and the logo's type."""
        values = {}
        if "pitch_deck" in self.clean_files:
            values["pitch_deck"] = self.clean_files["pitch_deck"].file
        if "logo" in self.clean_files:
            values["logo"] = self.clean_files["logo"].file
            values["logo_content_type"] = self.clean_files["logo"].content_type
        return values


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type


STEPS = (
    Step("projet", _("Le projet"), ProjectForm),
    Step("innovation", _("L'innovation sociale et son public"), InnovationForm),
    Step("equipe", _("L'équipe"), TeamForm),
    Step("territoire", _("Le territoire et le stade du projet"), TerritoryForm),
    Step("modele-economique", _("Le modèle économique et les besoins"), EconomicForm),
    Step("pieces-jointes", _("Les pièces jointes"), AttachmentsForm),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}


def step_of_field(name: str) -> Step:
    """Return the step whose form holds the field `name`."""
    for step in STEPS:
        if name in step.form_class.base_fields:
            return step
    return STEPS[0]


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("Pourquoi retirez-vous votre candidature ? (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ScoreSheetForm(forms.Form):
    """One score field (and comment) per criterion of the call."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("%(label)s (note sur %(max)s)")
                % {"label": criterion.label, "max": criterion.max_score},
                min_value=0,
                max_value=criterion.max_score,
                help_text=criterion.description,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Commentaire sur « %(label)s » (facultatif)") % {"label": criterion.label},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def values(self) -> tuple[dict, dict]:
        """Return (scores, comments), each by criterion id."""
        scores = {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}
        comments = {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}
        return scores, comments
