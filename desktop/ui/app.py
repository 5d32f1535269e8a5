"""Start the window: QApplication, fonts, the data file, the main window."""

from __future__ import annotations

import sys


def run_window(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from PySide6.QtCore import QTimer

    from desktop.ui import fonts
    from desktop.ui.main_window import MainWindow, load_data_file

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName("预算绩效工作台")
    app.setOrganizationName("BudgetDesk")
    fonts.install(app)
    window = MainWindow()
    window.show()  # the frame first; the data file and the screens right after the first paint

    def load() -> None:
        from desktop.core import logs
        from desktop.ui.file_safety import install_excepthook

        logs.setup()
        install_excepthook()
        if not load_data_file(window):
            window.close()

    QTimer.singleShot(0, load)
    return app.exec()
