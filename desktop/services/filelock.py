"""One window writes a data file at a time: a lock file beside it records host and process
(as GnuCash does). A second window is told who holds the file and may open it read-only; a lock
left by a process that no longer runs on this host is taken over.

SQLite itself keeps concurrent writes safe; the lock keeps two people from editing the same
year unaware of each other's changes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Holder:
    host: str
    pid: int
    user: str
    since: str

    def describe(self) -> str:
        return f"{self.user}（主机 {self.host}，进程号 {self.pid}，自 {self.since} 起）"


def lock_path(db: Path) -> Path:
    return Path(db).with_name(Path(db).name + ".lock")


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return False
    return True


def holder(db: Path) -> Holder | None:
    """Who holds the file now, or None (no lock, or a stale one from a dead process on this host)."""
    path = lock_path(db)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        found = Holder(str(data["host"]), int(data["pid"]), str(data.get("user", "")), str(data.get("since", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if found.host == socket.gethostname() and (found.pid == os.getpid() or not _alive(found.pid)):
        return None
    return found


def acquire(db: Path, user: str) -> Holder | None:
    """Take the lock; returns the other holder instead when someone else has the file."""
    other = holder(db)
    if other is not None:
        return other
    record = {"host": socket.gethostname(), "pid": os.getpid(), "user": user,
              "since": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}
    lock_path(db).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return None


def release(db: Path) -> None:
    path = lock_path(db)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if data.get("host") == socket.gethostname() and data.get("pid") == os.getpid():
        path.unlink(missing_ok=True)
