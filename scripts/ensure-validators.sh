#!/usr/bin/env bash
# The open-data tests run the validators reusers use: the Nu Html Checker (npm vnu-jar,
# which needs Java 17 or later) on every page template; frictionless, data-inclusion-schema,
# feedparser, icalendar and schemathesis come with the Python dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
if ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installation de Java 17 (paquet Debian openjdk-17-jre-headless) pour le validateur HTML"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jre-headless >/dev/null || {
      apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jre-headless >/dev/null; }
  else
    echo "Java 17 (ou plus récent) est nécessaire au validateur HTML (Nu Html Checker) : sudo apt install openjdk-17-jre-headless" >&2
    echo "Java 17 or later is required by the HTML checker: sudo apt install openjdk-17-jre-headless" >&2
    exit 1
  fi
fi
if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  command -v npm >/dev/null 2>&1 || { echo "npm (Node.js) est requis / npm is required: sudo apt install nodejs npm" >&2; exit 1; }
  npm ci --no-audit --no-fund --silent
fi
