#!/usr/bin/env bash
# Build the double-click folder on Linux (UOS 20 / Kylin V10, x86-64): dist/budget-desk/budget-desk
# Run on the oldest target (glibc 2.28) so that the result runs on all of them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pip install -q "pyinstaller>=6"
.venv/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build installer/budget-desk.spec
install -D -m 644 installer/budget-desk.desktop dist/budget-desk/budget-desk.desktop
echo "dist/budget-desk/ is ready: copy the folder, then double-click budget-desk (or install the .desktop file)"
