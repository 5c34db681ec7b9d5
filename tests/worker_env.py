"""Loaded with `-p` before Django's settings: give each pytest-xdist worker its own cache
key prefix, so that one worker's cache clearing never removes another's rate-limit
counters or cached pages in the shared Redis."""

import os

os.environ["DJANGO_CACHE_KEY_PREFIX"] = "ess-test-" + os.environ.get("PYTEST_XDIST_WORKER", "main")
