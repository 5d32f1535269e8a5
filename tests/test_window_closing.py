"""Closing the window while the data file is still being opened beside the event loop
(tasks.beside_gui): the program quits cleanly, without an error, and lets go of the file."""

import os
import subprocess
import sys

import pytest

pytest.importorskip("PySide6")

pytestmark = pytest.mark.gui

# The window closed (文件 → 退出, or the title bar's ×) while the file opens: the application
# quits, which ends every event loop, the one beside_gui turns included. The opening goes on a
# little longer (a migration must never be cut off) and only then lets go.
CLOSE_WHILE_OPENING = """
import sys, threading
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop.services import filelock, workspace
app = QApplication([])
from desktop.ui.main_window import MainWindow, load_data_file
opening, go_on = threading.Event(), threading.Event()
real_open = workspace.Workspace.open
def slow_open(*args, **kwargs):
    opening.set()
    go_on.wait(60)
    return real_open(*args, **kwargs)
workspace.Workspace.open = slow_open
w = MainWindow(); w.show()
outcome = []
def load():
    try:
        outcome.append(load_data_file(w, Path(sys.argv[1]), chart_process=False))
    except BaseException as exc:
        outcome.append(repr(exc))
def close_when_opening():
    if not opening.is_set():
        QTimer.singleShot(20, close_when_opening)
        return
    threading.Timer(0.5, go_on.set).start()  # the opening finishes after the loops were told to end
    w.close()
QTimer.singleShot(0, load)
QTimer.singleShot(0, close_when_opening)
code = app.exec()
print(code, outcome, filelock.lock_path(Path(sys.argv[1])).exists())
"""


