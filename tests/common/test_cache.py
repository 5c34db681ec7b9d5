import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.structures.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_directory_is_served_from_the_cache_when_enabled(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    EnterpriseFactory(name="Première")
    first = client.get(reverse("structures:index"))
    EnterpriseFactory(name="Seconde")
    again = client.get(reverse("structures:index"))
    assert again.content == first.content
    assert "max-age=60" in again["Cache-Control"]
    # Another query string is another page.
    assert b"Seconde" in client.get(reverse("structures:index"), {"tri": "nom"}).content


def test_cache_never_mixes_signed_in_and_anonymous_pages(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    EnterpriseFactory()
    anonymous = client.get(reverse("structures:index")).content.decode()
    assert "Mon espace" not in anonymous
    client.force_login(UserFactory())
    assert "Mon espace" in client.get(reverse("structures:index")).content.decode()
    client.logout()
    assert "Mon espace" not in client.get(reverse("structures:index")).content.decode()


def test_cache_keeps_the_results_fragment_apart(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    EnterpriseFactory()
    full = client.get(reverse("structures:index")).content.decode()
    fragment = client.get(
        reverse("structures:index"), headers={"X-Requested-With": "fetch"}
    ).content.decode()
    assert "<html" in full
    assert "<html" not in fragment


def test_cache_off_renders_every_time(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get(reverse("structures:index"))
    EnterpriseFactory(name="Toute fraîche")
    assert "Toute fraîche" in client.get(reverse("structures:index")).content.decode()
