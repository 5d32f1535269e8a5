"""文件 → 从备份恢复…: the data file's backups (date, kind, size, years, totals, verified) and,
for the one selected, what a restore would change compared with now. Listing, comparing and
restoring run in the worker thread; the current file is backed up before it is replaced.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.core.money import Unit, format_amount
from desktop.core.paths import backup_dir
from desktop.services import backups
from desktop.services.backup_figures import FileFigures, differences, read_figures
from desktop.ui.widgets import show_error

COLUMNS = ("时间", "类型", "大小", "年度", "{year}年调整预算数（万元）", "{year}年支出决算数（万元）", "操作日志", "已校验")


def _year_figures(backup: backups.Backup, unit: str | None, year: int):
    """(adjusted budget, spending) of the window's year in a backup; None when it has no such year."""
    found = next((y for y in backup.figures.years if y.year == year and (unit is None or y.unit_code == unit)), None)
    if found is None:
        return None
    figures = dict(found.headline())
    if "调整预算数" not in figures:
        return None
    return figures["调整预算数"], figures["支出决算数"]


class RestoreDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.state = window.state
        self.found: list[backups.Backup] = []
        self.current: FileFigures | None = None
        self.setWindowTitle("从备份恢复")
        self.resize(940, 560)
        layout = QVBoxLayout(self)
        self.headline = QLabel("正在读取备份…")
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([c.format(year=self.state.year) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 3)
        layout.addWidget(QLabel("与现在的数据相比，恢复这个备份会："))
        self.changes = QPlainTextEdit()
        self.changes.setReadOnly(True)
        layout.addWidget(self.changes, 2)
        note = QLabel(f"恢复前会先把现在的数据文件备份一份，恢复可以再撤回。备份文件夹：{backup_dir()}")
        note.setStyleSheet("color: #555;")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.restore_button = self.buttons.button(QDialogButtonBox.Ok)
        self.restore_button.setText("恢复所选备份")
        self.restore_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.Cancel).setText("关闭")
        self.buttons.accepted.connect(self._on_restore_clicked)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.confirm = lambda backup: QMessageBox.question(
            self, "确认恢复",
            f"用 {backup.made_at:%Y-%m-%d %H:%M:%S} 的备份（{backup.kind_label}）替换现在的数据文件吗？\n\n"
            "现在的数据会先备份，之后仍可从备份恢复回来。") == QMessageBox.Yes

    # --- loading --------------------------------------------------------------------------------
    def load(self) -> None:
        path = self.state.ws.path
        self.state.tasks.run(lambda: (backups.list_backups(path), read_figures(path)), self._on_loaded,
                             lambda exc: show_error(self, exc, "无法读取备份"))

    def _on_loaded(self, result) -> None:
        self.found, self.current = result
        self.table.setRowCount(len(self.found))
        for row, b in enumerate(self.found):
            figures = _year_figures(b, self.state.unit, self.state.year)
            budget, spent = (format_amount(f, Unit.WAN) for f in figures) if figures else ("—", "—")
            cells = (b.made_at.strftime("%Y-%m-%d %H:%M:%S"), b.kind_label, backups.copy_size_text(b.size),
                     b.years_text(), budget, spent,
                     f"{b.figures.audit_count} 条", "是" if b.verified else "否（" + "；".join(b.problems) + "）")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (2, 4, 5, 6):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(row, col, item)
        if self.found:
            self.headline.setText(f"“{self.state.ws.path.name}”共有 {len(self.found)} 个备份（最新在前）。"
                                  "选择一个查看恢复后会有什么不同。")
            self.table.selectRow(0)
        else:
            self.headline.setText("这个数据文件还没有备份。每天第一次打开、导入和解锁之前、关闭窗口时都会自动备份。")

    def selected(self) -> backups.Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.found[rows[0].row()] if rows else None

    def _on_selection_changed(self) -> None:
        backup = self.selected()
        self.restore_button.setEnabled(backup is not None and backup.verified)
        if backup is None or self.current is None:
            self.changes.setPlainText("")
            return
        lines = differences(self.current, backup.figures)
        if not backup.verified:
            lines.insert(0, "这个备份未通过校验，不能用于恢复：" + "；".join(backup.problems))
        years = "\n".join(f"  {y.unit_name} {y.year}年度{'（已锁定）' if y.locked else ''}：" + "，".join(
            f"{label} {format_amount(value, Unit.WAN)} 万元" for label, value in y.headline()) for y in backup.figures.years)
        text = "\n".join(lines) if lines else "与现在的数据相同（年度、各表条数、金额合计和操作日志条数都一致）。"
        self.changes.setPlainText(f"{text}\n\n备份中的数据：\n{years}")

    # --- restoring ------------------------------------------------------------------------------
    def _on_restore_clicked(self) -> None:
        backup = self.selected()
        if backup is None or not self.confirm(backup):
            return
        self.restore_button.setEnabled(False)
        self.headline.setText("正在恢复…")
        state = self.state
        path, actor, background = state.ws.path, state.ws.actor, state.tasks.background_pool

        def restore() -> backups.RestoreResult:
            background.waitForDone()  # (queued after the worker's jobs; the background ones finish too)
            return backups.restore(path, backup, actor)

        state.tasks.run(restore, self._on_restored, self._on_failed)

    def _on_restored(self, result: backups.RestoreResult) -> None:
        from desktop.services.workspace import Workspace

        path, actor = self.state.ws.path, self.state.ws.actor
        self.state.tasks.run(lambda: Workspace.open(path, actor=actor), lambda ws: self._reopened(ws, result),
                             lambda exc: show_error(self, exc, "恢复后无法打开数据文件"))

    def _reopened(self, ws, result: backups.RestoreResult) -> None:
        window = self.window_
        window.replace_workspace(ws)
        kept = result.safety.path.name if result.safety else (result.kept_damaged.name if result.kept_damaged else "")
        window.statusBar().showMessage(
            f"已从 {result.backup.made_at:%Y-%m-%d %H:%M} 的备份恢复；恢复前的数据已备份为 {kept}", 15000)
        self.accept()

    def _on_failed(self, exc) -> None:
        self.headline.setText("恢复未完成，数据文件保持恢复前的状态。")
        self._on_selection_changed()
        show_error(self, exc, "恢复未完成")


def show_restore_dialog(window) -> RestoreDialog:
    dialog = RestoreDialog(window)
    dialog.load()
    dialog.open()
    return dialog
