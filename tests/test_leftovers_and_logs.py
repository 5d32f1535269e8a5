"""Temporary files, export permissions, the log file and unexpected errors (issue 9, cases 6–7)."""

from __future__ import annotations

import ast
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

from desktop.cli.main import main as cli
from desktop.core import logs
from desktop.core.paths import backup_dir
from desktop.export.atomic import atomic_write_bytes, clean_leftover_temporaries
from desktop.services import backups

KILLED_EXPORT = """
import sys, time
from pathlib import Path
from desktop.export.atomic import atomic_write

def write(tmp):
    tmp.write_bytes(b"half a workbook")
    print("writing", flush=True)
    time.sleep(60)

atomic_write(Path(sys.argv[1]), write)
"""


def test_a_killed_exports_temporary_file_is_removed_at_start(tmp_path):
    target = tmp_path / "报表.xlsx"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_EXPORT, str(target)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    left = list(tmp_path.glob(".报表.*.tmp"))
    assert len(left) == 1 and not target.exists()
    assert cli(["backups"]) == 0  # any start of the program cleans up
    assert list(tmp_path.glob(".报表.*.tmp")) == [] and not target.exists()
    assert clean_leftover_temporaries() == []


def test_an_old_partial_backup_is_removed_at_start_a_fresh_one_is_not(tmp_path):
    folder = backup_dir()
    folder.mkdir(parents=True)
    old, fresh = folder / "a-20260101-000000-daily.sqlite3.partial", folder / "b.sqlite3.partial"
    orphan = folder / "c-20260101-000000-daily.sqlite3"  # copied, killed before its manifest
    for path in (old, fresh, orphan):
        path.write_bytes(b"")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    os.utime(orphan, (an_hour_ago, an_hour_ago))
    backups.clean_at_start()
    assert not old.exists() and not orphan.exists() and fresh.exists()


def test_exports_get_the_permissions_of_a_new_file(tmp_path):
    old_mask = os.umask(0o022)
    try:
        fresh = atomic_write_bytes(tmp_path / "new.json", b"{}")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644  # not mkstemp's 0600
        os.umask(0o027)
        assert stat.S_IMODE(atomic_write_bytes(tmp_path / "group.json", b"{}").stat().st_mode) == 0o640
        existing = tmp_path / "shared.json"
        existing.write_bytes(b"old")
        existing.chmod(0o664)
        atomic_write_bytes(existing, b"new")
        assert stat.S_IMODE(existing.stat().st_mode) == 0o664 and existing.read_bytes() == b"new"
    finally:
        os.umask(old_mask)


def test_an_unexpected_error_is_logged_and_told_in_chinese(demo_path, capsys, monkeypatch):
    from desktop.cli import commands

    def broken(_args):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(commands, "cmd_years", broken)
    assert cli(["years", "--db", str(demo_path)]) == 70
    err = capsys.readouterr().err
    assert "发生了意外错误（RuntimeError）" in err and str(logs.log_file()) in err and "Traceback" not in err
    text = logs.log_file().read_text(encoding="utf-8")
    assert "Traceback" in text and "simulated bug" in text


def test_the_window_shows_unexpected_errors_with_the_log_file(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.file_safety import install_excepthook
    from desktop.ui.widgets import show_error

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text, *a: shown.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr("threading.excepthook", __import__("threading").excepthook)
    install_excepthook()
    try:
        raise ValueError("uncaught in a slot")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    try:
        raise KeyError("in a screen")
    except KeyError as exc:
        show_error(None, exc)
    assert len(shown) == 2 and all(str(logs.log_file()) in t and "意外错误" in t for t in shown)
    text = logs.log_file().read_text(encoding="utf-8")
    assert "uncaught in a slot" in text and "in a screen" in text and text.count("Traceback") == 2


def test_every_except_exception_logs_reports_or_reraises():
    """`except Exception` in desktop/ must log the traceback (directly, or through show_error/
    report/state.error which log) or re-raise: nothing is swallowed."""
    allowed = ("log", "show_error", "report", "error.emit", "raise")
    offenders = []
    for path in (Path(__file__).resolve().parents[1] / "desktop").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and isinstance(node.type, ast.Name) and node.type.id == "Exception":
                body = "\n".join(ast.unparse(n) for n in node.body)
                if not any(word in body for word in allowed):
                    offenders.append(f"{path}:{node.lineno}")
    assert offenders == []


def test_the_program_never_deletes_a_journal():
    for path in (Path(__file__).resolve().parents[1] / "desktop").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if "unlink" in line or "remove(" in line:
                assert "journal" not in line and "-wal" not in line, f"{path}: {line}"


def test_an_error_reported_on_a_worker_thread_is_logged_not_shown_there(qtbot, monkeypatch):
    """Qt reports an error raised in a worker's QRunnable.run through sys.excepthook on that
    worker: a dialog made there never returns (the program hung at its end), so it is logged."""
    import threading

    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.file_safety import install_excepthook

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text, *a: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr("threading.excepthook", __import__("threading").excepthook)
    install_excepthook()

    def report() -> None:
        try:
            raise RuntimeError("raised in a worker's run")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())

    worker = threading.Thread(target=report, name="worker")
    worker.start()
    worker.join()
    assert shown == []
    text = logs.log_file().read_text(encoding="utf-8")
    assert "线程 worker 出错" in text and "raised in a worker's run" in text and "Traceback" in text
