"""Render every screen of the window on the demo data to PNG (for review and the README).

    xvfb-run -a .venv/bin/python scripts/screenshots.py [OUT_DIR]     # or QT_QPA_PLATFORM=offscreen
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="budget-desk-shots-"))
    os.environ["BUDGET_DESK_HOME"] = str(home)
    from PySide6.QtWidgets import QApplication

    from desktop.services.demo import create_demo
    from desktop.ui import fonts
    from desktop.ui.main_window import open_main_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    fonts.install(app)
    db = home / "demo.sqlite3"
    create_demo(db)
    size = tuple(int(n) for n in os.environ.get("SHOT_SIZE", "1400x860").split("x"))
    window = open_main_window(db)
    window.resize(*size)
    names = ["overview", "budget", "spending", "procurement", "projects", "assets", "staff", "indicators",
             "narrative", "audit"]
    for index, name in enumerate(names):
        screen = window.screens[index]
        asked = screen.snapshots_asked
        window.nav.setCurrentRow(index)
        if screen.shown is None or screen.snapshots_asked != asked:
            wait_drawn(screen)
        settle(200)
        path = out / f"{index:02d}-{name}.png"
        window.grab().save(str(path))
        print(path)
    report_dialogs(app, window, out)
    window.close()  # (it closes once the worker has finished and the closing backup is made)
    while window.isVisible():
        settle(50)
    return 0


def wait_drawn(screen, timeout_ms: int = 60_000) -> None:
    """Run the event loop until the screen has drawn its snapshot (charts included)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    screen.drawn.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    screen.drawn.disconnect(loop.quit)


def settle(ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def report_dialogs(app, window, out: Path) -> None:
    """报告: the 生成自评报告 dialog, and 核对报告 on the 2020 report as printed (tests/data) with a
    finding selected, at 1400×860 and at 1366×768."""
    from desktop.ui.dialogs import report as dialogs

    def settle() -> None:
        for _ in range(5):
            app.processEvents()
            window.state.tasks.wait()
        app.processEvents()

    generate = dialogs.GenerateDialog(window, f"{window.state.unit}-{window.state.year}年度部门整体支出绩效自评报告.docx")
    generate.show()
    settle()
    generate.grab().save(str(out / "10-report-generate.png"))
    generate.close()
    printed = Path(__file__).resolve().parent.parent / "tests" / "data" / "longhua-2020-self-evaluation.txt"
    for size, name, kind in (((1400, 860), "11-report-review.png", "格式错误"),
                             ((1366, 768), "12-report-review-1366.png", "精度不一")):
        review = dialogs.review_report(window, printed)
        review.resize(*size)
        settle()
        kinds = [review.list.item(r, 0).text() for r in range(review.list.rowCount())]
        review.list.selectRow(kinds.index(kind))
        settle()
        review.grab().save(str(out / name))
        print(out / name)
        review.close()


if __name__ == "__main__":
    sys.exit(main())
