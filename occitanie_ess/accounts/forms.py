from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(forms.Form):
    """Extra sign-up field (allauth's ACCOUNT_SIGNUP_FORM_CLASS): the person's name, which
    staff screens and emails show next to the email address."""

    name = forms.CharField(
        label=_("Prénom et nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["name", "email", "password1", "password2"]

    def signup(self, request, user):
        user.name = self.cleaned_data["name"].strip()
        user.save(update_fields=["name"])
