import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_up_by_email_requires_confirmation_then_logs_in(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "name": "Inès Porteuse",
            "email": "porteuse@exemple.fr",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="porteuse@exemple.fr")
    assert not EmailAddress.objects.get(user=user).verified
    # Not logged in until the address is confirmed.
    assert client.get(reverse("account_space")).status_code == 302

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["porteuse@exemple.fr"]
    link = re.search(r"https?://testserver(/compte/confirm-email/[^\s]+/)", message.body).group(1)
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    response = client.get(reverse("account_space"))
    assert response.status_code == 200
    assert "porteuse@exemple.fr" in response.content.decode()


def test_login_is_by_email_and_the_form_speaks_french(client):
    UserFactory(email="a@exemple.fr")
    page = client.get(reverse("account_login")).content.decode()
    assert "Adresse e-mail" in page or "E-mail" in page
    response = client.post(
        reverse("account_login"), {"login": "a@exemple.fr", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("account_space")).status_code == 200


def test_wrong_password_gets_a_french_error_summary(client):
    UserFactory(email="b@exemple.fr")
    response = client.post(reverse("account_login"), {"login": "b@exemple.fr", "password": "faux"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le formulaire contient des erreurs" in html
    assert "incorrect" in html


def test_failed_logins_are_rate_limited(client):
    UserFactory(email="c@exemple.fr")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "c@exemple.fr", "password": "faux"})
    # Even the right password is now refused for a while, with a French message.
    response = client.post(
        reverse("account_login"), {"login": "c@exemple.fr", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Trop de tentatives" in response.content.decode()
    assert client.get(reverse("account_space")).status_code == 302


def test_password_reset_sends_a_french_email(client, mailoutbox):
    UserFactory(email="d@exemple.fr")
    response = client.post(reverse("account_reset_password"), {"email": "d@exemple.fr"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "mot de passe" in mailoutbox[0].body.lower()


def test_staff_without_mfa_cannot_reach_the_admin_in_production(client, settings):
    settings.ADMIN_REQUIRE_MFA = True
    client.force_login(StaffFactory(is_superuser=True, mfa=False))
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert "Double authentification requise" in response.content.decode()


def test_staff_reaches_the_admin_when_mfa_is_not_required(client, settings):
    settings.ADMIN_REQUIRE_MFA = False
    client.force_login(StaffFactory(is_superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200


def test_anonymous_admin_visitor_is_sent_to_the_portal_login(client):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_non_staff_user_cannot_reach_the_admin(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert "réservée aux équipes" in response.content.decode()
