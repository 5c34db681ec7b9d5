#!/usr/bin/env bash
# Print the path of a Python >= 3.12 (Django 6.1 needs it), or explain what to install.
set -u
candidates=()
for name in python3.13 python3.12 python3.14 python3; do
  command -v "$name" >/dev/null 2>&1 && candidates+=("$(command -v "$name")")
done
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for dir in "$root"/versions/3.13* "$root"/versions/3.12* "$root"/versions/3.14*; do
    [ -x "$dir/bin/python3" ] && candidates+=("$dir/bin/python3")
  done
fi
for dir in "$HOME"/.pyenv/versions/3.13* "$HOME"/.pyenv/versions/3.12* /usr/local/bin /usr/bin; do
  for exe in "$dir/bin/python3" "$dir/python3.13" "$dir/python3.12"; do
    [ -x "$exe" ] && candidates+=("$exe")
  done
done
for exe in "${candidates[@]}"; do
  # A pyenv shim may exist and still fail: run it to be sure.
  if "$exe" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
    echo "$exe"
    exit 0
  fi
done
cat >&2 <<'MSG'
Aucun Python 3.12 ou plus récent n'a été trouvé : installez-en un (par exemple
`apt install python3.13 python3.13-venv` ou `pyenv install 3.13`), puis relancez.
No Python >= 3.12 found: install one (e.g. `apt install python3.13 python3.13-venv`
or `pyenv install 3.13`) and run the command again.
MSG
exit 1
