"""目标设置: each indicator's target (the rules file's, the value at which its 自评表 item reaches
full marks) and the year's own, e.g. the report's 90% for 日常公用经费. Reading and writing run in
the window's worker (services/targets.py); every screen then shows the new target and verdict."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.services import targets
from desktop.ui.widgets import clear_messages, keyed_rows

HEADERS = ("指标", "评分规则目标（满分点）", "本年度设定", "采用的目标")


class TargetsDialog(QDialog):
    def __init__(self, parent, state):
        super().__init__(parent)
        self.state = state
        self.rows: tuple[targets.TargetRow, ...] = ()
        self.setWindowTitle(f"目标设置 — {state.year} 年度")
        self.resize(720, 560)
        layout = QVBoxLayout(self)
        note = QLabel("每个指标只有一个目标：评分规则中达到它即得满分的值。本年度可另设目标（如报告中的控制目标），"
                      "各界面、工作簿、图表和报告都按采用的目标判断是否达标。")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        layout.addWidget(self.table, 1)
        form = QFormLayout()
        self.indicator = QComboBox()
        self.value = QLineEdit()
        self.value.setPlaceholderText("如 90（%）")
        # keyed by the parameters of targets.set_target / clear_target
        self.errors = keyed_rows(form, (("指标", "indicator", self.indicator), ("本年度目标（%）", "value", self.value)))
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.set_button = QPushButton("设定本年度目标")
        self.clear_button = QPushButton("恢复评分规则目标")
        buttons.addButton(self.set_button, QDialogButtonBox.ActionRole)
        buttons.addButton(self.clear_button, QDialogButtonBox.ActionRole)
        buttons.addButton("关闭", QDialogButtonBox.RejectRole)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.set_button.clicked.connect(self._on_set_clicked)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.table.itemSelectionChanged.connect(self._on_row_selected)
        self.indicator.currentIndexChanged.connect(self._on_indicator_changed)
        read_only = state.read_only
        for widget in (self.set_button, self.clear_button, self.value, self.indicator):
            widget.setEnabled(not read_only)
        if read_only:
            self.errors[""].show_message("本年度为只读（已锁定或由其他窗口打开），只能查看目标")
        self.load()

    # --- reading ------------------------------------------------------------------------------
    def load(self) -> None:
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        self.state.tasks.run(lambda: targets.target_rows(ws, year, unit), self._show, self._on_failed)

    def _show(self, rows: tuple[targets.TargetRow, ...]) -> None:
        chosen = self.indicator.currentData()
        self.rows = rows
        self.table.setRowCount(len(rows))
        self.indicator.blockSignals(True)
        self.indicator.clear()
        for n, r in enumerate(rows):
            own = "" if r.year_value is None else r.text(r.year_value)
            name = f"{r.name}（按绝对值）" if r.absolute else r.name
            for col, text in enumerate((name, r.text(r.rules_value), own, r.text())):
                self.table.setItem(n, col, QTableWidgetItem(text))
            self.indicator.addItem(f"{r.name}（{r.indicator}）", r.indicator)
        self.indicator.blockSignals(False)
        index = self.indicator.findData(chosen)
        self.indicator.setCurrentIndex(max(index, 0))
        self._on_indicator_changed()
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)

    def _on_row_selected(self) -> None:
        selected = self.table.selectionModel().selectedRows()
        if selected:
            self.indicator.setCurrentIndex(selected[0].row())

    def _on_indicator_changed(self, *_args) -> None:
        row = next((r for r in self.rows if r.indicator == self.indicator.currentData()), None)
        if row is not None:
            self.value.setText("" if row.year_value is None else str(row.year_value))
            self.clear_button.setEnabled(not self.state.read_only and row.year_value is not None)

    # --- writing ------------------------------------------------------------------------------
    def _on_set_clicked(self) -> None:
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        indicator, value = self.indicator.currentData(), self.value.text()
        self._write(lambda: targets.set_target(ws, year, indicator, value, unit=unit))

    def _on_clear_clicked(self) -> None:
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        indicator = self.indicator.currentData()
        self._write(lambda: targets.clear_target(ws, year, indicator, unit=unit))

    def _write(self, op) -> None:
        clear_messages(self.errors)
        # "all": the indicators, 概览 and every figure judged against a target are drawn again
        self.state.write(op, "all", on_done=self._on_written, on_error=self._on_failed)

    def _on_written(self, summary: str) -> None:
        self.last_change = summary
        self.load()

    def _on_failed(self, exc: BaseException) -> None:
        from desktop.ui.widgets import report_to

        report_to(self, exc, self.errors)


def show_targets_dialog(parent, state) -> None:
    TargetsDialog(parent, state).exec()
