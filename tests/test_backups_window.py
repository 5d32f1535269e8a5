"""文件 → 从备份恢复… and the backups the window makes by itself (issue 9, case 2)."""

from __future__ import annotations

import pytest
from conftest import snapshot

from desktop.services import backups, budget
from desktop.services.workspace import Workspace


@pytest.fixture
def window_on(qtbot, monkeypatch):
    from desktop.ui.main_window import open_main_window
    from desktop.ui.tasks import TaskRunner

    monkeypatch.setattr(TaskRunner, "synchronous", True)

    def open_(path):
        window = open_main_window(path)
        qtbot.addWidget(window)
        return window

    return open_


def _post(ws, amount="100"):
    budget.post_adjustment(ws, 2020, date="2020-12-01", category="日常公用经费", amount=amount, doc_no="测", reason="测")


def test_the_first_open_of_the_day_backs_up_and_closing_after_changes_too(window_on, demo_path):
    window = window_on(demo_path)
    assert [b.kind for b in backups.list_backups(demo_path)] == ["daily"]
    window.close()  # nothing changed: no backup on closing
    assert [b.kind for b in backups.list_backups(demo_path)] == ["daily"]
    window = window_on(demo_path)
    assert [b.kind for b in backups.list_backups(demo_path)] == ["daily"]  # once a day
    _post(window.state.ws)
    window.close()
    made = backups.list_backups(demo_path)
    assert [b.kind for b in made] == ["close", "daily"]
    assert made[0].figures.audit_count == made[1].figures.audit_count + 1


def test_restore_from_the_window(window_on, demo_path, monkeypatch):
    from desktop.ui.dialogs.restore import show_restore_dialog

    window = window_on(demo_path)  # makes the daily backup
    saved = snapshot(demo_path)
    _post(window.state.ws, "5000")
    window.state.changed("budget")
    dialog = show_restore_dialog(window)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 1).text() == "每日"
    assert dialog.table.item(0, 7).text() == "是" and "2019（锁）、2020" == dialog.table.item(0, 3).text()
    dialog.table.selectRow(0)
    text = dialog.changes.toPlainText()
    assert "预算调整 现在 38 条，备份中 37 条" in text and "调整预算数 现在" in text
    assert dialog.restore_button.isEnabled()
    monkeypatch.setattr(dialog, "confirm", lambda backup: True)
    dialog.restore_button.click()
    assert snapshot(demo_path)["budget_adjustments"] == saved["budget_adjustments"]
    assert "已从" in window.statusBar().currentMessage()
    assert [b.kind for b in backups.list_backups(demo_path)] == ["restore", "daily"]
    assert window.state.ws.path == demo_path and not window.state.read_only
    window.nav.setCurrentRow(1)
    window.close()
    with Workspace.open(demo_path) as ws:
        from desktop.services import audit_log

        assert audit_log.entries(ws, limit=1)[0].action == "restore"


def test_restore_is_offered_only_to_the_window_that_may_write(window_on, demo_path, monkeypatch):
    import json

    from PySide6.QtWidgets import QMessageBox

    from desktop.services import filelock

    filelock.lock_path(demo_path).write_text(json.dumps(
        {"host": "other-pc", "pid": 1, "user": "乙", "since": "09:00"}), encoding="utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    window = window_on(demo_path)
    assert window.state.held_by and not window.restore_action.isEnabled()
    assert backups.list_backups(demo_path) == []  # a read-only window makes no backups
    window.close()


def test_closing_backs_up_in_the_worker_and_then_closes(qtbot, demo_path, monkeypatch):
    """With the real worker thread: closing waits for the worker's jobs and makes its backup
    there, the window disabled meanwhile, then closes and lets go of the file."""
    import threading

    from desktop.services import filelock
    from desktop.ui.main_window import open_main_window

    window = open_main_window(demo_path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.state.audit_count_at_open is not None, timeout=30000)
    threads = []
    make = backups.make_backup
    monkeypatch.setattr(backups, "make_backup", lambda *a, **k: threads.append(threading.current_thread()) or make(*a, **k))
    _post(window.state.ws)
    window.close()
    assert window.isVisible() and not window.isEnabled()  # still there, while the worker finishes
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=60000)
    assert threads and threads[0] is not threading.main_thread()
    assert "close" in [b.kind for b in backups.list_backups(demo_path)]
    assert not filelock.lock_path(demo_path).exists()
