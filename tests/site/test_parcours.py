"""/parcours/: four questions in the query string lead to the offers that fit, each with
why it fits and its next step; odd answers get a French error, never a 500."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from occitanie_ess.common import registry
from occitanie_ess.common.search import search, search_index_rebuild
from occitanie_ess.parcours import match_offers
from tests.structures.factories import DepartementFactory, SupportStructureFactory
from tests.yess.factories import CallFactory

pytestmark = pytest.mark.django_db

URL = "/parcours/"


@pytest.fixture
def chain():
    """The incubators and PTCEs of the seed document, in their départements."""
    herault = DepartementFactory(code="34", name="Hérault", slug="herault")
    haute_garonne = DepartementFactory(code="31", name="Haute-Garonne", slug="haute-garonne")
    tarn = DepartementFactory(code="81", name="Tarn", slug="tarn")
    return {
        "alter": SupportStructureFactory(
            name="Alter'Incub",
            slug="alter-incub",
            kind="incubateur",
            commune="Montpellier",
            departement=herault,
        ),
        "catalis": SupportStructureFactory(
            name="Catalis",
            slug="catalis",
            kind="incubateur",
            commune="Toulouse",
            departement=haute_garonne,
        ),
        "periscope": SupportStructureFactory(
            name="Le Périscope",
            slug="le-periscope",
            kind="ptce",
            commune="Ramonville-Saint-Agne",
            departement=haute_garonne,
        ),
        "ateliers": SupportStructureFactory(
            name="Les Ateliers",
            slug="les-ateliers",
            kind="ptce",
            commune="Castres",
            departement=tarn,
        ),
        "hidden": SupportStructureFactory(
            name="Incubateur masqué", slug="masque", kind="incubateur", is_published=False
        ),
    }


def answer(client, **answers):
    return client.get(URL, answers)


def titles(response):
    return [m.offer.title for m in response.context["matches"]]


def test_without_answers_the_page_asks_and_shows_the_whole_chain(client, chain):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quatre questions sur votre projet" in html
    assert response.context["matches"] == []
    chain_titles = [o.title for o in response.context["offers"]]
    # The chain of the seed document, in its order: YESS, incubators, REALIS, FISO, PTCEs,
    # Coventis; an unpublished structure is not part of it.
    assert chain_titles == [
        "YESS Académie",
        "Alter'Incub",
        "Catalis",
        "Pépinière REALIS",
        "Fonds d'innovation sociale (FISO)",
        "Le Périscope",
        "Les Ateliers",
        "Salon Coventis",
    ]
    assert "Le formulaire contient des erreurs" not in html


def test_a_developing_ess_enterprise_needing_money_is_sent_to_the_fiso(client, chain):
    response = answer(
        client, etape="developpement", besoin="financement", departement="31", statut="oui"
    )
    assert response.status_code == 200
    assert titles(response) == ["Fonds d'innovation sociale (FISO)"]
    assert response.context["found"] is True
    html = response.content.decode()
    assert "Préparer une demande FISO" in html
    assert f'href="{reverse("fiso:index")}#fiso-qui"' in html
    assert "Répond à votre besoin : « Financer mon projet »." in html
    # The answer has its own address, to share.
    assert "etape=developpement&amp;besoin=financement" in html


def test_the_fiso_is_left_out_for_a_project_outside_the_ess(client, chain):
    response = answer(
        client, etape="developpement", besoin="financement", departement="", statut="non"
    )
    assert "Fonds d'innovation sociale (FISO)" not in titles(response)
    # Nothing fits that need: the offers for the stage are shown, and it is said.
    assert response.context["found"] is False
    assert "Aucune offre ne répond exactement" in response.content.decode()


def test_an_unsure_status_is_warned_before_the_fiso(client, chain):
    response = answer(
        client, etape="changement-echelle", besoin="financement", statut="ne-sait-pas"
    )
    match = response.context["matches"][0]
    assert match.offer.key == "fiso"
    assert any("vérifiez d'abord votre statut" in reason for reason in match.reasons)


def test_an_idea_in_haute_garonne_meets_the_local_incubator_first(client, chain):
    CallFactory()  # an open YESS call
    response = answer(client, etape="idee", besoin="accompagnement", departement="31", statut="oui")
    # The regional programme and the local incubator first, the distant incubator after.
    assert titles(response) == ["YESS Académie", "Catalis", "Alter'Incub"]
    html = response.content.decode()
    assert "Installé dans votre département (Haute-Garonne)." in html
    assert "Situé à Montpellier (Hérault)." in html
    assert "Candidater à la YESS Académie" in html
    assert f'href="{reverse("yess:apply")}"' in html
    assert f'href="{chain["catalis"].get_absolute_url()}"' in html
    assert "Contacter Catalis" in html


def test_yess_points_to_its_page_when_no_call_is_open(client, chain):
    response = answer(client, etape="idee", besoin="accompagnement", statut="oui")
    yess = next(m for m in response.context["matches"] if m.offer.key == "yess")
    assert yess.offer.url == reverse("yess:index")
    assert yess.offer.next_step == "Découvrir la YESS Académie et son prochain appel"


def test_hosting_leads_to_realis_and_market_to_coventis_and_ptces(client, chain):
    hosting = answer(client, etape="creation", besoin="hebergement", departement="34", statut="oui")
    assert titles(hosting)[0] == "Pépinière REALIS"
    assert "Rejoindre la pépinière REALIS" in hosting.content.decode()
    market = answer(client, etape="developpement", besoin="marche", departement="81", statut="oui")
    assert titles(market) == ["Les Ateliers", "Salon Coventis", "Le Périscope"]


@pytest.mark.parametrize(
    "answers",
    [
        {"etape": "<script>alert(1)</script>", "besoin": "financement", "statut": "oui"},
        {"etape": "idee", "besoin": "x" * 10_000, "statut": "oui"},
        {"etape": "idee", "besoin": "financement", "statut": "oui", "departement": "99"},
        {"etape": "idee"},
        {"departement": "' OR 1=1 --"},
    ],
)
def test_odd_answers_get_a_french_error_summary(client, chain, answers):
    response = client.get(URL, answers)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le formulaire contient des erreurs" in html
    assert "<script>alert(1)</script>" not in html
    assert response.context["matches"] == []


def test_a_nul_byte_is_refused_in_french_before_the_page(client, chain):
    response = client.get(URL, {"etape": "idee\x00", "besoin": "financement", "statut": "oui"})
    assert response.status_code == 400
    assert "caractère nul" in response.content.decode()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    etape=st.text(max_size=40),
    besoin=st.sampled_from(["financement", "marche", "", "autre"]),
    departement=st.text(max_size=5),
)
def test_parcours_never_fails(client, etape, besoin, departement):
    response = client.get(
        URL, {"etape": etape, "besoin": besoin, "departement": departement, "statut": "oui"}
    )
    # NUL bytes and lone surrogates are refused before any view (InputSanityMiddleware).
    forbidden = any(c == "\x00" or "\ud800" <= c <= "\udfff" for c in etape + departement)
    assert response.status_code == (400 if forbidden else 200)


def test_parcours_runs_in_a_few_queries(client, chain, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = answer(client, etape="idee", besoin="accompagnement", statut="oui")
    assert response.status_code == 200


def test_parcours_is_in_the_navigation_and_the_sitemap(client):
    home = client.get(reverse("home")).content.decode()
    assert f'href="{URL}"' in home
    assert f"{URL}</loc>" in client.get(reverse("sitemap")).content.decode()


def test_match_offers_orders_by_fit_then_chain_order():
    offers = [
        registry.Offer(
            key="far",
            title="Loin",
            why="",
            next_step="",
            url="/a/",
            stages=frozenset({"idee"}),
            needs=frozenset({"accompagnement"}),
            departements=frozenset({"34"}),
            order=1,
        ),
        registry.Offer(
            key="near",
            title="Près",
            why="",
            next_step="",
            url="/b/",
            stages=frozenset({"idee"}),
            needs=frozenset({"accompagnement"}),
            departements=frozenset({"31"}),
            order=2,
        ),
        registry.Offer(
            key="other-stage",
            title="Autre étape",
            why="",
            next_step="",
            url="/c/",
            stages=frozenset({"creation"}),
            needs=frozenset({"accompagnement"}),
        ),
    ]
    matches, found = match_offers(
        offers,
        stage="idee",
        need="accompagnement",
        departement="31",
        status="oui",
        departement_names={"31": "Haute-Garonne"},
    )
    assert found is True
    assert [m.offer.key for m in matches] == ["near", "far"]


def test_home_leads_with_the_search_and_the_path(client):
    html = client.get(reverse("home")).content.decode()
    main = html[html.index("<main") :]
    search = main.index('id="recherche-accueil"')
    path = main.index(f'class="button" href="{URL}"')
    figures = main.index('id="chiffres"')
    assert search < figures and path < figures
    assert 'action="/recherche/"' in main[:search]


def test_when_no_offer_fits_the_page_says_so_and_points_to_the_directory(client, monkeypatch):
    only_ess = registry.Offer(
        key="ess-only",
        title="Réservé ESS",
        why="",
        next_step="",
        url="/x/",
        stages=frozenset({"idee"}),
        needs=frozenset({"financement"}),
        ess_only=True,
    )
    monkeypatch.setattr(registry, "collect_offers", lambda: [only_ess])
    response = answer(client, etape="idee", besoin="financement", statut="non")
    html = response.content.decode()
    assert response.context["matches"] == []
    assert "Aucun accompagnement ne correspond encore à votre projet" in html
    assert "Voir les structures d'accompagnement" in html
    assert "Un accompagnement pour votre projet" not in html


def test_the_site_search_finds_the_path(client):
    search_index_rebuild()
    outcome = search("trouver un accompagnement pour mon projet")
    assert URL in [result.url for result in outcome.results]
