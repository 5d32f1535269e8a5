"""Start the window: QApplication, fonts, the data file, the main window."""

from __future__ import annotations

import sys


def run_window(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from desktop.ui import fonts
    from desktop.ui.main_window import open_main_window

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName("预算绩效工作台")
    app.setOrganizationName("BudgetDesk")
    fonts.install(app)
    window = open_main_window()
    if window is None:
        return 0
    return app.exec()
