"""Every published file passes the validator its consumers use, on the demo data.

- the Frictionless data package (every CSV and JSON file against its Table Schema) with
  `frictionless`;
- the FISO file against the official SCDL « subventions » 2.1.1 schema (vendored in
  fiso/schemas/), plus the standard's two custom checks (SIRET checksum, one identifier);
- the data·inclusion files with the official `data-inclusion-schema` package.
"""

import csv
import io
import json
from decimal import Decimal

import pytest
from data_inclusion.schema.v1 import Structure
from faker import Faker
from frictionless import Package, Resource, Schema, system, validate
from stdnum.fr import siret as stdnum_siret

from fiso.models import Financing
from fiso.opendata import SCDL_SCHEMA_PATH
from structures.models import Organisation
from tests.checks import body

BASE = "http://testserver"


def body_of(response) -> bytes:
    assert response.status_code == 200, response
    return body(response)


def download_package(client, folder) -> dict:
    """Write datapackage.json and every file it describes into `folder` (paths made local)."""
    descriptor = client.get("/donnees/datapackage.json").json()
    for resource in descriptor["resources"]:
        assert resource["path"].startswith(BASE + "/")
        local = f"{resource['name']}.{resource['format']}"
        (folder / local).write_bytes(body_of(client.get(resource["path"].removeprefix(BASE))))
        resource["path"] = local
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return descriptor


def error_lines(report) -> list[str]:
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]


def give_beneficiaries_sirets():
    """Give every enterprise financed by the FISO a SIRET with a valid checksum."""
    fake = Faker("fr_FR")
    fake.seed_instance(2015)
    for enterprise in Organisation.objects.filter(fiso_financings__isnull=False).distinct():
        enterprise.siret = fake.siret().replace(" ", "")
        enterprise.save(update_fields=["siret"])


def scdl_custom_checks(rows: list[dict]) -> list[str]:
    """Return the failures of the SCDL schema's custom_checks, which frictionless does not
    run itself: a valid SIRET in idAttribuant and idBeneficiaire, and one of
    idBeneficiaire / rnaBeneficiaire on every row."""
    errors = []
    for number, row in enumerate(rows, start=2):
        for column in ("idAttribuant", "idBeneficiaire"):
            if row[column] and not stdnum_siret.is_valid(row[column]):
                errors.append(f"ligne {number}: {column} n'est pas un SIRET valide")
        if not (row["idBeneficiaire"] or row["rnaBeneficiaire"]):
            errors.append(f"ligne {number}: ni idBeneficiaire ni rnaBeneficiaire")
    return errors


@pytest.mark.django_db
def test_the_data_package_is_valid_with_frictionless(demo_data, client, tmp_path):
    give_beneficiaries_sirets()
    descriptor = download_package(client, tmp_path)
    names = {r["name"] for r in descriptor["resources"]}
    assert {
        "annuaire-csv",
        "annuaire-json",
        "structures-data-inclusion-csv",
        "structures-data-inclusion-json",
        "fiso-financements-scdl",
        "fiso-financements-json",
    } <= names
    with system.use_context(trusted=True):
        package = Package(str(tmp_path / "datapackage.json"))
        report = package.validate()
        assert error_lines(report) == []
        assert report.valid
        # Every file has rows: an empty file would pass without proving anything.
        counts = {resource.name: len(resource.read_rows()) for resource in package.resources}
    assert all(counts.values()), counts


@pytest.mark.django_db
def test_the_data_package_is_linked_from_the_open_data_page(demo_data, client):
    page = client.get("/donnees/").content.decode()
    assert 'href="/donnees/datapackage.json"' in page
    assert 'href="/donnees/schemas/annuaire-csv.json"' in page
    schema = client.get("/donnees/schemas/annuaire-csv.json").json()
    types = {field["name"]: field["type"] for field in schema["fields"]}
    assert types["siret"] == types["code_postal"] == types["code_insee"] == "string"
    assert types["departement"] == "string"
    assert client.get("/donnees/schemas/inconnu.json").status_code == 404


@pytest.mark.django_db
def test_identifiers_stay_strings_when_read_through_the_table_schema(demo_data, client, tmp_path):
    descriptor = download_package(client, tmp_path)
    entry = next(r for r in descriptor["resources"] if r["name"] == "annuaire-csv")
    with system.use_context(trusted=True):
        resource = Resource(entry, basepath=str(tmp_path))
        rows = resource.read_rows()
    ariege = [row for row in rows if row["departement"] == "09"]
    assert ariege, "the demo data has records in Ariège (09)"
    assert all(isinstance(row["code_postal"], str) for row in ariege if row["code_postal"])


