"""First start: no data file yet. Offer the demo, an empty file, or an existing file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.core.errors import BudgetDeskError


def choose_database(default: Path) -> Path | None:
    box = QMessageBox()
    box.setWindowTitle("预算绩效工作台")
    box.setText("欢迎使用预算绩效工作台。\n\n还没有数据文件，请选择：")
    demo = box.addButton("创建演示数据（龙华区 2020 年度）", QMessageBox.AcceptRole)
    empty = box.addButton("创建空白数据文件", QMessageBox.AcceptRole)
    existing = box.addButton("打开已有数据文件…", QMessageBox.ActionRole)
    box.addButton("退出", QMessageBox.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    try:
        if clicked is demo:
            from desktop.services.demo import create_demo
            from desktop.ui.tasks import beside_gui

            beside_gui(None, lambda: create_demo(default))
            return default
        if clicked is empty:
            default.parent.mkdir(parents=True, exist_ok=True)
            return default
        if clicked is existing:
            path, _ = QFileDialog.getOpenFileName(None, "打开数据文件", str(default.parent),
                                                  "预算绩效工作台数据文件 (*.sqlite3 *.db);;所有文件 (*)")
            return Path(path) if path else None
    except BudgetDeskError as exc:
        QMessageBox.critical(None, "无法创建数据文件", str(exc))
    return None
