"""The window's side of keeping the data file safe: the lock before anything else, recovery and
read-only notices, the daily backup and the backup on closing, and the last-resort error dialog.

Order at open (issue 9): take the file's lock → (SQLite rolls back a killed writer's journal) →
migrate if needed → attach. A second window, or a read-only folder, opens read-only.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from desktop.core.errors import BudgetDeskError
from desktop.core.logs import log_unexpected, unexpected_message
from desktop.services import audit_log, backups, filelock
from desktop.ui.tasks import beside_gui

RECOVERED = "上次操作未完成，已恢复到操作前的状态。"


class Opened:
    """A workspace as the window opened it: who else holds it, and why it is read-only."""

    def __init__(self, ws, held_by: str = "", read_only_note: str = ""):
        self.ws, self.held_by, self.read_only_note = ws, held_by, read_only_note


def claim(parent, path: Path, actor: str) -> tuple[str, str] | None:
    """Take the file's lock before it is opened: ("", "") when this window may write,
    (holder, "") when the person chose read-only, ("", note) for a read-only folder,
    None when they declined."""
    try:
        other = filelock.acquire(path, actor)
    except filelock.LockUnavailableError as exc:
        QMessageBox.information(parent, "只读打开", str(exc))
        return "", str(exc)
    if other is None:
        return "", ""
    answer = QMessageBox.question(
        parent, "数据文件正被使用",
        f"数据文件“{path.name}”正被 {other.describe()} 使用。\n\n以只读方式打开吗？"
        "（选“否”则不打开。对方关闭该文件后，再打开即可编辑；"
        "若对方的程序已意外退出，本程序会自动接管，无需任何手动操作。）")
    return (other.describe(), "") if answer == QMessageBox.Yes else None


def open_for_window(parent, path: Path, *, create: bool, check: bool = True) -> Opened | None:
    """Lock, then open (recovering and migrating only while holding the lock); None when the
    person declined or the file cannot be opened (they were told why)."""
    from desktop.services.workspace import Workspace, current_actor

    claimed = claim(parent, path, current_actor())
    if claimed is None:
        return None
    held_by, note = claimed
    try:
        ws = beside_gui(parent, lambda: Workspace.open(path, create=create, check=check, read_only=bool(held_by or note)))
    except BudgetDeskError as exc:
        if not held_by and not note:
            filelock.release(path)
        QMessageBox.critical(parent, "无法打开数据文件", str(exc))
        return None
    except BaseException:  # unexpected (the window's error handler reports it): the lock is let go
        if not held_by and not note:
            filelock.release(path)
        raise
    opened = Opened(ws, held_by, note)
    if parent is not None and not parent.isVisible():  # the window was closed while the file opened
        let_go(opened)
        return None
    if ws.recovered:
        QMessageBox.information(parent, "已恢复", f"数据文件“{path.name}”{RECOVERED}")
    return opened


def let_go(opened: Opened) -> None:
    """Close a file opened for a window that no longer wants it, and release its lock."""
    opened.ws.close()
    if not opened.held_by and not opened.read_only_note:
        filelock.release(opened.ws.path)


def start_daily_backup(window) -> None:
    """The first open of each day backs the file up, in the worker thread."""
    state = window.state
    if state.held_by or state.read_only_note:
        return
    path = state.ws.path

    def done(made) -> None:
        if made is not None:
            window.statusBar().showMessage(f"已自动备份：{made.path.name}", 5000)

    def failed(exc) -> None:
        text = str(exc) if isinstance(exc, BudgetDeskError) else unexpected_message(exc)
        window.statusBar().showMessage(f"今天的自动备份未能完成：{text}", 15000)

    # The background pool: copying a big file must not hold up the screens' first queries.
    state.tasks.run(lambda: backups.daily_if_due(path), done, failed, background=True)


def remember_audit_count(window) -> None:
    """How long the audit log is now, read in the worker: closing compares with it."""
    state, ws = window.state, window.state.ws
    state.audit_count_at_open = None

    def done(count: int) -> None:
        if state.ws is ws:
            state.audit_count_at_open = count

    state.tasks.run(lambda: audit_log.length(ws), done, lambda exc: log_unexpected(exc, "读取操作日志条数失败"),
                    background=True)


def finish_before_close(window, then, *, leaving: bool = False) -> None:
    """Before the window closes, in the worker (queued after every job still running there):
    wait for the background jobs (the daily backup, the integrity check), then, after changes
    (the audit log grew since the file was opened), back the file up; `leaving`: the program
    ends, so the chart process is let go too. `then` closes the window, whatever happened; a
    failed backup is told first (the data is saved either way)."""
    from desktop.services import chart_process

    state = window.state
    ws, may_write = state.ws, not (state.held_by or state.read_only_note)

    def job():
        state.tasks.background_pool.waitForDone()
        if leaving:
            state.tasks.drawing_pool.waitForDone()
            chart_process.stop()
        if not may_write or audit_log.length(ws) == getattr(state, "audit_count_at_open", None):
            return None
        return backups.make_backup(ws.path, "close")

    def failed(exc: BaseException) -> None:
        if isinstance(exc, BudgetDeskError):
            text = f"{exc}\n\n数据已保存在数据文件中，只是这次没有留下备份。"
        else:  # closing must go on: told (the task runner has logged it with its traceback)
            text = unexpected_message(exc)
        QMessageBox.warning(window, "关闭时的备份未完成", text)
        then()

    state.tasks.run(job, lambda _made: then(), failed)


def install_excepthook() -> None:
    """Anything not caught elsewhere: logged with its traceback, shown as a Chinese dialog."""
    def show(exc: BaseException) -> None:
        log_unexpected(exc, "未处理的错误")
        try:
            QMessageBox.critical(None, "发生了意外错误", unexpected_message(exc))
        except Exception as again:  # no dialog possible (no application): the log still has it
            log_unexpected(again, "无法显示错误对话框")

    def hook(kind, exc, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        if threading.current_thread() is not threading.main_thread():
            # (Qt reports a worker's error here, on the worker: a dialog there never returns)
            log_unexpected(exc.with_traceback(tb), f"线程 {threading.current_thread().name} 出错")
            return
        show(exc.with_traceback(tb))

    def thread_hook(args) -> None:
        log_unexpected(args.exc_value.with_traceback(args.exc_traceback), f"线程 {args.thread.name} 出错")

    sys.excepthook = hook
    threading.excepthook = thread_hook
