"""A workspace is one open data file: its engine, and one transaction per user action.

Services take a `Workspace` and never leak a session to the caller; they return plain data.
"""

from __future__ import annotations

import getpass
import os
import threading
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from desktop.core.errors import BudgetDeskError, ConflictError, DataFileError, NotFoundError, YearLockedError
from desktop.core.paths import default_database
from desktop.store import audit
from desktop.store.engine import open_engine, quick_check, roll_back_hot_journal
from desktop.store.models import FiscalYear, Department
from desktop.store.totals import table_label
from desktop.store.types import StoredMoneyError, locate_bad_money

ENV_ACTOR = "BUDGET_DESK_USER"


def current_actor() -> str:
    name = os.environ.get(ENV_ACTOR)
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception as exc:  # no login name (some service accounts): still record something
        from desktop.core.logs import log_unexpected

        log_unexpected(exc, "无法取得登录用户名")
        return "未知用户"


class Workspace:
    def __init__(self, path: Path, engine, actor: str, *, read_only: bool = False,
                 recovered: bool = False, owns_lock: bool = False):
        self.path = path
        self.engine = engine
        self.actor = actor
        self.read_only = read_only  # SQLite refuses writes (another window has the file, read-only folder)
        self.recovered = recovered  # a killed writer's half-done transaction was rolled back at open
        self._owns_lock = owns_lock
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # Values computed from the data (the year's figures) are kept until the data changes: see
        # `stamp`. Every committed write here also bumps `generation`.
        self.generation = 0
        self._cache: dict[Hashable, tuple[object, object]] = {}
        self._guard = threading.Lock()

    @classmethod
    def open(cls, path: str | Path | None = None, *, create: bool = False,
             actor: str | None = None, check: bool = True, lock: bool = False,
             read_only: bool = False) -> "Workspace":
        """Open a data file.

        `lock=True` takes the file's lock first (LockHeldError names the holder) and keeps it
        until close: the command line's writes. The window takes the lock itself before calling
        this. Either way the lock is held before a hot journal is rolled back or a migration runs.
        `read_only=True` opens through a read-only connection (nothing can be written).
        """
        from desktop.services import backups, filelock

        target = Path(path) if path else default_database()
        actor = actor or current_actor()
        if lock:
            if create:
                target.parent.mkdir(parents=True, exist_ok=True)
            filelock.require(target, actor)
        borrowed = []  # a read command that must upgrade the file takes the lock for the upgrade

        def before_migrate(path: Path, old_version: int) -> None:
            if not filelock.owns(path):
                filelock.require(path, actor)
                borrowed.append(path)
            backups.before_migration(path, old_version)

        try:
            recovered = False
            if not read_only:
                rolled = roll_back_hot_journal(target)
                recovered = rolled and filelock.holder(target) is None
            engine = open_engine(target, create=create, check=check, read_only=read_only,
                                 before_migrate=before_migrate)
        except BaseException:
            if lock:
                filelock.release(target)
            raise
        finally:
            for path in borrowed:
                filelock.release(path)
        return cls(target, engine, actor, read_only=read_only, recovered=recovered, owns_lock=lock)

    def verify(self) -> None:
        """The integrity check skipped at open (`check=False`); raises DataFileError."""
        quick_check(self.engine, self.path)

    def close(self) -> None:
        self.engine.dispose()
        if self._owns_lock:
            from desktop.services import filelock

            filelock.release(self.path)
            self._owns_lock = False

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One user action = one transaction, audit rows included. All or nothing."""
        session = self._sessions()
        try:
            audit.remember_totals_at_begin(session)
            yield session
            session.commit()
            with self._guard:
                self.generation += 1
                self._cache.clear()
        except StoredMoneyError as exc:
            session.rollback()
            raise self._bad_money(exc) from exc
        except BudgetDeskError:
            session.rollback()
            raise
        except StatementError as exc:
            session.rollback()
            translated = _translate(exc)
            if translated is exc:
                raise
            raise translated from (None if translated is exc.orig else exc)
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
        except StoredMoneyError as exc:
            raise self._bad_money(exc) from exc
        finally:
            session.rollback()
            session.close()

    @contextmanager
    def edit_year(self, year: int, unit: str | None = None) -> Iterator[tuple[Session, FiscalYear]]:
        """Open a year for one change: find it, refuse a locked one, and run the change in one
        transaction (`write`)."""
        with self.write() as session:
            fy = find_year(session, year, unit)
            ensure_open(fy)
            yield session, fy

    @contextmanager
    def read_year(self, year: int, unit: str | None = None) -> Iterator[tuple[Session, FiscalYear]]:
        with self.read() as session:
            yield session, find_year(session, year, unit)

    def stamp(self) -> tuple[int, bytes] | None:
        """Changes when the data changes: our own writes (`generation`) and SQLite's file change
        counter (header bytes 24–27, bumped by every commit of any connection or process in
        rollback-journal mode), so a change made by another program is seen too. None: unknown."""
        try:
            with open(self.path, "rb") as f:
                f.seek(24)
                return self.generation, f.read(4)
        except OSError:
            return None

    def cached(self, key: Hashable):
        """A value kept by `keep` while the data has not changed since, else None."""
        stamp = self.stamp()
        with self._guard:
            found = self._cache.get(key)
            return found[1] if found is not None and stamp is not None and found[0] == stamp else None

    def keep(self, key: Hashable, value, stamp: tuple[int, bytes] | None) -> None:
        """Keep a value computed from the data as it was at `stamp` (taken before reading it)."""
        if stamp is not None and stamp == self.stamp():
            with self._guard:
                self._cache[key] = (stamp, value)

    def _bad_money(self, exc: StoredMoneyError) -> DataFileError:
        """The stored amount that stopped a read, named by table, record and column."""
        with self.engine.connect() as conn:
            found = locate_bad_money(conn)
        if not found:
            return DataFileError(f"{exc}。请运行数据检查或从备份恢复。")
        places = "；".join(f"{table_label(t)} {key}={value} 的 {column} 为 {amount!r}（应为整数分）"
                          for t, key, value, column, amount in found)
        return DataFileError(f"数据文件中有金额不是整数分，可能被外部程序改动，无法计算：{places}。"
                             "请从备份恢复，或改正这些记录。")


def _translate(exc: StatementError) -> BaseException:
    """A database error as the Chinese message the user sees (the saved data is unchanged)."""
    if isinstance(exc.orig, BudgetDeskError):
        return exc.orig
    if isinstance(exc, IntegrityError):
        return ConflictError(_integrity_message(exc))
    if isinstance(exc, OperationalError):
        return BudgetDeskError(_operational_message(exc))
    return exc


def _integrity_message(exc: IntegrityError) -> str:
    text = str(exc.orig)
    if "UNIQUE" in text:
        return f"保存未生效：与已有记录重复（{text.split(':')[-1].strip()}）"
    if "FOREIGN KEY" in text:
        return "保存未生效：引用的记录不存在"
    if "CHECK" in text:
        return "保存未生效：数据不符合要求（金额必须是整数分）"
    return f"保存未生效：{text}"


def _operational_message(exc: OperationalError) -> str:
    text = str(exc.orig)
    if "已锁定" in text or "已过账" in text or "只能追加" in text:
        return f"保存未生效：{text}"
    if "locked" in text or "busy" in text:
        return "数据文件被占用，请稍后重试。本次保存未生效，之前的数据未受影响。"
    if "full" in text or "disk" in text or "I/O" in text:
        return "磁盘空间不足或无法写入，本次保存未生效，之前的数据未受影响。"
    return f"保存未生效：{text}"


def find_year(session: Session, year: int, unit: str | None = None) -> FiscalYear:
    """The fiscal year `year` of unit `unit` (code or name; optional when there is one unit)."""
    query = select(FiscalYear).join(Department).where(FiscalYear.year == year)
    if unit:
        query = query.where((Department.code == unit) | (Department.name == unit))
    found = session.scalars(query).all()
    if not found:
        where = f"单位“{unit}”的" if unit else ""
        raise NotFoundError(f"数据文件中没有{where}{year}年度的数据")
    if len(found) > 1:
        names = "、".join(f.unit.name for f in found)
        raise ConflictError(f"{year}年度有多个单位（{names}），请指定单位（--unit）")
    return found[0]


def ensure_open(fy: FiscalYear) -> None:
    if fy.locked:
        raise YearLockedError(fy.year, fy.lock_reason)
