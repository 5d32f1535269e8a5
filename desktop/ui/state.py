"""What the window is looking at: the open data file, unit, year and money unit; and the one way
screens change data (`write`): a service call run off the GUI thread that names the areas it
changed, announced by a single signal (`data_changed`) so each screen knows whether its
snapshot is stale."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
    access_changed = Signal()         # read-only or not changed (integrity check done), data did not
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
        return (not self.year or self.locked or not self.verified or bool(self.held_by)
                or bool(self.read_only_note))

    def select(self, unit: str, year: int, known: list[years.YearInfo] | None = None) -> None:
        """Look at another year. `known`: the year list just read (its lock state is used as it
        is, so the screens are told at once); without it the lock state is read first."""
        self.unit, self.year = unit, year
        self.undo.clear()
        if known is None:
            self._with_lock_state(self.year_changed.emit)
        else:
            self._apply_lock_state(known)
            self.year_changed.emit()

    def set_money_unit(self, unit: Unit) -> None:
        if unit is not self.money_unit:
            self.money_unit = unit
            self.money_unit_changed.emit()

    def changed(self, *areas: str) -> None:
        """Announce that `areas` changed ("year": the lock state too, read again first)."""
        if "year" in areas or "all" in areas:
            self._with_lock_state(lambda: self.data_changed.emit(set(areas)))
        else:
            self.data_changed.emit(set(areas))

    def write(self, op: Callable[[], Any], *areas: str, on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[BaseException], None] | None = None) -> None:
        """One change: `op` runs in the worker; then `areas` are announced and `on_done` gets its
        result. A failure goes to `on_error` (else the window's error box); nothing is announced."""
        def done(result: Any) -> None:
            if on_done is not None:
                on_done(result)
            self.changed(*areas)

        self.tasks.run(op, done, on_error or self.error.emit)

    def _with_lock_state(self, then: Callable[[], None]) -> None:
        ws, unit, year = self.ws, self.unit, self.year

        def apply(found: list[years.YearInfo]) -> None:
            if (self.unit, self.year) == (unit, year):
                self._apply_lock_state(found)
            then()

        self.tasks.run(lambda: years.list_years(ws), apply, self.error.emit)

    def _apply_lock_state(self, found: list[years.YearInfo]) -> None:
        info = next((y for y in found if y.unit_code == self.unit and y.year == self.year), None)
        self.locked = bool(info and info.locked)
        self.lock_reason = info.lock_reason if info else ""
