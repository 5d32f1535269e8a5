"""政府采购: procurement lines (type, method, budget, contract, paid) with totals by type."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton

from desktop.core.domain import ProcurementMethod, ProcurementType
from desktop.core.money import MoneyError, format_amount, format_plain
from desktop.services import procurement, snapshots
from desktop.ui.models import Column, RowsTableModel
from desktop.ui.screens.common import ProjectCombo, enum_combo, fit_columns, table_view
from desktop.ui.widgets import MoneyField, Screen, clear_messages, keyed_rows, report_to

COLUMNS = (
    Column("code", "采购编号", lambda r: r.code),
    Column("name", "采购项目", lambda r: r.name),
    Column("type", "类型", lambda r: ProcurementType(r.ptype).label),
    Column("method", "采购方式", lambda r: ProcurementMethod(r.method).label),
    Column("project", "所属项目", lambda r: r.project_code or ""),
    Column("budget", "采购预算", lambda r: r.budget, "money"),
    Column("contract", "合同金额", lambda r: r.contract, "money"),
    Column("paid", "已支付", lambda r: r.paid, "money"),
    Column("supplier", "供应商", lambda r: r.supplier),
)


class ProcurementScreen(Screen):
    title = "政府采购"
    areas = frozenset({"procurement", "projects"})

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self.totals = QLabel()
        self.body.addWidget(self.totals)
        self.model = RowsTableModel(COLUMNS, lambda: state.money_unit, self)
        self.view = table_view(self.model)
        self.body.addWidget(self.view, 1)
        box = QGroupBox("新增采购")
        form = QFormLayout(box)
        self.code, self.name, self.supplier = QLineEdit(), QLineEdit(), QLineEdit()
        self.ptype = enum_combo(ProcurementType)
        self.method = enum_combo(ProcurementMethod)
        self.project = ProjectCombo()
        self.budget = MoneyField("采购预算", state.money_unit)
        self.contract = MoneyField("合同金额", state.money_unit, allow_empty=True)
        self.paid = MoneyField("已支付金额", state.money_unit, allow_empty=True)
        self.add_button = QPushButton("添加采购")
        # keyed by the parameter of procurement.add_procurement each value goes to
        self.errors = keyed_rows(form, (
            ("采购编号", "code", self.code), ("采购项目名称", "name", self.name), ("类型", "ptype", self.ptype),
            ("采购方式", "method", self.method), ("所属项目", "project", self.project),
            ("采购预算", "budget", self.budget), ("合同金额", "contract", self.contract),
            ("已支付", "paid", self.paid), ("供应商", "supplier", self.supplier)))
        form.addRow(self.add_button)
        self.body.addWidget(box)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        for field in (self.budget, self.contract, self.paid):
            field.validity_changed.connect(self._update_buttons)
        self.code.textChanged.connect(self._update_buttons)
        self.name.textChanged.connect(self._update_buttons)
        state.money_unit_changed.connect(self.model.refresh_unit)

    def snapshot(self):
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        return lambda: snapshots.procurement_snapshot(ws, year, unit)

    def draw(self, snap: snapshots.ProcurementSnapshot) -> None:
        self.model.set_rows(snap.lines)
        self.project.load(snap.projects)
        fit_columns(self.view)
        u = self.state.money_unit
        parts = "，".join(f"{label} {format_amount(paid, u)}" for label, paid in snap.paid_by_type)
        rate = "—" if snap.rate is None else f"{format_plain(snap.rate)}%"
        self.totals.setText(f"采购预算 {format_amount(snap.budget, u)} {u.value}，已支付 {format_amount(snap.paid, u)} {u.value}"
                            f"（{parts}），执行率 {rate}")
        self._update_buttons()

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.code, self.name, self.ptype, self.method, self.project, self.budget, self.contract,
                       self.paid, self.supplier, self.add_button):
            widget.setEnabled(not read_only)
        if not read_only:
            self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        if self.state.read_only:
            return
        self.add_button.setEnabled(all(f.is_valid() for f in (self.budget, self.contract, self.paid))
                                   and bool(self.code.text().strip()) and bool(self.name.text().strip()))

    def _on_add_button_clicked(self) -> None:
        clear_messages(self.errors)
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        try:
            line = dict(code=self.code.text(), name=self.name.text(), ptype=self.ptype.currentData(),
                        method=self.method.currentData(), budget=self.budget.value(),
                        contract=self.contract.value() or 0, paid=self.paid.value() or 0,
                        supplier=self.supplier.text(), project=self.project.currentData())
        except MoneyError as exc:  # an amount that cannot be read (anything else: the excepthook logs it)
            report_to(self, exc, self.errors)
            return
        self.write(lambda: procurement.add_procurement(ws, year, unit=unit, **line), "procurement",
                   on_done=self._on_added, errors=self.errors)

    def _on_added(self, _result) -> None:
        for widget in (self.code, self.name, self.supplier):
            widget.clear()
        for field in (self.budget, self.contract, self.paid):
            field.clear()
