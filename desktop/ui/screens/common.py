"""Helpers the screens share: combo boxes filled from the domain enums, table views set up
for dense finance tables, and the mapping from a service error to the field it names."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QTableView, QWidget

from desktop.core.domain import Labeled
from desktop.core.errors import ValidationError
from desktop.ui.widgets import FieldError, show_error


def enum_combo(enum: type[Labeled], members=None, with_all: str | None = None) -> QComboBox:
    box = QComboBox()
    if with_all:
        box.addItem(with_all, None)
    for member in members or enum:
        box.addItem(member.label, member.value)
    return box


def table_view(model, *, sortable: bool = True, stretch_last: bool = True) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(sortable)
    view.verticalHeader().setDefaultSectionSize(22)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.Interactive)
    header.setStretchLastSection(stretch_last)
    return view


def fit_columns(view: QTableView) -> None:
    view.resizeColumnsToContents()


def selected_row(view: QTableView):
    from desktop.ui.models import ROW_ROLE

    indexes = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not indexes:
        return None
    return view.model().data(indexes[0], ROW_ROLE)


def report(parent: QWidget, exc: BaseException, fields: dict[str, FieldError] | None = None) -> None:
    """Put a validation message next to the field it names; anything else in a box."""
    if isinstance(exc, ValidationError) and fields:
        for name, label in fields.items():
            if exc.field and (exc.field == name or exc.field.startswith(name)):
                label.show_message(str(exc))
                return
    show_error(parent, exc)
