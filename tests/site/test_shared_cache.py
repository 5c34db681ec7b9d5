"""The shared cache (Redis): required without DEBUG, and an outage takes no page down.

The outage is real: the cache points at a port where nothing listens, no mock involved.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.site.test_machines import PRODUCTION_ENV, run_manage

DOWN = {
    "default": {
        "BACKEND": "occitanie_ess.common.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_a_shared_cache_is_required_without_debug():
    env = {**PRODUCTION_ENV, "REDIS_URL": ""}
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "occitanie_ess.E001" in result.stderr + result.stdout
    assert run_manage("check", env_overrides={**env, "DJANGO_DEBUG": "1"}).returncode == 0


@pytest.fixture
def redis_down(settings):
    settings.CACHES = DOWN
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60


@pytest.mark.django_db
def test_pages_are_served_while_redis_is_down(client, redis_down):
    for url in ("/", "/annuaire/", "/annuaire/?q=recyclerie", "/fiso/", "/recherche/?q=realis"):
        assert client.get(url).status_code == 200, url
    health = client.get("/healthz")
    assert health.status_code == 503
    assert b"cache: unavailable" in health.content


@pytest.mark.django_db
def test_rate_limited_forms_are_refused_in_french_while_redis_is_down(client, redis_down):
    UserFactory(email="panne@exemple.fr")
    login = client.post(
        reverse("account_login"), {"login": "panne@exemple.fr", "password": PASSWORD}
    )
    assert login.status_code == 503
    assert "Service momentanément indisponible" in login.content.decode()
    assert "_auth_user_id" not in client.session
    signup = client.post(
        reverse("account_signup"),
        {
            "name": "Nouvelle",
            "email": "nouvelle@exemple.fr",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert signup.status_code == 503
    assert not get_user_model().objects.filter(email="nouvelle@exemple.fr").exists()


@pytest.mark.django_db
def test_account_deletion_password_check_is_rate_limited(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("account_delete")
    for _ in range(5):
        assert client.post(url, {"password": "pas-le-bon"}).status_code == 200
    # Even the right password is refused now, and the answer tells nothing about it.
    response = client.post(url, {"password": PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert "incorrect" not in response.content.decode()
    assert get_user_model().objects.filter(pk=user.pk).exists()
