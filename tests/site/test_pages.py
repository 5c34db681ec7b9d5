import pytest
from django.urls import reverse

from tests.structures.factories import EnterpriseFactory, SupportStructureFactory

pytestmark = pytest.mark.django_db

PAGES = [
    ("home", "L'économie sociale et solidaire en Occitanie"),
    ("strategie", "SRDEII"),
    ("mentions_legales", "Mentions légales"),
    ("accessibilite", "partiellement conforme"),
    ("confidentialite", "Durée de conservation"),
    ("plan_du_site", "Plan du site"),
    ("recherche", "Rechercher sur le portail"),
    ("donnees", "Données ouvertes"),
    ("structures:index", "Annuaire"),
    ("fiso:index", "FISO"),
    ("realis:index", "REALIS"),
    ("yess:index", "YESS Académie"),
    ("coventis:index", "Coventis"),
]


@pytest.mark.parametrize(("name", "text"), PAGES)
def test_page_renders_in_french_in_the_frame(client, name, text):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert text in html
    assert 'href="#contenu"' in html  # skip link
    assert html.count("<main") == 1
    assert 'aria-label="Navigation principale"' in html
    assert reverse("mentions_legales") in html  # footer legal links


def test_home_shows_live_figures_from_the_database(client):
    SupportStructureFactory.create_batch(2)
    EnterpriseFactory.create_batch(3)
    EnterpriseFactory(is_published=False)
    response = client.get(reverse("home"))
    figures = {f.label: f.value for f in response.context["figures"]}
    assert figures["structures d'accompagnement"] == 2
    assert figures["entreprises sociales dans l'annuaire"] == 3


def test_home_counts_as_support_structures_only_those_that_accompany(client):
    """Bpifrance (a funder), Coventis (a fair) and the Région (a public body) are
    partners, not "structures d'accompagnement"."""
    for kind in ("pepiniere", "incubateur", "ptce"):
        SupportStructureFactory(kind=kind)
    for kind in ("financeur", "salon", "collectivite"):
        SupportStructureFactory(kind=kind)
    SupportStructureFactory(kind="incubateur", is_published=False)
    response = client.get(reverse("home"))
    figure = {f.label: f for f in response.context["figures"]}["structures d'accompagnement"]
    assert figure.value == 3
    assert figure.note == "et 3 partenaires (financeurs, salon, collectivité)"
    assert "et 3 partenaires (financeurs, salon, collectivité)" in response.content.decode()


def test_navigation_marks_the_current_section(client):
    html = client.get(reverse("strategie")).content.decode()
    assert f'<a href="{reverse("strategie")}" aria-current="page">' in html


def test_unknown_page_is_a_french_404_in_the_frame(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert 'href="#contenu"' in html


def test_server_error_page_renders_without_a_request_context(rf):
    from occitanie_ess.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Le service rencontre un problème" in response.content.decode()


def test_search_page_escapes_the_query(client):
    response = client.get(reverse("recherche"), {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_sitemap_lists_the_site_pages(client):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<urlset" in body
    for name in ("home", "strategie", "accessibilite", "structures:index"):
        assert f"http://testserver{reverse(name)}</loc>" in body


def test_robots_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /compte/" in response.content.decode()


@pytest.mark.parametrize("name", ["home", "structures:index", "fiso:index", "coventis:index"])
def test_head_requests_are_answered_like_get(client, name):
    """Crawlers and uptime monitors ask with HEAD: it gets the page's status, no body."""
    response = client.head(reverse(name))
    assert response.status_code == 200
    assert response.content == b""
