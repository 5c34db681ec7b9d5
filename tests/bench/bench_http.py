"""HTTP throughput of the directory under gunicorn, against a trivial view, with wrk.

Prints requests per second of /healthz/live (a constant string) and of /annuaire/, their
ratio (QUALITY.md: at least 0.5), and a 30-second run with 64 connections on the directory
(no error, no non-2xx answer). Usage: .venv/bin/python tests/bench/bench_http.py [N]
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.common import Gunicorn, prepare_database  # noqa: E402


def wrk(url: str, *, connections: int, seconds: int) -> dict:
    """Run wrk on `url`; return requests/s, non-2xx/3xx answers and socket errors."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": rps,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
        "latency_p50": re.search(r"50%\s+(\S+)", out).group(1),
        "latency_p99": re.search(r"99%\s+(\S+)", out).group(1),
    }


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk est requis : apt install wrk")
    enterprises = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    prepare_database(enterprises)
    with Gunicorn(workers=2) as server:
        base = f"http://127.0.0.1:{server.port}"
        wrk(f"{base}/annuaire/", connections=8, seconds=3)  # warm-up
        trivial = wrk(f"{base}/healthz/live", connections=8, seconds=10)
        directory = wrk(f"{base}/annuaire/", connections=8, seconds=10)
        print(f"trivial view   /healthz/live : {trivial['rps']:.0f} req/s")
        print(f"directory      /annuaire/    : {directory['rps']:.0f} req/s")
        print(
            f"ratio directory / trivial    : {directory['rps'] / trivial['rps']:.2f} (bar: >= 0.50)"
        )
        load = wrk(f"{base}/annuaire/", connections=64, seconds=30)
        print(
            f"64 connections, 30 s on /annuaire/: {load['rps']:.0f} req/s, "
            f"p50 {load['latency_p50']}, p99 {load['latency_p99']}, "
            f"non-2xx {load['non_2xx']}, socket errors {load['socket_errors']} (bar: 0 and 0)"
        )


if __name__ == "__main__":
    main()
