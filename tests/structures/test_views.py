import csv
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from occitanie_ess.common.registry import Panel, register_panel, registry_restored
from structures.filters import DirectoryFilter
from structures.models import Departement, Organisation
from structures.territory import ensure_departements
from tests.checks import body, json_ld
from tests.structures.factories import (
    DepartementFactory,
    EnterpriseFactory,
    SupportFactory,
    SupportStructureFactory,
    ThematicFactory,
    bulk_enterprises,
    valid_siret,
)

pytestmark = pytest.mark.django_db
INDEX = reverse("structures:index")


def names(response):
    return {record.name for record in response.context["page_obj"]}


@pytest.fixture
def directory():
    """A small directory: two structures, four enterprises, across départements."""
    # Browser tests flush the tables, data migrations included: recreate the 13.
    departements = ensure_departements(Departement)
    herault, aude = departements["34"], departements["11"]
    circular = ThematicFactory(name="Économie circulaire", slug="economie-circulaire")
    food = ThematicFactory(name="Alimentation durable", slug="alimentation-durable")
    realis = SupportStructureFactory(
        name="REALIS", slug="realis", kind="pepiniere", departement=herault
    )
    catalis = SupportStructureFactory(
        name="Catalis", slug="catalis", kind="incubateur", departement=aude
    )
    recyclerie = EnterpriseFactory(
        name="Recyclerie de Narbonne",
        legal_form="scic",
        departement=aude,
        description="Réemploi.",
    )
    recyclerie.thematics.set([circular])
    epicerie = EnterpriseFactory(
        name="Épicerie solidaire", legal_form="association", departement=herault
    )
    epicerie.thematics.set([food])
    vasi = EnterpriseFactory(
        name="V@SI", slug="vasi", legal_form="commerciale", esus=True, departement=herault
    )
    EnterpriseFactory(name="Fiche cachée", is_published=False, departement=herault)
    SupportFactory(structure=realis, enterprise=vasi)
    SupportFactory(structure=catalis, enterprise=recyclerie)
    return {"realis": realis, "catalis": catalis, "vasi": vasi}


def test_list_shows_published_records_with_the_total(client, directory):
    response = client.get(INDEX)
    assert response.status_code == 200
    assert names(response) == {
        "REALIS",
        "Catalis",
        "Recyclerie de Narbonne",
        "Épicerie solidaire",
        "V@SI",
    }
    html = response.content.decode()
    assert "5 résultats" in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("categorie=structure", {"REALIS", "Catalis"}),
        ("categorie=entreprise&departement=34", {"Épicerie solidaire", "V@SI"}),
        ("type=pepiniere", {"REALIS"}),
        ("departement=11", {"Catalis", "Recyclerie de Narbonne"}),
        ("thematique=economie-circulaire", {"Recyclerie de Narbonne"}),
        ("forme=association", {"Épicerie solidaire"}),
        ("esus=oui", {"V@SI"}),
        ("esus=non&categorie=entreprise", {"Recyclerie de Narbonne", "Épicerie solidaire"}),
        ("accompagnee_par=realis", {"V@SI"}),
        ("accompagnee_par=catalis&departement=11", {"Recyclerie de Narbonne"}),
        ("q=epicerie", {"Épicerie solidaire"}),
        ("q=R%C3%A9alys", {"REALIS"}),
    ],
)
def test_each_facet_filters_the_list(client, directory, query, expected):
    assert names(client.get(f"{INDEX}?{query}")) == expected


def test_sort_orders_by_name_both_ways(client, directory):
    ascending = [r.name for r in client.get(INDEX, {"tri": "nom"}).context["page_obj"]]
    descending = [r.name for r in client.get(INDEX, {"tri": "-nom"}).context["page_obj"]]
    expected = ["Catalis", "Épicerie solidaire", "REALIS", "Recyclerie de Narbonne", "V@SI"]
    assert ascending == expected
    assert descending == list(reversed(ascending))


