import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from structures.models import Enterprise, Organisation
from tests.structures.factories import (
    DepartementFactory,
    EnterpriseFactory,
    SupportStructureFactory,
    valid_siret,
)

pytestmark = pytest.mark.django_db


def enterprise_form(**overrides):
    data = {
        "name": "Recyclerie Solidaire du Gard",
        "slug": "recyclerie-solidaire-du-gard",
        "legal_form": "scic",
        "siret": "",
        "headcount": "",
        "description": "",
        "social_impact": "",
        "address": "",
        "postcode": "30000",
        "commune": "Nîmes",
        "code_insee": "",
        "departement": DepartementFactory(code="30").pk,
        "website": "",
        "email": "",
        "phone": "",
        "is_published": "on",
        "supports-TOTAL_FORMS": "0",
        "supports-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "name", ["enterprise", "supportstructure", "support", "thematic", "departement"]
)
def test_changelists_render_with_filters_and_search(admin_client, name):
    EnterpriseFactory()
    SupportStructureFactory()
    url = reverse(f"admin:structures_{name}_changelist")
    assert admin_client.get(url, {"q": "a"}).status_code == 200


@pytest.mark.parametrize("name", ["enterprise", "supportstructure", "support"])
def test_add_forms_render_with_autocomplete_widgets(admin_client, name):
    html = admin_client.get(reverse(f"admin:structures_{name}_add")).content.decode()
    assert "admin-autocomplete" in html


def test_autocomplete_finds_structures_for_a_support(admin_client):
    SupportStructureFactory(name="Catalis")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "cata",
            "app_label": "structures",
            "model_name": "support",
            "field_name": "structure",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Catalis"]


def test_saving_a_near_duplicate_name_warns(admin_client):
    EnterpriseFactory(name="Recyclerie solidaire du Gard")
    response = admin_client.post(reverse("admin:structures_enterprise_add"), enterprise_form())
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Doublon possible" in m and "Recyclerie solidaire du Gard" in m for m in messages)
    assert Enterprise.objects.get(slug="recyclerie-solidaire-du-gard").category == "entreprise"


def test_same_siret_is_refused_in_the_admin_with_a_french_message(admin_client):
    siret = valid_siret(99)
    EnterpriseFactory(siret=siret)
    response = admin_client.post(
        reverse("admin:structures_enterprise_add"), enterprise_form(siret=siret)
    )
    assert response.status_code == 200
    assert "Une organisation porte déjà ce numéro SIRET." in response.content.decode()


def test_invalid_siret_is_refused_in_the_admin(admin_client):
    response = admin_client.post(
        reverse("admin:structures_enterprise_add"), enterprise_form(siret="12345678901234")
    )
    assert "n&#x27;est pas un numéro SIRET valide" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_bulk_unpublish_and_publish_actions(admin_client):
    records = EnterpriseFactory.create_batch(2)
    url = reverse("admin:structures_enterprise_changelist")
    ids = [r.pk for r in records]
    admin_client.post(url, {"action": "unpublish", "_selected_action": ids})
    assert not Organisation.objects.published().exists()
    admin_client.post(url, {"action": "publish", "_selected_action": ids})
    assert Organisation.objects.published().count() == 2
    assert records[0].history.count() == 3


def test_history_page_lists_changes(admin_client):
    enterprise = EnterpriseFactory(name="Avant")
    enterprise.name = "Après"
    enterprise.save()
    url = reverse("admin:structures_enterprise_history", args=[enterprise.pk])
    html = admin_client.get(url).content.decode()
    assert "Après" in html


def test_csv_import_shows_a_dry_run_then_writes_only_on_confirmation(admin_client):
    existing = EnterpriseFactory(slug="existante", name="Ancien nom")
    DepartementFactory(code="34")
    csv_text = (
        "slug,name,legal_form,esus,siret,departement,thematiques,is_published\n"
        f"existante,Nouveau nom,scop,0,,34,,1\n"
        f"nouvelle,Nouvelle entreprise,association,0,{valid_siret(5)},34,,1\n"
    )
    upload = SimpleUploadedFile("entreprises.csv", csv_text.encode(), content_type="text/csv")
    response = admin_client.post(
        reverse("admin:structures_enterprise_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    result = response.context["result"]
    assert [row.import_type for row in result.rows] == ["update", "new"]
    # The confirmation page shows each row's differences before anything is written.
    assert "<del" in html and "<ins" in html and "Nouvelle entreprise" in html
    # Nothing written yet: the dry run only shows what would change.
    existing.refresh_from_db()
    assert existing.name == "Ancien nom"
    assert not Enterprise.objects.filter(slug="nouvelle").exists()
    form = response.context["confirm_form"]
    confirm = {name: field.initial for name, field in form.fields.items()}
    confirm.update({k: v for k, v in form.initial.items()})
    response = admin_client.post(reverse("admin:structures_enterprise_process_import"), confirm)
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.name == "Nouveau nom"
    assert Enterprise.objects.get(slug="nouvelle").category == "entreprise"


def test_csv_import_refuses_an_invalid_siret_without_writing(admin_client):
    DepartementFactory(code="34")
    csv_text = "slug,name,legal_form,siret,departement\nmauvaise,Mauvaise,scop,12345678901234,34\n"
    upload = SimpleUploadedFile("e.csv", csv_text.encode(), content_type="text/csv")
    response = admin_client.post(
        reverse("admin:structures_enterprise_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    assert "n&#x27;est pas un numéro SIRET valide" in response.content.decode()
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert not Enterprise.objects.filter(slug="mauvaise").exists()


def test_admin_csv_export_neutralises_formulas_and_reimports_them_as_typed():
    from structures.resources import EnterpriseResource

    enterprise = EnterpriseFactory(
        name='=HYPERLINK("http://exemple.invalid","clic")',
        description="@SUM(1+1)",
        phone="+33 4 67 00 00 00",
    )
    dataset = EnterpriseResource().export(queryset=Enterprise.objects.filter(pk=enterprise.pk))
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row["name"] == "'" + enterprise.name
    assert row["description"] == "'@SUM(1+1)"
    assert row["phone"] == "+33 4 67 00 00 00"  # a phone computes nothing: left as typed
    imported = EnterpriseResource().import_data(dataset, dry_run=False)
    assert not imported.has_errors()
    enterprise.refresh_from_db()
    assert enterprise.name == '=HYPERLINK("http://exemple.invalid","clic")'
