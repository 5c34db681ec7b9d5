#!/usr/bin/env bash
# Make sure the shared cache (Redis) answers at REDIS_URL (default redis://127.0.0.1:6379/0):
# rate-limit counters must be shared by every worker, so tests and `make serve` need it.
# A local Redis that is installed but stopped is started; as root, Debian's redis-server is
# installed when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
url=${REDIS_URL:-redis://127.0.0.1:6379/0}

answers() { .venv/bin/python -c "import redis, sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=1).ping()" "$url" >/dev/null 2>&1; }

fail() {
  cat >&2 <<'MSG'
Redis est introuvable. Installez-le (Debian/Ubuntu : `sudo apt install redis-server`) ou
indiquez un serveur existant dans REDIS_URL, puis relancez.
Redis is not available. Install it (Debian/Ubuntu: `sudo apt install redis-server`) or point
REDIS_URL at an existing server, then run the command again.
MSG
  exit 1
}

start_local() {
  command -v redis-server >/dev/null 2>&1 || return 1
  echo "Démarrage de Redis sur 127.0.0.1:6379"
  mkdir -p /tmp/redis-ess
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp/redis-ess --logfile /tmp/redis-ess/redis.log >/dev/null
  for _ in $(seq 1 20); do answers && return 0; sleep 0.25; done
  return 1
}

answers && exit 0
case "$url" in
  redis://127.0.0.1*|redis://localhost*) ;;
  *) fail ;;
esac
start_local && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installation de Redis (paquet Debian redis-server)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null || {
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null; } || fail
  start_local && exit 0
fi
fail
