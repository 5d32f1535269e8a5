"""Chinese glyphs on every machine: the CJK font shipped in resources/ is registered for Qt at
start, so a PC without Chinese fonts shows no empty boxes."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop.core.paths import resource_path

FONT_FILE = "wqy-microhei.ttc"
PREFERRED = ("Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC")


def install(app: QApplication) -> str:
    """Register the shipped font; use a better system CJK font where there is one."""
    font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", FONT_FILE)))
    shipped = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    available = set(QFontDatabase.families())
    family = next((f for f in PREFERRED if f in available), shipped[0] if shipped else "")
    if family:
        font = QFont(family, 10)
        app.setFont(font)
    return family
