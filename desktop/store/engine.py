"""Opening a data file: durability settings, identity and schema checks, migrations.

- Every connection: `foreign_keys=ON`, `synchronous=FULL`, a busy timeout, the rollback
  journal (`journal_mode=DELETE`: WAL breaks on network shares and leaves extra files).
- pysqlite's own transaction handling is switched off and we emit BEGIN ourselves, so that a
  migration's DDL and an import's rows are each one real SQLite transaction.
- A file from a newer program is refused and left byte-for-byte untouched (it is inspected
  through a read-only connection first). An older file is copied with SQLite's backup API,
  then upgraded in one transaction.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError

from desktop.core.errors import DataFileError
from desktop.core.paths import db_path

# "BDSK" — marks the file as ours (PRAGMA application_id), so a foreign SQLite file is refused.
APPLICATION_ID = 0x4244534B
# The schema version this program writes; equals the number of the newest Alembic revision.
SCHEMA_VERSION = 6
SQLITE_HEADER = b"SQLite format 3\x00"


def make_engine(path: str | Path, *, read_only: bool = False) -> Engine:
    # Connections come from a pool and may be handed to the GUI thread or the one DB worker
    # thread, never to two threads at once (one session per action), so the same-thread guard
    # of pysqlite is switched off.
    if read_only:  # SQLite itself refuses every write (another window holds the file, or a read-only folder)
        uri = f"{Path(path).resolve().as_uri()}?mode=ro"
        engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
    else:
        engine = create_engine(f"sqlite:///{Path(path)}", connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (transactional DDL)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA busy_timeout = 5000")
        cur.execute("PRAGMA journal_mode = DELETE")
        # 64 MB of page cache (default 2 MB): a 100,000-card import touches six indexes; with the
        # default, dirty pages spill to the journal mid-transaction and the insert runs 2-3× slower.
        cur.execute("PRAGMA cache_size = -65536")
        cur.close()
        _register_unlock_permit(dbapi_conn)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN")

    return engine


def _register_unlock_permit(dbapi_conn) -> None:
    """`budget_desk_allow_unlock(year_id)` grants this connection one unlock of that year, which
    the trigger of migration 0003 asks for through `budget_desk_unlock_permit(year_id)`. Other
    programs have neither function, so a raw `UPDATE fiscal_years SET locked = 0` is refused."""
    permits: set[int] = set()

    def allow(year_id):
        permits.add(int(year_id))
        return 1

    def permit(year_id):
        if int(year_id) in permits:
            permits.discard(int(year_id))
            return 1
        return 0

    dbapi_conn.create_function("budget_desk_allow_unlock", 1, allow)
    dbapi_conn.create_function("budget_desk_unlock_permit", 1, permit)


class FileState:
    """What a data file is, read without changing it."""

    def __init__(self, exists: bool, empty: bool, application_id: int, user_version: int,
                 has_tables: bool):
        self.exists = exists
        self.empty = empty
        self.application_id = application_id
        self.user_version = user_version
        self.has_tables = has_tables


def inspect_file(path: Path, check: bool = True) -> FileState:
    if not path.exists():
        return FileState(False, True, 0, 0, False)
    size = path.stat().st_size
    if size == 0:
        return FileState(True, True, 0, 0, False)
    with open(path, "rb") as fh:
        header = fh.read(16)
    if header != SQLITE_HEADER:
        raise DataFileError(f"“{path.name}”不是本软件的数据文件（不是 SQLite 数据库，或文件头已损坏）。文件未被改动。")
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DataFileError(f"无法打开数据文件“{path.name}”：{exc}。文件未被改动。") from exc
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        version = con.execute("PRAGMA user_version").fetchone()[0]
        tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        result = con.execute("PRAGMA quick_check(1)").fetchone()[0] if check else "ok"
    except sqlite3.DatabaseError as exc:
        raise _open_error(path, exc) from exc
    finally:
        con.close()
    if result != "ok":
        raise DataFileError(f"数据文件“{path.name}”完整性检查未通过（{result}），请从备份恢复。文件未被改动。")
    return FileState(True, False, app_id, version, tables > 0)


def _open_error(path: Path, exc: sqlite3.Error) -> DataFileError:
    """What a failed first read means. "已损坏" only for a file SQLite finds malformed."""
    text = str(exc)
    if "malformed" in text or "not a database" in text:
        return DataFileError(f"数据文件“{path.name}”已损坏（{text}），请从备份恢复（文件 → 从备份恢复）。文件未被改动。")
    if journal_pending(path):
        return DataFileError(_journal_read_only_message(path))
    if "locked" in text or "busy" in text:
        return DataFileError(f"数据文件“{path.name}”正被另一个程序写入，请稍后重试。文件未被改动。")
    return DataFileError(f"无法读取数据文件“{path.name}”（{text}）。文件未被改动。")


# A rollback journal starts with these 8 bytes while it still holds pages to put back.
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def journal_path(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + "-journal")


def journal_pending(path: Path) -> bool:
    """A `-journal` beside the file that still holds an unfinished transaction."""
    try:
        with open(journal_path(path), "rb") as fh:
            return fh.read(8) == JOURNAL_MAGIC
    except OSError:
        return False


def _journal_read_only_message(path: Path) -> str:
    journal = journal_path(path).name
    return (f"数据文件“{path.name}”的上次操作未完成，需要用旁边的“{journal}”文件恢复到操作前的状态，"
            f"但数据文件或其所在的文件夹（或存储介质）是只读的，无法恢复。请把“{path.name}”和“{journal}”"
            f"两个文件一起复制到可写的文件夹（如“文档”）后再打开，程序会自动恢复；不要删除或改名“{journal}”，"
            "否则数据会真的损坏。文件未被改动。")


def roll_back_hot_journal(path: Path) -> bool:
    """Let SQLite put back a transaction that a killed writer left half-done; True when it did.

    A read-only connection cannot do that (the old cause of an intact file being called
    "damaged" after a crash), so this opens the file read-write once, and only when a journal
    is waiting. Call it while holding the file's lock.
    """
    if not journal_pending(path):
        return False
    try:
        con = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=rw", uri=True, timeout=5)
        try:
            con.execute("PRAGMA schema_version").fetchone()  # the first read rolls a hot journal back
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if "readonly" in text or "read-only" in text or "unable to open" in text or "disk I/O" in text:
            raise DataFileError(_journal_read_only_message(path)) from exc
        raise _open_error(path, exc) from exc
    if journal_pending(path):  # a live writer owns it (not hot): nothing was put back
        return False
    return True


def check_openable(path: Path, state: FileState) -> None:
    if state.empty or not state.has_tables:
        return
    if state.application_id != APPLICATION_ID:
        raise DataFileError(f"“{path.name}”不是本软件的数据文件（可能是其他程序的数据库）。文件未被改动。")
    if state.user_version > SCHEMA_VERSION:
        raise DataFileError(
            f"数据文件“{path.name}”由更高版本的预算绩效工作台创建（数据版本 {state.user_version}，"
            f"本程序支持到 {SCHEMA_VERSION}），请升级软件后再打开。文件未被改动。"
        )


def backup_copy(source: Path, target: Path) -> Path:
    """Copy a data file with SQLite's online backup API (never a plain file copy).

    The copy is made as `<target>.partial`, checked, then renamed; on any failure (full disk,
    read-only folder) the partial file is removed and a Chinese message names the folder.
    """
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(str(partial))
            try:
                src.backup(dst)
                result = dst.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        if result != "ok":
            raise DataFileError(f"备份“{target.name}”校验未通过（{result}），原数据文件未被改动。")
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        _remove_quietly(partial)
        raise DataFileError(storage_message(exc, target.parent, "备份")) from exc
    except BaseException:
        _remove_quietly(partial)
        raise
    return target


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def storage_message(exc: BaseException, folder: Path, what: str) -> str:
    """A Chinese sentence for a failed write of a copy (`what`: 备份, 导出…) into `folder`."""
    text = str(exc)
    if isinstance(exc, PermissionError) or "readonly" in text or "read-only" in text or "Read-only" in text:
        why = "文件夹只读或没有写入权限"
    elif "full" in text or "No space" in text or "too large" in text or "I/O" in text or "quota" in text:
        why = "磁盘空间不足"
    else:
        why = getattr(exc, "strerror", None) or text
    return f"{what}未完成：无法写入文件夹“{folder}”（{why}）。数据文件未被改动，未留下不完整的文件。"


def migrate(engine: Engine) -> None:
    """Upgrade the schema to head inside one transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(db_path("migrations")))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")


