"""Background work through one helper: a single worker thread for everything slow that
touches the database (queries over big registers, recomputation, import and export), results
back on the GUI thread by signal, progress and cancel where a person waits.

Tests set `TaskRunner.synchronous = True` so a job runs inline unless the test is about threads.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QMetaObject, QObject, QRunnable, Qt, QThreadPool, Signal

from desktop.core.errors import BudgetDeskError
from desktop.core.logs import log_unexpected



class Cancelled(Exception):
    pass


class Progress:
    """Handed to a job: report progress, and see whether the person cancelled."""

    def __init__(self, emit: Callable[[int, str], None]):
        self._emit = emit
        self._cancelled = threading.Event()

    def report(self, percent: int, text: str = "") -> None:
        if self._cancelled.is_set():
            raise Cancelled()
        self._emit(int(percent), text)

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], signals: _Signals, progress: Progress | None):
        super().__init__()
        self.fn, self.signals, self.progress = fn, signals, progress
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            try:
                result = self.fn(self.progress) if self.progress else self.fn()
            except BaseException as exc:  # reported on the GUI thread, never lost in a thread
                if not isinstance(exc, (BudgetDeskError, Cancelled)):
                    log_unexpected(exc, "后台任务失败")
                self.signals.failed.emit(exc)
            else:
                self.signals.done.emit(result)
        except RuntimeError as exc:  # ("Signal source has been deleted": the program is ending)
            log_unexpected(exc, "后台任务结束时窗口已不在")


# While a worker runs Python code, the GUI thread waits for the interpreter lock at each hand-over:
# up to the switch interval (5 ms by default), again and again while it draws. 1 ms keeps the
# window responsive next to a busy worker (measured by bench/screens.py).
GIL_SWITCH_INTERVAL = 0.001


class TaskRunner(QObject):
    synchronous = False

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        sys.setswitchinterval(GIL_SWITCH_INTERVAL)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one DB worker: jobs run one after another
        # Long jobs nobody waits for (the integrity check, the daily backup) run beside it, so a
        # screen's snapshot never queues behind them.
        self.background_pool = QThreadPool(self)
        self.background_pool.setMaxThreadCount(1)
        # The 概览's pictures (the cache, or the chart process: no database) have a thread of
        # their own: a first chart waiting for matplotlib's import holds up no screen's query.
        self.drawing_pool = QThreadPool(self)
        self.drawing_pool.setMaxThreadCount(1)
        self._live: set[_Signals] = set()
        self._closed = False

    def run(self, fn: Callable[..., Any], on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None], *, on_progress: Callable[[int, str], None] | None = None,
            with_progress: bool = False, background: bool = False, drawing: bool = False) -> Progress | None:
        signals = _Signals()
        progress = Progress(signals.progress.emit) if with_progress else None
        if self._closed:  # the window is gone: nothing is started to run into the program's end
            return progress
        self._live.add(signals)

        def finish(handler, value):
            self._live.discard(signals)
            handler(value)

        signals.done.connect(lambda value: finish(on_done, value))
        signals.failed.connect(lambda exc: finish(on_error, exc))
        if on_progress:
            signals.progress.connect(on_progress)
        job = _Job(fn, signals, progress)
        if self.synchronous:
            job.run()
        else:
            (self.background_pool if background else self.drawing_pool if drawing else self.pool).start(job)
        return progress

    def wait(self, msecs: int = 30000) -> bool:
        return all(pool.waitForDone(msecs) for pool in (self.pool, self.background_pool, self.drawing_pool))

    def close(self) -> None:
        """The window closes: what runs finishes, and nothing asked for from now on is started
        (the callback of a job that finished meanwhile may ask; its window is gone)."""
        self._closed = True
        self.wait()


def beside_gui(parent, fn: Callable[[], Any]) -> Any:
    """`fn()` run on a thread of its own while the GUI thread keeps its event loop turning (the
    window paints and says what it is doing; `parent`, if a widget, is disabled meanwhile), for
    the moments before a window has its worker: opening a data file (recovery, an upgrade with
    its backup), creating the demo. Returns fn's result or raises its exception here."""
    if TaskRunner.synchronous:
        return fn()
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def run() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # raised again on the GUI thread, below
            outcome["error"] = exc
        finally:
            QMetaObject.invokeMethod(loop, "quit", Qt.QueuedConnection)

    enabled = parent.isEnabled() if parent is not None else None
    if parent is not None:
        parent.setEnabled(False)
    thread = threading.Thread(target=run, name="beside-gui")
    thread.start()
    try:
        loop.exec()
    finally:
        if parent is not None:
            parent.setEnabled(enabled)
    # The application quitting (the window closed meanwhile) ends every event loop, this one
    # too, before fn is done: fn still finishes (an upgrade is never cut off), and the caller
    # gets its result to let go of (file_safety.open_for_window).
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
