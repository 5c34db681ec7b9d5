#!/usr/bin/env bash
# The HTTP benchmark drives gunicorn with wrk (Debian package wrk).
set -euo pipefail
if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installation de wrk (paquet Debian)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null || {
      apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; }
  else
    echo "wrk est requis pour les mesures de débit : sudo apt install wrk" >&2
    echo "wrk is required by the throughput benchmark: sudo apt install wrk" >&2
    exit 1
  fi
fi
