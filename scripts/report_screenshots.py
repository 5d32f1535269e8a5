"""Render the 报告 dialogs on the demo to PNG: 生成自评报告, and 核对报告 on the 2020 report as
printed (tests/data) with a finding selected.

    xvfb-run -a .venv/bin/python scripts/report_screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="budget-desk-shots-"))
    os.environ["BUDGET_DESK_HOME"] = str(home)
    from PySide6.QtWidgets import QApplication

    from desktop.services.demo import create_demo
    from desktop.ui import fonts
    from desktop.ui.dialogs import report as dialogs
    from desktop.ui.main_window import open_main_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    fonts.install(app)
    db = home / "demo.sqlite3"
    create_demo(db)
    window = open_main_window(db)
    window.resize(1400, 860)
    window.show()

    def settle() -> None:
        for _ in range(5):
            app.processEvents()
            window.state.tasks.wait()
        app.processEvents()

    settle()
    generate = dialogs.GenerateDialog(window, "LHZSJ-2020年度部门整体支出绩效自评报告.docx")
    generate.show()
    settle()
    generate.grab().save(str(out / "10-report-generate.png"))
    generate.close()
    for size, name in (((1400, 860), "11-report-review.png"), ((1366, 768), "12-report-review-1366.png")):
        review = dialogs.review_report(window, ROOT / "tests" / "data" / "longhua-2020-self-evaluation.txt")
        review.resize(*size)
        settle()
        kinds = [review.list.item(r, 0).text() for r in range(review.list.rowCount())]
        review.list.selectRow(kinds.index("格式错误") if name.startswith("11") else kinds.index("精度不一"))
        settle()
        review.grab().save(str(out / name))
        print(out / name)
        review.close()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
