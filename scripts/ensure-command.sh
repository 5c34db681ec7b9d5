#!/usr/bin/env bash
# Usage: scripts/ensure-command.sh COMMAND PACKAGE "why (French)" "why (English)"
# Make sure COMMAND is on the PATH: as root with apt, Debian's PACKAGE is installed when it
# is missing; otherwise say what to install, in French and in English, and fail.
set -euo pipefail
command=$1 package=$2 why_fr=$3 why_en=$4
command -v "$command" >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installation de $package (paquet Debian) : $why_fr"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" >/dev/null || {
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" >/dev/null; }
else
  echo "$command est requis ($why_fr) : sudo apt install $package" >&2
  echo "$command is required ($why_en): sudo apt install $package" >&2
  exit 1
fi
