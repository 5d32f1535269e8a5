"""预算与调整: initial budget lines, and the adjustments (预算调整/调剂) with the running adjusted
budget. Adjustments are posted, never edited; a posted one is corrected by a reversal."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.domain import BudgetCategory
from desktop.core.money import MoneyError, format_amount
from desktop.services import budget, snapshots
from desktop.ui.models import Column, RowsTableModel
from desktop.ui.screens.common import (
    CategoryLineForm,
    ProjectCombo,
    enum_combo,
    fit_columns,
    selected_row,
    table_view,
)
from desktop.ui.widgets import MoneyField, Screen, clear_messages, keyed_rows, report_to


def _category(code: str) -> str:
    return BudgetCategory(code).label


# Amounts and 文号 come before the names: on a 1366 px screen they stay in view and the long
# project names give way (elided, whole in the tooltip).
LINE_COLUMNS = (
    Column("category", "支出类别", lambda r: _category(r.category)),
    Column("amount", "年初预算", lambda r: r.amount, "money"),
    Column("project", "项目", lambda r: f"{r.project_code} {r.project_name}" if r.project_code else ""),
    Column("note", "备注", lambda r: r.note),
)
ADJUSTMENT_COLUMNS = (
    Column("seq", "序号", lambda r: r.seq, "int"),
    Column("date", "日期", lambda r: r.date, "date"),
    Column("category", "类别", lambda r: _category(r.category)),
    Column("amount", "调整金额", lambda r: r.amount, "money"),
    Column("running", "调整后预算", lambda r: r.running_adjusted, "money"),
    Column("doc_no", "文号", lambda r: r.doc_no),
    Column("project", "项目", lambda r: r.project_name or ""),
    Column("reversal", "冲销", lambda r: f"冲销第{r.reverses_seq}号" if r.reverses_seq
           else (f"已被第{r.reversed_by_seq}号冲销" if r.reversed_by_seq else "")),
    Column("reason", "原因", lambda r: r.reason),
    Column("entered_by", "录入人", lambda r: r.entered_by),
)


class BudgetScreen(Screen):
    title = "预算与调整"
    areas = frozenset({"budget", "projects"})

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self.totals = QLabel()
        self.body.addWidget(self.totals)
        split = QSplitter()
        self.body.addWidget(split, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("年初预算"))
        self.lines = RowsTableModel(LINE_COLUMNS, lambda: state.money_unit, self)
        self.lines_view = table_view(self.lines)
        left_layout.addWidget(self.lines_view, 1)
        self.line_form = CategoryLineForm("新增年初预算行", "年初预算金额", "备注", "添加", state,
                                          budget.add_budget_line, "budget")
        left_layout.addWidget(self.line_form)
        split.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel("预算调整/调剂明细（已录入的调整不能修改或删除，只能冲销）"))
        self.adjustments = RowsTableModel(ADJUSTMENT_COLUMNS, lambda: state.money_unit, self)
        self.adjustments_view = table_view(self.adjustments)
        right_layout.addWidget(self.adjustments_view, 1)
        buttons = QHBoxLayout()
        self.reverse_button = QPushButton("冲销所选调整…")
        buttons.addStretch(1)
        buttons.addWidget(self.reverse_button)
        right_layout.addLayout(buttons)
        box = QGroupBox("录入预算调整")
        form = QFormLayout(box)
        self.adj_date = QDateEdit()
        self.adj_date.setCalendarPopup(True)
        self.adj_date.setDisplayFormat("yyyy-MM-dd")
        self.adj_category = enum_combo(BudgetCategory)
        self.adj_project = ProjectCombo()
        self.adj_amount = MoneyField("调整金额", state.money_unit, allow_negative=True)
        self.adj_amount.edit.setPlaceholderText("追加为正，调减为负，如 -12.50")
        self.adj_doc = QLineEdit()
        self.adj_doc.setPlaceholderText("如 深龙财预〔2020〕58号")
        self.adj_reason = QLineEdit()
        # keyed by the parameters of budget.post_adjustment
        self.adj_errors = keyed_rows(form, (
            ("日期", "date", self.adj_date), ("支出类别", "category", self.adj_category),
            ("项目", "project", self.adj_project), ("调整金额", "amount", self.adj_amount),
            ("文号", "doc_no", self.adj_doc), ("调整原因", "reason", self.adj_reason)))
        self.adj_save = QPushButton("录入调整")
        form.addRow(self.adj_save)
        right_layout.addWidget(box)
        split.addWidget(right)
        split.setSizes([380, 820])

        self.adj_save.clicked.connect(self._on_adj_save_clicked)
        self.reverse_button.clicked.connect(self._on_reverse_button_clicked)
        for signal in (self.adj_amount.validity_changed, self.adj_doc.textChanged, self.adj_reason.textChanged,
                       self.adj_category.currentIndexChanged, self.adj_project.currentIndexChanged):
            signal.connect(self._update_buttons)
        self.adjustments_view.selectionModel().selectionChanged.connect(self._update_buttons)
        state.money_unit_changed.connect(self.lines.refresh_unit)
        state.money_unit_changed.connect(self.adjustments.refresh_unit)

    def snapshot(self):
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        return lambda: snapshots.budget_snapshot(ws, year, unit)

    def draw(self, snap: snapshots.BudgetSnapshot) -> None:
        self.lines.set_rows(snap.lines)
        self.adjustments.set_rows(snap.adjustments)
        for combo in (self.line_form.project, self.adj_project):
            combo.load(snap.projects)
        fit_columns(self.lines_view)
        fit_columns(self.adjustments_view)
        u = self.state.money_unit
        self.totals.setText(
            f"年初预算 {format_amount(snap.initial, u)} {u.value}　　预算调整 {format_amount(snap.adjustment, u)} {u.value}"
            f"（{len(snap.adjustments)} 笔）　　调整后预算 {format_amount(snap.adjusted, u)} {u.value}")
        year = self.state.year
        if self.adj_date.date().year() != year:
            self.adj_date.setDate(QDate(year, 12, 31) if QDate.currentDate().year() != year else QDate.currentDate())
        self._update_buttons()

    def set_read_only(self, read_only: bool) -> None:
        self.line_form.set_read_only(read_only)
        for widget in (self.adj_save, self.reverse_button, self.adj_amount, self.adj_doc, self.adj_reason,
                       self.adj_date, self.adj_category, self.adj_project):
            widget.setEnabled(not read_only)
        if not read_only:
            self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        if self.state.read_only:
            return
        project_needed = self.adj_category.currentData() == BudgetCategory.PROJECT.value
        self.adj_project.setEnabled(project_needed)
        self.adj_save.setEnabled(self.adj_amount.is_valid() and bool(self.adj_doc.text().strip())
                                 and bool(self.adj_reason.text().strip())
                                 and (not project_needed or self.adj_project.currentData() is not None))
        row = selected_row(self.adjustments_view)
        self.reverse_button.setEnabled(bool(row and not row.reverses_seq and not row.reversed_by_seq))

    def _on_adj_save_clicked(self) -> None:
        clear_messages(self.adj_errors)
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        project = self.adj_project.currentData() if self.adj_project.isEnabled() else None
        line = dict(date=self.adj_date.date().toPython(), category=self.adj_category.currentData(), project=project,
                    doc_no=self.adj_doc.text(), reason=self.adj_reason.text())
        try:
            amount = self.adj_amount.value()
        except MoneyError as exc:  # an amount that cannot be read (anything else: the excepthook logs it)
            report_to(self, exc, self.adj_errors)
            return
        self.write(lambda: budget.post_adjustment(ws, year, amount=amount, unit=unit, **line), "budget",
                   on_done=self._on_adjustment_posted, errors=self.adj_errors)

    def _on_adjustment_posted(self, _result) -> None:
        self.adj_amount.clear()
        self.adj_reason.clear()

    def _on_reverse_button_clicked(self) -> None:
        row = selected_row(self.adjustments_view)
        if row is None:
            return
        u = self.state.money_unit  # the unit the table beside it shows
        reason, ok = QInputDialog.getText(self, "冲销预算调整",
                                          f"冲销第 {row.seq} 号调整（{format_amount(row.amount, u)} {u.value}，{row.doc_no}）。\n"
                                          "原记录保留，另录一笔金额相反的冲销记录。\n\n冲销原因：")
        if ok:
            self.reverse(row.seq, reason)

    def reverse(self, seq: int, reason: str) -> None:
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        self.write(lambda: budget.reverse_adjustment(ws, year, seq, reason=reason, unit=unit), "budget")
