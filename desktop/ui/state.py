"""What the window is looking at: the open data file, unit, year and money unit. Actions that
change data announce which areas changed; each screen decides whether to refresh."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from desktop.core.money import Unit
from desktop.services import years
from desktop.services.workspace import Workspace
from desktop.ui.tasks import TaskRunner

AREAS = ("budget", "spending", "procurement", "projects", "assets", "staff", "narrative", "year", "all")


class AppState(QObject):
    year_changed = Signal()           # another unit/year/file was selected
    data_changed = Signal(set)        # areas whose data changed
    money_unit_changed = Signal()
    error = Signal(object)            # a failure in an undo/redo step, shown by the window
    trace_requested = Signal(str)     # show an indicator's trace (from a dashboard card)

    def __init__(self, ws: Workspace, parent: QObject | None = None):
        super().__init__(parent)
        self.ws = ws
        self.unit: str | None = None
        self.year: int = 0
        self.money_unit = Unit.WAN
        self.locked = False
        self.lock_reason = ""
        self.verified = True          # the integrity check has passed (it may run after open)
        self.integrity_error = ""
        self.held_by = ""             # another window holds the file: this one is read-only
        self.read_only_note = ""      # why else the file is read-only here (read-only folder or medium)
        self.tasks = TaskRunner(self)
        self.undo = QUndoStack(self)

    @property
    def read_only(self) -> bool:
        return self.locked or not self.verified or bool(self.held_by) or bool(self.read_only_note)

    def select(self, unit: str, year: int) -> None:
        self.unit, self.year = unit, year
        self.refresh_lock()
        self.undo.clear()
        self.year_changed.emit()

    def refresh_lock(self) -> None:
        info = next((y for y in years.list_years(self.ws) if y.unit_code == self.unit and y.year == self.year), None)
        self.locked = bool(info and info.locked)
        self.lock_reason = info.lock_reason if info else ""

    def set_money_unit(self, unit: Unit) -> None:
        if unit is not self.money_unit:
            self.money_unit = unit
            self.money_unit_changed.emit()

    def changed(self, *areas: str) -> None:
        if "year" in areas:
            self.refresh_lock()
        self.data_changed.emit(set(areas))
