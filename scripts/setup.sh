#!/usr/bin/env bash
# Set up Budget Desk on a fresh Debian/Ubuntu/UOS/Kylin machine: the system libraries Qt needs
# and a virtual environment in .venv with the package. Safe to run again.
#   bash scripts/setup.sh          what running the program needs (scripts/run.sh)
#   bash scripts/setup.sh --test   also the test tools: Xvfb, LibreOffice (headless), poppler and
#                                  pytest & co (scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_TESTS=0
[ "${1:-}" = "--test" ] && WITH_TESTS=1

# Libraries PySide6's wheels expect but a minimal system lacks (EGL/GL, xkbcommon, fontconfig,
# dbus, the xcb platform plugin's deps).
PKGS=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3
      libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
      libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1 libxrender1 libxi6)
# For the tests only: Xvfb (and xwininfo) for windows, LibreOffice (headless) to recalculate
# exported workbooks and to convert the report draft to PDF, poppler (pdfinfo/pdftotext) to read
# that PDF back.
TEST_PKGS=(xvfb x11-utils libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils)
[ "$WITH_TESTS" = 1 ] && PKGS+=("${TEST_PKGS[@]}")
if [ "${BUDGET_DESK_SKIP_APT:-0}" != "1" ] && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
    echo "安装系统依赖：${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ "$WITH_TESTS" = 1 ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi
