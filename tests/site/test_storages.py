"""STORAGES comes from the environment: filesystem by default, S3 when configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setting_with(name: str, *, drop: str, **env) -> dict:
    """Return the setting `name` as a fresh process computes it from the environment: this
    one without the variables that start with `drop`, plus `env`."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    environment.update(
        DJANGO_SETTINGS_MODULE="occitanie_ess.settings", DJANGO_SECRET_KEY="x" * 50, **env
    )
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps(settings.{name}, default=str))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def storages_with(**env) -> dict:
    return setting_with("STORAGES", drop="DJANGO_S", **env)


def test_files_stay_on_the_filesystem_by_default():
    storages = storages_with()
    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storages["private"]["BACKEND"] == "occitanie_ess.common.storage.PrivateFileSystemStorage"


def test_an_s3_compatible_store_is_configured_by_environment():
    storages = storages_with(
        DJANGO_STORAGE="s3",
        DJANGO_S3_BUCKET="portail-ess",
        DJANGO_S3_ENDPOINT_URL="https://s3.exemple.fr",
        DJANGO_S3_ACCESS_KEY_ID="id",
        DJANGO_S3_SECRET_ACCESS_KEY="secret",
    )
    media, private = storages["default"], storages["private"]
    assert media["BACKEND"] == private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["bucket_name"] == private["OPTIONS"]["bucket_name"] == "portail-ess"
    assert media["OPTIONS"]["endpoint_url"] == "https://s3.exemple.fr"
    assert (media["OPTIONS"]["location"], private["OPTIONS"]["location"]) == ("media", "private")
    # Attachments are never public: signed, short-lived links only.
    assert private["OPTIONS"]["querystring_auth"] is True
    assert private["OPTIONS"]["default_acl"] == "private"


def database_with(**env) -> dict:
    return setting_with("DATABASES['default']", drop="DJANGO_DB_POOL", **env)


def test_connections_come_from_psycopg_pool_by_default():
    database = database_with()
    assert database["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections
    assert database["OPTIONS"]["pool"]["max_size"] == 20
    persistent = database_with(DJANGO_DB_POOL="0", DJANGO_CONN_MAX_AGE="60")
    assert "pool" not in persistent.get("OPTIONS", {})
    assert persistent["CONN_MAX_AGE"] == 60 and persistent["CONN_HEALTH_CHECKS"]
