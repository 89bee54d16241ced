#!/usr/bin/env bash
# Rebuilds requirements.lock from pyproject.toml in a throw-away venv: the newest releases
# that pyproject.toml admits (known-bad ones are excluded there). Run the suite after it.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"${PYTHON:-python3}" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q --disable-pip-version-check -e '.[test,build]'
{
  sed -n '1,4p' requirements.lock
  "$tmp/venv/bin/pip" freeze --all --exclude-editable | grep -v '^-e\|^#\|^pip=='
  echo "pefile==2024.8.26 ; sys_platform == 'win32'"
  echo "pywin32-ctypes==0.2.3 ; sys_platform == 'win32'"
} > "$tmp/lock" && mv "$tmp/lock" requirements.lock
echo "requirements.lock rewritten; now run: .venv/bin/python -m pytest"
