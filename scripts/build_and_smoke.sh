#!/usr/bin/env bash
# Build the program with PyInstaller and run the frozen build headless:
# version, the self-test, demo plan into a fresh database, list it, open the window to
# first paint.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pip install -q -c requirements.lock -e '.[build]'
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN build_installer.spec
dist=dist/SoilDesk
tmp=$(mktemp -d)
"$dist/soildesk-cli" --version
"$dist/soildesk-cli" --selftest  # import, progress, evidence, export, every PDF, verified
"$dist/soildesk-cli" --db "$tmp/smoke.db" demo
"$dist/soildesk-cli" --db "$tmp/smoke.db" plans
SOILDESK_STARTUP_PROBE=$(date +%s.%N) QT_QPA_PLATFORM=offscreen "$dist/SoilDesk" --db "$tmp/smoke.db"
du -sh "$dist"
rm -rf "$tmp"
