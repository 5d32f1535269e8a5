"""Undo/redo for edits that can be undone (set-style edits: headcount, disbursement, task
status, report text, card details). Each step goes through the services again, so undo is
audited like any change. Adjustments are never undone: they are reversed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from desktop.ui.state import AppState


class ServiceCommand(QUndoCommand):
    def __init__(self, state: AppState, text: str, do: Callable[[], None], undo: Callable[[], None],
                 areas: tuple[str, ...]):
        super().__init__(text)
        self.state, self._do, self._undo, self.areas = state, do, undo, areas
        self._first = True

    def redo(self) -> None:
        if self._first:  # already done by `perform` before it was pushed
            self._first = False
            return
        self._run(self._do)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, step: Callable[[], None]) -> None:
        try:
            step()
        except Exception as exc:  # shown by the window; Qt would otherwise swallow it
            self.state.error.emit(exc)
        self.state.changed(*self.areas)


def perform(state: AppState, text: str, do: Callable[[], None], undo: Callable[[], None],
            *areas: str) -> None:
    """Do the edit now (errors propagate, nothing is pushed), then make it undoable."""
    do()
    state.undo.push(ServiceCommand(state, text, do, undo, areas))
    state.changed(*areas)
