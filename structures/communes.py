"""The official communes of Occitanie (INSEE code, postal codes, population, coordinates),
read from the vendored extract `structures/data/occitanie-communes.csv` (sources and
licences in structures/data/LICENCE.md). Used by the demo data and its checks."""

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "occitanie-communes.csv"
# The prefecture of each département: where a commune without coordinates is placed.
PREFECTURES = {
    "09": "09122",  # Foix
    "11": "11069",  # Carcassonne
    "12": "12202",  # Rodez
    "30": "30189",  # Nîmes
    "31": "31555",  # Toulouse
    "32": "32013",  # Auch
    "34": "34172",  # Montpellier
    "46": "46042",  # Cahors
    "48": "48095",  # Mende
    "65": "65440",  # Tarbes
    "66": "66136",  # Perpignan
    "81": "81004",  # Albi
    "82": "82121",  # Montauban
}


@dataclass(frozen=True)
class Commune:
    code_insee: str
    name: str
    departement: str
    postcodes: tuple[str, ...]
    population: int
    latitude: Decimal | None
    longitude: Decimal | None

    @property
    def postcode(self) -> str:
        """Return the commune's first postal code."""
        return self.postcodes[0] if self.postcodes else ""


@cache
def communes() -> tuple[Commune, ...]:
    """Return every current commune of Occitanie, by INSEE code order."""
    with DATA.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Commune(
                code_insee=row["code_insee"],
                name=row["nom"],
                departement=row["departement"],
                postcodes=tuple(row["codes_postaux"].split()),
                population=int(row["population"] or 0),
                latitude=Decimal(row["latitude"]) if row["latitude"] else None,
                longitude=Decimal(row["longitude"]) if row["longitude"] else None,
            )
            for row in csv.DictReader(handle, delimiter=";")
        )


@cache
def by_code() -> dict[str, Commune]:
    """Return the communes by INSEE code."""
    return {commune.code_insee: commune for commune in communes()}


def coordinates(commune: Commune) -> tuple[Decimal, Decimal]:
    """Return the commune's coordinates, or its département prefecture's when the
    gazetteer does not list it."""
    if commune.latitude is not None and commune.longitude is not None:
        return commune.latitude, commune.longitude
    prefecture = by_code()[PREFECTURES[commune.departement]]
    return prefecture.latitude, prefecture.longitude


def is_official(*, code_insee: str, name: str, postcode: str, departement: str) -> bool:
    """Return True when the commune exists under this name, in this département, with
    this postal code, in the official list."""
    commune = by_code().get(code_insee)
    return bool(
        commune
        and commune.name == name
        and commune.departement == departement
        and postcode in commune.postcodes
    )
