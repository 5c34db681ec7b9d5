"""Several people on one portal, in a row and at the same moment, through the real views
and the real PostgreSQL: nothing answers 500, and nobody sees or changes another's data.

The first round's suite had one user per test, and the second sign-up ever was a 500.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from coventis.models import Registration
from tests.checks import run_concurrently
from tests.coventis.factories import EditionFactory
from tests.factories import PASSWORD
from tests.yess.factories import CallFactory
from yess.models import Application

User = get_user_model()


def sign_up(client: Client, name: str, email: str):
    return client.post(
        reverse("account_signup"),
        {"name": name, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def confirm(client: Client, email: str) -> None:
    """Follow the confirmation link of the last email sent to `email`."""
    message = [m for m in mail.outbox if m.to == [email]][-1]
    link = re.search(r"https?://[^/\s]+(/compte/confirm-email/[^\s]+/)", message.body).group(1)
    client.post(link)


@pytest.mark.django_db
def test_people_sign_up_one_after_another_and_each_is_named(client, mailoutbox):
    people = [("Inès Martin", "ines@exemple.fr"), ("Paul Roux", "paul@exemple.fr")]
    people += [(f"Personne {n}", f"personne.{n}@exemple.fr") for n in range(3)]
    for name, email in people:
        response = Client().post(
            reverse("account_signup"),
            {"name": name, "email": email, "password1": PASSWORD, "password2": PASSWORD},
        )
        assert response.status_code == 302, (email, response.status_code)
    assert sorted(User.objects.values_list("email", "name")) == sorted(
        (email, name) for name, email in people
    )
    assert str(User.objects.get(email="ines@exemple.fr")) == "Inès Martin <ines@exemple.fr>"


@pytest.mark.django_db
def test_signing_up_with_a_known_address_answers_like_a_new_one(mailoutbox):
    """Sign-up must not tell who has an account (it was a 302 for a known address, a 500
    for a new one)."""
    sign_up(Client(), "Inès Martin", "ines@exemple.fr")
    known = sign_up(Client(), "Quelqu'un", "INES@exemple.fr")
    new = sign_up(Client(), "Paul Roux", "paul@exemple.fr")
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert User.objects.filter(email__iexact="ines@exemple.fr").count() == 1
    assert User.objects.get(email="ines@exemple.fr").name == "Inès Martin"


@pytest.mark.django_db(transaction=True)
def test_people_sign_up_at_the_same_moment():
    emails = [f"simultane.{n}@exemple.fr" for n in range(6)] + ["double@exemple.fr"] * 2
    results = run_concurrently(
        [
            lambda n=n, email=email: sign_up(Client(), f"Personne {n}", email).status_code
            for n, email in enumerate(emails)
        ]
    )
    assert results == [302] * len(emails), results
    assert User.objects.count() == 7
    assert User.objects.filter(email="double@exemple.fr").count() == 1


@pytest.mark.django_db
def test_three_applicants_apply_and_register_and_see_only_their_own(mailoutbox):
    CallFactory()
    edition = EditionFactory()
    clients = {}
    for name in ("Amina", "Bruno", "Chloé"):
        email = f"{name.lower()}@exemple.fr".replace("é", "e")
        clients[name] = Client()
        assert sign_up(clients[name], f"{name} Porteuse", email).status_code == 302
        confirm(clients[name], email)
    for name, client in clients.items():
        step = client.post(
            reverse("yess:step", kwargs={"slug": "projet"}),
            {"project_name": f"Projet de {name}", "summary": "", "website": ""},
        )
        assert step.status_code == 302, (name, step.status_code)
        registration = client.post(
            reverse("coventis:register", args=[edition.year]),
            {"kind": "visiteur", "badge_name": f"{name} Porteuse"},
        )
        assert registration.status_code == 302, (name, registration.status_code)
    assert Application.objects.count() == 3
    assert Registration.objects.filter(edition=edition).count() == 3
    for name, client in clients.items():
        space = client.get(reverse("account_space")).content.decode()
        assert f"Projet de {name}" in space
        for other in clients:
            if other != name:
                assert f"Projet de {other}" not in space
                theirs = Application.objects.get(project_name=f"Projet de {other}")
                detail = client.get(reverse("yess:application_detail", args=[theirs.pk]))
                assert detail.status_code == 404
        data = client.get(reverse("account_my_data")).content.decode()
        assert f"Projet de {name}" in data
        assert all(f"Projet de {o}" not in data for o in clients if o != name)