def test_names_sort_as_a_french_reader_expects_in_every_order(client):
    """Accents and capitals do not move a name out of its letter (the database's C
    collation put « Épicerie » after « Zèbre » and « atelier » after « Bio »)."""
    herault = ensure_departements(Departement)["34"]
    for name in ("Zèbre", "Épicerie", "atelier", "Bio", "eco", "Écrin"):
        EnterpriseFactory(name=name, departement=herault)
    expected = ["atelier", "Bio", "eco", "Écrin", "Épicerie", "Zèbre"]
    for params in ({"tri": "nom"}, {}, {"departement": "34"}, {"tri": "-creation"}):
        names = [r.name for r in client.get(INDEX, params).context["page_obj"]]
        assert names == expected, params
    names = [r.name for r in client.get(INDEX, {"tri": "-nom"}).context["page_obj"]]
    assert names == list(reversed(expected))


def test_search_is_ranked_by_relevance_by_default(client, directory):
    response = client.get(INDEX, {"q": "realis"})
    assert response.context["sort"] == "pertinence"
    assert [r.name for r in response.context["page_obj"]][0] == "REALIS"


def test_page_size_and_pagination_keep_the_filters_in_links(client, directory):
    response = client.get(INDEX, {"categorie": "entreprise", "taille": "10"})
    assert response.context["page_obj"].paginator.per_page == 10
    bulk_enterprises(
        25, departements=[ensure_departements(Departement)["12"]], thematics=[ThematicFactory()]
    )
    response = client.get(INDEX, {"categorie": "entreprise", "taille": "10", "page": "2"})
    html = response.content.decode()
    assert response.context["page_obj"].number == 2
    assert "?categorie=entreprise&amp;taille=10&amp;page=3" in html
    assert "28 résultats" in html


@pytest.mark.parametrize(
    "query",
    [
        "departement=99",
        "thematique=inconnue",
        "tri=n-importe-quoi",
        "taille=100000",
        "esus=peut-etre",
        "accompagnee_par=personne",
        "page=abc",
        "page=99999",
        "page=-1",
        "q=" + "x" * 500,
    ],
)
def test_unknown_filter_value_or_page_still_answers_the_list(client, directory, query):
    response = client.get(f"{INDEX}?{query}")
    assert response.status_code == 200


def test_a_nul_byte_in_a_filter_is_refused_in_french(client, directory):
    response = client.get(f"{INDEX}?categorie=%00")
    assert response.status_code == 400
    assert "caractères invisibles" in response.content.decode()


def test_an_invalid_value_is_explained_in_french_and_the_other_filters_apply(client, directory):
    response = client.get(INDEX, {"departement": "99", "categorie": "structure"})
    assert names(response) == {"REALIS", "Catalis"}
    assert "Sélectionnez un choix valide" in response.content.decode()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "q",
                "categorie",
                "type",
                "departement",
                "thematique",
                "forme",
                "esus",
                "tri",
                "taille",
                "page",
                "accompagnee_par",
            ]
        ),
        st.text(max_size=30),
    )
)
def test_no_query_string_ever_gives_a_500(client, params):
    params = {k: v.replace("\x00", "") for k, v in params.items()}
    assert client.get(INDEX, params).status_code == 200


def test_partial_request_returns_only_the_results_region(client, directory):
    response = client.get(INDEX, {"q": "realis"}, headers={"X-Requested-With": "fetch"})
    html = response.content.decode()
    assert html.lstrip().startswith("<section")
    assert "data-live-results" in html and "<html" not in html
    assert "X-Requested-With" in response["Vary"]


def test_list_renders_in_a_constant_number_of_queries_with_10000_enterprises(
    client, django_assert_max_num_queries
):
    departements = list(ensure_departements(Departement).values())
    thematics = [ThematicFactory(slug=f"t{i}", name=f"Thématique {i}") for i in range(4)]
    structure = SupportStructureFactory(slug="incubateur")
    enterprises = bulk_enterprises(10_000, departements=departements, thematics=thematics)
    SupportFactory(structure=structure, enterprise_id=enterprises[0].pk)
    queries = [
        {},
        {"taille": "10"},
        {"taille": "100", "page": "7"},
        {"categorie": "entreprise", "departement": "34", "taille": "50"},
        {"thematique": "t1", "forme": "scop", "esus": "oui", "taille": "100"},
        {"q": "economie circulaire", "taille": "100", "page": "3"},
        {"q": "entreprise masse 0042", "tri": "-nom"},
        {"accompagnee_par": "incubateur", "tri": "-creation"},
        {"departement": "99", "page": "abc"},
    ]
    for params in queries:
        with django_assert_max_num_queries(10):
            response = client.get(INDEX, params)
        assert response.status_code == 200
        assert len(response.context["page_obj"]) > 0 or params.get("accompagnee_par")


