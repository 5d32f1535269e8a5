"""Write a file so that the final name only ever holds a complete file.

Write to a temporary file in the same folder, fsync, give it the permissions a new file would
get (or those of the file it replaces: mkstemp's 0600 would hide an export from colleagues),
`os.replace` onto the target, fsync the folder. A crash or a full disk leaves the previous file
(or none), never a truncated one; a target held open by Excel/WPS on Windows gets a Chinese
message. Each temporary file is noted in the data folder while it exists, so one left by a
killed process is removed at the next start (`clean_leftover_temporaries`).
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from desktop.core.errors import BudgetDeskError
from desktop.core.paths import data_dir


class ExportWriteError(BudgetDeskError):
    pass


def atomic_write(target: Path, write: Callable[[Path], None]) -> Path:
    """Call `write(tmp_path)` to produce the file, then move it onto `target` atomically."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportWriteError(f"目标文件夹“{folder}”不存在")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _explain(exc, target) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    note = _note_pending(tmp)
    try:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        _give_normal_mode(tmp, target)
        os.replace(tmp, target)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        cause = _os_error_in(exc)
        if isinstance(exc, BudgetDeskError) or cause is None:
            raise
        raise _explain(cause, target) from exc
    finally:
        if note is not None:
            note.unlink(missing_ok=True)
    _fsync_dir(folder)
    return target


def atomic_write_bytes(target: Path, data: bytes) -> Path:
    return atomic_write(target, lambda tmp: tmp.write_bytes(data))


def _os_error_in(exc: BaseException) -> OSError | None:
    """The OSError behind an exception (XlsxWriter wraps a full disk in its FileCreateError)."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError):
            return exc
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def _explain(exc: OSError, target: Path) -> ExportWriteError:
    if isinstance(exc, PermissionError):
        return ExportWriteError(
            f"目标文件“{target.name}”正被其他程序打开或无写入权限，请关闭后重试。原文件未被改动。")
    return ExportWriteError(f"无法写入“{target}”（{exc.strerror or exc}），可能磁盘空间不足。"
                            "原文件未被改动，未留下不完整的文件。")


def _umask() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # no /proc: read it by setting it back at once
    os.umask(mask)
    return mask


def _give_normal_mode(tmp: Path, target: Path) -> None:
    if os.name != "posix":
        return
    try:
        mode = stat.S_IMODE(target.stat().st_mode)  # replacing a file keeps its permissions
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    os.chmod(tmp, mode)


def _pending_folder() -> Path:
    return data_dir() / "pending-writes"


def _note_pending(tmp: Path) -> Path | None:
    try:
        folder = _pending_folder()
        folder.mkdir(parents=True, exist_ok=True)
        note = folder / f"{os.getpid()}-{uuid.uuid4().hex}.txt"
        note.write_text(str(tmp.resolve()), encoding="utf-8")
        return note
    except OSError:  # a read-only data folder: the export still works, a leftover would stay
        return None


def _process_ended(pid: int, note: Path) -> bool:
    if pid == os.getpid():
        return False
    if os.name != "posix":  # os.kill(pid, 0) would signal the process on Windows: go by age
        return time.time() - note.stat().st_mtime > 86400
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def clean_leftover_temporaries() -> list[Path]:
    """Remove temporary files that a killed export left beside its target."""
    removed: list[Path] = []
    folder = _pending_folder()
    if not folder.is_dir():
        return removed
    for note in folder.glob("*.txt"):
        try:
            pid = int(note.name.split("-", 1)[0])
            if not _process_ended(pid, note):
                continue
            tmp = Path(note.read_text(encoding="utf-8").strip())
            if tmp.name.startswith(".") and tmp.name.endswith(".tmp") and tmp.exists():
                tmp.unlink()
                removed.append(tmp)
            note.unlink()
        except (OSError, ValueError):
            continue
    return removed


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