def known_revisions() -> set[str]:
    """The Alembic revision ids this program knows, read from the migration files (cheap)."""
    found = set()
    for script in db_path("migrations", "versions").glob("*.py"):
        match = re.search(r'^revision\s*=\s*["\']([^"\']+)["\']', script.read_text(encoding="utf-8"), re.M)
        if match:
            found.add(match.group(1))
    return found


def check_revision(path: Path, engine: Engine) -> None:
    """A file whose recorded schema revision this program does not know is refused untouched."""
    with engine.connect() as conn:
        try:
            found = [r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")]
        except OperationalError as exc:  # no alembic_version table: not a file this program made
            raise DataFileError(f"“{path.name}”缺少数据版本记录，不是本软件可以打开的数据文件。文件未被改动。") from exc
    unknown = [r for r in found if r not in known_revisions()]
    if unknown or len(found) != 1:
        shown = "、".join(unknown or found) or "（空）"
        raise DataFileError(
            f"数据文件“{path.name}”的数据版本“{shown}”不是本程序认识的版本（可能由更高版本或其他分支的预算绩效工作台"
            "创建），请用创建它的软件版本打开，或升级本软件。文件未被改动。")


def open_engine(path: str | Path, *, create: bool = False, backup_dir: Path | None = None,
                check: bool = True, read_only: bool = False,
                before_migrate: Callable[[Path, int], None] | None = None) -> Engine:
    """Open (or with `create`, make) a data file at the current schema version.

    `check=False` skips the quick_check (the window runs it in the background instead, and
    keeps every screen read-only until it has passed); it is never skipped before a migration.
    `before_migrate(path, old_version)` makes the backup taken before an upgrade (default: a
    plain verified copy in `backup_dir` or beside the file). Without `create`, nothing is ever
    written to a missing or empty file: read commands never make a new database.
    """
    path = Path(path)
    state = inspect_file(path, check)
    if not check and state.has_tables and state.user_version < SCHEMA_VERSION:
        state = inspect_file(path, True)
    if not state.exists and not create:
        raise DataFileError(f"数据文件“{path}”不存在。可用 `budget-desk demo` 创建演示数据，或选择其他文件。")
    if state.exists and state.empty and not create:
        raise DataFileError(f"“{path.name}”是空文件（0 字节），不是本软件的数据文件，未作任何改动。"
                            "请选择正确的数据文件，或从备份恢复。")
    check_openable(path, state)
    needs_schema = state.user_version < SCHEMA_VERSION or not state.has_tables
    if read_only:
        if not state.exists:
            raise DataFileError(f"不能在只读的文件夹中新建数据文件“{path.name}”，请选择可写的文件夹。")
        if needs_schema:
            raise DataFileError(f"数据文件“{path.name}”需要先升级数据版本才能打开，但现在只能只读打开"
                                "（文件被其他窗口使用，或所在文件夹只读）。文件未被改动。")
        engine = make_engine(path, read_only=True)
        check_revision(path, engine)
        return engine
    if state.has_tables and state.user_version < SCHEMA_VERSION:
        if before_migrate is not None:
            before_migrate(path, state.user_version)
        else:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            folder = backup_dir or path.parent
            backup_copy(path, folder / f"{path.stem}.before-upgrade-v{state.user_version}-{stamp}.sqlite3")
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    try:
        if state.has_tables:
            check_revision(path, engine)
        if needs_schema:
            migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def quick_check(engine: Engine, path: Path) -> None:
    """PRAGMA quick_check on an open file; DataFileError when it does not pass."""
    with engine.connect() as conn:
        result = conn.exec_driver_sql("PRAGMA quick_check(1)").scalar()
    if result != "ok":
        raise DataFileError(f"数据文件“{Path(path).name}”完整性检查未通过（{result}），已停止写入，请从备份恢复。")
