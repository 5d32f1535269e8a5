"""Start the window: QApplication, fonts, the data file, the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

NO_DISPLAY = ("没有可用的图形显示（未设置 DISPLAY 或 WAYLAND_DISPLAY），无法打开窗口。\n"
              "请在桌面环境中运行 budget-desk；在终端或服务器上可以使用命令行，例如：budget-desk --help")


def has_display() -> bool:
    """Whether Qt can show a window here: always on Windows/macOS; on Linux a display server or an
    explicitly chosen platform (offscreen, for tests and screenshots)."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def _file_argument(argv: list[str]) -> tuple[Path | None, list[str]]:
    """The data file named on the command line (the first argument that is not a Qt option)."""
    rest = list(argv)
    for i, arg in enumerate(rest):
        if not arg.startswith("-"):
            return Path(arg).expanduser().resolve(), rest[:i] + rest[i + 1:]
    return None, rest


def _start_chart_process() -> None:
    """The process that draws 概览's charts starts first, so that it has imported matplotlib on
    the other core by the time the year's figures are read (services/chart_process.py). If it
    cannot start, the window tries again when the file is opened, and else draws in its own
    process."""
    from desktop.core import logs

    logs.setup()
    try:
        from desktop.services import chart_process

        chart_process.start()
    except Exception as exc:
        logs.log_unexpected(exc, "无法启动图表绘制进程")


def run_window(argv: list[str]) -> int:
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    path, qt_args = _file_argument(argv)
    _start_chart_process()

    from PySide6.QtWidgets import QApplication

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon

    from desktop.core.paths import resource_path
    from desktop.ui import fonts
    from desktop.ui.input_method import prepare_input_method
    from desktop.ui.main_window import MainWindow, load_data_file
    from desktop.ui.translations import install_qt_chinese

    prepare_input_method()  # before QApplication: fcitx on UOS/Kylin through fcitx 5's IBus portal
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("预算绩效工作台")
    app.setOrganizationName("BudgetDesk")
    install_qt_chinese(app)
    app.setWindowIcon(QIcon(str(resource_path("icons", "budget-desk-256.png"))))
    fonts.install(app)
    window = MainWindow()
    window.show()  # the frame first; the data file and the screens right after the first paint

    def load() -> None:
        from desktop.core import logs
        from desktop.ui.file_safety import install_excepthook

        logs.setup()
        install_excepthook()
        if not load_data_file(window, path):
            window.close()

    QTimer.singleShot(0, load)
    return app.exec()
