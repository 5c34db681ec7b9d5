#!/usr/bin/env bash
# Make sure a PostgreSQL server is reachable, then that the portal's role and database exist.
# With DATABASE_URL set, that server is used as it is. Otherwise the local cluster is
# started if it is installed but stopped, or Debian's `postgresql` is installed (as root).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  cat >&2 <<'MSG'
PostgreSQL est introuvable. Installez-le (Debian/Ubuntu : `sudo apt install postgresql`)
ou indiquez un serveur existant dans DATABASE_URL, puis relancez.
PostgreSQL is not available. Install it (Debian/Ubuntu: `sudo apt install postgresql`)
or point DATABASE_URL at an existing server, then run the command again.
MSG
  exit 1
}

local_ready() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q; }

start_local_clusters() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 1
  pg_lsclusters --no-header | while read -r version cluster _port status _rest; do
    if [ "$status" != "online" ]; then
      echo "Démarrage de PostgreSQL $version/$cluster"
      pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start || \
        pg_ctlcluster "$version" "$cluster" start || true
    fi
  done
  for _ in $(seq 1 20); do local_ready && return 0; sleep 0.5; done
  return 1
}

if [ -z "${DATABASE_URL:-}" ]; then
  if ! local_ready; then
    if ! start_local_clusters; then
      if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installation de PostgreSQL (paquet Debian postgresql)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null || {
          apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; } || fail
        start_local_clusters || fail
      else
        fail
      fi
    fi
  fi
  # The portal connects through the local socket as the current system user.
  me=$(id -un)
  if ! psql -d postgres -Atc "select 1" >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ]; then
      runuser -u postgres -- createuser --superuser "$me" 2>/dev/null || true
    else
      echo "Créez le rôle PostgreSQL « $me » : sudo -u postgres createuser --createdb $me" >&2
      echo "Create the PostgreSQL role '$me': sudo -u postgres createuser --createdb $me" >&2
      exit 1
    fi
  fi
fi
exec .venv/bin/python scripts/ensure_database.py
