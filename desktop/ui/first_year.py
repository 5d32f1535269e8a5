"""The page a data file without any year shows instead of the screens: a calm placeholder and
the form that creates the unit and its first year (单位名称, 单位代码, 年度, 金额单位), with the
offer of the blank Excel template to fill in. Until a year exists no screen (and so no form) is
reachable, and the state is read-only (`AppState.read_only`)."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets import clear_messages, keyed_rows, report_to

NO_YEAR = "还没有年度：请先新建单位和年度"


class FirstYearPage(QWidget):
    """`created(unit_code, year, money_unit, wants_template)` after the write succeeded."""

    created = Signal(str, int, str, bool)

    def __init__(self, money_units: tuple[str, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.state = None
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QWidget()
        box.setMaximumWidth(560)
        column = QVBoxLayout(box)
        self.headline = QLabel(NO_YEAR)
        self.headline.setStyleSheet("font-size: 16px; font-weight: bold; color: #444;")
        column.addWidget(self.headline)
        hint = QLabel("填写本单位的名称和代码、第一个年度和金额单位，然后点“新建单位和年度”。"
                      "之后可以在各页面逐项录入，也可以用 Excel 填写空白模板再导入。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        column.addWidget(hint)
        form = QFormLayout()
        self.name, self.code = QLineEdit(), QLineEdit()
        self.name.setPlaceholderText("例：深圳市龙华区审计局")
        self.code.setPlaceholderText("例：LHSJJ（部门预算编码）")
        self.year = QSpinBox()
        self.year.setRange(1990, 2200)
        self.year.setValue(QDate.currentDate().year())
        self.money_unit = QComboBox()
        for unit in money_units:
            self.money_unit.addItem(unit, unit)
        self.template = QCheckBox("同时生成该年度的空白 Excel 模板（填好后用“文件 → 导入工作簿或模板”导入）")
        self.template.setChecked(False)
        # keyed by the parameters of years.create_unit_and_year (金额单位 is the window's, not saved there)
        self.errors = keyed_rows(form, (("单位名称", "name", self.name), ("单位代码", "code", self.code),
                                        ("年度", "year", self.year), ("金额单位", None, self.money_unit)))
        column.addLayout(form)
        column.addWidget(self.template)
        self.button = QPushButton("新建单位和年度")
        self.button.setDefault(True)
        column.addWidget(self.button, 0, Qt.AlignLeft)
        outer.addWidget(box, 0, Qt.AlignHCenter)
        outer.addStretch(2)
        self.button.clicked.connect(self._on_button_clicked)

    def set_state(self, state) -> None:
        self.state = state

    def _on_button_clicked(self) -> None:
        from desktop.services import years

        clear_messages(self.errors)
        ws = self.state.ws
        code, name, year = self.code.text(), self.name.text(), self.year.value()
        money_unit, wants_template = self.money_unit.currentData(), self.template.isChecked()
        self.button.setEnabled(False)

        def done(info) -> None:
            self.button.setEnabled(True)
            self.created.emit(info.unit_code, info.year, money_unit, wants_template)

        def failed(exc: BaseException) -> None:
            self.button.setEnabled(True)
            report_to(self, exc, self.errors)  # 单位代码已存在 under 单位代码, a refusal of no field under the form

        self.state.write(lambda: years.create_unit_and_year(ws, code, name, year), "year",
                         on_done=done, on_error=failed)
