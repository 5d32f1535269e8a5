"""Every path the program uses, in one place.

The data folder comes from platformdirs (per user, no administrator needed) unless
BUDGET_DESK_HOME points elsewhere (tests, portable use from a USB stick is *not* advised:
a removable drive can vanish in the middle of a write). Resources are found beside the source tree or inside a
PyInstaller bundle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "BudgetDesk"
ENV_HOME = "BUDGET_DESK_HOME"
DATA_FILE_NAME = "budget-desk.sqlite3"


def project_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Path:
    return project_root().joinpath("resources", *parts)


def db_path(*parts: str) -> Path:
    """Files under the top-level `db/` folder: migrations and the demo dataset."""
    return project_root().joinpath("db", *parts)


def data_dir() -> Path:
    override = os.environ.get(ENV_HOME)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_database() -> Path:
    return data_dir() / DATA_FILE_NAME


def backup_dir() -> Path:
    return data_dir() / "backups"
