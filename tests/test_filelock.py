"""One window writes a data file at a time (RELIABILITY-CATALOG D01/D02)."""

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from conftest import hold_lock

from desktop.services import filelock


def test_acquire_release_and_a_second_holder(tmp_path):
    db = tmp_path / "data.sqlite3"
    assert filelock.acquire(db, "甲") is None
    assert json.loads(filelock.lock_path(db).read_text(encoding="utf-8"))["pid"] == os.getpid()
    assert filelock.holder(db) is None  # our own lock does not block us
    filelock.release(db)
    assert not filelock.lock_path(db).exists()


def _holder_process(db, user, seconds=30.0):
    return hold_lock(db, user, seconds)


def test_live_process_on_this_host_holds_the_file(tmp_path):
    db = tmp_path / "data.sqlite3"
    proc = _holder_process(db, "乙")
    try:
        other = filelock.acquire(db, "甲")
        assert other is not None and other.user == "乙" and other.pid == proc.pid
        assert "乙" in other.describe() and str(proc.pid) in other.describe()
        assert filelock.holder(db) == other
        with pytest.raises(filelock.LockHeldError, match="乙"):
            filelock.require(db, "甲")
        filelock.release(db)  # not ours: left in place
        assert filelock.lock_path(db).exists()
    finally:
        proc.kill()
        proc.wait()


def test_lock_of_a_killed_process_is_taken_over(tmp_path):
    db = tmp_path / "data.sqlite3"
    proc = _holder_process(db, "乙")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert filelock.lock_path(db).exists()  # the record stays, the OS lock died with the process
    assert filelock.holder(db) is None
    assert filelock.acquire(db, "甲") is None
    filelock.release(db)


def test_stale_record_without_os_lock_is_taken_over(tmp_path):
    db = tmp_path / "data.sqlite3"
    filelock.lock_path(db).write_text(json.dumps(
        {"host": socket.gethostname(), "pid": 2**22 + 12345, "user": "乙", "since": "x"}), encoding="utf-8")
    assert filelock.acquire(db, "甲") is None
    filelock.release(db)


RACE = """
import os, sys, time
from pathlib import Path
from desktop.services import filelock
start = float(sys.argv[2])
while time.time() < start:
    pass
other = filelock.acquire(Path(sys.argv[1]), str(os.getpid()))
print("won" if other is None else "lost", flush=True)
time.sleep(1.0)  # hold it while the others try
"""


def test_racing_acquires_have_one_winner(tmp_path):
    # The old acquire() checked, then wrote: two racing windows both got the lock (issue 9, 1 of 40).
    for trial in range(5):
        db = tmp_path / f"race{trial}.sqlite3"
        start = time.time() + 1.5
        procs = [subprocess.Popen([sys.executable, "-c", RACE, str(db), str(start)], stdout=subprocess.PIPE, text=True)
                 for _ in range(4)]
        results = [p.communicate()[0].strip() for p in procs]
        assert sorted(results) == ["lost", "lost", "lost", "won"], results


def test_read_only_folder_raises_a_chinese_error(tmp_path, monkeypatch):
    db = tmp_path / "data.sqlite3"

    def refuse(*_a, **_k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(filelock.os, "open", refuse)
    with pytest.raises(filelock.LockUnavailableError, match="只读"):
        filelock.acquire(db, "甲")


def test_another_host_is_respected(tmp_path):
    db = tmp_path / "data.sqlite3"
    filelock.lock_path(db).write_text(json.dumps(
        {"host": "other-pc", "pid": 1, "user": "乙", "since": "x"}), encoding="utf-8")
    assert filelock.acquire(db, "甲").host == "other-pc"


@pytest.mark.gui
def test_second_window_opens_read_only(qtbot, demo_path, monkeypatch):
    pytest.importorskip("PySide6")
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.main_window import open_main_window
    from desktop.ui.tasks import TaskRunner

    monkeypatch.setattr(TaskRunner, "synchronous", True)
    filelock.lock_path(demo_path).write_text(json.dumps(
        {"host": "other-pc", "pid": 1, "user": "乙", "since": "09:00"}), encoding="utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    window = open_main_window(demo_path)
    qtbot.addWidget(window)
    assert window.state.read_only and "乙" in window.state.held_by
    budget_screen = window.screens[1]
    window.nav.setCurrentRow(1)
    assert budget_screen.banner.isVisible() and "正被" in budget_screen.banner.text.text()
    assert not budget_screen.adj_save.isEnabled()
    window.close()
    assert filelock.lock_path(demo_path).exists()  # the other window's lock stays
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.No)
    assert open_main_window(demo_path) is None
