"""The GUI thread never waits on the database: with the real worker thread, every read and write
of the data file (each goes through `Workspace.read` or `Workspace.write`) happens off the GUI
thread while the window opens, every screen is visited and forms are saved."""

import threading
import traceback

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from desktop.services import staff  # noqa: E402
from desktop.services.workspace import Workspace  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.fixture
def gui_thread_sessions(monkeypatch):
    """Where each database session opened on the GUI thread was asked for."""
    found = []

    def spy(original):
        def opened(self, *args, **kwargs):
            if threading.current_thread() is threading.main_thread():
                found.append("".join(traceback.format_stack(limit=8)[:-1]))
            return original(self, *args, **kwargs)
        return opened

    monkeypatch.setattr(Workspace, "read", spy(Workspace.read))
    monkeypatch.setattr(Workspace, "write", spy(Workspace.write))
    return found


def test_no_database_session_on_the_gui_thread(qtbot, demo_path, monkeypatch, gui_thread_sessions):
    shown = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, _t, text, *a, **k: shown.append(text))
    from desktop.ui.main_window import MainWindow, load_data_file

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert load_data_file(window, demo_path)  # integrity check in the background, as in use
    overview = window.screens[0]
    with qtbot.waitSignal(overview.drawn, timeout=60000):
        pass  # the year list, the lock state, the snapshot and the charts: all in the worker
    for row, screen in enumerate(window.screens[1:], start=1):
        asked = screen.snapshots_asked
        with qtbot.waitSignal(screen.drawn, timeout=60000):
            window.nav.setCurrentRow(row)
        assert screen.snapshots_asked == asked + 1 and screen.shown is not None, screen.title
    people = window.screens[6]
    people.category.setCurrentIndex(people.category.findData("admin"))
    people.actual.setValue(7)
    window.nav.setCurrentRow(6)
    with qtbot.waitSignal(people.drawn, timeout=60000):
        people.save.click()
    with qtbot.waitSignal(people.drawn, timeout=60000):
        window.undo_action.trigger()
    window.state.tasks.wait()
    on_gui_thread = list(gui_thread_sessions)
    assert shown == []
    assert on_gui_thread == [], on_gui_thread[0]
    assert staff.list_headcount(window.state.ws, 2020)[0].actual == 9  # saved, then undone
    window.close()
