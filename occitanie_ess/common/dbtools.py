"""Database tools: the French message of a broken constraint, and backup and restore of
the portal's PostgreSQL database with pg_dump / pg_restore."""

import os
import subprocess
from pathlib import Path

import dj_database_url
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _


def constraint_name(error: IntegrityError) -> str:
    """Return the name of the constraint that `error` broke, as PostgreSQL reports it
    (psycopg's diagnostic, never parsed from the message text), or "" when it names none."""
    return getattr(getattr(error.__cause__, "diag", None), "constraint_name", None) or ""


def constraint_error(error: IntegrityError, model) -> ValidationError:
    """Return the French ValidationError of the `model` constraint that `error` broke (its
    `violation_error_message`, coded with its `violation_error_code` or its name), or a
    general refusal when it broke none of `model`'s constraints.

    Services catch the IntegrityError of a race the Python checks could not see (two
    requests at once) and raise this instead: the person reads the rule, not a 500.
    """
    name = constraint_name(error)
    for constraint in model._meta.constraints:
        if name and constraint.name == name:
            return ValidationError(
                constraint.get_violation_error_message(),
                code=constraint.violation_error_code or name,
            )
    return ValidationError(_("L'enregistrement a été refusé : réessayez."), code="integrity")


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
