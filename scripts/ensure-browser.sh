#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through Playwright and inject axe-core (npm).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installation de Chromium (paquets Debian chromium et chromium-driver)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null || {
      apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null; }
  else
    echo "Chromium est requis pour les tests de navigateur : sudo apt install chromium" >&2
    echo "Chromium is required by the browser tests: sudo apt install chromium" >&2
    exit 1
  fi
fi
if [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  command -v npm >/dev/null 2>&1 || { echo "npm (Node.js) est requis / npm is required: sudo apt install nodejs npm" >&2; exit 1; }
  npm ci --no-audit --no-fund --silent
fi
