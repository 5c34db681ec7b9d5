"""The public API (/api/v1/): schemathesis against its live OpenAPI document (no server
error, every response conforms), then what the document cannot say: filters and search
as in the directory, cursor pagination, CORS on /api/ only, rate limits, docs without
CDN, only public records."""

import re

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.test import override_settings
from hypothesis import HealthCheck, settings

from fiso.models import Financing
from structures.models import Organisation
from tests.checks import connections_kept
from tests.fiso.factories import FinancingFactory

API = "/api/v1/"


@pytest.fixture
def keep_connection():
    """Keep the test's database connection open across WSGI requests."""
    with connections_kept():
        yield


# The live OpenAPI document, read through the WSGI application (no database involved).
schema = schemathesis.openapi.from_wsgi(API + "openapi.json", WSGIHandler())


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_conforms_to_the_openapi_document(case, demo_data, keep_connection):
    with override_settings(API_RATE_LIMIT="100000/m"):
        case.call_and_validate()


@pytest.mark.django_db
def test_the_document_is_openapi_3_1_and_lists_every_resource(demo_data, client):
    document = client.get(API + "openapi.json").json()
    assert document["openapi"].startswith("3.1")
    paths = set(document["paths"])
    for path in (
        "/api/v1/annuaire/",
        "/api/v1/annuaire/{identifiant}/",
        "/api/v1/annuaire/data-inclusion/structures/",
        "/api/v1/fiso/financements/",
        "/api/v1/yess/promotions/",
        "/api/v1/coventis/editions/",
        "/api/v1/coventis/editions/{annee}/exposants/",
    ):
        assert path in paths
    root = client.get(API).json()
    assert root["openapi"] == "http://testserver/api/v1/openapi.json"
    assert root["fiso/financements"] == "http://testserver/api/v1/fiso/financements/"


def walk(client, url: str) -> list[dict]:
    """Follow the `next` cursors from `url`; return every item."""
    items = []
    while url:
        page = client.get(url).json()
        items.extend(page["results"])
        url = page["next"]
    return items


@pytest.mark.django_db
def test_cursor_pagination_returns_every_published_record_once(demo_data, client):
    items = walk(client, API + "annuaire/?page_size=7")
    slugs = [item["identifiant"] for item in items]
    assert len(slugs) == len(set(slugs))
    assert set(slugs) == set(Organisation.objects.published().values_list("slug", flat=True))
    Organisation.objects.filter(slug=slugs[0]).update(is_published=False)
    assert slugs[0] not in {item["identifiant"] for item in walk(client, API + "annuaire/")}


@pytest.mark.django_db
def test_filters_and_search_select_what_the_directory_page_lists(demo_data, client):
    for query in ("departement=09", "categorie=structure", "q=ressourcerie", "esus=oui"):
        api = {item["url"] for item in walk(client, f"{API}annuaire/?{query}&page_size=200")}
        page = client.get(f"/annuaire/?{query}&taille=100").content.decode()
        listed = set(re.findall(r'href="(/annuaire/[a-z0-9-]+/)"', page)) - {"/annuaire/carte/"}
        assert {url.removeprefix("http://testserver") for url in api} == listed, query
        assert api, query
    # An invalid value leaves its filter out, as on the page.
    everything = walk(client, API + "annuaire/?page_size=200")
    assert len(walk(client, API + "annuaire/?departement=99&page_size=200")) == len(everything)
    data_inclusion = walk(client, API + "annuaire/data-inclusion/structures/?departement=09")
    assert data_inclusion and {row["source"] for row in data_inclusion} == {"portail-ess-occitanie"}


@pytest.mark.django_db
def test_only_public_financings_are_served(demo_data, client):
    hidden = FinancingFactory(is_public=False, purpose="Projet confidentiel")
    items = walk(client, API + "fiso/financements/")
    assert len(items) == Financing.objects.public().count() > 0
    assert "Projet confidentiel" not in {item["objet"] for item in items}
    assert hidden.enterprise.name not in {item["nomBeneficiaire"] for item in items}


@pytest.mark.django_db
def test_cors_is_open_for_reading_the_api_only(demo_data, client):
    response = client.get(API + "annuaire/", HTTP_ORIGIN="https://reutilisateur.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        API + "annuaire/",
        HTTP_ORIGIN="https://reutilisateur.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert set(preflight["Access-Control-Allow-Methods"].split(", ")) == {
        "GET",
        "HEAD",
        "OPTIONS",
    }
    page = client.get("/annuaire/", HTTP_ORIGIN="https://reutilisateur.example")
    assert "Access-Control-Allow-Origin" not in page
    assert client.post(API + "annuaire/").status_code == 405


@pytest.mark.django_db
@override_settings(API_RATE_LIMIT="3/m")
def test_requests_over_the_rate_limit_get_a_french_429(demo_data, client):
    statuses = [client.get(API + "coventis/editions/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(API + "coventis/editions/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["detail"].startswith("Trop de requêtes")


@pytest.mark.django_db
def test_errors_are_explained_in_french(demo_data, client):
    missing = client.get(API + "annuaire/nexiste-pas/")
    assert (missing.status_code, missing.json()["detail"]) == (404, "Ressource introuvable.")
    forged = client.get(API + "fiso/financements/?cursor=cD1hYmM%3D")  # p=abc for an id
    assert forged.status_code == 404
    assert forged.json()["detail"].startswith("Page introuvable")
    assert client.get(API + "annuaire/?cursor=zzz").status_code == 404
    invalid = client.get(API + "annuaire/?page_size=abc")
    assert (invalid.status_code, invalid.json()["detail"]) == (422, "Paramètres invalides.")
    nul = client.get(API + "annuaire/?q=%00")
    assert (nul.status_code, nul["Content-Type"]) == (400, "application/json")
    assert nul.json()["detail"].startswith("Le texte envoyé contient des caractères invisibles")


@pytest.mark.django_db
def test_the_docs_load_nothing_from_another_host(demo_data, client):
    response = client.get(API + "docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/static/") for source in sources), sources
    # Every script is a file of the site: the strict CSP (no inline script) holds.
    assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\"))", html)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "annuaire/?page_size=200",
        "annuaire/?page_size=200&q=ressourcerie&departement=34",
        "annuaire/data-inclusion/structures/?page_size=200",
        "fiso/financements/?page_size=200",
        "yess/promotions/",
        "coventis/editions/",
        "coventis/editions/2027/exposants/?page_size=200",
    ],
)
def test_every_list_runs_in_a_constant_number_of_queries(
    demo_data, client, path, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get(API + path)
    assert response.status_code == 200
