import pytest
from django.urls import reverse

from occitanie_ess.common.cache import public_version
from tests.factories import UserFactory
from tests.structures.factories import EnterpriseFactory, ThematicFactory

pytestmark = pytest.mark.django_db


def test_directory_is_served_from_the_cache_when_enabled(
    client, settings, django_assert_num_queries
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    EnterpriseFactory(name="Première")
    first = client.get(reverse("structures:index"))
    with django_assert_num_queries(0):
        again = client.get(reverse("structures:index"))
    assert again.content == first.content
    assert "max-age=60" in again["Cache-Control"]
    # Another query string is another page.
    assert b"Premi" in client.get(reverse("structures:index"), {"tri": "nom"}).content


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(
            lambda record: setattr(record, "name", "Nom corrigé") or record.save(), id="save"
        ),
        pytest.param(
            lambda record: setattr(record, "is_published", False) or record.save(), id="unpublish"
        ),
        pytest.param(lambda record: record.delete(), id="delete"),
        pytest.param(
            lambda record: record.thematics.set([ThematicFactory(name="Thème ajouté")]), id="m2m"
        ),
    ],
)
def test_a_staff_edit_reaches_the_cached_public_pages_at_once(
    client, settings, edit, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    record = EnterpriseFactory(name="Nom d'origine")
    EnterpriseFactory(name="Voisine")
    index = reverse("structures:index")
    assert "Nom d&#x27;origine" in client.get(index).content.decode()
    assert client.get(index).content == client.get(index).content  # cached
    with django_capture_on_commit_callbacks(execute=True):
        edit(record)
    html = client.get(index).content.decode()
    assert "Nom d&#x27;origine" not in html or "Thème ajouté" in html
    assert "Voisine" in html


def test_only_public_data_bumps_the_version(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    before = public_version()
    UserFactory()  # accounts are not public data
    assert public_version() == before
    ThematicFactory(name="Nouvelle thématique")
    assert public_version() > before


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
