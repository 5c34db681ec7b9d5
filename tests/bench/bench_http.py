"""HTTP throughput under gunicorn, whole-page cache OFF, against a trivial view, with wrk.

A visitor does not repeat one URL: wrk runs a Lua script that walks a shuffled list of
URLs, so every request is a different query the cache could not have answered anyway.

- trivial view: /healthz/live (a constant string, no database);
- directory mix: 20 search words × 14 départements (13 and « tous ») × 4 sorts × 3 pages;
- site-search mix: /recherche/?q=… with the 20 words, alone and followed by a town;
- detail pages: 2,000 published directory records taken at random;
- 32 connections for 20 s on the directory mix: errors, timeouts, p99.

Each mix is reported in requests per second and as a ratio to the trivial view measured
in the same run (the bars: mixes >= 0.15, details >= 0.3; 32 connections: no error, no
timeout, p99 < 250 ms). Usage:
    .venv/bin/python tests/bench/bench_http.py [--enterprises 100000] [--skip-seed]
"""

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.common import (  # noqa: E402
    BENCH_DATABASE_URL,
    Gunicorn,
    bench_database_name,
    prepare_database,
)

WORDS = (
    "recyclerie",
    "solidaire",
    "insertion",
    "vélo",
    "bio",
    "épicerie",
    "café associatif",
    "garage",
    "habitat",
    "énergie citoyenne",
    "tourisme",
    "coopérative",
    "ferme maraîchère",
    "cuisine",
    "tiers-lieu",
    "conciergerie",
    "montpellier",
    "Martin",
    "Réalys",
    "ressourcerie toulouse",
)
DEPARTEMENTS = ("", "09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82")
SORTS = ("pertinence", "nom", "-creation", "-maj")
PAGES = (1, 2, 3)
TOWNS = ("Toulouse", "Montpellier", "Nîmes", "Perpignan", "Albi")
DETAILS = 2000

LUA = """
local paths = {%(paths)s}
local counter = 0
function setup(thread)
  thread:set("offset", counter * 7919)
  counter = counter + 1
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[((i + offset) %% #paths) + 1])
end
"""


def directory_paths() -> list[str]:
    paths = []
    for word in WORDS:
        for departement in DEPARTEMENTS:
            for sort in SORTS:
                for page in PAGES:
                    query = {"q": word, "tri": sort, "page": page}
                    if departement:
                        query["departement"] = departement
                    paths.append("/annuaire/?" + urlencode(query))
    return paths


def search_paths() -> list[str]:
    queries = list(WORDS) + [f"{word} {town}" for word in WORDS for town in TOWNS]
    return ["/recherche/?" + urlencode({"q": query}) for query in queries]


def detail_paths() -> list[str]:
    import psycopg

    with psycopg.connect(dbname=bench_database_name()) as conn:
        slugs = conn.execute(
            "SELECT slug FROM structures_organisation WHERE is_published "
            "ORDER BY md5(slug) LIMIT %s",
            [DETAILS],
        ).fetchall()
    return [f"/annuaire/{slug}/" for (slug,) in slugs]


def lua_script(paths: list[str], folder: Path, name: str) -> Path:
    shuffled = list(paths)
    random.Random(2015).shuffle(shuffled)
    script = folder / f"{name}.lua"
    # URL-encoded paths hold no quote nor backslash: a Lua string literal as they are.
    quoted = ",".join(f'"{path}"' for path in shuffled)
    script.write_text(LUA % {"paths": quoted})
    return script


def to_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:  # no request finished in time: wrk prints no latency
        return float("nan")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(base: str, *, script: Path | None, connections: int, seconds: int) -> dict:
    """Run wrk; return requests/s, non-2xx/3xx answers, socket errors, timeouts, latencies."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "2s", "--latency"]
    if script:
        command += ["-s", str(script)]
        url = base + "/"
    else:
        url = base + "/healthz/live"
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    connect, read, write, timeout = map(int, errors.groups()) if errors else (0, 0, 0, 0)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "errors": connect + read + write,
        "timeouts": timeout,
        "p50": to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
        "p99": to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--skip-seed", action="store_true", help="Reuse the database as it is.")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk est requis : apt install wrk")
    if not options.skip_seed:
        prepare_database(options.enterprises)
    print(f"Base : {BENCH_DATABASE_URL}, gunicorn {options.workers} workers, cache de page coupé")
    seconds = options.seconds
    with tempfile.TemporaryDirectory() as tmp, Gunicorn(workers=options.workers) as server:
        folder = Path(tmp)
        scripts = {
            "directory": lua_script(directory_paths(), folder, "directory"),
            "search": lua_script(search_paths(), folder, "search"),
            "detail": lua_script(detail_paths(), folder, "detail"),
        }
        base = f"http://127.0.0.1:{server.port}"
        for script in scripts.values():  # warm every worker
            wrk(base, script=script, connections=8, seconds=5)
        trivial = wrk(base, script=None, connections=8, seconds=seconds)
        results = {
            name: wrk(base, script=script, connections=8, seconds=seconds)
            for name, script in scripts.items()
        }
        load = wrk(base, script=scripts["directory"], connections=32, seconds=20)

    labels = {
        "directory": ("annuaire, mélange (/annuaire/?q=…)", 0.15),
        "search": ("recherche du site (/recherche/?q=…)", 0.15),
        "detail": ("fiches (/annuaire/<slug>/)", 0.30),
    }
    print(f"{'mesure':<42} {'req/s':>8} {'rapport':>8} {'seuil':>6} {'p50':>8} {'p99':>8}")
    print(
        f"{'vue triviale (/healthz/live)':<42} {trivial['rps']:>8.0f} {1:>8.3f} {'':>6} "
        f"{trivial['p50']:>6.1f}ms {trivial['p99']:>6.1f}ms"
    )
    for name, (label, bar) in labels.items():
        result = results[name]
        ratio = result["rps"] / trivial["rps"]
        flag = "" if ratio >= bar else "  SOUS LE SEUIL"
        bad = result["non_2xx"] + result["errors"] + result["timeouts"]
        print(
            f"{label:<42} {result['rps']:>8.1f} {ratio:>8.3f} {bar:>6.2f} "
            f"{result['p50']:>6.1f}ms {result['p99']:>6.1f}ms{flag}"
            + (f"  ({bad} réponses en erreur)" if bad else "")
        )
    verdict = (
        "OK"
        if not (load["non_2xx"] or load["errors"] or load["timeouts"]) and load["p99"] < 250
        else "SOUS LE SEUIL"
    )
    print(
        f"annuaire, 32 connexions, 20 s : {load['requests']} requêtes, {load['rps']:.1f} req/s, "
        f"erreurs {load['errors']}, non-2xx {load['non_2xx']}, timeouts {load['timeouts']}, "
        f"p50 {load['p50']:.0f} ms, p99 {load['p99']:.0f} ms (seuil : 0, 0, 0, < 250 ms) {verdict}"
    )


if __name__ == "__main__":
    main()
