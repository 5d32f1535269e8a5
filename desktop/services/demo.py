"""The demo database: 深圳市龙华区政务服务数据管理局, fiscal years 2019–2020, from `db/demo`."""

from __future__ import annotations

from pathlib import Path

from desktop.core.errors import ConflictError
from desktop.core.paths import db_path
from desktop.services.interchange import ImportResult, import_file
from desktop.services.workspace import Workspace

DEMO_FILE = "longhua-2020.json"
DEMO_YEAR = 2020


def demo_document_path() -> Path:
    return db_path("demo", DEMO_FILE)


def create_demo(path: Path, *, actor: str | None = None) -> ImportResult:
    """Create a new data file at `path` holding the demo dataset. Refuses an existing file
    that already holds data, so a real database is never mixed with demo figures."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        with Workspace.open(path) as ws:
            from desktop.services.years import list_years

            if list_years(ws):
                raise ConflictError(f"“{path}”已有数据，演示数据不会写入其中。请指定一个新文件（--db）。")
    with Workspace.open(path, create=True, actor=actor or "演示数据") as ws:
        return import_file(ws, demo_document_path())