@pytest.mark.django_db
def test_the_fiso_file_is_valid_scdl_subventions(demo_data, client, tmp_path):
    give_beneficiaries_sirets()
    path = tmp_path / "fiso.csv"
    path.write_bytes(body_of(client.get("/fiso/donnees/financements.csv")))
    schema = Schema.from_descriptor(str(SCDL_SCHEMA_PATH))
    with system.use_context(trusted=True):
        report = validate(str(path), schema=schema)
    assert error_lines(report) == []
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == Financing.objects.public().count() > 0
    assert scdl_custom_checks(rows) == []
    assert not text.startswith("\ufeff")
    assert list(rows[0]) == [field.name for field in schema.fields]
    for row in rows:
        assert row["pourcentageSubvention"] == "1.00"  # one beneficiary per financing
        assert "," not in row["montant"]
        assert row["idAttribuant"] == "20005379100014"  # OPEN_DATA_PUBLISHER_SIRET
        assert row["datesPeriodeVersement"]


@pytest.mark.django_db
def test_the_scdl_file_leaves_out_beneficiaries_without_identifier(demo_data, client, tmp_path):
    """Without a SIRET (the demo data has none), a row would break the standard: the SCDL
    file lists only identified beneficiaries, the JSON lists every public financing."""
    financing = Financing.objects.public().select_related("enterprise").first()
    Organisation.objects.exclude(pk=financing.enterprise_id).update(siret="")
    Organisation.objects.filter(pk=financing.enterprise_id).update(siret="73282932000074")
    path = tmp_path / "fiso.csv"
    path.write_bytes(body_of(client.get("/fiso/donnees/financements.csv")))
    with system.use_context(trusted=True):
        report = validate(str(path), schema=Schema.from_descriptor(str(SCDL_SCHEMA_PATH)))
    assert report.valid, error_lines(report)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert [row["nomBeneficiaire"] for row in rows] == [financing.enterprise.name]
    assert scdl_custom_checks(rows) == []
    assert (
        len(client.get("/fiso/donnees/financements.json").json())
        == Financing.objects.public().count()
    )


@pytest.mark.django_db
def test_the_publisher_siret_is_a_setting(demo_data, client, settings):
    settings.OPEN_DATA_PUBLISHER_SIRET = "21310555400017"
    settings.OPEN_DATA_PUBLISHER_NAME = "Toulouse"
    data = client.get("/fiso/donnees/financements.json").json()
    assert {(row["nomAttribuant"], row["idAttribuant"]) for row in data} == {
        ("Toulouse", "21310555400017")
    }


def _data_inclusion_rows(client) -> tuple[list[dict], list[dict]]:
    json_rows = client.get("/annuaire/data-inclusion/structures.json")
    json_data = json.loads(body_of(json_rows))
    text = body_of(client.get("/annuaire/data-inclusion/structures.csv")).decode("utf-8")
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";")
    csv_data = []
    for row in reader:
        record = {key: (value if value != "" else None) for key, value in row.items()}
        if record["reseaux_porteurs"] is not None:
            record["reseaux_porteurs"] = record["reseaux_porteurs"].split(",")
        csv_data.append(record)
    return json_data, csv_data


@pytest.mark.django_db
def test_data_inclusion_files_pass_the_official_package(demo_data, client):
    # Five records placed in Toulouse (WGS 84), to read their coordinates back exactly.
    located = list(
        Organisation.objects.published().order_by("pk")[:5].values_list("slug", flat=True)
    )
    Organisation.objects.filter(slug__in=located).update(
        latitude=Decimal("43.604500"), longitude=Decimal("1.444000")
    )
    json_data, csv_data = _data_inclusion_rows(client)
    assert len(json_data) == len(csv_data) == Organisation.objects.published().count() > 0
    errors = []
    for source, rows in (("json", json_data), ("csv", csv_data)):
        for row in rows:
            try:
                # Warnings count as errors too (context ignore_warnings=False).
                Structure.model_validate(row, context={"ignore_warnings": False})
            except ValueError as error:
                errors.append(f"{source} {row['id']}: {error}")
    assert errors == []
    with_coordinates = [row for row in csv_data if row["latitude"]]
    assert all(
        float(row["latitude"]) and float(row["longitude"]) for row in with_coordinates
    )  # a decimal point: float() refuses "43,6"
    assert {(row["latitude"], row["longitude"]) for row in csv_data if row["id"] in located} == {
        ("43.6045", "1.444")
    }
