"""The signed-in user's rights over their data: download it all, delete the account."""

from allauth.core import ratelimit
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from occitanie_ess.common import registry
from occitanie_ess.common.exports import json_response
from occitanie_ess.common.staff import staff_required


def account_data(user) -> dict:
    """Return what the portal holds about `user` itself, then what each app holds."""
    from allauth.account.models import EmailAddress

    return {
        "compte": {
            "courriel": user.email,
            "nom": user.name,
            "date_inscription": user.date_joined,
            "derniere_connexion": user.last_login,
            "adresses": [
                {"courriel": a.email, "verifiee": a.verified, "principale": a.primary}
                for a in EmailAddress.objects.filter(user=user)
            ],
        },
        **registry.collect_personal_data(user),
    }


@login_required
@require_safe
def my_data(request):
    """Return everything the portal holds about the user, as a JSON download."""
    data = {"export_le": timezone.now(), **account_data(request.user)}
    return json_response("mes-donnees-portail-ess-occitanie.json", data, download=True)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Votre mot de passe, pour confirmer"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("Mot de passe incorrect : le compte n'a pas été supprimé.")
            )
        return password


@login_required
def delete_account(request):
    """Ask for the password, then delete the account and what only its owner needed.

    Each app's registered handler runs first, in the same transaction: drafts go, submitted
    applications are anonymised for the statistics.
    """
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and not ratelimit.consume(
        request, action="delete_account", user=request.user
    ):
        # The password is not even checked: the answer must tell nothing about it.
        messages.error(
            request,
            _("Trop de tentatives : réessayez dans quelques minutes. Rien n'a été supprimé."),
        )
        form = DeleteAccountForm(user=request.user)
        return render(request, "account/delete.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        user = request.user
        with transaction.atomic():
            registry.run_account_deletion(user)
            logout(request)
            user.delete()
        messages.success(request, _("Votre compte et vos données personnelles ont été supprimés."))
        return redirect("home")
    return render(request, "account/delete.html", {"form": form})


class StaffNotificationsForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["staff_notifications"]
        widgets = {"staff_notifications": forms.RadioSelect}


@staff_required()
@require_http_methods(["GET", "POST"])
def staff_notifications(request):
    """Let a member of staff choose how they are told what awaits them."""
    form = StaffNotificationsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre réglage des courriels de l'équipe est enregistré."))
        return redirect("account_staff_notifications")
    return render(request, "account/staff_notifications.html", {"form": form})
