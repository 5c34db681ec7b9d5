"""django-allauth's adapter: its emails go through the portal's mail module, with links
on SITE_URL (never the Host header a request happened to carry)."""

from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse

from occitanie_ess.common.mail import message_enqueue, site_url


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's (French) message and queue it for the worker.

        Queued at once rather than on commit: allauth writes its confirmation rows in
        their own short transactions, and with the database task backend the queued
        task is itself a row of the current transaction.
        """
        context = {
            "request": self.request,
            "email": email,
            "current_site": get_current_site(self.request),
            **context,
        }
        message_enqueue(self.render_mail(template_prefix, email, context), on_commit=False)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return site_url(path.replace("UID-KEY", quote(key)))
