"""The log file: `logs/budget-desk.log` in the data folder, rotated (1 MB × 5), UTF-8.

Unexpected errors are written there with their traceback; the person sees a Chinese sentence
naming the file (a dialog in the window, a line on the command line), never a traceback.
The file is opened only when the first record is written, so a command that logs nothing
creates nothing.
"""

from __future__ import annotations

import logging
import logging.handlers
import threading
from pathlib import Path

from desktop.core.paths import data_dir

LOGGER_NAME = "desktop"  # every `logging.getLogger(__name__)` in the package lands here
LOG_FILE_NAME = "budget-desk.log"
_lock = threading.Lock()
_handler: logging.Handler | None = None
_handler_path: Path | None = None

log = logging.getLogger(LOGGER_NAME)


def log_file() -> Path:
    return data_dir() / "logs" / LOG_FILE_NAME


def setup() -> Path | None:
    """Send the program's records to the log file of the current data folder (idempotent).

    Returns the file, or None when the data folder cannot hold one (the records then go nowhere:
    a read-only data folder must not stop the program)."""
    global _handler, _handler_path
    path = log_file()
    with _lock:
        if _handler is not None and _handler_path == path:
            return path
        # A failing log write (full disk) must not print an English "Logging error" to the person.
        logging.raiseExceptions = False
        if _handler is not None:
            log.removeHandler(_handler)
            _handler.close()
            _handler, _handler_path = None, None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5,
                                                       encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(process)d %(threadName)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
        _handler, _handler_path = handler, path
        return path


def log_unexpected(exc: BaseException, where: str = "意外错误") -> Path | None:
    """Write `exc` with its traceback to the log file; returns the file."""
    path = setup()
    log.error(where, exc_info=(type(exc), exc, exc.__traceback__))
    return path


def unexpected_message(exc: BaseException) -> str:
    """The Chinese sentence a person sees for an error the program did not expect."""
    return (f"发生了意外错误（{type(exc).__name__}），本次操作未完成，之前保存的数据未受影响。"
            f"详细信息已记入日志文件：{log_file()}")
