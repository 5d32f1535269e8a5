"""The one background helper: jobs run on the worker thread, results come back on the GUI thread,
progress is reported and a cancel stops the job."""

import threading

import pytest

pytest.importorskip("PySide6")

pytestmark = pytest.mark.gui

from PySide6.QtCore import QThread  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.ui.tasks import Cancelled, TaskRunner  # noqa: E402


def test_job_runs_off_the_gui_thread_and_answers_on_it(qtbot):
    runner = TaskRunner()
    main = QThread.currentThread()
    seen = {}

    def job():
        seen["job_thread"] = threading.current_thread().name
        seen["job_is_main"] = QThread.currentThread() is main
        return 42

    def done(result):
        seen["result"] = result
        seen["done_is_main"] = QThread.currentThread() is QApplication.instance().thread()

    runner.run(job, done, lambda exc: seen.setdefault("error", exc))
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == 42
    assert seen["job_is_main"] is False
    assert seen["done_is_main"] is True


def test_progress_and_cancel(qtbot):
    runner = TaskRunner()
    steps, outcome = [], {}
    release = threading.Event()

    def job(progress):
        progress.report(10, "第一步")
        release.wait(5)
        progress.report(50, "第二步")  # raises Cancelled once the person cancelled
        return "finished"

    handle = runner.run(job, lambda r: outcome.setdefault("done", r), lambda e: outcome.setdefault("error", e),
                        on_progress=lambda p, t: steps.append((p, t)), with_progress=True)
    qtbot.waitUntil(lambda: bool(steps), timeout=5000)
    handle.cancel()
    release.set()
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert isinstance(outcome.get("error"), Cancelled)
    assert steps[0] == (10, "第一步")


def test_an_error_in_a_job_is_reported_not_lost(qtbot):
    runner = TaskRunner()
    outcome = {}
    runner.run(lambda: 1 / 0, lambda r: outcome.setdefault("done", r), lambda e: outcome.setdefault("error", e))
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert isinstance(outcome["error"], ZeroDivisionError)


def test_a_job_whose_window_is_gone_ends_quietly(qtbot):
    """A job finishing as the program ends, its signals already deleted with the application's
    objects: the error stays in the worker's log record instead of escaping run() (Qt would hand
    it to sys.excepthook on the worker thread)."""
    from shiboken6 import Shiboken

    from desktop.core import logs
    from desktop.ui.tasks import _Job, _Signals

    signals = _Signals()
    job = _Job(lambda: 42, signals, None)
    Shiboken.delete(signals)
    job.run()
    assert "后台任务结束时窗口已不在" in logs.log_file().read_text(encoding="utf-8")


def test_a_closed_runner_starts_nothing(qtbot):
    runner = TaskRunner()
    runner.close()
    ran = []
    runner.run(lambda: ran.append(1), lambda _r: ran.append(2), lambda _e: ran.append(3))
    qtbot.wait(100)
    runner.wait()
    assert ran == []
