"""Benchmark: the 概览 screen — time from first shown to all its charts drawn, and the longest
the GUI thread was blocked meanwhile (event-loop latency), on the demo and on a big register.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/overview.py [--big bench.sqlite3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def measure(db: Path) -> tuple[float, float]:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.ui import fonts, settings
    from desktop.ui.main_window import MainWindow, load_data_file

    app = QApplication.instance() or QApplication([])
    fonts.install(app)
    settings.put(settings.SCREEN, 0)
    window = MainWindow()
    window.show()
    app.processEvents()
    gaps = []
    last = [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    started = time.perf_counter()
    load_data_file(window, db)
    last[0] = time.perf_counter()
    timer.start()
    overview = window.screens[0]
    while overview.drawn_at is None:
        app.processEvents()
        time.sleep(0.002)
    timer.stop()
    drawn = overview.drawn_at - started
    window.close()
    return drawn, max(gaps, default=0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=Path, default=None, help="also a database built by bench/asset_register.py")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="budget-desk-bench-"))
    os.environ["BUDGET_DESK_HOME"] = str(home)
    from desktop.services.demo import create_demo

    demo = home / "demo.sqlite3"
    create_demo(demo)
    for name, db in (("demo (544 cards)", demo), *((("big register", args.big),) if args.big else ())):
        drawn, blocked = measure(db)
        print(f"概览 {name}: first shown → 8 charts drawn {drawn:.3f} s; "
              f"longest GUI-thread block {blocked * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
