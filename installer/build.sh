#!/usr/bin/env bash
# Build the Linux program for UOS 20 / Kylin V10 (x86-64, glibc 2.28 and newer) on a Debian 12
# machine: dist/budget-desk/ (the one folder) and dist/budget-desk_<version>_amd64.deb.
#
#   bash installer/build.sh            the whole route (installer/README.md): a Python built for
#                                      glibc 2.28, manylinux wheels, PyInstaller, trim, check, .deb
#   BUDGET_DESK_BUNDLE_PLATFORMS=offscreen bash installer/build.sh
#                                      the same, keeping Qt's offscreen platform (headless tests)
#
# Needs: root or sudo for the first run (adds a deb-src line for bookworm and installs objdump and
# patch), Debian's and PyPI's package registries. About 15–25 minutes on 2 cores the first time;
# the Python under build/glibc228/ is kept for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/build/glibc228
DIST=$ROOT/dist
VERSION=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
SECONDS=0
step() { printf '\n== %s (%d s)\n' "$1" "$SECONDS"; }

step "build tools and Debian source packages"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if ! apt-cache showsrc python3.11 2>/dev/null | grep -q '^Version: 3\.11\.2-'; then  # bookworm's sources
  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' |
    $SUDO tee /etc/apt/sources.list.d/budget-desk-src.sources >/dev/null
  $SUDO apt-get update -qq
fi
for tool in objdump:binutils patch:patch make:make dpkg-deb:dpkg tclsh:tcl file:file; do
  command -v "${tool%%:*}" >/dev/null || $SUDO apt-get install -y -qq --no-install-recommends "${tool#*:}" >/dev/null
done

step "CPython 3.11 for glibc 2.28 (installer/linux/build-python.sh)"
bash installer/linux/build-python.sh "$WORK"

step "wheels: the program and its dependencies, manylinux_2_28 or older"
rm -rf "$WORK/wheels"
python3 -m pip wheel -q --no-deps -w "$WORK/wheels" "$ROOT"
# pip takes --platform literally: every manylinux tag up to 2.28 is named, with the legacy aliases
PLATFORMS=()
for minor in $(seq 28 -1 5); do PLATFORMS+=(--platform "manylinux_2_${minor}_x86_64"); done
PLATFORMS+=(--platform manylinux2014_x86_64 --platform manylinux2010_x86_64 --platform manylinux1_x86_64)
python3 -m pip download -q -d "$WORK/wheels" --only-binary=:all: --implementation cp \
  --python-version 3.11 --abi cp311 --abi abi3 --abi none "${PLATFORMS[@]}" \
  "$WORK"/wheels/budget_desk-*.whl "pyinstaller>=6.10,<7"
if [ ! -x "$WORK/venv/bin/python" ]; then
  "$WORK/python/bin/python3.11" -m venv "$WORK/venv"
fi
"$WORK/venv/bin/python" -m pip install -q --no-index --find-links "$WORK/wheels" --upgrade \
  "$(ls "$WORK"/wheels/budget_desk-*.whl)" pyinstaller
"$WORK/venv/bin/python" -m pip uninstall -q -y budget-desk  # the spec takes desktop/ from the tree

step "PyInstaller"
rm -rf "$DIST/budget-desk"
"$WORK/venv/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$DIST" \
  --workpath "$WORK/pyinstaller" installer/budget-desk.spec
install -m644 installer/linux/budget-desk.desktop "$DIST/budget-desk/budget-desk.desktop"
# Strip what wheels left unstripped, except the libraries auditwheel vendored into *.libs/:
# strip breaks those patchelf-ed files (numpy's OpenBLAS would not load). PyInstaller's own strip
# option would strip them too, so the spec leaves it off.
find "$DIST/budget-desk" -type f ! -path "*.libs/*" -exec file {} + | grep 'ELF.*not stripped' |
  cut -d: -f1 | xargs -r strip --strip-unneeded

step "check: the highest glibc any file needs"
python3 installer/check_glibc.py "$DIST/budget-desk"

step ".deb"
DEB=$(bash installer/linux/make-deb.sh "$DIST/budget-desk" "$VERSION" "$DIST")
python3 installer/check_glibc.py "$DEB" >/dev/null

step "done"
printf 'folder: %s (%s, %s files)\n' "$DIST/budget-desk" "$(du -sh "$DIST/budget-desk" | cut -f1)" \
  "$(find "$DIST/budget-desk" -type f | wc -l)"
printf '.deb:   %s (%s)\n' "$DEB" "$(du -h "$DEB" | cut -f1)"
