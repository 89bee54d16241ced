#!/usr/bin/env bash
# Build the program with PyInstaller and run the frozen build headless: version, the
# self-test, demo plan into a fresh database, list it, open the window to first paint.
# Then pack the .deb, install it as a clerk's machine would, and run the self-test and
# the window from the installed copy. Prints the folder's size and its oldest glibc.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pip install -q --disable-pip-version-check -c requirements.lock -e '.[build]'
.venv/bin/pyinstaller --noconfirm --clean --log-level ERROR build_installer.spec
dist=dist/SoilDesk
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export QT_QPA_PLATFORM=offscreen

smoke() {  # $1: the executable
  "$1" --version
  "$1" --selftest  # import, progress, evidence, export, every PDF, verified
  "$1" --db "$tmp/smoke.db" demo
  "$1" --db "$tmp/smoke.db" plans
  SOILDESK_STARTUP_PROBE=$(date +%s.%N) "$1" --db "$tmp/smoke.db"
  rm -f "$tmp"/smoke.db*
}

echo "== frozen folder"
smoke "$dist/SoilDesk"
echo "size: $(du -sh "$dist" | cut -f1)"
.venv/bin/python -m scripts.glibc_floor "$dist"

echo "== .deb"
built=$(scripts/build_deb.sh "$tmp")  # not tee /dev/stderr: that reopens and empties a log file
echo "$built"
deb=${built%% *}
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -qq --no-install-recommends "$deb" >/dev/null \
  || { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "$deb" >/dev/null; }
test -f /usr/share/applications/soildesk.desktop
test -f /usr/share/icons/hicolor/256x256/apps/soildesk.png
smoke soildesk
$sudo apt-get remove -y -qq soildesk >/dev/null
test ! -e /opt/soildesk/SoilDesk
echo "build and smoke test passed"
