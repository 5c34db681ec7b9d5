"""Lighthouse 12 (npm) in Debian's Chromium on the production-like site: prints the
performance, accessibility, best-practices and SEO scores of the home page, the
directory, one detail page and the YESS call page.

Bars: performance >= 98, accessibility 100, best practices 100, SEO 100.
Usage: .venv/bin/python tests/bench/bench_lighthouse.py
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.common import Gunicorn, prepare_database  # noqa: E402

PAGES = ["/", "/annuaire/", "/annuaire/realis/", "/yess-academie/"]
FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
BARS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}


def lighthouse(url: str, attempts: int = 3) -> dict[str, int]:
    """Return the four category scores (0-100) of `url` (Lighthouse sometimes fails to
    record a trace on a loaded machine: it is run again, up to `attempts` times)."""
    for _ in range(attempts):
        scores = lighthouse_once(url)
        if scores:
            return scores
    raise RuntimeError(f"Lighthouse failed {attempts} times on {url}")


def lighthouse_once(url: str) -> dict[str, int] | None:
    """Return the four category scores of one Lighthouse run, or None if it failed."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                "npx",
                "--yes",
                "lighthouse@12",
                url,
                f"--chrome-flags={FLAGS}",
                "--only-categories=performance,accessibility,best-practices,seo",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
            ],
            check=False,
            cwd=tmp,
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        )
        if not report.exists():
            return None
        categories = json.loads(report.read_text())["categories"]
    if any(categories[key]["score"] is None for key in BARS):
        return None
    return {key: round(categories[key]["score"] * 100) for key in BARS}


def main():
    prepare_database(1_000)
    failed = False
    with Gunicorn(workers=2) as server:
        for path in PAGES:
            scores = lighthouse(f"http://127.0.0.1:{server.port}{path}")
            below = [k for k, bar in BARS.items() if scores[k] < bar]
            failed |= bool(below)
            line = ", ".join(f"{k} {v}" for k, v in scores.items())
            print(f"{path:24} {line}{'  BELOW BAR: ' + ', '.join(below) if below else ''}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
