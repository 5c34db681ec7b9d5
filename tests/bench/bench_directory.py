"""Benchmark of the directory at scale: search plan and timing, page cost at 1,000 vs 100,000.

Run: .venv/bin/python tests/bench/bench_directory.py [--runs 30]

Two databases are prepared (created, migrated, filled through `seed_demo`) once and reused:
BENCH_DATABASE_URL (default postgres:///occitanie_ess_bench) with 100,000 generated enterprises,
and the same name suffixed "_1k" with 1,000. For each, a worker process (production
settings, DEBUG off) times the directory page through Django's test client; the large one
also prints the French full-text search's EXPLAIN ANALYZE and the median of its database
execution time. Figures are medians over repeated runs (the machines are noisy and
shared), and the page cost is reported as a ratio measured in the same run.
"""

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.common import BENCH_DATABASE_URL, bench_env, prepare_database  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SEARCHES = ("Monnier", "économie circulaire", "recyclerie", "ressourcerie montpellier", "Réalys")
PAGES = (
    "/annuaire/",
    "/annuaire/?categorie=entreprise&departement=34&taille=50",
    "/annuaire/?q=recyclerie",
    "/annuaire/?q=R%C3%A9alys",
    "/annuaire/?q=habitat",
    "/annuaire/?q=solidaire&departement=34&tri=-maj&page=3",
    "/annuaire/?page=2000",
)
# Pages whose every SQL query is shown with EXPLAIN (ANALYZE, BUFFERS).
EXPLAINED = (
    "/annuaire/?q=solidaire&departement=34&tri=-maj&page=3",
    "/annuaire/?q=recyclerie&tri=pertinence&page=2",
    "/annuaire/?departement=31&tri=-creation&page=40",
)
MIX_SAMPLE = 200


def environment(database_url: str) -> dict:
    # The test client asks for "testserver"; the worker reads unhashed static names.
    return bench_env(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="occitanie_ess.settings",
        DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        DJANGO_STATIC_MANIFEST="0",
    )


def worker(runs: int, explain: bool) -> dict:
    """Measure in this process (settings from the environment); return the figures."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from structures.models import Organisation

    # No setup_test_environment(): its instrumented template rendering copies every
    # context and would be measured instead of the page.
    figures = {"enterprises": Organisation.objects.enterprises().count()}
    client = Client()
    pages = {}
    for url in PAGES:
        for _warm in range(3):
            assert client.get(url).status_code == 200
        times = []
        for _run in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        pages[url] = statistics.median(times)
    figures["pages_ms"] = pages
    # The visitor's mix of bench_http.py (words × départements × sorts × pages), each URL
    # once: the median page, and how much of it is SQL.
    from tests.bench.bench_http import directory_paths

    sample = directory_paths()
    random.Random(7).shuffle(sample)
    sql_ms = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_ms[-1] += (time.perf_counter() - started) * 1000

    mix = []
    for url in sample[: MIX_SAMPLE // 4]:
        client.get(url)  # warm-up
    for url in sample[:MIX_SAMPLE]:
        sql_ms.append(0.0)
        with connection.execute_wrapper(timed):
            started = time.perf_counter()
            response = client.get(url)
            mix.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    figures["mix"] = {
        "urls": len(mix),
        "median_ms": statistics.median(mix),
        "p90_ms": statistics.quantiles(mix, n=10)[-1],
        "sql_median_ms": statistics.median(sql_ms),
    }
    if explain:
        directory_plans = {}
        for url in EXPLAINED:
            captured = []

            def capture(execute, sql, params, many, context, captured=captured):
                captured.append((sql, params))
                return execute(sql, params, many, context)

            with connection.execute_wrapper(capture):
                client.get(url)
            plans = []
            with connection.cursor() as cursor:
                for sql, params in captured:
                    if sql.lstrip().upper().startswith("SELECT"):
                        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                        plans.append("\n".join(row[0] for row in cursor.fetchall()))
            directory_plans[url] = plans
        figures["directory_plans"] = directory_plans
        searches = {}
        for query in SEARCHES:
            queryset = (
                Organisation.objects.published().search(query).order_by("-rank", "name", "id")[:20]
            )
            sql, params = queryset.query.sql_with_params()
            plans, times = [], []
            with connection.cursor() as cursor:
                for _run in range(runs + 1):
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                    plans.append(plan)
                    times.append(float(re.search(r"Execution Time: ([0-9.]+) ms", plan)[1]))
            count = Organisation.objects.published().search(query).count()
            searches[query] = {
                "plan": plans[-1],
                "median_ms": statistics.median(times[1:]),
                "matches": count,
                "indexes": [
                    name
                    for name in ("organisation_search_gin", "organisation_namesearch_trgm")
                    if f"Index Scan on {name}" in plans[-1]
                ],
            }
        figures["searches"] = searches
    return figures


def run_worker(database_url: str, runs: int, explain: bool) -> dict:
    args = [sys.executable, __file__, "--worker", "--runs", str(runs)]
    if explain:
        args.append("--explain")
    done = subprocess.run(
        args, cwd=ROOT, env=environment(database_url), capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(done.returncode)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--explain", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--skip-seed", action="store_true", help="Reuse the databases as they are.")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if options.worker:
        print(json.dumps(worker(options.runs, options.explain), ensure_ascii=False))
        return

    big_url = BENCH_DATABASE_URL
    small_url = big_url + "_1k"
    print("Préparation des bases (création, migrations, seed_demo) :", flush=True)
    if not options.skip_seed:
        prepare_database(1_000, small_url)
        prepare_database(100_000, big_url)
    small = run_worker(small_url, options.runs, explain=False)
    big = run_worker(big_url, options.runs, explain=True)

    print(f"\nEntreprises : {small['enterprises']} contre {big['enterprises']}")
    for query, result in big["searches"].items():
        print(f"\n--- EXPLAIN ANALYZE de la recherche « {query} » ({result['matches']} fiches) ---")
        print(result["plan"])
        print(
            f"Médiane sur {options.runs} exécutions : {result['median_ms']:.2f} ms en base ; "
            f"index GIN utilisés : {', '.join(result['indexes']) or 'AUCUN'}"
        )
    for url, plans in big["directory_plans"].items():
        print(f"\n--- EXPLAIN (ANALYZE, BUFFERS) de chaque requête SQL de {url} ---")
        for plan in plans:
            print(plan)
            print()
    print(f"\nTemps médian de la page (client de test Django, {options.runs} requêtes) :")
    print(f"{'page':<62} {'1 000':>9} {'100 000':>9} {'rapport':>8}")
    for url in PAGES:
        low, high = small["pages_ms"][url], big["pages_ms"][url]
        print(f"{url:<62} {low:>7.1f}ms {high:>7.1f}ms {high / low:>7.2f}×")
    for label, figures in (("1 000", small), ("100 000", big)):
        mix = figures["mix"]
        print(
            f"Mélange de l'annuaire à {label} entreprises ({mix['urls']} URL différentes, "
            f"cache de page coupé) : médiane {mix['median_ms']:.1f} ms (seuil : 15 ms), "
            f"9e décile {mix['p90_ms']:.1f} ms, dont SQL {mix['sql_median_ms']:.1f} ms (médiane)"
        )
    ratio = big["mix"]["median_ms"] / small["mix"]["median_ms"]
    print(f"Rapport 100 000 / 1 000 du mélange : {ratio:.2f}× (seuil : 1,5×)")


if __name__ == "__main__":
    main()
