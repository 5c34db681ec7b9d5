"""Demo data a Région could show: real communes, written descriptions, sizes and legal
forms that fit the activity, slugs from names, the support structures first, every
invented record marked as such, and counts that agree with the lists they summarise."""

import csv
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.text import slugify

from fiso.services import financings_support_rederive
from realis.models import Residency
from realis.services import residencies_support_rederive
from structures import communes
from structures.models import Enterprise, Organisation, Support
from structures.seed import THEMATICS
from structures.seed_catalogue import ACTIVITIES, a, de
from yess.models import Cohort
from yess.services import cohort_supports_rederive

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
OFFICIAL = ROOT / "node_modules" / "@etalab" / "decoupage-administratif" / "data" / "communes.json"
OCCITANIE = ("09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82")


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--enterprises", "200", stdout=StringIO())


def test_every_seeded_commune_exists_in_the_official_list_for_its_departement(demo):
    records = Organisation.objects.exclude(commune="").select_related("departement")
    assert records.count() > 200
    for record in records:
        assert record.code_insee, record.name
        assert communes.is_official(
            code_insee=record.code_insee,
            name=record.commune,
            postcode=record.postcode,
            departement=record.departement.code,
        ), (record.name, record.commune, record.postcode, record.code_insee)
        assert record.latitude is not None and record.longitude is not None
        # Inside Occitanie's bounding box.
        assert 42.3 < record.latitude < 45.1 and -0.4 < record.longitude < 4.9


def test_the_vendored_extract_is_the_official_list_of_occitanie():
    """The CSV holds exactly the current communes of the 13 départements, as the npm
    package `@etalab/decoupage-administratif` ships them (when it is installed)."""
    extract = {c.code_insee: c for c in communes.communes()}
    assert {c.departement for c in extract.values()} == set(OCCITANIE)
    assert extract["34172"].name == "Montpellier" and "34000" in extract["34172"].postcodes
    assert extract["31555"].name == "Toulouse"
    if not OFFICIAL.exists():  # pragma: no cover - the package comes with `npm ci`
        return
    official = {
        c["code"]: c
        for c in json.loads(OFFICIAL.read_text(encoding="utf-8"))
        if c.get("region") == "76" and c.get("type") == "commune-actuelle"
    }
    assert set(extract) == set(official)
    for code, commune in extract.items():
        assert commune.name == official[code]["nom"]
        assert commune.departement == official[code]["departement"]
        assert list(commune.postcodes) == official[code]["codesPostaux"]


