"""Opening a file after a crash, beside another holder, in a read-only folder (issue 9, cases 1, 5, 6).

Each case was reproduced first: a writer SIGKILLed in the middle of a transaction left a hot
journal, and the read-only first open called the intact file "已损坏（attempt to write a readonly
database）"; a command-line `adjust` wrote while a window held the file; `years` turned a zero-byte
file into a database.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import file_hash, hold_lock, leave_hot_journal, snapshot

from desktop.cli.main import main as cli
from desktop.core.errors import DataFileError
from desktop.services import filelock
from desktop.services.workspace import Workspace
from desktop.store.engine import journal_pending

RECOVERED = "上次操作未完成，已恢复到操作前的状态"


def _copy_demo(template, db):
    src, dst = sqlite3.connect(template), sqlite3.connect(db)
    src.backup(dst)
    src.close()
    dst.close()
    return db


def test_a_killed_writers_journal_is_rolled_back_and_the_person_told(demo_path, capsys):
    before = snapshot(demo_path)
    leave_hot_journal(demo_path)
    assert journal_pending(demo_path)
    assert cli(["years", "--db", str(demo_path)]) == 0
    out = capsys.readouterr()
    assert RECOVERED in out.err and "已损坏" not in out.err + out.out
    assert "2020" in out.out
    assert not journal_pending(demo_path)
    assert snapshot(demo_path) == before  # exactly as before the killed write
    assert cli(["check", "--year", "2020", "--db", str(demo_path)]) == 0
    assert cli(["log", "--verify", "--db", str(demo_path)]) == 0
    assert RECOVERED not in capsys.readouterr().err  # said once, when it happened


def test_recovery_happens_while_holding_the_lock_for_a_write(demo_path, capsys):
    before = snapshot(demo_path)
    leave_hot_journal(demo_path)
    args = ["adjust", "--year", "2020", "--date", "2020-12-01", "--category", "日常公用经费", "--amount", "10",
            "--doc-no", "测", "--reason", "测", "--db", str(demo_path)]
    assert cli(args) == 0
    assert RECOVERED in capsys.readouterr().err
    after = snapshot(demo_path)
    assert after["asset_cards"] == before["asset_cards"]
    assert len(after["budget_adjustments"]) == len(before["budget_adjustments"]) + 1
    assert not filelock.lock_path(demo_path).exists()  # released at the end of the command


def test_the_window_recovers_and_says_so(qtbot, demo_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.main_window import open_main_window
    from desktop.ui.tasks import TaskRunner

    monkeypatch.setattr(TaskRunner, "synchronous", True)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text, *a: told.append(text))
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text, *a: told.append("CRITICAL " + text))
    before = snapshot(demo_path)
    leave_hot_journal(demo_path)
    window = open_main_window(demo_path)
    qtbot.addWidget(window)
    assert window is not None and not window.state.read_only
    assert any(RECOVERED in t for t in told) and not any("已损坏" in t for t in told)
    window.close()
    assert snapshot(demo_path)["asset_cards"] == before["asset_cards"]


def test_a_journal_in_a_read_only_folder_is_explained_not_called_damage(demo_template, read_only_folder, capsys):
    folder, freeze = read_only_folder
    db = _copy_demo(demo_template, folder / "data.sqlite3")
    leave_hot_journal(db)
    hashes = (file_hash(db), file_hash(folder / "data.sqlite3-journal"))
    freeze()
    assert cli(["years", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "只读" in err and "data.sqlite3-journal" in err and "一起复制到可写的文件夹" in err
    assert "已损坏" not in err and "请删除" not in err
    assert (file_hash(db), file_hash(folder / "data.sqlite3-journal")) == hashes


def test_a_read_only_folder_opens_read_only(demo_template, read_only_folder, capsys, qtbot, monkeypatch):
    folder, freeze = read_only_folder
    db = _copy_demo(demo_template, folder / "data.sqlite3")
    freeze()
    before = file_hash(db)
    assert cli(["summary", "--year", "2020", "--db", str(db)]) == 0
    assert cli(["adjust", "--year", "2020", "--date", "2020-12-01", "--category", "日常公用经费", "--amount", "10",
                "--doc-no", "测", "--reason", "测", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "不可写" in err and "只读" in err and "Traceback" not in err

    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.main_window import open_main_window
    from desktop.ui.tasks import TaskRunner

    monkeypatch.setattr(TaskRunner, "synchronous", True)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text, *a: told.append(text))
    window = open_main_window(db)  # used to raise an uncaught PermissionError creating the .lock
    qtbot.addWidget(window)
    assert window.state.read_only and window.state.read_only_note
    assert any("只读" in t for t in told)
    window.nav.setCurrentRow(1)
    assert not window.screens[1].adj_save.isEnabled()
    assert "只读" in window.lock_label.text()
    window.close()
    assert file_hash(db) == before


def test_read_commands_never_make_a_new_file(tmp_path, capsys):
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    for command in (["years"], ["check", "--year", "2020"], ["summary", "--year", "2020"], ["log"]):
        assert cli([*command, "--db", str(empty)]) == 2
        assert "空文件" in capsys.readouterr().err
        assert empty.stat().st_size == 0
        missing = tmp_path / "missing.sqlite3"
        assert cli([*command, "--db", str(missing)]) == 2
        assert "不存在" in capsys.readouterr().err and not missing.exists()


def test_unknown_schema_revision_is_refused_in_chinese(demo_path, capsys):
    con = sqlite3.connect(demo_path)
    con.execute("UPDATE alembic_version SET version_num = 'f00dcafe'")
    con.commit()
    con.close()
    before = file_hash(demo_path)
    with pytest.raises(DataFileError, match="f00dcafe.*不是本程序认识的版本"):
        Workspace.open(demo_path)
    assert cli(["years", "--db", str(demo_path)]) == 2
    err = capsys.readouterr().err
    assert "不是本程序认识的版本" in err and "Traceback" not in err
    assert file_hash(demo_path) == before


def test_command_line_writes_honour_the_windows_lock(demo_path, capsys):
    before = snapshot(demo_path)
    holder = hold_lock(demo_path, "李会计")
    try:
        for args in (["adjust", "--year", "2020", "--date", "2020-12-01", "--category", "日常公用经费", "--amount", "10",
                      "--doc-no", "测", "--reason", "测"],
                     ["lock", "--year", "2020", "--reason", "测"],
                     ["backup"], ["restore", "1", "--yes"]):
            assert cli([*args, "--db", str(demo_path)]) == 2
            err = capsys.readouterr().err
            assert "李会计" in err and "主机" in err and str(holder.pid) in err or "没有找到备份" in err
        assert cli(["years", "--db", str(demo_path)]) == 0  # reading is fine
    finally:
        holder.kill()
        holder.wait()
    assert snapshot(demo_path) == before
    assert cli(["adjust", "--year", "2020", "--date", "2020-12-01", "--category", "日常公用经费", "--amount", "10",
                "--doc-no", "测", "--reason", "测", "--db", str(demo_path)]) == 0  # the holder's end frees it


def test_the_window_takes_the_lock_before_migrating(tmp_path, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    from test_store import make_v1_file

    from desktop.store import engine
    from desktop.ui.main_window import open_main_window
    from desktop.ui.tasks import TaskRunner

    monkeypatch.setattr(TaskRunner, "synchronous", True)
    path = tmp_path / "old.sqlite3"
    make_v1_file(path)
    asked, told = [], []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, title, text, *a: asked.append(text) or QMessageBox.Yes)
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text, *a: told.append(text))
    holder = hold_lock(path, "李会计")
    try:
        before = file_hash(path)
        assert open_main_window(path) is None  # read-only cannot migrate: refused, nothing changed
        assert file_hash(path) == before
        assert "李会计" in asked[0] and "删除" not in asked[0]
        assert "升级" in told[0]
    finally:
        holder.kill()
        holder.wait()
    real = engine.migrate
    seen = []
    monkeypatch.setattr(engine, "migrate", lambda e: (seen.append(filelock.owns(path)), real(e)))
    window = open_main_window(path)
    qtbot.addWidget(window)
    assert seen == [True] and not window.state.read_only
    window.close()
    assert not filelock.lock_path(path).exists()


def test_json_errors_are_reported_as_json_too(tmp_path, capsys):
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    assert cli(["years", "--json", "--db", str(empty)]) == 2
    assert "空文件" in json.loads(capsys.readouterr().out)["error"]


def test_a_read_command_upgrades_an_old_file_only_under_the_lock(tmp_path, capsys):
    from test_store import make_v1_file

    path = tmp_path / "old.sqlite3"
    make_v1_file(path)
    before = file_hash(path)
    holder = hold_lock(path, "李会计")
    try:
        assert cli(["years", "--db", str(path)]) == 2
        assert "李会计" in capsys.readouterr().err
        assert file_hash(path) == before
    finally:
        holder.kill()
        holder.wait()
    assert cli(["years", "--db", str(path)]) == 0
    assert not filelock.lock_path(path).exists()  # borrowed for the upgrade, given back
