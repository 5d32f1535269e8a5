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
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from desktop.core.errors import DataFileError
from desktop.core.paths import db_path

# "BDSK" — marks the file as ours (PRAGMA application_id), so a foreign SQLite file is refused.
APPLICATION_ID = 0x4244534B
# The schema version this program writes; equals the number of the newest Alembic revision.
SCHEMA_VERSION = 6
SQLITE_HEADER = b"SQLite format 3\x00"


def make_engine(path: str | Path) -> Engine:
    # Connections come from a pool and may be handed to the GUI thread or the one DB worker
    # thread, never to two threads at once (one session per action), so the same-thread guard
    # of pysqlite is switched off.
    engine = create_engine(f"sqlite:///{Path(path)}", connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (transactional DDL)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA busy_timeout = 5000")
        cur.execute("PRAGMA journal_mode = DELETE")
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
        raise DataFileError(
            f"数据文件“{path.name}”已损坏（{exc}），请从备份恢复。文件未被改动。"
        ) from exc
    finally:
        con.close()
    if result != "ok":
        raise DataFileError(f"数据文件“{path.name}”完整性检查未通过（{result}），请从备份恢复。文件未被改动。")
    return FileState(True, False, app_id, version, tables > 0)


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
    """Copy a data file with SQLite's online backup API (never a plain file copy)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    src = sqlite3.connect(str(source))
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
        partial.unlink(missing_ok=True)
        raise DataFileError(f"备份“{target.name}”校验未通过（{result}），原数据文件未被改动。")
    partial.replace(target)
    return target


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


def open_engine(path: str | Path, *, create: bool = False, backup_dir: Path | None = None,
                check: bool = True) -> Engine:
    """Open (or with `create`, make) a data file at the current schema version.

    `check=False` skips the quick_check (the window runs it in the background instead, and
    keeps every screen read-only until it has passed); it is never skipped before a migration.
    """
    path = Path(path)
    state = inspect_file(path, check)
    if not check and state.has_tables and state.user_version < SCHEMA_VERSION:
        state = inspect_file(path, True)
    if not state.exists and not create:
        raise DataFileError(f"数据文件“{path}”不存在。可用 `budget-desk demo` 创建演示数据，或选择其他文件。")
    check_openable(path, state)
    if state.has_tables and state.user_version < SCHEMA_VERSION:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = backup_dir or path.parent
        backup_copy(path, folder / f"{path.stem}.before-upgrade-v{state.user_version}-{stamp}.sqlite3")
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    if state.user_version < SCHEMA_VERSION or not state.has_tables:
        migrate(engine)
    return engine


def quick_check(engine: Engine, path: Path) -> None:
    """PRAGMA quick_check on an open file; DataFileError when it does not pass."""
    with engine.connect() as conn:
        result = conn.exec_driver_sql("PRAGMA quick_check(1)").scalar()
    if result != "ok":
        raise DataFileError(f"数据文件“{Path(path).name}”完整性检查未通过（{result}），已停止写入，请从备份恢复。")
