"""Site-wide search at scale: per-query median database time and the plans, printed.

Runs against the benchmark database (BENCH_DATABASE_URL, default the one of common.py),
filled with 100,000 generated enterprises when it is empty (BENCH_ENTERPRISES to change).
For each query it runs the whole site search (analysis, index, directory, facets)
REPEAT times, sums the time of every SQL statement it sent (Django's own per-query
timing, i.e. the round trip to PostgreSQL), and prints the median; then EXPLAIN
(ANALYZE, BUFFERS) of the slowest statement of the broad queries. The bar (QUALITY.md,
issue 12): every median under 30 ms.

    BENCH_DATABASE_URL=postgres:///ess_search_bench python tests/bench/bench_search.py
"""

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
EXPLAINED = ("recyclerie", "association", "habitat", "montpelier")


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
    print(f"{'query':45} {'median ms':>10} {'statements':>10} {'results':>8}")
    for query in QUERIES:
        totals = []
        for _run in range(REPEAT):
            with CaptureQueriesContext(connection) as captured:
                outcome = search(query)
            totals.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
            slow = max(captured.captured_queries, key=lambda q: float(q["time"]))
            slowest[query] = slow["sql"]
        median = statistics.median(totals)
        flag = "" if median < BAR_MS else "  <-- over the bar"
        failures += median >= BAR_MS
        count = len(outcome.results) + len(outcome.facets)
        print(f"{query:45} {median:10.1f} {len(captured.captured_queries):10d} {count:8d}{flag}")
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
