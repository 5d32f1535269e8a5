"""Qt's own texts in Chinese: the buttons of message boxes and file dialogs (确定/取消/是/否)
come from Qt's qtbase_zh_CN catalogue, which nothing loads unless the program asks.

Looked up where Qt says its translations are (QLibraryInfo: PySide6's folder from source, the
bundle's PySide6/Qt/translations when frozen by PyInstaller) and, failing that, next to the
PySide6 package, so that a bundle whose qt.conf points elsewhere still finds it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

CATALOGUE = "qtbase"
LOCALE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)


def _candidate_folders() -> list[Path]:
    import PySide6

    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    folders.append(Path(PySide6.__file__).resolve().parent / "Qt" / "translations")
    return folders


def install_qt_chinese(app: QCoreApplication) -> QTranslator | None:
    """Load qtbase_zh_CN into the application; return the translator (kept on the app) or None."""
    translator = QTranslator(app)  # parented: lives as long as the application
    for folder in _candidate_folders():
        if translator.load(LOCALE, CATALOGUE, "_", str(folder)):
            app.installTranslator(translator)
            return translator
    log.warning("Qt 的中文翻译 %s_zh_CN 未找到（查找位置：%s）", CATALOGUE,
                "、".join(str(f) for f in _candidate_folders()))
    return None
