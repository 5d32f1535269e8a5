"""新建单位或年度: a new year for a unit of the file, or a new unit with its first year. The
units are read in the worker while the dialog is already open; the creation is one write (a new
unit and its year both or neither)."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox, QVBoxLayout

from desktop.services import years
from desktop.ui.widgets import clear_messages, grow_for_messages, keyed_rows, report_to

NEW_UNIT = "（新单位）"


class NewYearDialog(QDialog):
    def __init__(self, parent, state):
        super().__init__(parent)
        self.state = state
        self.created: tuple[str, int] | None = None
        self.setWindowTitle("新建单位或年度")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.unit = QComboBox()
        self.unit.addItem("正在读取单位…", None)
        self.unit.setEnabled(False)
        self.code, self.name = QLineEdit(), QLineEdit()
        self.year = QSpinBox()
        self.year.setRange(1990, 2200)
        self.year.setValue(QDate.currentDate().year())
        self.errors = keyed_rows(form, (("单位", None, self.unit), ("新单位代码", "code", self.code),
                                        ("新单位名称", "name", self.name), ("年度", "year", self.year)))
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText("新建")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        layout.addWidget(self.buttons)
        grow_for_messages(self, 420)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.unit.currentIndexChanged.connect(self._on_unit_changed)
        self._on_unit_changed()
        ws = state.ws
        state.tasks.run(lambda: years.list_years(ws), self._show_units, lambda exc: report_to(self, exc, self.errors))

    def _show_units(self, found: list[years.YearInfo]) -> None:
        self.unit.clear()
        for code, name in sorted({(y.unit_code, y.unit_name) for y in found}):
            self.unit.addItem(f"{code} {name}", code)
        self.unit.addItem(NEW_UNIT, None)
        self.unit.setEnabled(True)
        index = self.unit.findData(self.state.unit)
        self.unit.setCurrentIndex(max(index, 0))
        self._on_unit_changed()

    def _on_unit_changed(self, *_args) -> None:
        ready = self.unit.isEnabled()
        new = ready and self.unit.currentData() is None
        self.code.setEnabled(new)
        self.name.setEnabled(new)
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(ready)

    def _on_buttons_accepted(self) -> None:
        clear_messages(self.errors)
        ws, code, year = self.state.ws, self.unit.currentData(), self.year.value()
        if code is None:
            code, name = self.code.text(), self.name.text()
            op = lambda: years.create_unit_and_year(ws, code, name, year)  # noqa: E731 (both or neither)
        else:
            op = lambda: years.create_year(ws, code, year)  # noqa: E731
        self.buttons.setEnabled(False)
        self.state.write(op, "year", on_done=self._on_created, on_error=self._on_refused)

    def _on_created(self, info: years.YearInfo) -> None:
        self.created = (info.unit_code, info.year)
        self.accept()

    def _on_refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        report_to(self, exc, self.errors)


def show_new_year_dialog(parent, state) -> tuple[str, int] | None:
    dialog = NewYearDialog(parent, state)
    dialog.exec()
    return dialog.created
