"""Start the window: QApplication, fonts, the data file, the main window."""

from __future__ import annotations

import sys


def run_window(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon

    from desktop.core.paths import resource_path
    from desktop.ui import fonts
    from desktop.ui.translations import install_qt_chinese
    from desktop.ui.main_window import MainWindow, load_data_file

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName("预算绩效工作台")
    app.setOrganizationName("BudgetDesk")
    install_qt_chinese(app)
    app.setWindowIcon(QIcon(str(resource_path("icons", "budget-desk-256.png"))))
    fonts.install(app)
    window = MainWindow()
    window.show()  # the frame first; the data file and the screens right after the first paint

    def load() -> None:
        if not load_data_file(window):
            window.close()

    QTimer.singleShot(0, load)
    return app.exec()
