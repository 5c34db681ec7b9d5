import copy
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"database: ok\ncache: ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_is_unreachable(client):
    """Point the real connection at a port where nothing listens; no mock involved."""
    saved = copy.deepcopy(connection.settings_dict)
    connection.close()
    connection.close_pool()  # the pool (settings) holds connections to the real server
    connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": "1"})
    if "pool" in connection.settings_dict["OPTIONS"]:
        connection.settings_dict["OPTIONS"]["pool"]["timeout"] = 1
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.close_pool()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert response.status_code == 503


def run_manage(*args, env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "p" * 20 + "-production-like-secret-key-with-enough-entropy-Zx9!",
    "DJANGO_ALLOWED_HOSTS": "ess.laregion.fr",
    "DJANGO_EMAIL_HOST": "smtp.exemple.fr",
}


def test_check_deploy_is_clean_with_production_variables():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION_ENV, DJANGO_SECRET_KEY="")
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY est obligatoire" in result.stderr


def test_offline_commands_run_without_the_secret_key():
    """makemigrations (a pre-commit hook, an image build) signs nothing and serves no one:
    neither the key nor the shared cache is needed."""
    result = run_manage(
        "makemigrations",
        "--check",
        "--dry-run",
        env_overrides={"DJANGO_DEBUG": "0", "REDIS_URL": ""},
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_development_writes_mail_as_files_and_production_uses_smtp():
    script = (
        "from django.conf import settings; from django.core import mail; "
        "print(type(mail.mailers.default).__module__)"
    )
    dev = run_manage("shell", "--no-imports", "-c", script, env_overrides={"DJANGO_DEBUG": "1"})
    # One readable .eml file per message (occitanie_ess.common.mail_backends).
    assert dev.stdout.strip() == "occitanie_ess.common.mail_backends", dev.stderr
    prod = run_manage("shell", "--no-imports", "-c", script, env_overrides=PRODUCTION_ENV)
    assert prod.stdout.strip() == "django.core.mail.backends.smtp", prod.stderr


def test_liveness_answers_without_the_database(client):
    response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.content == b"ok\n"
