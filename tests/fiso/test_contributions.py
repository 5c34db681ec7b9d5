"""What the FISO adds to shared pages: home figures, the directory panel, open data,
search and sitemap; nothing of a non-public financing shows anywhere."""

from decimal import Decimal

import pytest
from django.urls import reverse

from fiso.contributions import datasets, enterprise_panel, figures
from fiso.opendata import FIELD_NAMES
from occitanie_ess.common import registry
from occitanie_ess.common.search import search, search_source_refresh
from tests.fiso.factories import FinancingFactory, PublicFinancingFactory
from tests.structures.factories import EnterpriseFactory, SupportStructureFactory

pytestmark = pytest.mark.django_db


def test_home_figures_count_every_committed_financing_and_name_no_hidden_one(
    django_assert_num_queries,
):
    PublicFinancingFactory(amount=Decimal("50000.00"))
    PublicFinancingFactory(
        amount=Decimal("40000.00"),
        is_public=False,
        enterprise=EnterpriseFactory(name="Entreprise Discrète"),
    )
    PublicFinancingFactory(
        amount=Decimal("35000.00"), enterprise=EnterpriseFactory(is_published=False)
    )
    FinancingFactory()
    with django_assert_num_queries(1):
        shown = {str(f.label): (f.value, f.note) for f in figures()}
    assert shown == {
        "financements FISO accordés": (3, ""),
        "engagés par le FISO": (
            "125\xa0000\xa0€",
            "dont 2 financements non publiés : 75\xa0000\xa0€",
        ),
    }
    registered = {str(figure.label) for figure in registry.collect_figures()}
    assert set(shown) <= registered


def test_enterprise_panel_lists_public_financings_in_one_query(rf, django_assert_num_queries):
    structure = SupportStructureFactory(name="REALIS", slug="realis")
    financing = PublicFinancingFactory(accompanying_structure=structure, note="Premier")
    PublicFinancingFactory(enterprise=financing.enterprise, is_public=False)
    request = rf.get("/")
    with django_assert_num_queries(1):
        panel = enterprise_panel(financing.enterprise, request)
    assert panel.template_name == "fiso/_enterprise_panel.html"
    assert panel.context["financings"] == [financing]
    assert panel.context["as_structure"] is False
    with django_assert_num_queries(1):
        structure_panel = enterprise_panel(structure, request)
    assert structure_panel.context["financings"] == [financing]
    assert structure_panel.context["as_structure"] is True


def test_enterprise_panel_is_none_without_public_financing(rf):
    hidden = PublicFinancingFactory(is_public=False)
    assert enterprise_panel(hidden.enterprise, rf.get("/")) is None
    assert enterprise_panel(EnterpriseFactory(), rf.get("/")) is None


def test_enterprise_panel_template_renders_the_financings(rf):
    from django.template.loader import render_to_string

    structure = SupportStructureFactory(name="REALIS", slug="realis")
    financing = PublicFinancingFactory(accompanying_structure=structure)
    panel = enterprise_panel(financing.enterprise, rf.get("/"))
    html = render_to_string(panel.template_name, {"panel": panel.context})
    assert financing.get_absolute_url() in html
    assert "accompagnée par REALIS" in html
    assert "50\xa0000\xa0€" in html


def test_directory_page_of_an_enterprise_shows_only_public_financings(client):
    public = PublicFinancingFactory(note="Premier financement FISO de France")
    PublicFinancingFactory(
        enterprise=public.enterprise,
        is_public=False,
        reference="SECRET-1",
        amount=Decimal("45678.00"),
        development_needs=Decimal("100000.00"),
    )
    response = client.get(public.enterprise.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "45\xa0678" not in html and "45 678" not in html
    assert "fiso/_enterprise_panel.html" in [t.name for t in response.templates]
    assert public.get_absolute_url() in html
    assert "Premier financement FISO de France" in html


def test_dataset_documents_every_exported_field():
    [dataset] = datasets()
    assert dict(dataset.formats) == {
        "CSV (SCDL subventions 2.1)": reverse("fiso:export_csv"),
        "JSON": reverse("fiso:export_json"),
    }
    assert tuple(name for name, _meaning in dataset.fields_doc) == FIELD_NAMES
    assert all(meaning for _name, meaning in dataset.fields_doc)
    for name in ("nomAttribuant", "idBeneficiaire", "pourcentageSubvention", "notificationUE"):
        assert name in FIELD_NAMES


def test_open_data_page_lists_the_fiso_dataset(client):
    html = client.get(reverse("donnees")).content.decode()
    assert "Financements du Fonds d&#x27;innovation sociale (FISO)" in html
    assert reverse("fiso:export_csv") in html
    assert "pourcentageSubvention" in html


def test_search_finds_public_financings_only():
    public = PublicFinancingFactory(purpose="Activités physiques adaptées")
    PublicFinancingFactory(purpose="Activités secrètes", is_public=False)
    search_source_refresh(name="fiso")  # what a save does after its commit
    results = search("activités").results
    urls = [r.url for r in results if r.url.startswith("/fiso/financements/")]
    assert urls == [public.get_absolute_url()]


def test_sitemap_lists_public_financings_only(client):
    public = PublicFinancingFactory()
    hidden = PublicFinancingFactory(is_public=False)
    body = client.get(reverse("sitemap")).content.decode()
    assert public.get_absolute_url() in body
    assert hidden.get_absolute_url() not in body
