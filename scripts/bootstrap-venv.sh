#!/usr/bin/env bash
# Create .venv with a suitable Python and install the locked dependencies, telling what it
# does: the first install downloads about a hundred packages (a few minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n==> %s\n' "$*"; }
started=$SECONDS
fresh=0
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
  python=$(scripts/find-python.sh)
  step "[1/3] Création de l'environnement Python (.venv) avec $python"
  rm -rf .venv
  "$python" -m venv .venv
  fresh=1
else
  step "[1/3] Environnement Python : .venv existe déjà"
fi
step "[2/3] Mise à jour de pip"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
if [ "$fresh" = 1 ]; then
  count=$(grep -cv '^#' requirements.lock || true)
  step "[3/3] Installation des $count dépendances verrouillées (requirements.lock) : quelques minutes la première fois"
  # One line per package, so that a first install is never a long silence.
  .venv/bin/python -m pip install --disable-pip-version-check --progress-bar off -r requirements.lock \
    | grep --line-buffered -E '^(Collecting|Successfully installed)' | sed -u 's/^/    /'
else
  step "[3/3] Dépendances : mise à jour selon requirements.lock"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
fi
.venv/bin/python -m pip check
printf '\nEnvironnement prêt en %s s.\n' "$((SECONDS - started))"
