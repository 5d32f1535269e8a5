"""Benchmark: the asset register with 1,000,000 cards, and window start-up.

Prints, for the register: time to first rows shown, to sort by original value, to filter by
class plus text, the filtered totals, and the process memory; then the time from process start
to the main window shown, next to a bare PySide6 window in the same run (medians of 3).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/asset_register.py [--cards 1000000]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

NAMES = ["台式计算机", "笔记本电脑", "激光打印机", "服务器", "交换机", "办公桌", "办公椅", "文件柜", "空调",
         "投影仪", "复印机", "摄像机", "碎纸机", "路由器", "存储设备", "电话机", "照相机", "会议桌"]
CLASSES = ["2"] * 6 + ["3"] * 2 + ["6"] * 2 + ["5", "1"]
STATUSES = ["in_use"] * 16 + ["idle", "lent", "pending_disposal"]
PLACES = ["局机关", "行政服务大厅", "区数据中心", "资产仓库", "各街道分会场"]
PEOPLE = ["综合科", "办公室", "数据资源科", "政务服务科", "网络安全科", "智慧城市科"]


def build(path: Path, cards: int) -> float:
    from desktop.services.demo import create_demo

    started = time.perf_counter()
    create_demo(path, actor="bench")
    con = sqlite3.connect(path)
    year_id = con.execute("SELECT id FROM fiscal_years WHERE year = 2020").fetchone()[0]
    rnd = random.Random(2020)

    def rows():
        for n in range(cards):
            cls = rnd.choice(CLASSES)
            original = rnd.randint(50_000, 50_000_000)
            yield (year_id, f"BM{n:07d}", f"{rnd.choice(NAMES)}{n % 97:02d}", cls, "fixed",
                   rnd.choice(["purchase", "transfer_in"]), f"20{rnd.randint(10, 20)}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}",
                   original, original // rnd.randint(2, 10), rnd.choice(STATUSES), rnd.choice(PEOPLE),
                   rnd.choice(PLACES), None, None, None, 0)

    with con:
        con.executemany(
            "INSERT INTO asset_cards (year_id, card_no, name, asset_class, kind, acquisition, acquired_on, original_fen,"
            " depreciation_fen, status, custodian, location, disposal_method, disposed_on, residual_fen,"
            " residual_remitted) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows())
    con.execute("ANALYZE")
    con.close()
    return time.perf_counter() - started


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def register(path: Path) -> dict[str, float]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from desktop.services import assets
    from desktop.services.workspace import Workspace
    from desktop.ui.asset_model import COLUMNS, AssetTableModel
    from desktop.ui.screens.common import table_view
    from desktop.ui.state import AppState
    from desktop.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    TaskRunner.synchronous = True  # time the query and the model, not the thread hand-over
    ws = Workspace.open(path)
    state = AppState(ws)
    state.unit, state.year = "LHZSJ", 2020
    model = AssetTableModel(state)
    view = table_view(model)
    view.resize(1200, 700)
    view.show()

    def first_rows():
        model.reload()
        app.processEvents()
        assert model.rowCount() == 200

    def sort_by_value():
        column = [c.key for c in COLUMNS].index("original_value")
        model.sort(column, Qt.DescendingOrder)
        app.processEvents()
        assert model.rows[0].original_value >= model.rows[-1].original_value

    def filter_class_text():
        model.set_filter(assets.CardFilter(asset_class="2", text="电脑3"))
        app.processEvents()
        assert model.rowCount() > 0 and all("电脑3" in r.name for r in model.rows)

    def scroll_one_page():
        model.fetchMore()
        app.processEvents()

    results = {
        "first_rows_s": timed(first_rows),
        "sort_original_value_s": timed(sort_by_value),
        "scroll_next_page_s": timed(scroll_one_page),
        "filter_class_text_s": timed(filter_class_text),
        "filtered_totals_background_s": timed(lambda: assets.card_totals(ws, 2020, model.filter)),
        "indicators_recompute_background_s": timed(lambda: __import__("desktop.services.evaluation", fromlist=["x"]).evaluate(ws, 2020)),
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    view.close()
    ws.close()
    return results


BARE = """
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1200, 800); w.show(); app.processEvents()
print(time.time() - t0)
"""
FULL = """
import time, sys
t0 = float(sys.argv[1])
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from desktop.ui import fonts
fonts.install(app)
from desktop.ui.main_window import MainWindow, load_data_file
w = MainWindow(); w.show(); app.processEvents()
shown = time.time() - t0
load_data_file(w, Path(sys.argv[2])); app.processEvents()
print(shown, time.time() - t0)
"""


def startup(path: Path, home: Path) -> tuple[float, float, float]:
    env = {**os.environ, "BUDGET_DESK_HOME": str(home)}

    def run(code: str, *args: str) -> list[float]:
        t0 = time.time()
        out = subprocess.run([sys.executable, "-c", code, str(t0), *args], capture_output=True, text=True,
                             env=env, check=True)
        return [float(x) for x in out.stdout.strip().splitlines()[-1].split()]

    bare = statistics.median(run(BARE)[0] for _ in range(3))
    runs = [run(FULL, str(path)) for _ in range(3)]
    return bare, statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None, help="reuse a database built before")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="budget-desk-bench-"))
    os.environ["BUDGET_DESK_HOME"] = str(home)
    path = args.db or home / "bench.sqlite3"
    if not path.exists():
        print(f"building {args.cards:,} cards … ", end="", flush=True)
        print(f"{build(path, args.cards):.1f} s ({path.stat().st_size / 2**20:.0f} MB)")
    results = register(path)
    print(f"asset register, {args.cards:,} cards")
    targets = {"first_rows_s": 0.3, "sort_original_value_s": 0.5, "filter_class_text_s": 0.5, "max_rss_mb": 200}
    for key, value in results.items():
        target = targets.get(key)
        verdict = "" if target is None else f"  (target ≤ {target}: {'ok' if value <= target else 'OVER'})"
        print(f"  {key:36s} {value:8.3f}{verdict}")
    bare, shown, loaded = startup(path, home)
    ratio = shown / bare
    print(f"start-up to window shown: bare PySide6 {bare:.3f} s, Budget Desk {shown:.3f} s, "
          f"ratio {ratio:.2f} (target ≤ 1.5: {'ok' if ratio <= 1.5 else 'OVER'})")
    print(f"start-up to the data file attached and the first screen filled: {loaded:.3f} s "
          "(integrity check and sums continue in the background)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
