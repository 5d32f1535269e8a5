"""Table models: column constants, Chinese headers, and a role that returns the row object.
Small lists sort in memory; the asset register pages from SQLite. Qt asks `data()` for many
roles of every visible cell at each paint, so a role we do not answer returns before any work,
and displayed text is formatted once per cell until the rows or the unit change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from desktop.core.money import Unit, format_amount, format_plain

ROW_ROLE = Qt.UserRole + 2
NUMERIC = ("money", "int", "percent", "number")
RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)
# Plain ints: comparing the role Qt passes with a Qt enum member costs ~5 µs, with an int ~0.05 µs,
# and `data()` is called for every role of every visible cell at each paint.
DISPLAY = int(Qt.DisplayRole)
ALIGNMENT = int(Qt.TextAlignmentRole)
TOOLTIP = int(Qt.ToolTipRole)
ROW = int(ROW_ROLE)


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
        self._text: dict[tuple[int, int], str] = {}
        self._sorted_by: tuple[int, Any] | None = None  # (column, order) the officer chose

    def set_rows(self, rows: Sequence[Any]) -> None:
        """New rows, in the service's order, or in the officer's if they sorted by a column."""
        self.beginResetModel()
        self.rows = list(rows)
        self._text.clear()
        if self._sorted_by is not None:
            self._sort_rows(*self._sorted_by)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if role == DISPLAY and orientation == Qt.Horizontal:
            column = self.columns[section]
            suffix = f"（{self._unit().value}）" if column.kind == "money" else ""
            return column.header + suffix
        return None

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        if role == DISPLAY:
            key = (index.row(), index.column())
            text = self._text.get(key)
            if text is None:
                column = self.columns[index.column()]
                text = self._text[key] = display(column.kind, column.get(self.rows[index.row()]), self._unit())
            return text
        if role == TOOLTIP and self.columns[index.column()].kind not in NUMERIC:
            return self.data(index, DISPLAY) or None  # the whole text of a name shown elided
        if role == ALIGNMENT:
            return RIGHT if self.columns[index.column()].kind in NUMERIC else None
        if role == ROW:
            return self.rows[index.row()]
        return None

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        """Sort by a column (kept for the next rows); column -1 (no arrow) keeps the order rows
        come in."""
        if not 0 <= column < len(self.columns):
            self._sorted_by = None
            return
        self._sorted_by = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._sort_rows(column, order)
        self._text.clear()
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order) -> None:
        get = self.columns[column].get
        self.rows.sort(key=lambda r: (get(r) is None, get(r) if get(r) is not None else 0),
                       reverse=order == Qt.DescendingOrder)

    def refresh_unit(self) -> None:
        self._text.clear()
        self.headerDataChanged.emit(Qt.Horizontal, 0, len(self.columns) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))
