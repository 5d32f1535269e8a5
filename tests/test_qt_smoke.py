"""The Qt binding we pin is safe on this Python, and the (minimal) window opens on the demo."""

import pytest

pytest.importorskip("PySide6")


def test_twenty_thousand_void_qt_calls_do_not_corrupt_none(qtbot):
    # PySide6 6.12.0 on Python 3.11 corrupted the refcount of None after a few thousand calls
    # returning void; this loop fails with "deallocating None" on such a pair.
    import sys

    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(20_000):
        label.setEnabled(i % 2 == 0)
        label.setText("x")
    assert sys.getrefcount(None) >= before - 100


def test_window_shows_demo_summary(qtbot, demo_path):
    from desktop.ui.main_window import open_main_window

    window = open_main_window(demo_path)
    qtbot.addWidget(window)
    labels = [window.table.item(r, 0).text() for r in range(window.table.rowCount())]
    values = [window.table.item(r, 1).text() for r in range(window.table.rowCount())]
    assert "调整预算数" in labels
    assert values[labels.index("调整预算数")] == "24,041.75"
    window.ws.close()
