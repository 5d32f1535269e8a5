"""目标设置 in the window: the officer sets the year's own target and every screen judges by it."""

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402

from desktop.services import targets  # noqa: E402
from tests.test_window import window  # noqa: E402,F401  (the window on the demo's 2020)

pytestmark = pytest.mark.gui


def indicator_row(window, rid):
    screen = next(s for s in window.screens if s.title == "绩效指标")
    window.nav.setCurrentRow(window.screens.index(screen))
    return next(r for r in screen.indicators.rows if r.id == rid)


def test_the_dialog_sets_and_clears_a_year_target(window, qtbot, messages):
    from desktop.ui.dialogs.targets import TargetsDialog

    from PySide6.QtGui import QAction

    assert "目标设置…" in [a.text() for a in window.findChildren(QAction)]
    before = indicator_row(window, "procurement_execution_rate")
    assert (before.target_text, before.met) == ("≥100.00%", False)
    dialog = TargetsDialog(window, window.state)
    qtbot.addWidget(dialog)
    names = [dialog.table.item(n, 0).text() for n in range(dialog.table.rowCount())]
    assert "预算调整率（按绝对值）" in names and dialog.table.item(names.index("日常公用经费控制率"), 2).text() == "≤90.00%"
    dialog.indicator.setCurrentIndex(dialog.indicator.findData("procurement_execution_rate"))
    qtbot.keyClicks(dialog.value, "90")
    qtbot.mouseClick(dialog.set_button, Qt.LeftButton)
    assert dialog.table.item(names.index("政府采购执行率"), 3).text() == "≥90.00%"
    after = indicator_row(window, "procurement_execution_rate")
    assert (after.target_text, after.met) == ("≥90.00%", True)
    # a wrong value is refused under the form, nothing changes
    dialog.value.setText("九十")
    qtbot.mouseClick(dialog.set_button, Qt.LeftButton)
    assert not dialog.errors["value"].isHidden() and "目标值" in dialog.errors["value"].text()
    qtbot.mouseClick(dialog.clear_button, Qt.LeftButton)
    rows = {r.indicator: r for r in targets.target_rows(window.state.ws, 2020)}
    assert rows["procurement_execution_rate"].year_value is None
    assert indicator_row(window, "procurement_execution_rate").target_text == "≥100.00%"
    assert messages == []
