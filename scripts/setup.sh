#!/usr/bin/env bash
# Sets up everything SoilDesk needs on a fresh Debian machine: the system libraries
# Qt needs (offscreen and on a real screen), a CJK font for screenshots and PDFs,
# and a virtual environment in .venv with the program and its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6
      libglib2.0-0 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
      libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-image0 libxcb-render-util0
      fonts-noto-cjk fonts-wqy-zenhei fonts-crosextra-carlito poppler-utils python3-venv)
# Carlito has Calibri's metrics: LibreOffice then sizes the exported workbook's columns as
# Excel does, so a rendered export shows the page breaks a clerk's Excel/WPS prints.
if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in "${debs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
# The tested set: every version is pinned by requirements.lock (scripts/lock.sh rebuilds it).
.venv/bin/python -m pip install -q --disable-pip-version-check -c requirements.lock -e '.[test]'
