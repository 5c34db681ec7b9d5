"""Loaded with `-p` before Django's settings: give each test run's pytest-xdist worker its
own cache key prefix (the database's name and the worker), so that one worker clearing its
cache never removes another's rate-limit counters or cached pages in the shared Redis, even
when two checkouts run their suites at once."""

import os

database = os.environ.get("DATABASE_URL", "postgres:///occitanie_ess").rsplit("/", 1)[-1]
worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
os.environ["DJANGO_CACHE_KEY_PREFIX"] = f"ess-test-{database}-{worker}"
