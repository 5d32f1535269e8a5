"""Helpers the screens share: combo boxes filled from the domain enums, table views set up
for dense finance tables, and the category-line form of 预算与调整 and 支出与进度."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop.core.domain import Labeled
from desktop.core.money import MoneyError
from desktop.ui.widgets import clear_messages, keyed_rows, report_to


def enum_combo(enum: type[Labeled], members=None, with_all: str | None = None) -> QComboBox:
    box = QComboBox()
    if with_all:
        box.addItem(with_all, None)
    for member in members or enum:
        box.addItem(member.label, member.value)
    return box


def table_view(model, *, sortable: bool = True, stretch_last: bool = True, sorted_by: int = -1) -> QTableView:
    """A dense read-only table. The sort arrow tells the truth: none while rows are in the order
    the service gives (`sorted_by` -1), or on the column the model is sorted by."""
    from PySide6.QtCore import Qt

    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSortIndicator(sorted_by, Qt.AscendingOrder)  # (Qt's default: column 0 descending)
    view.setSortingEnabled(sortable)
    view.verticalHeader().setDefaultSectionSize(22)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.Interactive)
    header.setStretchLastSection(stretch_last)
    return view


def fit_columns(view: QTableView) -> None:
    """Size the columns to their contents the first time rows are shown; later draws keep the
    widths (and the officer's own), so a redraw does not measure every cell again."""
    if view.property("fitted"):
        return
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(50)  # measure the first 50 rows, not 1000
    view.resizeColumnsToContents()
    if view.model().rowCount():
        view.setProperty("fitted", True)  # (an empty table is fitted to its headers, and again when filled)
        _elide_long_text(view)


ELASTIC_WIDTH = 220  # a text column wider than this gives up width (elided) so amounts stay in view


def _elide_long_text(view: QTableView) -> None:
    """Long text columns (project names, reasons) start no wider than ELASTIC_WIDTH, their text
    ending in "…" (whole in the cell's tooltip), so the columns after them are not pushed off
    screen; screens put amounts before names (预算与调整) so they are in view at 1366 px."""
    from desktop.ui.models import NUMERIC

    columns = getattr(view.model(), "columns", None)
    if not columns:
        return
    header = view.horizontalHeader()
    for i, column in enumerate(columns):
        if column.kind not in NUMERIC and header.sectionSize(i) > ELASTIC_WIDTH:
            header.resizeSection(i, ELASTIC_WIDTH)  # (the officer can still widen it)


def selected_row(view: QTableView):
    from desktop.ui.models import ROW_ROLE

    indexes = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not indexes:
        return None
    return view.model().data(indexes[0], ROW_ROLE)


class CategoryLineForm(QGroupBox):
    """A line of money by category (and project, for 项目支出): the initial-budget line and the
    spending line share this form. `save(ws, year, unit=, category=, project=, amount=, note=)` is the service call,
    run as one write; a refusal is shown under the field its key names (else under the form), a
    success clears the amount and note and announces `area`."""

    def __init__(self, title: str, amount_label: str, note_label: str, button: str, state, save, area: str, *,
                 allow_negative: bool = False, parent: QWidget | None = None):
        from desktop.core.domain import BudgetCategory
        from desktop.ui.widgets import MoneyField

        super().__init__(title, parent)
        form = QFormLayout(self)
        self.category = enum_combo(BudgetCategory)
        self.project = ProjectCombo()
        self.amount = MoneyField(amount_label, state.money_unit, allow_negative=allow_negative)
        self.note = QLineEdit()
        self.button = QPushButton(button)
        self.errors = keyed_rows(form, (("支出类别", "category", self.category), ("项目", "project", self.project),
                                        ("金额", "amount", self.amount), (note_label, "note", self.note)))
        form.addRow(self.button)
        self._read_only = False
        self.state, self._save, self._area = state, save, area
        self.button.clicked.connect(self._on_button_clicked)
        self.category.currentIndexChanged.connect(self.update_state)
        self.amount.validity_changed.connect(self.update_state)
        self.update_state()

    def values(self) -> dict:
        """category, project, amount (元), note — raises MoneyError for an unreadable amount."""
        project = self.project.currentData() if self.project.isEnabled() else None
        return dict(category=self.category.currentData(), project=project, amount=self.amount.value(),
                    note=self.note.text())

    def _on_button_clicked(self) -> None:
        clear_messages(self.errors)
        try:
            line = self.values()
        except MoneyError as exc:  # an amount that cannot be read (anything else: the excepthook logs it)
            report_to(self, exc, self.errors)
            return
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        self.state.write(lambda: self._save(ws, year, unit=unit, **line), self._area, on_done=self._on_saved,
                         on_error=lambda exc: report_to(self, exc, self.errors))

    def _on_saved(self, _result) -> None:
        self.amount.clear()
        self.note.clear()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for widget in (self.category, self.project, self.amount, self.note, self.button):
            widget.setEnabled(not read_only)
        self.update_state()

    def update_state(self, *_args) -> None:
        if self._read_only:
            return
        from desktop.core.domain import BudgetCategory

        self.project.setEnabled(self.category.currentData() == BudgetCategory.PROJECT.value)
        self.button.setEnabled(self.amount.is_valid())


class ProjectCombo(QComboBox):
    def load(self, rows) -> None:
        """Fill with the year's projects, keeping the one chosen if it is still there."""
        chosen = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem("（不属于项目）", None)
        for p in rows:
            self.addItem(f"{p.code} {p.name}", p.code)
        self.setCurrentIndex(max(self.findData(chosen), 0))
        self.blockSignals(False)
