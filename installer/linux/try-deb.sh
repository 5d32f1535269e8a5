#!/usr/bin/env bash
# Try the .deb as a user would, on this machine (root; changes the system: installs the package,
# adds a user, removes both at the end):
#   1. apt installs the .deb (with its dependencies)
#   2. a new user starts the menu entry's Exec under Xvfb: the window opens on the first start;
#      screenshots, then Qt's own file dialog (its buttons should read 打开/取消)
#   3. `budget-desk demo` and `budget-desk summary --year 2020` from PATH
#   4. the package is removed: /opt/budget-desk goes, the user's data folder stays
# Usage: bash installer/linux/try-deb.sh dist/budget-desk_<version>_amd64.deb OUT_DIR
set -euo pipefail
DEB=$(realpath "$1"); OUT=$(realpath -m "$2")
mkdir -p "$OUT"
for tool in Xvfb:xvfb xdotool:xdotool import:imagemagick xwininfo:x11-utils; do
  command -v "${tool%%:*}" >/dev/null || apt-get install -y -qq --no-install-recommends "${tool#*:}" >/dev/null
done

echo "== install"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$DEB" >/dev/null
dpkg -s budget-desk | grep -E '^(Version|Installed-Size|Depends):'
ls -l /usr/bin/budget-desk
EXEC=$(sed -n 's/^Exec=//p' /usr/share/applications/budget-desk.desktop)
echo "menu entry: Exec=$EXEC, Icon=$(sed -n 's/^Icon=//p' /usr/share/applications/budget-desk.desktop)"

USERNAME=bdtry$$
useradd -m -s /bin/bash "$USERNAME"
HOME_DIR=$(getent passwd "$USERNAME" | cut -d: -f6)
cleanup() {
  [ -n "${WINDOW_PID:-}" ] && kill "$WINDOW_PID" 2>/dev/null || true
  [ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null || true
  userdel -r "$USERNAME" 2>/dev/null || true
}
trap cleanup EXIT

echo "== first start of a new user ($USERNAME), the menu entry's Exec under Xvfb"
DISPLAY_NUMBER=$((90 + RANDOM % 100))
Xvfb ":$DISPLAY_NUMBER" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
sleep 2
export DISPLAY=":$DISPLAY_NUMBER"
xhost +local: >/dev/null 2>&1 || true
su - "$USERNAME" -c "DISPLAY=$DISPLAY LANG=zh_CN.UTF-8 $EXEC" >"$OUT/window.log" 2>&1 &
WINDOW_PID=$!
for _ in $(seq 120); do
  xwininfo -root -tree | grep -q '预算绩效工作台' && break
  sleep 1
done
sleep 3
import -window root "$OUT/first-start.png"
xwininfo -root -tree | grep '预算绩效工作台' | head -3
# Qt's own file dialog (no desktop theme under Xvfb): the first-start page's "打开已有数据文件…"
# button, where it sits on a 1366×768 screen (first-start.png shows it)
xdotool mousemove 824 374 click 1 || true
sleep 3
import -window root "$OUT/qt-file-dialog.png"
kill "$WINDOW_PID" 2>/dev/null || true
pkill -u "$USERNAME" || true  # the throwaway user's processes only
WINDOW_PID=""
echo "window log:"; cat "$OUT/window.log"

echo "== the command line from PATH"
su - "$USERNAME" -c "budget-desk demo && budget-desk summary --year 2020" | head -8

echo "== remove the package"
dpkg -r budget-desk >/dev/null
test ! -e /opt/budget-desk && echo "/opt/budget-desk removed"
test ! -e /usr/bin/budget-desk && echo "/usr/bin/budget-desk removed"
ls -l "$HOME_DIR/.local/share/BudgetDesk/"
test -s "$HOME_DIR/.local/share/BudgetDesk/budget-desk.sqlite3" && echo "the user's data file is still there"
