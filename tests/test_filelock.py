"""One window writes a data file at a time (RELIABILITY-CATALOG D01/D02)."""

import json
import os
import socket

import pytest

from desktop.services import filelock


def test_acquire_release_and_a_second_holder(tmp_path):
    db = tmp_path / "data.sqlite3"
    assert filelock.acquire(db, "甲") is None
    assert json.loads(filelock.lock_path(db).read_text(encoding="utf-8"))["pid"] == os.getpid()
    assert filelock.holder(db) is None  # our own lock does not block us
    filelock.release(db)
    assert not filelock.lock_path(db).exists()


def test_live_process_on_this_host_holds_the_file(tmp_path):
    db = tmp_path / "data.sqlite3"
    filelock.lock_path(db).write_text(json.dumps(
        {"host": socket.gethostname(), "pid": os.getppid(), "user": "乙", "since": "2026-11-27 09:00"}), encoding="utf-8")
    other = filelock.acquire(db, "甲")
    assert other is not None and other.user == "乙"
    assert "乙" in other.describe() and str(os.getppid()) in other.describe()
    filelock.release(db)  # not ours: left in place
    assert filelock.lock_path(db).exists()


def test_stale_lock_of_a_dead_process_is_taken_over(tmp_path):
    db = tmp_path / "data.sqlite3"
    filelock.lock_path(db).write_text(json.dumps(
        {"host": socket.gethostname(), "pid": 2**22 + 12345, "user": "乙", "since": "x"}), encoding="utf-8")
    assert filelock.acquire(db, "甲") is None


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
