"""资产: the asset register, filtered and sorted in SQL, with totals of the filtered cards, and
the card actions (new, change, transfer-in, status change, disposal), each audited. One snapshot
holds the year's asset figures, the filtered totals and the first page of cards; the model asks
for further pages itself as the view scrolls."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton

from desktop.core.domain import Acquisition, AssetClass, AssetKind, AssetStatus
from desktop.core.errors import ConflictError
from desktop.core.money import format_amount, format_plain
from desktop.services import assets, snapshots
from desktop.ui.asset_model import AssetTableModel
from desktop.ui.dialogs.card import show_card_dialog, show_disposal_dialog
from desktop.ui.screens.common import enum_combo, selected_row, table_view
from desktop.ui.widgets import Screen, show_error


class AssetsScreen(Screen):
    title = "资产"
    areas = frozenset({"assets"})

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self.figures = QLabel()
        self.body.addWidget(self.figures)
        grid = QGridLayout()
        self.asset_class = enum_combo(AssetClass, with_all="全部分类")
        self.status = enum_combo(AssetStatus, with_all="全部状况")
        self.acquisition = enum_combo(Acquisition, with_all="全部取得方式")
        self.kind = enum_combo(AssetKind, with_all="全部类型")
        self.custodian = QLineEdit()
        self.custodian.setPlaceholderText("使用人/保管人")
        self.location = QLineEdit()
        self.location.setPlaceholderText("存放地点")
        self.search = QLineEdit()
        self.search.setPlaceholderText("卡片编号或名称包含…")
        for col, widget in enumerate((self.asset_class, self.status, self.acquisition, self.kind)):
            grid.addWidget(widget, 0, col)
        grid.addWidget(self.custodian, 1, 0)
        grid.addWidget(self.location, 1, 1)
        grid.addWidget(self.search, 1, 2, 1, 2)
        self.body.addLayout(grid)
        self.totals = QLabel("正在统计…")
        self.body.addWidget(self.totals)
        self.model = AssetTableModel(state, self)
        state.money_unit_changed.connect(self.model.refresh_unit)  # the register follows the toolbar's 元/万元
        self.view = table_view(self.model, sorted_by=0)  # the register is read by 卡片编号, ascending
        self.body.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("新增卡片…")
        self.transfer_button = QPushButton("调入资产…")
        self.edit_button = QPushButton("修改所选…")
        self.status_box = enum_combo(AssetStatus, [s for s in AssetStatus if s is not AssetStatus.DISPOSED])
        self.status_button = QPushButton("设为此状况")
        self.dispose_button = QPushButton("处置所选…")
        for widget in (self.new_button, self.transfer_button, self.edit_button, self.status_box, self.status_button,
                       self.dispose_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        self.body.addLayout(buttons)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        for combo in (self.asset_class, self.status, self.acquisition, self.kind):
            combo.currentIndexChanged.connect(self._debounce.start)
        for edit in (self.custodian, self.location, self.search):
            edit.textChanged.connect(self._debounce.start)
        self.model.failed.connect(lambda exc: show_error(self, exc))
        self.new_button.clicked.connect(lambda: self._open_card(None, None))
        self.transfer_button.clicked.connect(lambda: self._open_card(None, Acquisition.TRANSFER_IN.value))
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.status_button.clicked.connect(self._on_status_button_clicked)
        self.dispose_button.clicked.connect(self._on_dispose_button_clicked)
        self.view.doubleClicked.connect(self._on_edit_button_clicked)

    def current_filter(self) -> assets.CardFilter:
        return assets.CardFilter(
            asset_class=self.asset_class.currentData(), status=self.status.currentData(),
            acquisition=self.acquisition.currentData(), kind=self.kind.currentData(),
            custodian=self.custodian.text().strip() or None, location=self.location.text().strip() or None,
            text=self.search.text().strip() or None)

    def snapshot(self):
        ws, year, unit, flt = self.state.ws, self.state.year, self.state.unit, self.current_filter()
        key, descending = self.model.sort_key, self.model.descending
        self.totals.setText("正在统计…")
        return lambda: snapshots.assets_snapshot(ws, year, unit, flt, sort=key, descending=descending)

    def draw(self, snap: snapshots.AssetsSnapshot) -> None:
        f, u = snap.figures, self.state.money_unit
        rate = "—" if f.utilization is None else f"{format_plain(f.utilization)}%"
        self.figures.setText(f"年末固定资产原值 {format_amount(f.fixed, u)} {u.value}，其中在用 {format_amount(f.in_use, u)}，"
                             f"待处置 {format_amount(f.pending_disposal, u)}；固定资产利用率 {rate}；"
                             f"本年处置资产账面价值 {format_amount(f.disposed_book_value, u)} {u.value}")
        t = snap.totals
        self.totals.setText(f"筛选结果：{t.count:,} 张卡片，账面原值 {format_amount(t.original_value, u)} {u.value}，"
                            f"累计折旧 {format_amount(t.depreciation, u)} {u.value}，"
                            f"账面净值 {format_amount(t.book_value, u)} {u.value}")
        self.model.show_first_page(self.current_filter(), snap.first_page)

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.new_button, self.transfer_button, self.edit_button, self.status_box, self.status_button,
                       self.dispose_button):
            widget.setEnabled(not read_only)

    def _open_card(self, card, acquisition) -> None:
        show_card_dialog(self, self.state, card, acquisition)  # the dialog saves and announces the change

    def _on_edit_button_clicked(self, *_args) -> None:
        card = selected_row(self.view)
        if card is None or self.state.read_only:
            return
        if card.status == AssetStatus.DISPOSED.value:
            show_error(self, ConflictError(f"卡片 {card.card_no} 已处置，不能修改"))
            return
        self._open_card(card, None)

    def _on_status_button_clicked(self) -> None:
        card = selected_row(self.view)
        if card is None:
            return
        ws, year, unit, status = self.state.ws, self.state.year, self.state.unit, self.status_box.currentData()
        self.write(lambda: assets.set_card_status(ws, year, card.card_no, status, unit=unit), "assets")

    def _on_dispose_button_clicked(self) -> None:
        card = selected_row(self.view)
        if card is not None:
            show_disposal_dialog(self, self.state, card)