def test_closing_the_window_while_the_file_opens_quits_cleanly_and_lets_go(demo_path, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BUDGET_DESK_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", CLOSE_WHILE_OPENING, str(demo_path)], capture_output=True,
                         text=True, env=env, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "0 [False] False", out.stderr


@pytest.fixture
def switching(qtbot, demo_path, empty, monkeypatch):
    """The window on the demo, about to open another file; the old file's closing work (in the
    worker) waits until the test lets it go on: (window, other file, closing work may go on)."""
    import threading

    from desktop.services import audit_log
    from desktop.ui.main_window import open_main_window

    other = empty.path
    empty.close()
    window = open_main_window(demo_path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.state.audit_count_at_open is not None, timeout=30000)
    go_on = threading.Event()
    length = audit_log.length

    def held_back(ws):
        if threading.current_thread() is not threading.main_thread():
            go_on.wait(60)
        return length(ws)

    monkeypatch.setattr(audit_log, "length", held_back)
    yield window, other, go_on
    go_on.set()
    window.state.tasks.wait()  # (a failed test leaves no job running into the next one)


def _closed_and_let_go(qtbot, window, *paths) -> None:
    from desktop.services import filelock

    qtbot.waitUntil(lambda: not window.isVisible(), timeout=60000)
    qtbot.wait(200)  # whatever was still queued for the window
    assert [p.name for p in paths if filelock.lock_path(p).exists()] == []


def test_closing_while_another_file_opens_lets_go_of_both(qtbot, switching, demo_path, monkeypatch):
    """文件 → 打开 another file, and the window closed while that file opens: the window stays
    disabled while it closes, closes, and neither file's lock is left behind."""
    from PySide6.QtCore import QMetaObject, Qt

    from desktop.services.workspace import Workspace

    window, other, go_on = switching
    real_open = Workspace.open

    def open_and_meanwhile_close(*args, **kwargs):  # the person closes the window as the file opens
        QMetaObject.invokeMethod(window, "close", Qt.QueuedConnection)  # (from the opening's thread)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(Workspace, "open", open_and_meanwhile_close)
    window.switch_to(other, create=False)
    assert window.isVisible() and not window.isEnabled()  # closing: the old file's work goes on
    go_on.set()
    _closed_and_let_go(qtbot, window, demo_path, other)


def test_closing_while_the_old_files_work_finishes_lets_go_of_both(qtbot, switching, demo_path):
    """The other file is open, the old one's closing work still runs in the worker, and the
    window is closed then: it does not switch any more, and lets go of both files."""
    window, other, go_on = switching
    window.switch_to(other, create=False)
    assert window.state.ws.path == demo_path and not window.isEnabled()  # (waiting for the worker)
    window.close()
    go_on.set()
    _closed_and_let_go(qtbot, window, demo_path, other)


def test_a_closing_backup_that_fails_is_told_once_and_the_window_still_closes(qtbot, demo_path, monkeypatch):
    """With the real worker: the backup on closing fails (a full disk), the person closes twice;
    they are told once, in Chinese, the traceback is in the log file, and the window closes and
    lets go of the file."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.core import logs
    from desktop.services import backups, budget, filelock
    from desktop.ui.main_window import open_main_window

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a, **k: shown.append((title, text)))
    window = open_main_window(demo_path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.state.audit_count_at_open is not None, timeout=30000)
    budget.post_adjustment(window.state.ws, 2020, date="2020-12-01", category="日常公用经费", amount="1",
                           doc_no="测", reason="测")

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "make_backup", full_disk)
    window.close()
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=60000)
    assert [title for title, _text in shown] == ["关闭时的备份未完成"]
    assert "OSError" in shown[0][1] and "日志" in shown[0][1]
    text = logs.log_file().read_text(encoding="utf-8")
    assert "No space left on device" in text and text.count("Traceback") == 1  # logged, once
    assert not filelock.lock_path(demo_path).exists()


# A job asked for after the window closed (the callback of one that finished meanwhile: a
# snapshot that arrived asks for its charts) is still running as the program ends.
JOB_AFTER_CLOSING = """
import sys, threading, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from desktop.ui.file_safety import install_excepthook
from desktop.ui.main_window import MainWindow, load_data_file
install_excepthook()
w = MainWindow(); w.show()
started = []
def load():
    load_data_file(w, Path(sys.argv[1]), chart_process=False)
    w.state.tasks.wait()
    w.close()
def after_closing():
    if w.isVisible():
        QTimer.singleShot(20, after_closing)
        return
    w.state.tasks.run(lambda: started.append(1) or time.sleep(1), lambda _r: None, lambda _e: None)
QTimer.singleShot(0, load)
QTimer.singleShot(0, after_closing)
print("exec", app.exec(), "job started", bool(started))
"""


def test_a_job_asked_for_after_the_window_closed_does_not_hang_the_program(demo_path, tmp_path):
    """The program ends, instead of hanging invisible for ever: the job is not started (the window
    is gone), so nothing runs into the application's teardown; and an error in a worker thread is
    logged, never shown there as a dialog (a dialog off the GUI thread never returns)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BUDGET_DESK_HOME": str(tmp_path)}
    try:
        out = subprocess.run([sys.executable, "-c", JOB_AFTER_CLOSING, str(demo_path)], capture_output=True,
                             text=True, env=env, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("the program hung after its window closed")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "exec 0 job started False", out.stderr


def test_a_file_that_fails_to_open_unexpectedly_is_not_left_locked(qtbot, demo_path, empty, monkeypatch):
    """文件 → 打开 a file whose opening fails with an error nobody expected (logged and shown by
    the window's error handler): the window stays on its file, and the other file is not left
    locked by it (another window could not edit it until this one closed)."""
    from desktop.services import filelock
    from desktop.services.workspace import Workspace
    from desktop.ui.main_window import open_main_window
    from desktop.ui.tasks import TaskRunner

    monkeypatch.setattr(TaskRunner, "synchronous", True)
    other = empty.path
    empty.close()
    window = open_main_window(demo_path)
    qtbot.addWidget(window)

    def fails(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Workspace, "open", fails)
    with pytest.raises(PermissionError):
        window.switch_to(other, create=False)
    assert window.state.ws.path == demo_path
    assert not filelock.lock_path(other).exists()
    window.close()
