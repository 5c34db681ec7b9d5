"""Backup and restore of the portal's PostgreSQL database with pg_dump / pg_restore."""

import os
import subprocess
from pathlib import Path

import dj_database_url


def libpq_env(config: dict) -> dict:
    """Return the environment that points libpq tools at the database in `config`."""
    env = dict(os.environ)
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if config.get(key):
            env[var] = str(config[key])
    return env


def config_from_url(url: str) -> dict:
    """Return Django-style connection settings parsed from a postgres:// URL."""
    return dj_database_url.parse(url)


def dump(config: dict, output: Path) -> None:
    """Write a compressed, custom-format dump of the database to `output`."""
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(output)],
        env=libpq_env(config),
        check=True,
    )


def restore(config: dict, dump_file: Path) -> None:
    """Restore `dump_file` into the (empty) database in `config`, in one transaction."""
    subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            config["NAME"],
            str(dump_file),
        ],
        env=libpq_env(config),
        check=True,
    )
