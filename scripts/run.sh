#!/usr/bin/env bash
# Set up everything, then run Budget Desk on the demo data: the window where there is a
# display; without one, build the demo database and print its 2020 summary and indicators.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
DB="${BUDGET_DESK_DB:-$(.venv/bin/python -c 'from desktop.core.paths import default_database; print(default_database())')}"
if [ ! -s "$DB" ]; then
  .venv/bin/budget-desk demo --db "$DB"
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec .venv/bin/budget-desk
fi
echo "（没有图形显示，以下为命令行输出）"
.venv/bin/budget-desk summary --year 2020 --db "$DB"