def test_licence_and_regeneration_script_ship_with_the_extract():
    data = ROOT / "structures" / "data"
    licence = (data / "LICENCE.md").read_text(encoding="utf-8")
    assert "MIT" in licence and "Etalab" in licence and "CC BY 4.0" in licence
    assert (data / "build_communes.py").exists()
    with (data / "occitanie-communes.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle, delimiter=";"))
    assert header[:3] == ["code_insee", "nom", "departement"]


def test_generated_enterprises_read_like_real_ones(demo):
    generated = list(Enterprise.objects.filter(is_example=True))
    assert len(generated) == 200
    by_label = {activity.label: activity for activity in ACTIVITIES}
    forms = {a.label: {f for f, _w in a.legal_forms} for a in ACTIVITIES}
    sizes = {a.label: {h for h, _w in a.headcounts} for a in ACTIVITIES}
    for enterprise in generated:
        assert "(Entreprise fictive, présentée à titre d'exemple.)" in enterprise.description
        assert not enterprise.slug.startswith("exemple-")
        assert enterprise.slug.startswith(slugify(enterprise.name)[:40])
        # The activity that wrote it: its legal form and size fit that activity.
        activity = next(
            label
            for label, act in by_label.items()
            if any(enterprise.social_impact == impact for impact in act.impacts)
        )
        assert enterprise.legal_form in forms[activity], (enterprise.name, activity)
        assert enterprise.headcount in sizes[activity], (enterprise.name, activity)
        mentions = (enterprise.commune, de(enterprise.commune), a(enterprise.commune))
        assert any(m in enterprise.description or m in enterprise.name for m in mentions) or (
            re.search(r"\b(19|20)\d\d\b", enterprise.description)
        )
    cafes = [e for e in generated if "café associatif" in e.name.lower()]
    assert all(e.headcount in ("0", "1-9") for e in cafes)
    assert len({e.slug for e in generated}) == len(generated)
    # Two example enterprises rarely share a name (a directory of homonyms reads as filler).
    assert len({e.name for e in generated}) >= 0.98 * len(generated)


def test_an_example_record_says_so_on_its_page(client, demo):
    example = Enterprise.objects.filter(is_example=True, is_published=True).first()
    html = client.get(example.get_absolute_url()).content.decode()
    assert "Fiche d&#x27;exemple" in html or "Fiche d'exemple" in html
    vasi = client.get(Enterprise.objects.get(slug="vasi").get_absolute_url()).content.decode()
    assert "Fiche d&#x27;exemple" not in vasi and "Fiche d'exemple" not in vasi


def test_catalogue_thematics_exist():
    slugs = {slugify(name) for name in THEMATICS}
    for activity in ACTIVITIES:
        assert set(activity.thematics) <= slugs, activity.label


def test_support_structures_come_first_in_the_default_directory_order(client, demo):
    page = client.get(reverse("structures:index")).context["page_obj"]
    categories = [record.category for record in page.object_list]
    structures = Organisation.objects.published().structures().count()
    assert categories[:structures] == ["structure"] * structures
    assert "REALIS" in [r.name for r in page.object_list[:structures]]
    by_name = client.get(reverse("structures:index"), {"tri": "nom"}).context["page_obj"]
    names = [r.name for r in by_name.object_list]
    assert names == sorted(names, key=lambda n: n)  # the explicit sort stays by name


def test_seeded_supports_all_come_from_their_records(client, demo):
    unchanged = {"created": 0, "updated": 0, "deleted": 0}
    assert residencies_support_rederive() == unchanged
    assert cohort_supports_rederive() == unchanged
    assert financings_support_rederive() == unchanged
    realis = Organisation.objects.get(slug="realis")
    listed = set(
        client.get(reverse("structures:index"), {"accompagnee_par": "realis", "taille": 100})
        .context["page_obj"]
        .object_list
    )
    hosted = {
        r.enterprise
        for r in Residency.objects.exclude(status="candidat").select_related("enterprise")
        if r.enterprise.is_published
    }
    assert hosted <= listed
    assert set(Support.objects.filter(structure=realis).values_list("source", flat=True)) <= {
        "residence",
        "promotion",
        "financement",
    }
    vasi = Enterprise.objects.get(slug="vasi")
    html = client.get(vasi.get_absolute_url()).content.decode()
    assert "Aucun accompagnement" not in html
    assert "Résidence à la pépinière" in html


def test_counts_shown_equal_the_lists_they_summarise(client, demo):
    cohort = Cohort.objects.get()
    response = client.get(cohort.get_absolute_url())
    assert response.context["member_count"] == 30
    assert len(response.context["listed"]) == 30
    realis = client.get(reverse("realis:index"))
    assert realis.context["figures"]["residents"] == len(realis.context["residents"]) == 10
    assert realis.context["unlisted_residents"] == 0
    html = realis.content.decode()
    assert re.search(r'figure__value">10</span>\s*entreprises résidentes aujourd', html)


def test_seed_demo_stays_idempotent(demo):
    before = (Organisation.objects.count(), Support.objects.count(), Residency.objects.count())
    call_command("seed_demo", "--enterprises", "200", stdout=StringIO())
    after = (Organisation.objects.count(), Support.objects.count(), Residency.objects.count())
    assert before == after


def test_demo_stories_hold_together_in_time(demo):
    """An enterprise enters the pépinière, or gets a FISO decision, only once it exists;
    residents are young enterprises; a financing's incubator works in its area."""
    from fiso.models import Financing
    from structures.seed import INCUBATOR_AREAS

    for residency in Residency.objects.select_related("enterprise"):
        created = residency.enterprise.creation_date
        assert created is None or created <= residency.entry_date, residency
    for financing in Financing.objects.exclude(decision_date=None).select_related(
        "enterprise__departement", "accompanying_structure"
    ):
        created = financing.enterprise.creation_date
        assert created is None or created <= financing.decision_date, financing
        structure = financing.accompanying_structure
        if structure is not None and structure.slug in INCUBATOR_AREAS:
            area = INCUBATOR_AREAS[structure.slug]
            assert financing.enterprise.departement.code in area, financing
