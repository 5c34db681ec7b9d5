"""Table Schemas and the Frictionless data package that describe every published file.

Each app says which files it publishes (registry.Resource, with a Table Schema built by
`table_field`); this module gathers them into one `datapackage.json`
(https://datapackage.org/standard/data-package/), so that a reuser (or `frictionless
validate`) reads every column with its type: a SIRET or a postcode stays a string, "09"
never becomes 9.
"""

from django.conf import settings
from django.utils import timezone

from occitanie_ess.common import registry

LICENCE = {
    "name": "etalab-2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "title": "Licence Ouverte / Open Licence 2.0",
}

# Patterns of the French identifiers the exports carry, as strings.
SIRET_PATTERN = r"^\d{14}$"
POSTCODE_PATTERN = r"^\d{5}$"
INSEE_COMMUNE_PATTERN = r"^(\d{5}|2[AB]\d{3})$"
DEPARTEMENT_PATTERN = r"^(\d{2,3}|2[AB])$"


def table_field(
    name: str,
    type_: str = "string",
    description: str = "",
    *,
    format_: str | None = None,
    pattern: str | None = None,
    required: bool = False,
    enum: list[str] | None = None,
    **extra,
) -> dict:
    """Return one Table Schema field descriptor (description made a plain str)."""
    field = {"name": name, "type": type_}
    if description:
        field["description"] = str(description)
    if format_:
        field["format"] = format_
    constraints = {}
    if required:
        constraints["required"] = True
    if pattern:
        constraints["pattern"] = pattern
    if enum:
        constraints["enum"] = enum
    if constraints:
        field["constraints"] = constraints
    field.update(extra)
    return field


def table_schema(fields: list[dict], *, primary_key: str | None = None) -> dict:
    """Return a Table Schema with `fields`; an empty cell is a missing value."""
    schema = {"fields": fields, "missingValues": [""]}
    if primary_key:
        schema["primaryKey"] = [primary_key]
    return schema


def resources() -> list[registry.Resource]:
    """Return every published file of every registered dataset, in the datasets' order."""
    return [resource for dataset in registry.collect_datasets() for resource in dataset.resources]


def resource_named(name: str) -> registry.Resource | None:
    """Return the published file called `name`, or None."""
    return next((r for r in resources() if r.name == name), None)


def publisher() -> dict:
    """Return the publisher's facts, from the settings (.env.example documents them)."""
    facts = {
        "title": settings.OPEN_DATA_PUBLISHER_NAME,
        "role": "publisher",
        "path": settings.OPEN_DATA_PUBLISHER_URL,
    }
    if settings.OPEN_DATA_PUBLISHER_EMAIL:
        facts["email"] = settings.OPEN_DATA_PUBLISHER_EMAIL
    return facts


def datapackage(base_url: str) -> dict:
    """Return the Frictionless data package describing every published file.

    `base_url` is the site's absolute root (no trailing slash): every path is absolute,
    so the descriptor can be used from anywhere.
    """
    described = []
    for resource in resources():
        descriptor = {
            "name": resource.name,
            "title": str(resource.title),
            "path": base_url + resource.url,
            "format": resource.format,
            "mediatype": "text/csv" if resource.format == "csv" else "application/json",
            "encoding": "utf-8",
            "profile": "tabular-data-resource",
            "schema": resource.schema,
        }
        if resource.dialect:
            descriptor["dialect"] = resource.dialect
        described.append(descriptor)
    return {
        "profile": "tabular-data-package",
        "name": "portail-ess-occitanie",
        "title": "Portail de l'économie sociale et solidaire en Occitanie",
        "homepage": base_url + "/donnees/",
        "licenses": [LICENCE],
        "contributors": [publisher()],
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "resources": described,
    }
