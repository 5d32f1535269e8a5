"""The Qt binding we pin is safe on this Python, and the (minimal) window opens on the demo."""

import pytest

pytest.importorskip("PySide6")

pytestmark = pytest.mark.gui


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


@pytest.mark.slow
def test_window_appears_before_matplotlib_or_openpyxl_are_imported(demo_path, tmp_path):
    import os
    import subprocess
    import sys

    # The same order as run_window: the frame is shown, then the data file is attached and the
    # 概览 screen has its charts drawn by the drawing process (which imports matplotlib there,
    # never in the window's process).
    code = f"""
import sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from desktop.ui.main_window import MainWindow, load_data_file
w = MainWindow(); w.show(); app.processEvents()
print(w.isVisible(), [m for m in ('matplotlib', 'openpyxl', 'sqlalchemy') if m in sys.modules])
load_data_file(w, Path({str(demo_path)!r}))
drawn = []
w.screens[0].drawn.connect(lambda: drawn.append(True))
started = time.monotonic()
while not drawn and time.monotonic() - started < 60:
    app.processEvents()
    time.sleep(0.01)
pictures = sum(not c.image.picture.isNull() for c in w.screens[0].charts.values())
print('matplotlib' in sys.modules, bool(drawn), pictures); w.close()
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BUDGET_DESK_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    lines = out.stdout.strip().splitlines()
    assert lines[-2] == "True []", out.stderr
    assert lines[-1] == "False True 8", out.stderr  # and all eight charts did get drawn afterwards
