import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from structures.models import Enterprise, Organisation
from tests.structures.factories import (
    DepartementFactory,
    EnterpriseFactory,
    SupportStructureFactory,
    ThematicFactory,
    bulk_enterprises,
    valid_siret,
)

pytestmark = pytest.mark.django_db


def test_invalid_siret_is_refused_with_a_french_message():
    enterprise = EnterpriseFactory.build(siret="12345678901234", departement=None)
    with pytest.raises(ValidationError) as error:
        enterprise.full_clean()
    assert "n'est pas un numéro SIRET valide" in str(error.value.message_dict["siret"])


def test_valid_siret_passes_and_is_unique_when_given():
    siret = valid_siret(42)
    EnterpriseFactory(siret=siret)
    duplicate = EnterpriseFactory.build(siret=siret, departement=DepartementFactory())
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Une organisation porte déjà ce numéro SIRET." in str(error.value)
    with transaction.atomic(), pytest.raises(IntegrityError):
        EnterpriseFactory(siret=siret)
    # An empty SIRET is not a duplicate.
    EnterpriseFactory(siret="")
    EnterpriseFactory(siret="")


def test_reserved_slug_is_refused_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        EnterpriseFactory(slug="carte")


def test_name_search_is_computed_by_the_database_even_for_bulk_create():
    [record] = bulk_enterprises(
        1, departements=[DepartementFactory()], thematics=[ThematicFactory()], prefix="x"
    )
    Organisation.objects.filter(pk=record.pk).update(name="Économie Solidaire À Nîmes")
    assert Organisation.objects.get(pk=record.pk).name_search == "economie solidaire a nimes"


@pytest.fixture
def realis():
    SupportStructureFactory(name="Catalis", description="Incubateur à Toulouse.")
    EnterpriseFactory(name="Ferme du Causse", description="Maraîchage bio en Aveyron.")
    return SupportStructureFactory(
        name="REALIS",
        slug="realis",
        description="Pôle d'innovation sociale : économie circulaire et insertion.",
    )


@pytest.mark.parametrize("query", ["realis", "Realis", "réalis", "Réalys", "REALIS", "  réalis "])
def test_search_ignores_case_accents_and_a_typo(realis, query):
    results = list(Organisation.objects.search(query).order_by("-rank"))
    assert results[0] == realis


def test_search_finds_accented_words_typed_without_accents(realis):
    assert list(Organisation.objects.search("economie circulaire")) == [realis]
    assert list(Organisation.objects.search("ÉCONOMIE")) == [realis]


def test_search_ranks_the_name_before_the_description():
    in_description = EnterpriseFactory(name="Atelier vélo", description="Une recyclerie.")
    in_name = EnterpriseFactory(name="Recyclerie du Lot", description="Réemploi.")
    results = list(Organisation.objects.search("recyclerie").order_by("-rank"))
    assert results == [in_name, in_description]


def test_search_with_an_empty_query_returns_everything():
    EnterpriseFactory.create_batch(2)
    assert Organisation.objects.search("   ").count() == 2


def test_similar_to_finds_near_identical_names():
    EnterpriseFactory(name="Recyclerie Solidaire du Gard")
    EnterpriseFactory(name="Épicerie de Rodez")
    names = [o.name for o in Organisation.objects.similar_to("Recyclerie solidaire du gard ")]
    assert names == ["Recyclerie Solidaire du Gard"]


def test_json_ld_describes_an_enterprise_with_address_founding_date_and_tax_id():
    enterprise = EnterpriseFactory(
        name="V@SI",
        legal_form=Organisation.LegalForm.ASSOCIATION,
        siret=valid_siret(7),
        creation_date=datetime.date(2014, 5, 2),
        address="1 rue de la Paix",
        postcode="34000",
        commune="Montpellier",
    )
    data = enterprise.json_ld(url="https://exemple.fr/annuaire/vasi/")
    assert data["@type"] == "NGO"
    assert data["taxID"] == enterprise.siret
    assert data["foundingDate"] == "2014-05-02"
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "FR",
        "streetAddress": "1 rue de la Paix",
        "postalCode": "34000",
        "addressLocality": "Montpellier",
        "addressRegion": "Occitanie",
    }


def test_json_ld_of_a_cooperative_is_an_organization():
    assert EnterpriseFactory(legal_form="scop").json_ld(url="u")["@type"] == "Organization"


def test_type_display_is_the_kind_or_the_legal_form():
    assert SupportStructureFactory(kind="ptce").type_display.startswith("Pôle territorial")
    assert EnterpriseFactory(legal_form="scic").type_display == "SCIC"


def test_proxies_keep_their_history():
    enterprise = EnterpriseFactory(name="Avant")
    enterprise.name = "Après"
    enterprise.save()
    assert [h.name for h in Enterprise.objects.get(pk=enterprise.pk).history.all()] == [
        "Après",
        "Avant",
    ]


def test_json_ld_puts_the_coordinates_on_a_place_and_gives_the_logo():
    """schema.org: `geo` belongs to a Place, not to an Organization."""
    enterprise = EnterpriseFactory(
        commune="Castres", latitude=Decimal("43.606000"), longitude=Decimal("2.241000")
    )
    data = enterprise.json_ld(url="https://exemple.fr/a/", logo_url="https://exemple.fr/l.png")
    assert "geo" not in data
    assert data["logo"] == "https://exemple.fr/l.png"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["addressLocality"] == "Castres"
    assert data["location"]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 43.606,
        "longitude": 2.241,
    }
