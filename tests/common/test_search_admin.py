"""Staff edit the search's synonyms in the admin, and can rebuild the index from there."""

import pytest
from django.urls import reverse

from occitanie_ess.common.models import SearchDocument, Synonym
from occitanie_ess.common.search import search

pytestmark = pytest.mark.django_db


def test_staff_add_a_synonym_and_the_search_uses_it_at_once(admin_client):
    response = admin_client.post(
        reverse("admin:common_synonym_add"),
        {"term": "CRTE", "equivalents": "contrat de relance\ncontrat de territoire"},
    )
    assert response.status_code == 302
    assert Synonym.objects.get(term="CRTE").phrases() == [
        "CRTE",
        "contrat de relance",
        "contrat de territoire",
    ]
    assert "contrat de relance" in search("crte").query.synonyms


def test_staff_rebuild_the_index_from_the_synonym_list(admin_client):
    synonym = Synonym.objects.create(term="XYZ", equivalents="abc")
    response = admin_client.post(
        reverse("admin:common_synonym_changelist"),
        {"action": "rebuild_index", "_selected_action": [synonym.pk]},
    )
    assert response.status_code == 302
    assert SearchDocument.objects.filter(source="pages", key="strategie").exists()


def test_the_index_is_read_only_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:common_searchdocument_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:common_searchdocument_add")).status_code == 403
