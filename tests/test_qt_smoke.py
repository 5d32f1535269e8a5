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


def test_window_appears_before_matplotlib_or_openpyxl_are_imported(demo_path, tmp_path):
    import os
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from PySide6.QtWidgets import QApplication; "
        "app = QApplication([]); from desktop.ui.main_window import open_main_window; "
        f"w = open_main_window(Path({str(demo_path)!r})); app.processEvents(); "
        "print(w.isVisible(), [m for m in ('matplotlib', 'openpyxl') if m in sys.modules]); w.close()"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BUDGET_DESK_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "True []", out.stderr
