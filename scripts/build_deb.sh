#!/usr/bin/env bash
# Packs the PyInstaller folder (dist/SoilDesk, from build_installer.spec) into a .deb for
# Debian-based desktops (统信 UOS, 麒麟 Kylin): the program in /opt/soildesk, `soildesk`
# on the PATH, a desktop entry and its icon. Usage: scripts/build_deb.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist}
dist=dist/SoilDesk
[ -x "$dist/SoilDesk" ] || { echo "先构建：pyinstaller build_installer.spec" >&2; exit 1; }
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' soildesk/__init__.py)
arch=$(dpkg --print-architecture)
glibc=$(.venv/bin/python -m scripts.glibc_floor "$dist" | sed -n 's/^oldest glibc: \([0-9.]*\).*/\1/p')
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
         "$root/usr/share/icons/hicolor/256x256/apps"
cp -a "$dist" "$root/opt/soildesk"
ln -s /opt/soildesk/SoilDesk "$root/usr/bin/soildesk"
cp resources/icons/soildesk.png "$root/usr/share/icons/hicolor/256x256/apps/soildesk.png"
cat > "$root/usr/share/applications/soildesk.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=SoilDesk
Name[zh_CN]=土壤污染防治任务管理
GenericName=Task breakdown table
GenericName[zh_CN]=任务分解表管理
Comment=县级土壤污染防治行动计划任务分解表、进展与佐证材料
Exec=/opt/soildesk/SoilDesk
Icon=soildesk
Terminal=false
Categories=Office;
StartupWMClass=SoilDesk
DESKTOP
size=$(du -sk "$root" | cut -f1)
# What the bundle leaves to the system (build_installer.spec, SYSTEM_LIBS): glibc, CUPS
# for printing, and the X11/D-Bus libraries every desktop has.
cat > "$root/DEBIAN/control" <<CONTROL
Package: soildesk
Version: $version
Architecture: $arch
Maintainer: SoilDesk <soildesk@localhost>
Installed-Size: $size
Depends: libc6 (>= $glibc), libcups2, libdbus-1-3, libsystemd0, libfontconfig1, libx11-6, libgl1
Section: misc
Priority: optional
Description: 县级土壤污染防治行动计划任务分解表管理程序
 Task breakdown table, progress and evidence of a county's soil pollution
 prevention action plan, working offline.
CONTROL
mkdir -p "$out"
deb="$out/soildesk_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb ($(du -h "$deb" | cut -f1), glibc >= $glibc)"
