"""One writer at a time: a lock file beside the data file records who holds it (user, host,
process, as GnuCash does), and an OS lock on that file says whether the holder still runs.

Taking the lock is atomic: the lock file is opened (created if missing) and locked with
`fcntl.flock` / `msvcrt.locking` without waiting; only then is the holder's record written. Two
processes racing for a free file cannot both win, and a holder that was killed loses its OS lock
with its process, so its lock file is simply taken over (nothing for a person to delete).

A record written by another host is respected even when its OS lock is not visible here (network
shares do not always carry locks between computers). A folder that cannot hold the lock file
(read-only folder or medium) raises `LockUnavailableError`: the caller opens the file read-only.

SQLite keeps concurrent writes safe; the lock keeps two people from editing the same year
unaware of each other's changes, and is taken before a file is recovered or migrated.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import BudgetDeskError

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt
else:
    import fcntl

# Windows locks a byte range that other processes then cannot read; lock a byte far past the
# record so that the holder's record stays readable.
_WINDOWS_LOCK_OFFSET = 1 << 30


@dataclass(frozen=True)
class Holder:
    host: str
    pid: int
    user: str
    since: str

    def describe(self) -> str:
        return f"{self.user}（主机 {self.host}，进程号 {self.pid}，自 {self.since} 起）"


class LockHeldError(BudgetDeskError):
    """Someone else writes the file now."""

    def __init__(self, db: Path, other: Holder):
        super().__init__(f"数据文件“{Path(db).name}”正被 {other.describe()} 使用，本次未写入任何数据。"
                         "请等对方关闭该文件后再试。")
        self.holder = other


class LockUnavailableError(BudgetDeskError):
    """The lock file cannot be created: the folder (or medium) is read-only."""

    def __init__(self, db: Path, reason: str):
        super().__init__(f"数据文件“{Path(db).name}”所在的文件夹不可写（{reason}），只能以只读方式查看，"
                         "不能保存修改。需要修改时，请把数据文件复制到可写的文件夹（如“文档”）后打开。")


def lock_path(db: Path) -> Path:
    return Path(db).with_name(Path(db).name + ".lock")


# Locks this process holds: resolved data-file path -> open lock-file descriptor.
_held: dict[str, int] = {}
_guard = threading.Lock()


def _key(db: Path) -> str:
    return str(Path(db).resolve())


def _try_os_lock(fd: int) -> bool:
    try:
        if os.name == "nt":  # pragma: no cover
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK, errno.EDEADLK):
            return False
        raise
    return True


def _read_record(path: Path) -> Holder | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Holder(str(data["host"]), int(data["pid"]), str(data.get("user", "")), str(data.get("since", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def holder(db: Path) -> Holder | None:
    """Who else holds the file now, or None (free, ours, or left by a process that has ended)."""
    if _key(db) in _held:
        return None
    path = lock_path(db)
    record = _read_record(path)
    if record is None:
        return None
    if record.host != socket.gethostname():
        return record
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return record  # cannot even open it to test: assume the record is right
    try:
        if _try_os_lock(fd):
            return None  # nobody holds the OS lock: the recorded process has ended
        return record
    finally:
        os.close(fd)  # closing releases a lock we may just have taken


def acquire(db: Path, user: str) -> Holder | None:
    """Take the lock; returns the other holder instead when someone else has the file.

    Raises LockUnavailableError when the lock file cannot be created (read-only folder).
    """
    key = _key(db)
    path = lock_path(db)
    with _guard:
        if key in _held:
            return None
        for _attempt in range(5):
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise LockUnavailableError(db, exc.strerror or str(exc)) from exc
            try:
                got = _try_os_lock(fd)
            except OSError as exc:  # the filesystem has no locks at all: fall back to the record
                os.close(fd)
                raise LockUnavailableError(db, exc.strerror or str(exc)) from exc
            if not got:
                os.close(fd)
                return _read_record(path) or Holder("?", 0, "另一个程序", "")
            # The file we locked may have been unlinked by its releasing holder between our open
            # and our lock: then it is not the lock file any more, try again.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(path))
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            other = _read_record(path)
            if other is not None and other.host != socket.gethostname():
                os.close(fd)
                return other
            record = {"host": socket.gethostname(), "pid": os.getpid(), "user": user,
                      "since": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}
            data = json.dumps(record, ensure_ascii=False).encode("utf-8")
            try:
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, data)
                os.fsync(fd)
            except OSError as exc:
                os.close(fd)
                raise LockUnavailableError(db, exc.strerror or str(exc)) from exc
            _held[key] = fd
            return None
        raise LockUnavailableError(db, "锁文件反复被替换")


def require(db: Path, user: str) -> None:
    """Take the lock or raise: the command line's writes (LockHeldError names the holder)."""
    other = acquire(db, user)
    if other is not None:
        raise LockHeldError(db, other)


def owns(db: Path) -> bool:
    return _key(db) in _held


def release(db: Path) -> None:
    key = _key(db)
    with _guard:
        fd = _held.pop(key, None)
        if fd is None:
            return
        try:
            # Unlink while still locked: a waiting process re-checks the inode after locking.
            lock_path(db).unlink(missing_ok=True)
        except OSError:
            pass
        os.close(fd)
