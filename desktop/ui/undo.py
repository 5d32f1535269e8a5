"""Undo/redo for edits that can be undone (set-style edits: headcount, disbursement, task
status, report text). Each step goes through the services again, in the worker like any write,
so undo is audited like any change. Adjustments are never undone: they are reversed."""

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
        self.state.write(self._do, *self.areas)

    def undo(self) -> None:
        self.state.write(self._undo, *self.areas)


def perform(state: AppState, text: str, do: Callable[[], None], undo: Callable[[], None], *areas: str,
            on_error: Callable[[BaseException], None] | None = None) -> None:
    """Do the edit (in the worker); once it is saved, make it undoable. A refusal goes to
    `on_error` and nothing is pushed."""
    state.write(do, *areas, on_done=lambda _result: state.undo.push(ServiceCommand(state, text, do, undo, areas)),
                on_error=on_error)
