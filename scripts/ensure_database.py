"""Create the database named by DATABASE_URL (default: local `occitanie_ess`) if missing."""

import os
import sys

import dj_database_url
import psycopg
from psycopg import sql

url = os.environ.get("DATABASE_URL", "postgres:///occitanie_ess")
config = dj_database_url.parse(url)
params = {
    "dbname": "postgres",
    "user": config.get("USER") or None,
    "password": config.get("PASSWORD") or None,
    "host": config.get("HOST") or None,
    "port": config.get("PORT") or None,
}
params = {key: value for key, value in params.items() if value}
try:
    with psycopg.connect(**params, autocommit=True, connect_timeout=10) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"Base de données « {config['NAME']} » créée.")
except psycopg.Error as error:
    sys.exit(
        f"Connexion à PostgreSQL impossible / cannot connect to PostgreSQL: {error}\n"
        "Vérifiez DATABASE_URL et que le serveur est démarré / check DATABASE_URL and the server."
    )
