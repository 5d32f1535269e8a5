"""The asset register model: holds the pages of rows read so far and asks the worker for the
next when the view scrolls; sorting and filtering happen in SQL, never over all rows here. The
first page comes with the 资产 screen's snapshot (`show_first_page`); a new sort asks for it
again (`reload`)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from desktop.core.domain import Acquisition, AssetClass, AssetKind, AssetStatus
from desktop.services import assets
from desktop.ui.models import ALIGNMENT, DISPLAY, RIGHT, ROW, Column, display

PAGE = 200


def _label(enum):
    return lambda code: enum(code).label if code else ""


COLUMNS = (
    Column("card_no", "卡片编号", lambda r: r.card_no),
    Column("name", "资产名称", lambda r: r.name),
    Column("asset_class", "资产分类", lambda r: _label(AssetClass)(r.asset_class)),
    Column("kind", "类型", lambda r: _label(AssetKind)(r.kind)),
    Column("acquisition", "取得方式", lambda r: _label(Acquisition)(r.acquisition)),
    Column("acquired_on", "取得日期", lambda r: r.acquired_on, "date"),
    Column("original_value", "账面原值", lambda r: r.original_value, "money"),
    Column("depreciation", "累计折旧", lambda r: r.depreciation, "money"),
    Column("book_value", "账面净值", lambda r: r.book_value, "money"),
    Column("status", "使用状况", lambda r: _label(AssetStatus)(r.status)),
    Column("custodian", "使用人/保管人", lambda r: r.custodian),
    Column("location", "存放地点", lambda r: r.location),
)
SORT_KEYS = {i: c.key for i, c in enumerate(COLUMNS) if c.key in assets.SORTABLE}


class AssetTableModel(QAbstractTableModel):
    loading = Signal(bool)
    failed = Signal(object)

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.rows: list[assets.CardRow] = []
        self.filter = assets.CardFilter()
        self.sort_key, self.descending = "card_no", False
        self._more = False
        self._fetching = False
        self._generation = 0

    # --- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Fetch the first page for the current year, filter and sort (in the DB worker)."""
        if not self.state.year:
            return  # no year selected yet (the view asks for a sort while it is being built)
        self._generation += 1
        generation = self._generation
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        flt, key, desc = self.filter, self.sort_key, self.descending
        self.loading.emit(True)
        self.state.tasks.run(
            lambda: assets.query_cards(ws, year, flt, sort=key, descending=desc, offset=0, limit=PAGE, unit=unit),
            lambda rows: self._on_first_page(generation, rows), self._on_failed)

    def _on_first_page(self, generation: int, rows) -> None:
        if generation != self._generation:
            return  # a newer filter or sort was asked for meanwhile
        self.beginResetModel()
        self.rows = list(rows)
        self._more = len(rows) == PAGE
        self._fetching = False
        self.endResetModel()
        self.loading.emit(False)

    def show_first_page(self, flt: assets.CardFilter, rows) -> None:
        """The first page read with the screen's snapshot (for `flt` and the current sort)."""
        self.filter = flt
        self._generation += 1
        self._on_first_page(self._generation, rows)

    def _on_failed(self, exc) -> None:
        self._fetching = False
        self.loading.emit(False)
        self.failed.emit(exc)

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        """Ask the worker for the next page; it is appended when it arrives."""
        if parent.isValid() or not self._more or self._fetching:
            return
        self._fetching = True
        generation = self._generation
        ws, year, unit, flt, key, desc = (self.state.ws, self.state.year, self.state.unit, self.filter,
                                          self.sort_key, self.descending)
        offset = len(self.rows)
        self.state.tasks.run(
            lambda: assets.query_cards(ws, year, flt, sort=key, descending=desc, offset=offset, limit=PAGE, unit=unit),
            lambda page: self._on_next_page(generation, page), self._on_failed)

    def _on_next_page(self, generation: int, page) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self._more = len(page) == PAGE
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    def set_filter(self, flt: assets.CardFilter) -> None:
        self.filter = flt
        self.reload()

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        key = SORT_KEYS.get(column)
        if key is None:
            return
        self.sort_key, self.descending = key, order == Qt.DescendingOrder
        self.reload()

    def refresh_unit(self) -> None:
        """The window's 元/万元 changed: the same rows in the other unit."""
        self.headerDataChanged.emit(Qt.Horizontal, 0, len(COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))

    # --- Qt model -----------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if role == DISPLAY and orientation == Qt.Horizontal:
            column = COLUMNS[section]
            return column.header + (f"（{self.state.money_unit.value}）" if column.kind == "money" else "")
        return None

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        if role == DISPLAY:
            column = COLUMNS[index.column()]
            return display(column.kind, column.get(self.rows[index.row()]), self.state.money_unit)  # the toolbar's unit
        if role == ALIGNMENT:
            return RIGHT if COLUMNS[index.column()].kind == "money" else None
        if role == ROW:
            return self.rows[index.row()]
        return None
