"""A refused save is shown under the field it is about: each form sends its values to a service,
the service's refusal carries the parameter it is about (`key`), and the form shows it under that
input; a refusal about no input stands under the form. Driven as a person would: type, click."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402

from desktop.services import procurement  # noqa: E402
from tests.test_window import type_into  # noqa: E402

pytestmark = pytest.mark.gui


def shown(errors: dict) -> dict[str, str]:
    """The messages a form shows, by key."""
    return {key: label.text() for key, label in errors.items() if label.isVisibleTo(label.window())}


def test_a_duplicate_procurement_code_stands_under_its_field(open_screen, qtbot, messages):
    s = open_screen("政府采购")
    before = procurement.list_procurements(s.state.ws, 2020)
    type_into(qtbot, s.code, "CG2020-001")  # the demo's first line
    type_into(qtbot, s.name, "办公设备")
    type_into(qtbot, s.budget.edit, "1000")
    qtbot.mouseClick(s.add_button, Qt.LeftButton)
    assert shown(s.errors) == {"code": "采购编号：2020年度已有采购编号“CG2020-001”"}
    # a payment over the contract is refused under 已支付; the code's message is gone
    s.code.setText("CG2020-901")
    type_into(qtbot, s.contract.edit, "800")
    type_into(qtbot, s.paid.edit, "900")
    qtbot.mouseClick(s.add_button, Qt.LeftButton)
    assert shown(s.errors) == {"paid": "已支付金额：不能超过合同金额"}
    assert procurement.list_procurements(s.state.ws, 2020) == before and messages == []
    s.paid.set_text("800")
    qtbot.mouseClick(s.add_button, Qt.LeftButton)
    assert shown(s.errors) == {} and s.code.text() == ""
    assert len(procurement.list_procurements(s.state.ws, 2020)) == len(before) + 1


def test_project_and_target_refusals_stand_under_their_fields(open_screen, qtbot, messages):
    s = open_screen("项目与绩效目标")
    count = len(s.projects.rows)
    type_into(qtbot, s.code, "LH2020-01")
    type_into(qtbot, s.name, "重复的项目")
    qtbot.mouseClick(s.add_project_button, Qt.LeftButton)
    assert shown(s.project_errors) == {"code": "项目编码：2020年度已有项目“LH2020-01”"}
    s.code.setText("LH2020-99")
    s.name.clear()
    qtbot.mouseClick(s.add_project_button, Qt.LeftButton)
    assert shown(s.project_errors) == {"name": "项目名称：不能为空"}
    assert len(s.projects.rows) == count
    # the target form: no project chosen is the form's own message; a value that is no number is 目标值's
    qtbot.mouseClick(s.add_target_button, Qt.LeftButton)
    assert shown(s.target_errors) == {"": "请先在左侧选择项目"}
    s.projects_view.selectRow(0)
    targets = len(s.targets.rows)
    type_into(qtbot, s.target_name, "系统上线模块数")
    type_into(qtbot, s.target_value, "about 5")
    qtbot.mouseClick(s.add_target_button, Qt.LeftButton)
    assert list(shown(s.target_errors)) == ["target_value"] and "目标值" in s.target_errors["target_value"].text()
    s.target_value.setText("5")
    qtbot.mouseClick(s.add_target_button, Qt.LeftButton)
    assert shown(s.target_errors) == {} and len(s.targets.rows) == targets + 1
    assert messages == []
