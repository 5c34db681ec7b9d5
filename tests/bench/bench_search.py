"""Site-wide search at scale: per-query median database time and the plans, printed.

Runs against the benchmark database (BENCH_DATABASE_URL, default the one of common.py),
filled with 100,000 generated enterprises when it is empty (BENCH_ENTERPRISES to change).
For each query it runs the whole site search (analysis, index, directory, facets)
REPEAT times and prints two medians: the database time (the sum, over every SQL
statement the search sent, of PostgreSQL's planning and execution time, from EXPLAIN
ANALYZE of that statement) and the round trip seen by Django (on a shared, loaded machine
it adds the client's and the network's waits); then EXPLAIN (ANALYZE, BUFFERS) of the
slowest statement of the broad queries. The bar: every median
under 30 ms.

    BENCH_DATABASE_URL=postgres:///ess_search_bench python tests/bench/bench_search.py
"""

import json
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.common import BENCH_DATABASE_URL, bench_env, prepare_database  # noqa: E402

ENTERPRISES = int(os.environ.get("BENCH_ENTERPRISES", "100000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))
BAR_MS = 30.0
QUERIES = (
    # broad words, matching thousands of records
    "recyclerie",
    "habitat",
    "association",
    "insertion",
    "economie circulaire",
    "solidaire",
    # names, places, themes, acronyms, typos, pages
    "realis",
    "catalys",
    "montpelier",
    "tolouse",
    "ariege",
    "mobilite",
    "ptce",
    "pole territorial de cooperation economique",
    "srdeii",
    "carole delga",
    "donnees ouvertes",
    "cafe associatif toulouse",
    "zzqxv",
)
EXPLAINED = tuple(
    os.environ.get("BENCH_EXPLAIN", "recyclerie,association,habitat,realis").split(",")
)


def setup_django():
    os.environ.update(bench_env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "occitanie_ess.settings")
    import django

    django.setup()


def enterprise_count() -> int:
    import psycopg

    try:
        with psycopg.connect(BENCH_DATABASE_URL) as conn:
            row = conn.execute(
                "SELECT count(*) FROM structures_organisation WHERE category = 'entreprise'"
            ).fetchone()
            return row[0]
    except psycopg.Error:
        return 0


def server_time(connection, sql: str) -> float:
    """Return PostgreSQL's planning + execution time of `sql`, in ms (EXPLAIN ANALYZE)."""
    total = 0.0
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
        plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
        total += plan.get("Planning Time", 0.0) + plan.get("Execution Time", 0.0)
    return total


def main() -> int:
    if enterprise_count() < ENTERPRISES * 0.9:
        prepare_database(ENTERPRISES)
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from occitanie_ess.common.search import search

    print(f"{enterprise_count()} entreprises; {REPEAT} runs per query; bar {BAR_MS:.0f} ms")
    for query in QUERIES:  # warm the caches once
        search(query)
    failures = 0
    slowest = {}
    print(f"{'query':45} {'db ms':>7} {'trip ms':>8} {'statements':>10} {'results':>8}")
    for query in QUERIES:
        db_totals, trip_totals = [], []
        for _run in range(REPEAT):
            with CaptureQueriesContext(connection) as captured:
                outcome = search(query)
            statements = captured.captured_queries
            trip_totals.append(sum(float(q["time"]) for q in statements) * 1000)
            timings = [(server_time(connection, q["sql"]), q["sql"]) for q in statements]
            db_totals.append(sum(t for t, _sql in timings))
            slowest[query] = max(timings)[1]
        median = statistics.median(db_totals)
        flag = "" if median < BAR_MS else "  <-- over the bar"
        failures += median >= BAR_MS
        count = len(outcome.results) + len(outcome.facets)
        trip = statistics.median(trip_totals)
        print(f"{query:45} {median:7.1f} {trip:8.1f} {len(statements):10d} {count:8d}{flag}")
    for query in EXPLAINED:
        print(f"\nEXPLAIN (ANALYZE, BUFFERS), slowest statement of « {query} »:")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[query])
            for (line,) in cursor.fetchall():
                print("  " + line)
    print(f"\n{len(QUERIES) - failures}/{len(QUERIES)} queries under {BAR_MS:.0f} ms (median)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
