"""支出与进度: actual spending by category and project, cumulative treasury disbursement by
month against 序时进度, and the year's carry-over and appropriation."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.domain import BudgetCategory
from desktop.core.money import MoneyError, format_amount
from desktop.services import snapshots, spending
from desktop.ui.models import Column, RowsTableModel
from desktop.ui.screens.common import CategoryLineForm, fit_columns, table_view
from desktop.ui.undo import perform
from desktop.ui.widgets import FieldError, MoneyField, Screen, clear_messages, editable, keyed_rows, report_to

EXPENDITURE_COLUMNS = (
    Column("category", "支出类别", lambda r: BudgetCategory(r.category).label),
    Column("project", "项目", lambda r: r.project_code or ""),
    Column("amount", "支出金额", lambda r: r.amount, "money"),
    Column("note", "摘要", lambda r: r.note),
)


MONTH_COLUMNS = (
    Column("month", "月份", lambda r: f"{r.month}月"),
    Column("cumulative", "月末累计国库支付", lambda r: r.cumulative, "money"),
    Column("progress", "支出进度", lambda r: r.progress, "percent"),
    Column("time_progress", "序时进度", lambda r: r.time_progress, "percent"),
)


class SpendingScreen(Screen):
    title = "支出与进度"
    areas = frozenset({"spending", "budget", "projects"})

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        top = QHBoxLayout()
        self.body.addLayout(top, 1)

        left = QVBoxLayout()
        left.addWidget(QLabel("支出明细（财政拨款支出决算）"))
        self.expenditures = RowsTableModel(EXPENDITURE_COLUMNS, lambda: state.money_unit, self)
        self.expenditures_view = table_view(self.expenditures)
        left.addWidget(self.expenditures_view, 1)
        self.line_form = CategoryLineForm("新增支出", "支出金额", "摘要", "添加支出", state, spending.add_expenditure,
                                          "spending", allow_negative=True)
        left.addWidget(self.line_form)
        top.addLayout(left, 3)

        right = QVBoxLayout()
        right.addWidget(QLabel("分月累计国库支付与序时进度（支出进度 = 累计国库支付 ÷ 调整预算）"))
        self.months = RowsTableModel(MONTH_COLUMNS, lambda: state.money_unit, self)
        self.months_view = table_view(self.months, sortable=False)
        right.addWidget(self.months_view, 1)
        box = QGroupBox("录入月末累计支付")
        form = QFormLayout(box)
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.month.setSuffix(" 月")
        self.cumulative = MoneyField("月末累计支付", state.money_unit)
        self.month_error = FieldError()
        self.month_save = QPushButton("保存（可撤销）")
        form.addRow("月份", self.month)
        form.addRow("累计支付", self.cumulative)
        form.addRow(self.month_error)
        form.addRow(self.month_save)
        right.addWidget(box)
        carry = QGroupBox("财政拨款结转和结余")
        form = QFormLayout(carry)
        self.begin = MoneyField("年初结转和结余", state.money_unit)
        self.appropriation = MoneyField("本年财政拨款收入", state.money_unit)
        self.end = MoneyField("年末结转和结余", state.money_unit)
        self.carry_check = QLabel()
        self.carry_save = QPushButton("保存结转结余")
        # keyed by the parameters of spending.set_carryover
        self.carry_errors = keyed_rows(form, (("年初结转和结余", "begin", self.begin),
                                              ("本年财政拨款收入", "appropriation", self.appropriation),
                                              ("年末结转和结余", "end", self.end)))
        form.addRow(self.carry_check)
        form.addRow(self.carry_save)
        right.addWidget(carry)
        side = QWidget()
        side.setLayout(right)
        top.addWidget(side, 2)

        self.month_save.clicked.connect(self._on_month_save_clicked)
        self.carry_save.clicked.connect(self._on_carry_save_clicked)
        self.cumulative.validity_changed.connect(self._update_buttons)
        for field in (self.begin, self.appropriation, self.end):
            field.validity_changed.connect(self._update_buttons)
        state.money_unit_changed.connect(self.expenditures.refresh_unit)
        state.money_unit_changed.connect(self.months.refresh_unit)

    def snapshot(self):
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        return lambda: snapshots.spending_snapshot(ws, year, unit)

    def draw(self, snap: snapshots.SpendingSnapshot) -> None:
        self.expenditures.set_rows(snap.expenditures)
        self.line_form.project.load(snap.projects)
        self.months.set_rows(snap.months)
        fit_columns(self.expenditures_view)
        fit_columns(self.months_view)
        carry, u = snap.carryover, self.state.money_unit
        for field, value in ((self.begin, carry and carry.begin), (self.appropriation, carry and carry.appropriation),
                             (self.end, carry and carry.end)):
            field.set_text("" if value is None else editable(value, u))
        if carry is not None:
            same = "一致" if not carry.difference else f"不一致（相差 {format_amount(carry.difference)} 元）"
            self.carry_check.setText(f"按 年初 + 本年收入 − 本年支出 计算：{format_amount(carry.computed_end, u)} {u.value}，"
                                     f"与填报数{same}")
        self._update_buttons()

    def set_read_only(self, read_only: bool) -> None:
        self.line_form.set_read_only(read_only)
        for widget in (self.month_save, self.carry_save, self.cumulative, self.begin, self.appropriation, self.end,
                       self.month):
            widget.setEnabled(not read_only)
        if not read_only:
            self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        if self.state.read_only:
            return
        self.month_save.setEnabled(self.cumulative.is_valid())
        self.carry_save.setEnabled(all(f.is_valid() for f in (self.begin, self.appropriation, self.end)))

    def _on_month_save_clicked(self) -> None:
        self.month_error.show_message("")
        ws, year, unit, month = self.state.ws, self.state.year, self.state.unit, self.month.value()
        try:
            value = self.cumulative.value()
        except MoneyError as exc:  # an amount that cannot be read (anything else: the excepthook logs it)
            report_to(self, exc, self.month_error)
            return
        shown = self.shown.months[month - 1].cumulative if self.shown else None
        undo = ((lambda: spending.set_disbursement(ws, year, month, shown, unit=unit)) if shown is not None
                else (lambda: spending.clear_disbursement(ws, year, month, unit=unit)))
        perform(self.state, f"{month}月末累计支付", lambda: spending.set_disbursement(ws, year, month, value, unit=unit),
                undo, "spending", on_error=lambda exc: report_to(self, exc, self.month_error))
        self.cumulative.clear()

    def _on_carry_save_clicked(self) -> None:
        clear_messages(self.carry_errors)
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        try:
            values = dict(begin=self.begin.value(), appropriation=self.appropriation.value(), end=self.end.value())
        except MoneyError as exc:  # an amount that cannot be read (anything else: the excepthook logs it)
            report_to(self, exc, self.carry_errors)
            return
        self.write(lambda: spending.set_carryover(ws, year, unit=unit, **values), "spending",
                   errors=self.carry_errors)
