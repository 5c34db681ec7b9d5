"""A directory entry people can act on: contact block, logo as WebP thumbnails or an
initials avatar, thematics as tags, a map of Occitanie with its département."""

import pytest
from PIL import Image

from occitanie_ess.common import images
from tests.files import png_bytes, upload
from tests.structures.factories import (
    DepartementFactory,
    EnterpriseFactory,
    SupportStructureFactory,
    ThematicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_contact_block_lists_every_published_way_to_reach_the_record(client):
    herault = DepartementFactory(code="34", name="Hérault", slug="herault")
    thematic = ThematicFactory(name="Économie circulaire", slug="economie-circulaire")
    record = EnterpriseFactory(
        name="La Recyclerie du Lez",
        slug="recyclerie-du-lez",
        address="12 rue des Ateliers",
        postcode="34000",
        commune="Montpellier",
        departement=herault,
        email="contact@recyclerie.example",
        phone="04 67 00 00 00",
        website="https://recyclerie.example/",
        esus=True,
    )
    record.thematics.set([thematic])
    html = client.get(record.get_absolute_url()).content.decode()
    assert 'aria-labelledby="contact-title"' in html
    assert "12 rue des Ateliers" in html
    assert 'href="mailto:contact@recyclerie.example"' in html
    assert 'href="tel:0467000000"' in html
    assert 'href="https://recyclerie.example/"' in html
    # "Contacter" is the call to action, by email first.
    assert 'Contacter<span class="visually-hidden"> La Recyclerie du Lez</span>' in html
    # Thematics as tags linking to the filtered directory; the ESUS approval as a tag.
    assert 'class="tag" href="/annuaire/?thematique=economie-circulaire"' in html
    assert "Agrément ESUS" in html
    # The map: the 13 départements, this one highlighted, with a text alternative.
    assert html.count('class="location-map__shape') == 13
    assert html.count("location-map__shape--here") == 1
    assert "Situé dans le département Hérault (34), en Occitanie." in html
    # No logo: the initials, hidden from assistive technologies (the title says the name).
    assert '<span class="avatar avatar--' in html
    assert ">RL</span>" in html


def test_a_record_without_contact_says_so_and_has_no_map_without_departement(client):
    record = SupportStructureFactory(
        name="Réseau discret", email="", phone="", website="", departement=None
    )
    html = client.get(record.get_absolute_url()).content.decode()
    assert "Aucune coordonnée n'est publiée pour le moment." in html
    assert "location-map" not in html
    assert "Contacter" not in html


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("V@SI", "VS"),
        ("Les Ateliers", "A"),
        ("Café associatif de la Gare", "CA"),
        ("REALIS", "R"),
        ("l'Échappée", "É"),
        ("<script>", "S"),
        ("", ""),
    ],
)
def test_initials(name, initials):
    assert EnterpriseFactory.build(name=name).initials == initials


def test_logo_is_served_as_webp_thumbnails_with_their_size(client):
    record = EnterpriseFactory(logo=upload(png_bytes((640, 320)), "logo.png", "image/png"))
    html = client.get(record.get_absolute_url()).content.decode()
    thumbnails = images.thumbnails(record.logo, size=96)
    assert [(t.width, t.height, t.density) for t in thumbnails] == [(96, 48, 1), (192, 96, 2)]
    first, second = thumbnails
    assert f'src="{first.url}"' in html
    assert f'srcset="{first.url} 1x, {second.url} 2x"' in html
    assert 'width="96" height="48"' in html
    assert first.url.endswith(".webp")
    from django.core.files.storage import default_storage

    name = first.url.removeprefix("/media/")
    with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
        assert image.format == "WEBP"
        assert image.size == (96, 48)
    assert "avatar avatar--" not in html.split('aria-labelledby="contact-title"')[0]


def test_a_transparent_palette_logo_converts(client):
    record = EnterpriseFactory(logo=upload(png_bytes((50, 50), mode="P"), "logo.png", "image/png"))
    # Smaller than the box: kept at its own size, never enlarged.
    assert [(t.width, t.height) for t in images.thumbnails(record.logo, size=96)] == [
        (50, 50),
        (50, 50),
    ]


def test_an_unreadable_logo_falls_back_to_the_initials(client):
    record = EnterpriseFactory(
        name="Atelier Vélo",
        logo=upload(b"not an image at all", "logo.png", "image/png"),
    )
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert ">AV</span>" in html
    assert "record__logo" not in html


def test_directory_cards_show_the_logo_thumbnail_or_the_initials(client):
    EnterpriseFactory(
        name="Atelier Logo", logo=upload(png_bytes((640, 320)), "logo.png", "image/png")
    )
    EnterpriseFactory(name="Sans Logo")
    html = client.get("/annuaire/").content.decode()
    assert html.count('class="card__logo"') == 1
    assert 'width="44" height="22"' in html
    assert ">SL</span>" in html


def test_an_entry_links_to_its_social_networks_by_name(client):
    """The contact block names each network (not a bare address) and JSON-LD lists them."""
    import json
    import re

    record = EnterpriseFactory(
        website="https://recyclerie.exemple.fr",
        social_links=[
            "https://www.linkedin.com/company/recyclerie-exemple",
            "https://piaille.fr/@recyclerie",
            "https://pixelfed.exemple.org/recyclerie",
        ],
    )
    html = client.get(record.get_absolute_url()).content.decode()
    assert ">LinkedIn<" in html and ">Mastodon<" in html and ">pixelfed.exemple.org<" in html
    data = json.loads(re.search(r"application/ld\+json[^>]*>(.*?)</script>", html, re.S).group(1))
    same_as = data["sameAs"] if "sameAs" in data else data["@graph"][0]["sameAs"]
    assert "https://piaille.fr/@recyclerie" in same_as


def test_a_social_link_must_be_an_address():
    from django.core.exceptions import ValidationError

    record = EnterpriseFactory.build(social_links=["pas une adresse"])
    with pytest.raises(ValidationError) as error:
        record.full_clean(exclude=["departement", "thematics", "slug"])
    assert "social_links" in error.value.message_dict
