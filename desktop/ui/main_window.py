"""The main window (minimal until the screens arrive): the summary of the selected year."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import BudgetDeskError
from desktop.core.money import Unit
from desktop.core.paths import default_database
from desktop.core.summary import print_value
from desktop.services import reports, years
from desktop.services.demo import create_demo
from desktop.services.workspace import Workspace


class MainWindow(QMainWindow):
    def __init__(self, ws: Workspace):
        super().__init__()
        self.ws = ws
        self.setWindowTitle(f"预算绩效工作台 — {ws.path.name}")
        self.resize(1000, 720)
        central = QWidget()
        layout = QVBoxLayout(central)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度："))
        self.year_box = QComboBox()
        for info in years.list_years(ws):
            self.year_box.addItem(f"{info.unit_name} {info.year}", (info.unit_code, info.year))
        self.year_box.currentIndexChanged.connect(self._on_year_box_changed)
        bar.addWidget(self.year_box)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["项目", "数值（万元）"])
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self.setCentralWidget(central)
        self.statusBar().showMessage(str(ws.path))
        if self.year_box.count():
            self.year_box.setCurrentIndex(self.year_box.count() - 1)
            self._on_year_box_changed()

    def _on_year_box_changed(self, *_):
        unit, year = self.year_box.currentData()
        _, figures = reports.summary(self.ws, year, unit)
        self.table.setRowCount(len(figures))
        for row, fig in enumerate(figures):
            self.table.setItem(row, 0, QTableWidgetItem(fig.label))
            item = QTableWidgetItem(print_value(fig, Unit.WAN))
            item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            self.table.setItem(row, 1, item)


def open_main_window(path: Path | None = None) -> MainWindow | None:
    path = path or default_database()
    if not path.exists() or path.stat().st_size == 0:
        answer = QMessageBox.question(
            None, "预算绩效工作台", f"还没有数据文件：\n{path}\n\n是否创建演示数据（龙华区政务服务数据管理局 2020 年度）？")
        if answer != QMessageBox.Yes:
            return None
        create_demo(path)
    try:
        ws = Workspace.open(path)
    except BudgetDeskError as exc:
        QMessageBox.critical(None, "无法打开数据文件", str(exc))
        return None
    window = MainWindow(ws)
    window.show()
    return window
