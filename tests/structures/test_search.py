"""The search words of directory records: slugs, and (for the site-wide search) the
département, kind, thematics and supporters, kept current."""

import pytest

from occitanie_ess.common.search import analyse
from structures import services
from structures.models import Enterprise, Organisation
from tests.structures.factories import (
    EnterpriseFactory,
    SupportFactory,
    SupportStructureFactory,
    ThematicFactory,
)

pytestmark = pytest.mark.django_db


def names(query: str) -> list[str]:
    """Return the names of the records the site-wide search matches on all their words."""
    ts_query = analyse(query).tsquery
    return list(
        Organisation.objects.published().filter(full_vector=ts_query).values_list("name", flat=True)
    )


def test_the_directory_search_stays_on_the_record_s_own_words():
    enterprise = EnterpriseFactory(name="Garage Martin", description="")
    enterprise.thematics.add(ThematicFactory(name="Mobilité douce", slug="mobilite-douce"))
    assert names("mobilite douce") == ["Garage Martin"]
    assert (
        not Organisation.objects.published().search("mobilite douce").filter(name="Garage Martin")
    )


def test_a_record_is_found_by_its_thematic_as_soon_as_it_is_added():
    enterprise = EnterpriseFactory(name="Garage Dupont", description="")
    assert "Garage Dupont" not in names("mobilité douce")
    enterprise.thematics.add(ThematicFactory(name="Mobilité douce", slug="mobilite-douce"))
    assert "Garage Dupont" in names("mobilite douce")
    enterprise.thematics.clear()
    assert "Garage Dupont" not in names("mobilite douce")


def test_a_thematic_renamed_renames_the_words_of_its_records():
    thematic = ThematicFactory(name="Vélo", slug="velo")
    EnterpriseFactory(name="Garage Durand", description="").thematics.add(thematic)
    thematic.name = "Cyclologistique"
    thematic.save()
    assert names("cyclologistique") == ["Garage Durand"]


def test_an_enterprise_is_found_by_the_structure_that_supports_it():
    structure = SupportStructureFactory(name="Catalis", slug="catalis-t")
    support = SupportFactory(structure=structure, enterprise=EnterpriseFactory(name="Zeste"))
    assert set(names("catalis")) == {"Catalis", "Zeste"}
    support.delete()
    assert names("catalis") == ["Catalis"]


def test_the_slug_words_find_a_name_written_with_signs():
    EnterpriseFactory(name="V@SI", slug="vasi")
    assert names("vasi") == ["V@SI"]
    assert [o.name for o in Organisation.objects.published().search("vasi")] == ["V@SI"]


def test_a_bulk_load_is_caught_up_by_the_rebuild():
    thematic = ThematicFactory(name="Tiers-lieux", slug="tiers-lieux")
    enterprise = EnterpriseFactory(name="La Fabrique", description="")
    Enterprise.thematics.through.objects.bulk_create(
        [Enterprise.thematics.through(organisation_id=enterprise.pk, thematic_id=thematic.pk)]
    )  # no signal, as in seed_demo
    assert "La Fabrique" not in names("tiers lieux")
    assert services.organisations_search_extra_refresh() >= 1
    assert "La Fabrique" in names("tiers lieux")


def test_a_record_is_found_by_its_departement_and_its_kind():
    EnterpriseFactory(
        name="Recyclerie du Couserans",
        description="",
        departement__code="09",
        departement__name="Ariège",
        legal_form="scic",
    )
    EnterpriseFactory(name="Recyclerie du Lez", description="")
    assert names("recyclerie ariege") == ["Recyclerie du Couserans"]
    assert names("recyclerie scic") == ["Recyclerie du Couserans"]
