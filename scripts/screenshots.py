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
    window = open_main_window(db)
    window.resize(1400, 860)
    names = ["overview", "budget", "spending", "procurement", "projects", "assets", "staff", "indicators",
             "narrative", "audit"]
    for index, name in enumerate(names):
        window.nav.setCurrentRow(index)
        for _ in range(3):
            app.processEvents()
            window.state.tasks.wait()
        app.processEvents()
        path = out / f"{index:02d}-{name}.png"
        window.grab().save(str(path))
        print(path)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