def test_detail_shows_the_record_its_supports_and_json_ld(client, directory):
    vasi = directory["vasi"]
    vasi.siret = valid_siret(11)
    vasi.save()
    response = client.get(vasi.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert 'href="/annuaire/realis/"' in html
    data = json_ld(html)
    assert data["@type"] == "Organization"
    assert data["taxID"] == vasi.siret
    assert data["url"] == "http://testserver/annuaire/vasi/"


def test_structure_detail_lists_the_enterprises_it_supports(client, directory):
    html = client.get(directory["realis"].get_absolute_url()).content.decode()
    assert "Entreprises accompagnées" in html
    assert 'href="/annuaire/vasi/"' in html


def test_html_typed_into_a_description_is_shown_as_text(client):
    EnterpriseFactory(
        slug="piege",
        name="<b>Gras</b>",
        description='<script>alert("x")</script></script><img src=x onerror=alert(1)>',
    )
    for url in ("/annuaire/piege/", INDEX, INDEX + "?q=gras"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "<b>Gras</b>" not in html
    html = client.get("/annuaire/piege/").content.decode()
    assert "&lt;script&gt;alert" in html
    # Inside JSON-LD, < and > are escaped so that no </script> can close the block.
    ld = re.search(r'application/ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1)
    assert "<" not in ld and "\\u003Cscript\\u003E" in ld


def test_unpublished_or_unknown_record_is_a_404(client, directory):
    assert client.get("/annuaire/fiche-cachee-inexistante/").status_code == 404
    hidden = Organisation.objects.get(name="Fiche cachée")
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_detail_renders_the_panels_other_apps_register(client, directory):
    def provider(record, request):
        if record.slug != "vasi":
            return None
        return Panel("tests/panel.html", {"message": f"Panneau de {record.name}"})

    with registry_restored():
        register_panel(provider)
        html = client.get("/annuaire/vasi/").content.decode()
        other = client.get("/annuaire/realis/").content.decode()
    assert "Panneau de V@SI" in html
    assert "Panneau de" not in other


def test_map_counts_published_records_per_departement_with_links_and_table(client, directory):
    response = client.get(reverse("structures:map"), {"categorie": "entreprise"})
    html = response.content.decode()
    assert response.status_code == 200
    counts = {d["shape"].code: d["count"] for d in response.context["departements"]}
    assert counts["34"] == 2 and counts["11"] == 1 and counts["09"] == 0
    assert len(re.findall(r'<path d="[^"]*" class="occitanie-map__shape', html)) == 13
    assert 'href="/annuaire/?categorie=entreprise&amp;departement=34"' in html
    assert "Nombre de fiches publiées par département</caption>" in html
    assert "CC BY 4.0" in html


def csv_rows(response):
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_export_follows_the_filters_and_neutralises_formulas(client, directory):
    EnterpriseFactory(
        name='=HYPERLINK("http://x")', slug="formule", departement=DepartementFactory(code="34")
    )
    response = client.get(reverse("structures:export_csv"), {"departement": "34"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    header, records = rows[0], rows[1:]
    assert header[:3] == ["identifiant", "nom", "categorie"]
    by_slug = {row[0]: dict(zip(header, row, strict=True)) for row in records}
    assert set(by_slug) == {"realis", "vasi", "formule", directory_slug(client, "Épicerie")}
    assert by_slug["formule"]["nom"] == '\'=HYPERLINK("http://x")'
    assert by_slug["vasi"]["agrement_esus"] == "oui"
    assert by_slug["vasi"]["url"] == "http://testserver/annuaire/vasi/"


def directory_slug(client, prefix):
    return Organisation.objects.get(name__startswith=prefix).slug


def test_json_export_follows_the_filters(client, directory):
    response = client.get(reverse("structures:export_json"), {"thematique": "economie-circulaire"})
    data = json.loads(body(response))
    assert [d["nom"] for d in data] == ["Recyclerie de Narbonne"]
    assert data[0]["thematiques"] == ["economie-circulaire"]
    assert data[0]["departement"] == "11"


def test_data_inclusion_export_uses_the_schema_field_names(client, directory):
    response = client.get(
        reverse("structures:export_data_inclusion_json"), {"categorie": "structure"}
    )
    data = json.loads(body(response))
    assert {d["nom"] for d in data} == {"REALIS", "Catalis"}
    for field in (
        "id",
        "nom",
        "siret",
        "commune",
        "code_postal",
        "code_insee",
        "adresse",
        "longitude",
        "latitude",
        "telephone",
        "courriel",
        "site_web",
        "description",
        "date_maj",
        "source",
    ):
        assert field in data[0]
    assert data[0]["source"] == "portail-ess-occitanie"
    rows = csv_rows(client.get(reverse("structures:export_data_inclusion_csv")))
    assert rows[0][:3] == ["id", "source", "nom"]
    assert len(rows) == 6


def test_exports_are_listed_on_the_open_data_page(client):
    html = client.get(reverse("donnees")).content.decode()
    assert reverse("structures:export_csv") in html
    assert reverse("structures:export_data_inclusion_json") in html
    assert "<code>code_insee</code>" in html


def test_a_broad_list_says_more_than_the_cap_and_pages_within_it(
    client, django_assert_max_num_queries
):
    departements = list(ensure_departements(Departement).values())
    bulk_enterprises(1_030, departements=departements, thematics=[ThematicFactory()])
    with django_assert_max_num_queries(10):
        response = client.get(INDEX, {"q": "economie circulaire", "tri": "nom"})
    paginator = response.context["page_obj"].paginator
    assert paginator.capped and paginator.count == 1_000 and paginator.num_pages == 50
    assert re.search(r"Plus de 1\W000 résultats", response.content.decode())
    # Past the last page offered: the last one, never a read of every record.
    deep = client.get(INDEX, {"page": "9999"})
    assert deep.context["page_obj"].number == 50
    # A narrow search counts exactly.
    narrow = client.get(INDEX, {"q": "Activité numéro 42 "})
    assert not narrow.context["page_obj"].paginator.capped
    assert "résultat" in narrow.content.decode()


def test_a_page_reads_its_records_once_in_one_bounded_ordered_query(client):
    """One query gives the count and the page's keys (never a COUNT then an OFFSET page,
    whose LIMIT 20 plan walked the name index past thousands of rows), and a département
    is a fixed choice, not a lookup."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    departements = list(ensure_departements(Departement).values())
    bulk_enterprises(1_030, departements=departements, thematics=[ThematicFactory()])
    params = {"q": "economie circulaire", "departement": "34", "tri": "nom", "page": "2"}
    with CaptureQueriesContext(connection) as captured:
        response = client.get(INDEX, params)
    sql = [query["sql"] for query in captured.captured_queries]
    assert not any("COUNT(" in query or "OFFSET" in query for query in sql)
    assert not any(query.lstrip().startswith('SELECT "structures_departement"') for query in sql)
    assert sum("LIMIT 1001" in query for query in sql) == 1
    page = [record.name for record in response.context["page_obj"]]
    # The page is the second twenty of the département's matches in name order.
    expected = list(
        Organisation.objects.published()
        .search("economie circulaire")
        .filter(departement__code="34")
        .order_by("name", "id")
        .values_list("name", flat=True)[20:40]
    )
    assert page == expected and len(page) == 20


def test_pages_read_by_key_keep_the_relevance_order(client, directory):
    query = "recyclerie narbonne économie"
    with CaptureQueriesContext(connection) as captured:
        ranked = client.get(INDEX, {"q": query, "taille": "10"})
    records = list(ranked.context["page_obj"])
    # The records are read by key alone: the search is not sent and run again.
    reads = [
        q["sql"] for q in captured.captured_queries if 'organisation"."description' in q["sql"]
    ]
    assert len(reads) == 1 and "@@" not in reads[0] and "ts_rank" not in reads[0]
    # The page's records are read by key, without the search: they keep its order.
    rank = dict(Organisation.objects.published().search(query).values_list("pk", "rank"))
    ranks = [rank[record.pk] for record in records]
    assert records and ranks == sorted(ranks, reverse=True)
    expected = (
        Organisation.objects.published()
        .search(query)
        .order_by("-rank", *DirectoryFilter.BY_NAME)
        .values_list("pk", flat=True)[:10]
    )
    assert [record.pk for record in records] == list(expected)


def test_a_card_shows_the_record_as_the_list_promises(client):
    departements = ensure_departements(Departement)
    enterprise = EnterpriseFactory(
        name="Atelier <Vélo> & Co",
        legal_form="scic",
        esus=True,
        commune="Sète",
        departement=departements["34"],
        description=" ".join(f"mot{i}" for i in range(30)),
    )
    enterprise.thematics.set(
        [ThematicFactory(name="Mobilité", slug="mobilite"), ThematicFactory(name="Insertion")]
    )
    html = client.get(INDEX).content.decode()
    card = html[html.index('<li class="card">') : html.index("</ul>", html.index('class="tags"'))]
    assert "Atelier &lt;Vélo&gt; &amp; Co" in card
    assert "Entreprise sociale · SCIC · agrément ESUS" in card
    assert "Sète (Hérault)" in card
    assert " ".join(f"mot{i}" for i in range(24)) + " …</p>" in card
    assert card.index("Insertion") < card.index("Mobilité")
    assert f'href="{enterprise.get_absolute_url()}"' in card


@pytest.mark.parametrize(
    "params",
    [
        {"q": "recyclerie narbonne"},  # every word, in one record
        {"q": "recyclerie narbonne", "departement": "34"},  # every word, but not in the Hérault
        {"q": "recyclerie réemploi", "departement": "34"},  # nor here, where one word is
        {"q": "recyclerie montpellier"},  # no record has both: any of them
        {"q": "recyclerie montpellier", "departement": "11"},
        {"q": "Recycleri Narbone"},  # close spellings
        {"q": "épicerie", "categorie": "structure"},
        {"q": "zzzz qqqq"},
        {"q": "le la les"},
        {"q": "!!!"},
    ],
)
def test_the_list_answers_with_the_search_stage_that_matches_anywhere(client, directory, params):
    """The list finds its search stage from its own query (DirectoryFilter.widened) and
    must answer exactly as Organisation.search, which asks first whether a stage matches
    anywhere: the same records, in the same order."""
    EnterpriseFactory(name="Atelier du réemploi", departement=directory["vasi"].departement)
    response = client.get(INDEX, params)
    shown = [record.pk for record in response.context["page_obj"]]
    filterset = DirectoryFilter(
        {k: v for k, v in params.items() if k != "q"},
        queryset=Organisation.objects.published().search(params["q"]),
    )
    filterset.form.is_valid()
    expected = list(
        filterset.qs.order_by("-rank", "name_search", "name", "id").values_list("pk", flat=True)
    )
    assert shown == expected[:20]


def test_a_search_that_finds_records_asks_no_question_beforehand(client, directory):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(INDEX, {"q": "recyclerie", "departement": "11"})
    assert response.context["page_obj"].object_list
    # No EXISTS pre-query: the keys query, the records, the vocabulary, nothing else.
    assert not any('AS "a"' in query["sql"] for query in captured.captured_queries)


def test_detail_links_each_thematic_to_its_list_in_name_order(client):
    record = EnterpriseFactory(name="Atelier <Vélo>")
    record.thematics.set(
        [
            ThematicFactory(name="Mobilité", slug="mobilite"),
            ThematicFactory(name="Économie & circulaire", slug="economie-circulaire"),
        ]
    )
    EnterpriseFactory(name="Sans thème")
    html = client.get(reverse("structures:detail", args=[record.slug])).content.decode()
    index = reverse("structures:index")
    circular = f'<a class="tag" href="{index}?thematique=economie-circulaire">'
    circular += "Économie &amp; circulaire</a>"
    mobility = f'<a class="tag" href="{index}?thematique=mobilite">Mobilité</a>'
    assert circular in html and mobility in html
    assert html.index(circular) < html.index(mobility)


def test_the_facets_list_structures_and_thematics_in_french_order(client):
    for name in ("Zèbre solidaire", "Élan", "atelier commun"):
        SupportStructureFactory(name=name)
    for name in ("Mobilité", "Économie circulaire", "alimentation"):
        ThematicFactory(name=name)
    html = client.get(INDEX).content.decode()
    positions = [
        html.index(f">{name}</option>") for name in ("atelier commun", "Élan", "Zèbre solidaire")
    ]
    assert positions == sorted(positions)
    positions = [
        html.index(f">{name}</option>")
        for name in ("alimentation", "Économie circulaire", "Mobilité")
    ]
    assert positions == sorted(positions)
