import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from occitanie_ess.common import registry
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_my_data_is_a_json_download_of_everything_held(client):
    user = UserFactory(email="moi@exemple.fr", name="Léa Martin")
    client.force_login(user)
    response = client.get(reverse("account_my_data"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["compte"]["courriel"] == "moi@exemple.fr"
    assert data["compte"]["nom"] == "Léa Martin"
    assert data["compte"]["adresses"] == [
        {"courriel": "moi@exemple.fr", "verifiee": True, "principale": True}
    ]
    # Every app that holds personal data contributes its part.
    assert set(registry.collect_personal_data(user)) <= set(data)


def test_my_data_needs_a_login(client):
    response = client.get(reverse("account_my_data"))
    assert response.status_code == 302


def test_deleting_the_account_needs_the_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("account_delete"), {"password": "pas-le-bon"})
    assert response.status_code == 200
    assert "Mot de passe incorrect" in response.content.decode()
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_deleting_the_account_runs_the_apps_handlers_and_logs_out(client):
    user = UserFactory()
    seen = []
    with registry.registry_restored():
        registry.register_account_deletion(lambda *, user: seen.append(user.pk))
        client.force_login(user)
        response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert seen == [user.pk]
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert client.get(reverse("account_space")).status_code == 302
