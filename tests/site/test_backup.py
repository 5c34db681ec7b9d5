import uuid
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from tests.structures.factories import EnterpriseFactory, SupportFactory


def table_counts(dbname: str) -> dict[str, int]:
    """Return the row count of every table of the public schema in `dbname`."""
    with psycopg.connect(dbname=dbname, autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_keeps_every_row(tmp_path):
    EnterpriseFactory.create_batch(5)
    SupportFactory.create_batch(3)
    dump = tmp_path / "portail.dump"
    call_command("backup_db", "--output", str(dump), stdout=StringIO())
    assert dump.stat().st_size > 0

    target = f"restore_test_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{target}"')
    try:
        call_command(
            "restore_db", str(dump), "--database-url", f"postgres:///{target}", stdout=StringIO()
        )
        source = table_counts(connection.settings_dict["NAME"])
        restored = table_counts(target)
        assert restored == source
        assert restored["structures_organisation"] >= 11
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


def test_restore_refuses_a_missing_file(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("restore_db", str(tmp_path / "absent.dump"))
