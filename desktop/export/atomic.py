"""Write a file so that the final name only ever holds a complete file.

Write to a temporary file in the same folder, fsync, `os.replace` onto the target, fsync the
folder. A crash or a full disk leaves the previous file (or none), never a truncated one; a
target held open by Excel/WPS on Windows gets a Chinese message.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from desktop.core.errors import BudgetDeskError


class ExportWriteError(BudgetDeskError):
    pass


def atomic_write(target: Path, write: Callable[[Path], None]) -> Path:
    """Call `write(tmp_path)` to produce the file, then move it onto `target` atomically."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportWriteError(f"目标文件夹“{folder}”不存在")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except PermissionError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportWriteError(
            f"目标文件“{target.name}”正被其他程序打开或无写入权限，请关闭后重试。原文件未被改动。") from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportWriteError(f"无法写入“{target}”（{exc.strerror or exc}），可能磁盘空间不足。原文件未被改动。") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)
    return target


def atomic_write_bytes(target: Path, data: bytes) -> Path:
    return atomic_write(target, lambda tmp: tmp.write_bytes(data))


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
