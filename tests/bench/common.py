"""Helpers shared by the benchmark scripts: a dedicated database, demo data, a server."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres:///occitanie_ess_bench")


def bench_env(**extra) -> dict:
    """Return a production-like environment pointed at the benchmark database."""
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": BENCH_DATABASE_URL,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": env.get("DJANGO_SECRET_KEY") or "bench-only-secret-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_STATIC_MANIFEST": "1",
            "DJANGO_LOG_LEVEL": "ERROR",
            # Measure the pages' real cost: visitors' varied queries miss the page cache.
            "DJANGO_PUBLIC_PAGE_CACHE_SECONDS": "0",
        }
    )
    # Production settings require the shared cache (rate limits); `make bench` exports it.
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    # Seeding renders pages into the search index as the public site: its host must be
    # one the settings allow, as in production.
    env.setdefault("DJANGO_SITE_URL", "http://127.0.0.1:8765")
    env.update(extra)
    return env


def bench_database_name(url: str = BENCH_DATABASE_URL) -> str:
    """Return the database name of a postgres:/// URL."""
    import dj_database_url

    return dj_database_url.parse(url)["NAME"]


def manage(*args, env=None, quiet=True):
    """Run manage.py with the benchmark environment."""
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env or bench_env(),
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def prepare_database(enterprises: int, url: str = BENCH_DATABASE_URL) -> None:
    """Create, migrate and fill the benchmark database `url` with `enterprises` enterprises."""
    import psycopg

    name = bench_database_name(url)
    env = bench_env(DATABASE_URL=url)
    with psycopg.connect(dbname="postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    manage("migrate", "--noinput", env=env)
    # Seeding renders pages into the search index: with production settings they need the
    # static files' manifest, so collect it first.
    manage("collectstatic", "--noinput", "--verbosity", "0", env=env)
    started = time.perf_counter()
    manage("seed_demo", "--enterprises", str(enterprises), env=env)
    print(f"{name}: seed_demo --enterprises {enterprises}: {time.perf_counter() - started:.1f} s")
    with psycopg.connect(dbname=name, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


class Gunicorn:
    """A gunicorn server with production settings, for the duration of a `with` block."""

    def __init__(self, port: int = 8765, workers: int = 2):
        self.port = port
        self.workers = workers

    def __enter__(self):
        # The server serves hashed static names: collect the current files first, or a
        # stale manifest makes every page a 500 and the figures measure errors.
        manage("collectstatic", "--noinput", "--verbosity", "0")
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "occitanie_ess.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=bench_env(),
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=20)
