"""The window's charts drawn in a process of their own.

Drawing a chart is Python work that holds the interpreter lock: in the window's process it
competes with everything else the window does while 概览 opens (loading SQLAlchemy and the
screens, reading the year's figures), and importing matplotlib costs about 0.35 s more. A
second process takes both to the machine's other core: it is started first thing, before Qt is
loaded (desktop/ui/app.py), imports matplotlib while the window loads and opens the data file,
and then draws each chart it is sent (bench/screens.py measures the difference).

The process only turns a `ChartData` into PNG bytes with the same drawing code as everything
else (`desktop/export/charts.py`); the picture cache stays with the window (`charts.picture`).
If the process cannot be started or dies, the window draws in its own process, as before, and
the log says why. It leaves with the window: a closed pipe ends it, and so does the window's
process ending in any way.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (imported before the window shows: nothing heavy at import)
    from desktop.core.charts import ChartData

log = logging.getLogger(__name__)
_running: ChartProcess | None = None


def start() -> None:
    """Draw the window's pictures in a process of their own from now on (idempotent). The
    window starts it first thing, before Qt is loaded (desktop/ui/app.py)."""
    global _running
    if _running is None:
        _running = ChartProcess()


def stop() -> None:
    global _running
    process, _running = _running, None
    if process is not None:
        process.close()


def render(data: ChartData, size: tuple[float, float]) -> bytes:
    """The chart as PNG bytes: drawn by the process when it runs, else here."""
    global _running
    process = _running
    if process is not None:
        try:
            return process.render(data, size)
        except ProcessGone:
            log.warning("图表绘制进程已退出，改在本进程中绘制", exc_info=True)
            _running = None
            process.close()  # (reaps it: a process killed from outside is not left a zombie)
    from desktop.export import charts as drawing

    return drawing.render(data, "png", size)


# A chart takes ~50 ms to draw, and the first one waits for matplotlib's import (~0.5 s, or
# seconds on a busy or slow machine): a process silent for this long is stuck, and replaced by
# drawing in the window's own process.
ANSWER_WITHIN = 60


class ProcessGone(Exception):
    """The drawing process is not there (it could not start, or it ended)."""


class ChartDrawingFailed(Exception):
    """The drawing process could not draw a chart (its traceback is in the log file)."""


class ChartProcess:
    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")  # (never fork a process that runs Qt threads)
        self._connection, theirs = context.Pipe()
        self._process = context.Process(target=serve, args=(theirs,), name="budget-desk-charts", daemon=True)
        self._process.start()
        theirs.close()
        self._lock = threading.Lock()

    def render(self, data: ChartData, size: tuple[float, float]) -> bytes:
        """The chart as PNG bytes, drawn in the process. A drawing error is raised here, as it
        would be in-process; ProcessGone when the process is not there to ask."""
        with self._lock:
            try:
                self._connection.send((data, size))
                if not self._connection.poll(ANSWER_WITHIN):
                    self._process.terminate()
                    raise ProcessGone(f"图表绘制进程 {ANSWER_WITHIN} 秒内没有应答")
                ok, value = self._connection.recv()
            except (EOFError, OSError) as exc:
                raise ProcessGone(str(exc)) from exc
        if ok:
            return value
        raise ChartDrawingFailed(value)

    def close(self) -> None:
        with self._lock:
            self._connection.close()
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.terminate()


def serve(connection) -> None:
    """The drawing process: import matplotlib at once, then draw what is asked until the
    window closes the pipe."""
    from desktop.core import logs
    from desktop.export import charts as drawing

    drawing.warm_up()
    while True:
        try:
            data, size = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply = (True, drawing.render(data, "png", size))
        except Exception as exc:  # logged here; the window reports it
            logs.log_unexpected(exc, "图表绘制进程出错")
            reply = (False, f"{type(exc).__name__}: {exc}")
        connection.send(reply)
