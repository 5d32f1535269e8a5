"""Table models: column constants, Chinese headers, a sort role with raw values and a role that
returns the row object. Small lists sort in memory; the asset register pages from SQLite."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from desktop.core.money import Unit, format_amount, format_plain

SORT_ROLE = Qt.UserRole + 1
ROW_ROLE = Qt.UserRole + 2


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    get: Callable[[Any], Any]
    kind: str = "text"  # text | money | int | number | percent | date | bool


def display(kind: str, value: Any, unit: Unit) -> str:
    if value is None:
        return ""
    if kind == "money":
        return format_amount(Decimal(value), unit)
    if kind == "percent":
        return f"{format_plain(Decimal(value))}%"
    if kind == "number":
        return format_plain(Decimal(value))
    if kind == "int":
        return f"{value:,}"
    if kind == "date":
        return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
    if kind == "bool":
        return "是" if value else "否"
    return str(value)


class RowsTableModel(QAbstractTableModel):
    """A model over a list of plain row objects (dataclasses from the services)."""

    def __init__(self, columns: Sequence[Column], unit: Callable[[], Unit] = lambda: Unit.YUAN, parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self._unit = unit

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            column = self.columns[section]
            suffix = f"（{self._unit().value}）" if column.kind == "money" else ""
            return column.header + suffix
        return None

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        value = column.get(row)
        if role == Qt.DisplayRole:
            return display(column.kind, value, self._unit())
        if role == SORT_ROLE:
            return value
        if role == ROW_ROLE:
            return row
        if role == Qt.TextAlignmentRole and column.kind in ("money", "int", "percent", "number"):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        get = self.columns[column].get
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=lambda r: (get(r) is None, get(r) if get(r) is not None else 0),
                       reverse=order == Qt.DescendingOrder)
        self.layoutChanged.emit()

    def row_at(self, row: int) -> Any:
        return self.rows[row]

    def refresh_unit(self) -> None:
        self.headerDataChanged.emit(Qt.Horizontal, 0, len(self.columns) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))
