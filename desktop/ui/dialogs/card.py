"""The asset card dialog (new, change, transfer-in) and the disposal dialog."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
)

from desktop.core.domain import Acquisition, AssetClass, AssetKind, AssetStatus, DisposalMethod
from desktop.core.money import MoneyError, Unit, format_amount
from desktop.services import assets
from desktop.ui.screens.common import enum_combo
from desktop.ui.widgets import MoneyField, clear_messages, editable, grow_for_messages, keyed_rows, report_to


def _date_edit(value: QDate) -> QDateEdit:
    edit = QDateEdit(value)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class CardDialog(QDialog):
    def __init__(self, parent, state, card: assets.CardRow | None = None, acquisition: str | None = None):
        super().__init__(parent)
        self.state, self.card = state, card
        self.setWindowTitle("修改资产卡片" if card else ("调入资产" if acquisition == "transfer_in" else "新增资产卡片"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.card_no, self.name = QLineEdit(), QLineEdit()
        self.asset_class = enum_combo(AssetClass)
        self.kind = enum_combo(AssetKind)
        self.acquisition = enum_combo(Acquisition)
        self.acquired_on = _date_edit(QDate(state.year, 1, 1))
        # Cards are kept in 元, whatever unit the window shows.
        self.original = MoneyField("账面原值", Unit.YUAN)
        self.depreciation = MoneyField("累计折旧（摊销）", Unit.YUAN, allow_empty=True)
        self.status = enum_combo(AssetStatus, [s for s in AssetStatus if s is not AssetStatus.DISPOSED])
        self.custodian, self.location = QLineEdit(), QLineEdit()
        # keyed by the parameters of assets.add_card / change_card
        self.errors = keyed_rows(form, (
            ("卡片编号", "card_no", self.card_no), ("资产名称", "name", self.name),
            ("资产分类", "asset_class", self.asset_class), ("资产类型", "kind", self.kind),
            ("取得方式", "acquisition", self.acquisition), ("取得日期", "acquired_on", self.acquired_on),
            ("账面原值", "original_value", self.original), ("累计折旧（摊销）", "depreciation", self.depreciation),
            ("使用状况", "status", self.status), ("使用人/保管人", "custodian", self.custodian),
            ("存放地点", "location", self.location)))
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setText("保存")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        grow_for_messages(self)
        self.original.validity_changed.connect(self._update)
        self.depreciation.validity_changed.connect(self._update)
        self.card_no.textChanged.connect(self._update)
        self.name.textChanged.connect(self._update)
        self.asset_class.currentIndexChanged.connect(self._on_asset_class_changed)
        if acquisition:
            self.acquisition.setCurrentIndex(self.acquisition.findData(acquisition))
        if card:
            self._load(card)
        self._update()

    def _load(self, card: assets.CardRow) -> None:
        self.card_no.setText(card.card_no)
        self.card_no.setReadOnly(True)
        self.name.setText(card.name)
        for combo, value in ((self.asset_class, card.asset_class), (self.kind, card.kind),
                             (self.acquisition, card.acquisition), (self.status, card.status)):
            combo.setCurrentIndex(combo.findData(value))
        self.acquired_on.setDate(QDate(card.acquired_on.year, card.acquired_on.month, card.acquired_on.day))
        self.original.set_text(editable(card.original_value, Unit.YUAN))
        self.depreciation.set_text(editable(card.depreciation, Unit.YUAN))
        self.custodian.setText(card.custodian)
        self.location.setText(card.location)

    def _on_asset_class_changed(self, *_args) -> None:
        intangible = self.asset_class.currentData() == AssetClass.INTANGIBLE.value
        self.kind.setCurrentIndex(self.kind.findData(AssetKind.INTANGIBLE.value if intangible else AssetKind.FIXED.value))

    def _update(self, *_args) -> None:
        ok = (self.original.is_valid() and self.depreciation.is_valid() and bool(self.card_no.text().strip())
              and bool(self.name.text().strip()))
        self.buttons.button(QDialogButtonBox.Save).setEnabled(ok)

    def values(self) -> dict:
        return dict(name=self.name.text(), asset_class=self.asset_class.currentData(), kind=self.kind.currentData(),
                    acquisition=self.acquisition.currentData(), acquired_on=self.acquired_on.date().toPython(),
                    original_value=self.original.value(), depreciation=self.depreciation.value() or 0,
                    status=self.status.currentData(), custodian=self.custodian.text(), location=self.location.text())

    def _on_buttons_accepted(self) -> None:
        clear_messages(self.errors)
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        try:
            values = self.values()
        except MoneyError as exc:  # an amount that cannot be read (anything else: the excepthook logs it)
            report_to(self, exc, self.errors)
            return
        if self.card:
            card_no = self.card.card_no
            op = lambda: assets.change_card(ws, year, card_no, unit=unit, **values)  # noqa: E731
        else:
            card_no = self.card_no.text()
            op = lambda: assets.add_card(ws, year, card_no=card_no, unit=unit, **values)  # noqa: E731
        self.state.write(op, "assets", on_done=lambda _r: self.accept(),
                         on_error=lambda exc: report_to(self, exc, self.errors))


class DisposalDialog(QDialog):
    def __init__(self, parent, state, card: assets.CardRow):
        super().__init__(parent)
        self.state, self.card = state, card
        self.setWindowTitle(f"处置资产 {card.card_no}")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.method = enum_combo(DisposalMethod)
        self.date = _date_edit(QDate(state.year, 12, 31))
        self.residual = MoneyField("处置残值", Unit.YUAN, allow_empty=True)
        self.remitted = QCheckBox("残值已上缴财政")
        form.addRow("资产", QLineEdit(f"{card.name}（原值 {format_amount(card.original_value)} 元）", readOnly=True))
        # keyed by the parameters of assets.dispose_card
        self.errors = keyed_rows(form, (("处置方式", "method", self.method), ("处置日期", "date", self.date),
                                        ("处置残值", "residual_value", self.residual),
                                        ("", "remitted", self.remitted)))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("处置")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        layout.addWidget(buttons)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        grow_for_messages(self)

    def _on_buttons_accepted(self) -> None:
        clear_messages(self.errors)
        ws, year, unit, card_no = self.state.ws, self.state.year, self.state.unit, self.card.card_no
        try:
            values = dict(method=self.method.currentData(), date=self.date.date().toPython(),
                          residual_value=self.residual.value() or 0, remitted=self.remitted.isChecked())
        except MoneyError as exc:  # an amount that cannot be read (anything else: the excepthook logs it)
            report_to(self, exc, self.errors)
            return
        self.state.write(lambda: assets.dispose_card(ws, year, card_no, unit=unit, **values), "assets",
                         on_done=lambda _r: self.accept(), on_error=lambda exc: report_to(self, exc, self.errors))


def show_card_dialog(parent, state, card=None, acquisition=None) -> bool:
    return _run(CardDialog(parent, state, card, acquisition))


def show_disposal_dialog(parent, state, card) -> bool:
    return _run(DisposalDialog(parent, state, card))


def _run(dialog: QDialog) -> bool:
    try:
        return dialog.exec() == QDialog.Accepted
    finally:
        dialog.deleteLater()
