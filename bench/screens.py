"""Benchmark: the window stays responsive. For the demo and (optionally) a big register, in a
fresh process each: the time from the window first shown to the 概览 filled (every card and
chart drawn), beside a bare PySide6 window's start; then every screen is visited and one form
saved on it (or, on a screen without a form, the action a person takes there), while a 10 ms
timer records how late it fires: the longest GUI-thread block per screen. Last, `budget-desk
summary` on both files (the big one should cost at most twice the demo).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/screens.py [--big bench.sqlite3]

The big file is built by bench/asset_register.py (1,000,000 cards); it is copied first, since
the bench saves forms into it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BARE = """
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1280, 800); w.show(); app.processEvents()
print(time.time() - t0)
"""

WINDOW = r"""
import json, sys, time
t0 = float(sys.argv[1])
from pathlib import Path
from desktop.services import chart_process
chart_process.start()  # as run_window does, before Qt is loaded
from PySide6.QtWidgets import QApplication, QMessageBox
app = QApplication([])
for name in ("warning", "critical", "information"):  # a modal box would stop the run: print it
    setattr(QMessageBox, name, lambda _parent, title, text, *a, **k: print(title, text, file=sys.stderr))
from desktop.ui import fonts
fonts.install(app)
from desktop.ui.main_window import MainWindow, load_data_file
window = MainWindow(); window.show(); app.processEvents()
shown = time.time()
load_data_file(window, Path(sys.argv[2]))  # as the program does: integrity check in the background
sys.path.insert(0, sys.argv[3])
from screens_driver import drive, wait_drawn
wait_drawn(app, window.screens[0])
filled = time.time()
blocks = drive(app, window) if sys.argv[4] == "drive" else []
print(json.dumps({"shown": shown - t0, "filled": filled - shown, "blocks": blocks}))
window.close()
"""


def run(code: str, *args: str, env: dict) -> str:
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", code, str(t0), *args], capture_output=True, text=True, env=env)
    if out.returncode:
        raise SystemExit(out.stderr)
    return out.stdout.strip().splitlines()[-1]


def summary_time(db: Path, env: dict) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "desktop", "summary", "--year", "2020", "--db", str(db)],
                       capture_output=True, env=env, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=Path, default=None, help="a database built by bench/asset_register.py")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="budget-desk-bench-"))
    env = {**os.environ, "BUDGET_DESK_HOME": str(home), "QT_QPA_PLATFORM": os.environ["QT_QPA_PLATFORM"]}
    os.environ["BUDGET_DESK_HOME"] = str(home)
    from desktop.services.demo import create_demo

    demo = home / "demo.sqlite3"
    create_demo(demo)
    files = [("demo (544 cards)", demo)]
    if args.big:
        big = home / "big.sqlite3"
        shutil.copyfile(args.big, big)
        files.append(("big register", big))
    here = str(Path(__file__).resolve().parent)
    print(f"load average of the machine at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    bare = statistics.median(float(run(BARE, env=env)) for _ in range(3))
    print(f"bare PySide6 window: process start → shown {bare:.3f} s")
    for name, db in files:
        shutil.rmtree(home / "chart-cache", ignore_errors=True)
        (home / "settings.ini").unlink(missing_ok=True)  # open on 概览, in 万元
        first = json.loads(run(WINDOW, str(db), here, "fill", env=env))
        result = json.loads(run(WINDOW, str(db), here, "drive", env=env))
        (home / "settings.ini").unlink(missing_ok=True)
        print(f"\n{name}: process start → window shown {result['shown']:.3f} s (bare {bare:.3f} s); "
              f"window shown → 概览 filled (cards and 8 charts): {result['filled']:.3f} s opening the file again, "
              f"{first['filled']:.3f} s the first time (no chart pictures kept yet)")
        print("  longest GUI-thread block, 10 ms timer lateness (in brackets: the GUI thread's own CPU time")
        print("  between two ticks), visiting the screen / saving its form:")
        for title, action, (visit, visit_cpu), (save, save_cpu) in result["blocks"]:
            print(f"    {title:8s} {visit:5.0f} ({visit_cpu:3.0f}) ms / {save:5.0f} ({save_cpu:3.0f}) ms   ({action})")
        worst = max(max(v[0], s[0]) for _t, _a, v, s in result["blocks"])
        worst_cpu = max(max(v[1], s[1]) for _t, _a, v, s in result["blocks"])
        print(f"  worst: {worst:.0f} ms late; {worst_cpu:.0f} ms of GUI-thread work between two ticks")
    times = {name: summary_time(db, env) for name, db in files}
    print("\nbudget-desk summary --year 2020 (median of 3): "
          + "; ".join(f"{name} {t:.3f} s" for name, t in times.items()))
    if args.big:
        print(f"  ratio big / demo: {times['big register'] / times['demo (544 cards)']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
