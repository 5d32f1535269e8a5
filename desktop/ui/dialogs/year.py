"""New unit or fiscal year."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox, QVBoxLayout

from desktop.services import years
from desktop.ui.widgets import report_to
from desktop.ui.widgets import FieldError


class NewYearDialog(QDialog):
    def __init__(self, parent, ws):
        super().__init__(parent)
        self.ws = ws
        self.created: tuple[str, int] | None = None
        self.setWindowTitle("新建单位或年度")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.unit = QComboBox()
        units = {(y.unit_code, y.unit_name) for y in years.list_years(ws)}
        for code, name in sorted(units):
            self.unit.addItem(f"{code} {name}", code)
        self.unit.addItem("（新单位）", None)
        self.code, self.name = QLineEdit(), QLineEdit()
        self.year = QSpinBox()
        self.year.setRange(1990, 2200)
        self.year.setValue(QDate.currentDate().year())
        self.error = FieldError()
        form.addRow("单位", self.unit)
        form.addRow("新单位代码", self.code)
        form.addRow("新单位名称", self.name)
        form.addRow("年度", self.year)
        form.addRow(self.error)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("新建")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        layout.addWidget(buttons)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self.unit.currentIndexChanged.connect(self._on_unit_changed)
        self._on_unit_changed()

    def _on_unit_changed(self, *_args) -> None:
        new = self.unit.currentData() is None
        self.code.setEnabled(new)
        self.name.setEnabled(new)

    def _on_buttons_accepted(self) -> None:
        try:
            code = self.unit.currentData()
            if code is None:
                years.create_unit(self.ws, self.code.text(), self.name.text())
                code = self.code.text().strip()
            years.create_year(self.ws, code, self.year.value())
        except Exception as exc:
            report_to(self, exc, self.error)
            return
        self.created = (code, self.year.value())
        self.accept()


def show_new_year_dialog(parent, ws) -> tuple[str, int] | None:
    dialog = NewYearDialog(parent, ws)
    dialog.exec()
    return dialog.created
