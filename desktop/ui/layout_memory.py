"""Each screen's splitter positions and table headers (column widths, sort column) remembered
between sessions, by screen and by the order the screen built them ("BudgetScreen/table1"), so
an officer who widened 项目 on 预算与调整 finds it so next time, and other screens keep their own."""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter, QTableView, QWidget

from desktop.ui import settings


def _parts(screen: QWidget):
    name = type(screen).__name__
    for n, splitter in enumerate(screen.findChildren(QSplitter)):
        yield f"{name}/splitter{n}", splitter
    for n, view in enumerate(screen.findChildren(QTableView)):
        yield f"{name}/table{n}", view


def save(screens) -> None:
    for screen in screens:
        for key, part in _parts(screen):
            if isinstance(part, QTableView):
                if part.property("fitted"):  # (a table never filled keeps no widths worth keeping)
                    settings.put_keyed(settings.SCREEN_LAYOUT, key, part.horizontalHeader().saveState())
            else:
                settings.put_keyed(settings.SCREEN_LAYOUT, key, part.saveState())


def restore(screens) -> None:
    for screen in screens:
        for key, part in _parts(screen):
            state = settings.get_keyed(settings.SCREEN_LAYOUT, key)
            if not state:
                continue
            if isinstance(part, QTableView):
                if part.horizontalHeader().restoreState(state):
                    part.setProperty("fitted", True)  # the officer's widths, not measured again
            else:
                part.restoreState(state)
