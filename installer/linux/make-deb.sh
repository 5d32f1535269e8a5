#!/usr/bin/env bash
# Package the one-folder program as a .deb for UOS 20 / Kylin V10 / Debian 11+ (x86-64):
#   /opt/budget-desk/                 the folder built by PyInstaller
#   /usr/bin/budget-desk              a symlink, so `budget-desk summary` works from any terminal
#   /usr/share/applications/…         the menu entry, /usr/share/icons/hicolor/… its icon
# The user's data (~/.local/share/BudgetDesk or BUDGET_DESK_HOME) is never touched by dpkg:
# removing the package leaves it in place.
# Dependencies: each system library the bundle's ELF files need (installer/check_glibc.py lists
# them) mapped to its Debian package; an unmapped library fails the build, so a new dependency
# cannot slip through undeclared.
# Usage: bash installer/linux/make-deb.sh dist/budget-desk VERSION OUT_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
BUNDLE=$(realpath "$1"); VERSION=$2; OUT=$(realpath -m "$3")
PYTHON=${PYTHON:-python3}

declare -A PACKAGE_OF=(
  [libc.so.6]="libc6 (>= 2.28)" [libm.so.6]="libc6 (>= 2.28)" [libdl.so.2]="libc6 (>= 2.28)"
  [libpthread.so.0]="libc6 (>= 2.28)" [librt.so.1]="libc6 (>= 2.28)" [libutil.so.1]="libc6 (>= 2.28)"
  [ld-linux-x86-64.so.2]="libc6 (>= 2.28)" [libcrypt.so.1]="libc6 (>= 2.28)"
  [libstdc++.so.6]="libstdc++6 (>= 8)" [libgcc_s.so.1]="libgcc1 | libgcc-s1"
  [libz.so.1]=zlib1g [libGL.so.1]=libgl1 [libEGL.so.1]=libegl1 [libOpenGL.so.0]=libopengl0
  [libGLX.so.0]=libglx0 [libfontconfig.so.1]=libfontconfig1 [libfreetype.so.6]=libfreetype6
  [libglib-2.0.so.0]=libglib2.0-0 [libgobject-2.0.so.0]=libglib2.0-0 [libgthread-2.0.so.0]=libglib2.0-0
  [libgio-2.0.so.0]=libglib2.0-0 [libdbus-1.so.3]=libdbus-1-3 [libX11.so.6]=libx11-6
  [libX11-xcb.so.1]=libx11-xcb1 [libXext.so.6]=libxext6 [libXrender.so.1]=libxrender1
  [libXi.so.6]=libxi6 [libSM.so.6]=libsm6 [libICE.so.6]=libice6 [libxcb.so.1]=libxcb1
  [libxcb-cursor.so.0]=libxcb-cursor0 [libxcb-icccm.so.4]=libxcb-icccm4 [libxcb-image.so.0]=libxcb-image0
  [libxcb-keysyms.so.1]=libxcb-keysyms1 [libxcb-randr.so.0]=libxcb-randr0
  [libxcb-render-util.so.0]=libxcb-render-util0 [libxcb-render.so.0]=libxcb-render0
  [libxcb-shape.so.0]=libxcb-shape0 [libxcb-shm.so.0]=libxcb-shm0 [libxcb-sync.so.1]=libxcb-sync1
  [libxcb-util.so.1]=libxcb-util1 [libxcb-xfixes.so.0]=libxcb-xfixes0 [libxcb-xinerama.so.0]=libxcb-xinerama0
  [libxcb-xkb.so.1]=libxcb-xkb1 [libxcb-xinput.so.0]=libxcb-xinput0 [libxcb-glx.so.0]=libxcb-glx0
  [libxkbcommon.so.0]=libxkbcommon0 [libxkbcommon-x11.so.0]=libxkbcommon-x11-0
  [libdrm.so.2]=libdrm2 [libgbm.so.1]=libgbm1 [libexpat.so.1]=libexpat1 [libuuid.so.1]=libuuid1
  [libzstd.so.1]=libzstd1 [libgthread-2.0.so.0]=libglib2.0-0 [libXau.so.6]=libxau6
)

deps=()
missing=()
while read -r lib; do
  [ -n "$lib" ] || continue
  if [ -n "${PACKAGE_OF[$lib]:-}" ]; then deps+=("${PACKAGE_OF[$lib]}"); else missing+=("$lib"); fi
done < <("$PYTHON" installer/check_glibc.py "$BUNDLE" --list-needed)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "make-deb: no Debian package known for: ${missing[*]} (add it to PACKAGE_OF)" >&2; exit 1
fi
# what Qt loads with dlopen (not in any NEEDED): the xcb platform plugin's cursor theme and input
deps+=(libxcb-cursor0 libxkbcommon-x11-0)
DEPENDS=$(printf '%s\n' "${deps[@]}" | sort -u | paste -sd, - | sed 's/,/, /g')

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
chmod 755 "$STAGE"  # the package's "./": mktemp's 0700 must not reach the target's /
install -d "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications"
cp -a "$BUNDLE" "$STAGE/opt/budget-desk"
ln -s /opt/budget-desk/budget-desk "$STAGE/usr/bin/budget-desk"
install -m644 installer/linux/budget-desk.desktop "$STAGE/usr/share/applications/budget-desk.desktop"
for size in 16 24 32 48 64 128 256; do
  install -D -m644 "resources/icons/budget-desk-$size.png" \
    "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/budget-desk.png"
done
install -D -m644 resources/icons/budget-desk.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/budget-desk.svg"
INSTALLED_KB=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: budget-desk
Version: $VERSION
Section: misc
Priority: optional
Architecture: amd64
Maintainer: Budget Desk <budget-desk@localhost>
Installed-Size: $INSTALLED_KB
Depends: $DEPENDS
Description: 预算绩效工作台 (Budget Desk)
 Offline desktop tool for a department's budget, spending, procurement,
 assets, staff and performance self-evaluation; Excel and Word reports.
 Runs on glibc 2.28 and newer (UOS 20, Kylin V10).
CONTROL
# the menu and icon caches; nothing of the user's data is created or removed here
for script in postinst postrm; do
  cat > "$STAGE/DEBIAN/$script" <<'SCRIPT'
#!/bin/sh
set -e
if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q /usr/share/applications || true; fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true; fi
exit 0
SCRIPT
  chmod 755 "$STAGE/DEBIAN/$script"
done
mkdir -p "$OUT"
DEB="$OUT/budget-desk_${VERSION}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null
echo "$DEB"
