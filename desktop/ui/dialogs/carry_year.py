"""年度 → 从上一年度新建年度…: what the new year takes from the current one, shown before
anything is written (`plan_new_year`, read in the worker), then written as one change
(`create_year_from` through `AppState.write`); the window switches to the new year, and the
old year can be locked in the same go (the lock service the 锁定本年度 action uses)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from desktop.ui.widgets import FieldError, grow_for_messages


class CarryYearDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        state = window.state
        self.state, self.unit, self.from_year, self.year = state, state.unit, state.year, state.year + 1
        self.setWindowTitle("从上一年度新建年度")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        self.headline = QLabel(f"从 {self.from_year} 年度新建 {self.year} 年度。将结转以下内容（尚未写入）：")
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        self.plan_text = QPlainTextEdit("正在读取…")
        self.plan_text.setReadOnly(True)
        layout.addWidget(self.plan_text, 1)
        self.lock_old = QCheckBox(f"新建后锁定 {self.from_year} 年度（锁定后任何途径都不能修改该年度数据）")
        self.lock_old.setEnabled(not state.locked)
        self.lock_reason = QLineEdit(f"{self.from_year}年度决算已完成")
        self.lock_reason.setEnabled(False)
        self.lock_old.toggled.connect(self.lock_reason.setEnabled)
        layout.addWidget(self.lock_old)
        layout.addWidget(self.lock_reason)
        self.error = FieldError()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.Ok)
        self.ok.setText(f"新建 {self.year} 年度")
        self.ok.setEnabled(False)  # until the plan is shown
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)
        grow_for_messages(self, 640)
        self.plan = None
        self._read_plan()

    def _read_plan(self) -> None:
        from desktop.services.new_year import plan_new_year

        ws, year, from_year, unit = self.state.ws, self.year, self.from_year, self.unit
        self.state.tasks.run(lambda: plan_new_year(ws, year, from_year, unit), self._show_plan, self._refused)

    def _show_plan(self, plan) -> None:
        self.plan = plan
        self.plan_text.setPlainText("\n".join(plan.lines()))
        self.ok.setEnabled(True)

    def _refused(self, exc: BaseException) -> None:
        from desktop.ui.widgets import report_to

        self.plan_text.setPlainText("")
        self.ok.setEnabled(False)
        report_to(self, exc, self.error)

    def _on_accepted(self) -> None:
        from desktop.services.new_year import create_year_from

        ws, year, from_year, unit = self.state.ws, self.year, self.from_year, self.unit
        self.ok.setEnabled(False)
        self.error.show_message("")
        self.state.write(lambda: create_year_from(ws, year, from_year, unit), "year", on_done=self._created,
                         on_error=self._refused)

    def _created(self, _plan) -> None:
        """The new year is written; lock the old one if asked (a second change of its own)."""
        from desktop.services import years
        from desktop.ui.widgets import show_error

        if not self.lock_old.isChecked():
            self._finish()
            return
        ws, from_year, unit, reason = self.state.ws, self.from_year, self.unit, self.lock_reason.text()

        def not_locked(exc: BaseException) -> None:
            self._finish()
            show_error(self.window_, exc, f"{self.year}年度已新建，但{from_year}年度未能锁定")

        self.state.write(lambda: years.lock_year(ws, from_year, reason, unit), "year",
                         on_done=lambda _info: self._finish(), on_error=not_locked)

    def _finish(self) -> None:
        self.accept()
        self.window_.show_year(self.unit, self.year)


def open_carry_year_dialog(window) -> CarryYearDialog:
    """Open the dialog (window-modal, not blocking: tests drive it as it is)."""
    dialog = CarryYearDialog(window)
    dialog.open()
    return dialog
