"""Every setting of the window, declared once with its type, default and Chinese label.

Stored with QSettings (per user; the registry on Windows, an ini file on Linux). Under tests
BUDGET_DESK_HOME points QSettings at a temporary folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from desktop.core.paths import ENV_HOME, data_dir


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    label: str


LAST_DATABASE = Setting("data/last_database", str, "", "上次打开的数据文件")
UNIT = Setting("data/unit", str, "", "上次选择的单位")
YEAR = Setting("data/year", int, 0, "上次选择的年度")
MONEY_UNIT = Setting("view/money_unit", str, "万元", "金额显示单位")
GEOMETRY = Setting("window/geometry", QByteArray, QByteArray(), "窗口位置和大小")
WINDOW_STATE = Setting("window/state", QByteArray, QByteArray(), "工具栏和停靠窗口布局")
SCREEN = Setting("window/screen", int, 0, "上次打开的页面")
# one value per key below this group: "<Screen class>/splitter<n>", "<Screen class>/table<n>"
SCREEN_LAYOUT = Setting("screen_layout", QByteArray, QByteArray(), "各页面的分栏位置和表格列宽、排序")

RECENT_FILES = Setting("data/recent_files", str, "", "最近打开的数据文件（每行一个）")
RECENT_COUNT = 8

ALL = (LAST_DATABASE, UNIT, YEAR, MONEY_UNIT, GEOMETRY, WINDOW_STATE, SCREEN, SCREEN_LAYOUT, RECENT_FILES)


def _store() -> QSettings:
    if os.environ.get(ENV_HOME):
        return QSettings(str(data_dir() / "settings.ini"), QSettings.IniFormat)
    return QSettings("BudgetDesk", "BudgetDesk")


def get(setting: Setting) -> Any:
    value = _store().value(setting.key, setting.default)
    if value is None:
        return setting.default
    if setting.type is int:
        try:
            return int(value)
        except (TypeError, ValueError):
            return setting.default
    if setting.type is str:
        return str(value)
    return value


def put(setting: Setting, value: Any) -> None:
    store = _store()
    store.setValue(setting.key, value)
    store.sync()


def get_keyed(setting: Setting, key: str) -> Any:
    """A setting that holds one value per key (e.g. each screen's splitter)."""
    value = _store().value(f"{setting.key}/{key}", setting.default)
    return setting.default if value is None else value


def put_keyed(setting: Setting, key: str, value: Any) -> None:
    store = _store()
    store.setValue(f"{setting.key}/{key}", value)
    store.sync()


def recent_files() -> list[str]:
    """The data files opened last, newest first, those that still exist."""
    return [p for p in get(RECENT_FILES).splitlines() if p and os.path.exists(p)]


def remember_file(path: str) -> None:
    others = [p for p in get(RECENT_FILES).splitlines() if p and p != path]
    put(RECENT_FILES, "\n".join([path, *others][:RECENT_COUNT]))
