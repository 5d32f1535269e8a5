"""年度 → 新建单位或年度: the units are read in the worker, the creation is one write, and a
refusal is shown in the dialog under the field it is about."""

from __future__ import annotations

from desktop.services import years
from desktop.ui.dialogs.year import NEW_UNIT, NewYearDialog


def _dialog(qtbot, app_state) -> NewYearDialog:
    dialog = NewYearDialog(None, app_state)
    qtbot.addWidget(dialog)
    return dialog


def test_a_new_year_for_the_units_of_the_file(qtbot, app_state):
    dialog = _dialog(qtbot, app_state)
    assert [dialog.unit.itemData(i) for i in range(dialog.unit.count())] == ["LHZSJ", None]
    assert dialog.unit.itemText(1) == NEW_UNIT
    assert dialog.unit.currentData() == "LHZSJ" and not dialog.code.isEnabled()
    dialog.year.setValue(2022)
    dialog.buttons.accepted.emit()
    assert dialog.created == ("LHZSJ", 2022)
    assert ("LHZSJ", 2022) in {(y.unit_code, y.year) for y in years.list_years(app_state.ws)}


def test_a_new_unit_and_its_year_both_or_neither(qtbot, app_state):
    dialog = _dialog(qtbot, app_state)
    dialog.unit.setCurrentIndex(dialog.unit.findData(None))
    assert dialog.code.isEnabled() and dialog.name.isEnabled()
    dialog.code.setText("XJ01")
    dialog.year.setValue(2021)
    dialog.buttons.accepted.emit()  # no name: refused under 新单位名称, nothing written
    assert dialog.created is None
    assert "单位名称" in dialog.errors["name"].text() and dialog.errors["name"].isVisibleTo(dialog)
    assert not dialog.errors["code"].text() and not dialog.errors[""].text()
    assert "XJ01" not in {y.unit_code for y in years.list_years(app_state.ws)}
    dialog.name.setText("新建的单位")
    dialog.buttons.accepted.emit()
    assert dialog.created == ("XJ01", 2021) and not dialog.errors["name"].text()


def test_a_year_that_exists_is_refused_in_the_dialog(qtbot, app_state):
    dialog = _dialog(qtbot, app_state)
    dialog.year.setValue(2020)
    dialog.buttons.accepted.emit()
    assert dialog.created is None and "已存在" in dialog.errors["year"].text() and not dialog.errors[""].text()
    assert dialog.buttons.isEnabled()  # the officer can change the year and try again
