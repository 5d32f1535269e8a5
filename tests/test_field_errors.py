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


def top_of(widget) -> int:
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()  # (layouts settle when events run)
    return widget.mapTo(widget.window(), QPoint(0, 0)).y()


def test_a_duplicate_procurement_code_stands_under_its_field(open_screen, qtbot, messages):
    s = open_screen("政府采购")
    s.resize(1366, 700)
    before = procurement.list_procurements(s.state.ws, 2020)
    type_into(qtbot, s.code, "CG2020-001")  # the demo's first line
    type_into(qtbot, s.name, "办公设备")
    type_into(qtbot, s.budget.edit, "1000")
    where = top_of(s.code)
    qtbot.mouseClick(s.add_button, Qt.LeftButton)
    assert shown(s.errors) == {"code": "采购编号：2020年度已有采购编号“CG2020-001”"}
    assert top_of(s.code) == where  # the message did not move the form up under the officer's eyes
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


def test_card_dialog_refusals_stand_under_their_fields(open_screen, qtbot, messages):
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDialogButtonBox

    from desktop.ui.dialogs.card import CardDialog

    s = open_screen("资产")
    dialog = CardDialog(s, s.state)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.Save)
    type_into(qtbot, dialog.card_no, "GD2012-0001")  # the demo's
    type_into(qtbot, dialog.name, "激光打印机")
    type_into(qtbot, dialog.original.edit, "3200")
    qtbot.mouseClick(save, Qt.LeftButton)
    assert shown(dialog.errors) == {"card_no": "卡片编号：2020年度已有卡片“GD2012-0001”"}
    dialog.card_no.setText("GD2020-9001")
    dialog.acquired_on.setDate(QDate(2021, 3, 1))
    qtbot.mouseClick(save, Qt.LeftButton)
    assert shown(dialog.errors) == {"acquired_on": "取得日期晚于 2020 年末"}
    dialog.acquired_on.setDate(QDate(2020, 3, 1))
    dialog.depreciation.set_text("3300")
    qtbot.mouseClick(save, Qt.LeftButton)
    assert shown(dialog.errors) == {"depreciation": "累计折旧（摊销）大于账面原值"}
    assert dialog.result() == 0 and messages == []
    dialog.depreciation.set_text("0")
    qtbot.mouseClick(save, Qt.LeftButton)
    assert shown(dialog.errors) == {} and dialog.result() == dialog.DialogCode.Accepted


def test_disposal_dialog_refusal_stands_under_its_date(open_screen, qtbot, messages):
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDialogButtonBox

    from desktop.services import assets
    from desktop.ui.dialogs.card import DisposalDialog

    s = open_screen("资产")
    card = assets.query_cards(s.state.ws, 2020, assets.CardFilter(text="GD2012-0001"))[0]
    dialog = DisposalDialog(s, s.state, card)
    qtbot.addWidget(dialog)
    dialog.date.setDate(QDate(2021, 1, 5))
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert shown(dialog.errors) == {"date": "处置日期：2021-01-05 不在 2020 年度内"}
    assert assets.query_cards(s.state.ws, 2020, assets.CardFilter(text="GD2012-0001"))[0] == card
    assert messages == []


def test_carryover_refusal_of_no_field_stands_under_the_form(open_screen, qtbot, messages):
    from desktop.services import spending, years

    s = open_screen("支出与进度")
    before = spending.carryover(s.state.ws, 2020)
    years.lock_year(s.state.ws, 2020, "另一窗口锁定")  # the screen still thinks the year is open
    s.end.set_text("1")
    qtbot.mouseClick(s.carry_save, Qt.LeftButton)
    assert list(shown(s.carry_errors)) == [""] and "2020年度已锁定" in s.carry_errors[""].text()
    assert spending.carryover(s.state.ws, 2020).end == before.end and messages == []


def test_carryover_refusals_carry_their_parameter(demo):
    """The carry-over form's amounts are checked as they are typed; the service's own refusals
    (from the command line, say) name the parameter all the same."""
    from desktop.core.errors import ValidationError
    from desktop.services import spending

    for key in ("begin", "appropriation", "end"):
        values = {"begin": "1", "appropriation": "2", "end": "3", key: "-5"}
        with pytest.raises(ValidationError) as refused:
            spending.set_carryover(demo, 2020, **values)
        assert refused.value.key == key


def test_category_line_refusals_stand_under_their_fields(open_screen, qtbot, messages):
    from desktop.services import budget, spending

    b = open_screen("预算与调整")
    form = b.line_form
    lines = budget.list_budget_lines(b.state.ws, 2020)
    form.category.setCurrentIndex(form.category.findData("project"))  # and no project chosen
    type_into(qtbot, form.amount.edit, "1")
    qtbot.mouseClick(form.button, Qt.LeftButton)
    assert shown(form.errors) == {"project": "项目：项目支出必须选择项目"}
    assert budget.list_budget_lines(b.state.ws, 2020) == lines

    s = open_screen("支出与进度")
    form = s.line_form
    spent = spending.list_expenditures(s.state.ws, 2020)
    form.category.setCurrentIndex(form.category.findData("three_public_unsplit"))
    type_into(qtbot, form.amount.edit, "1")
    qtbot.mouseClick(form.button, Qt.LeftButton)
    assert list(shown(form.errors)) == ["category"] and "只用于预算" in form.errors["category"].text()
    form.category.setCurrentIndex(form.category.findData("public"))
    qtbot.mouseClick(form.button, Qt.LeftButton)
    assert shown(form.errors) == {} and len(spending.list_expenditures(s.state.ws, 2020)) == len(spent) + 1
    assert messages == []


def test_staff_refusals_stand_under_their_fields(open_screen, qtbot, messages):
    from desktop.services import staff, years

    s = open_screen("人员编制")
    metrics = staff.list_metrics(s.state.ws, 2020)
    type_into(qtbot, s.metric_name, "12345来电量")
    type_into(qtbot, s.metric_value, "12")
    qtbot.mouseClick(s.metric_save, Qt.LeftButton)
    assert shown(s.metric_errors) == {"code": "指标代码：不能为空"}
    type_into(qtbot, s.metric_code, "calls")
    type_into(qtbot, s.metric_target, "all")
    qtbot.mouseClick(s.metric_save, Qt.LeftButton)
    assert shown(s.metric_errors) == {"target": "目标值：“all”不是有效的数值"}  # a value, not an amount
    assert staff.list_metrics(s.state.ws, 2020) == metrics
    # 核定数 and 实有数 are spin boxes: what the service refuses there is the year, under the form
    years.lock_year(s.state.ws, 2020, "另一窗口锁定")
    s.actual.setValue(10)
    qtbot.mouseClick(s.save, Qt.LeftButton)
    assert list(shown(s.errors)) == [""] and "2020年度已锁定" in s.errors[""].text()
    assert messages == []


def test_target_setting_refusal_stands_under_the_value(app_state, qtbot, messages):
    from desktop.ui.dialogs.targets import TargetsDialog

    dialog = TargetsDialog(None, app_state)
    qtbot.addWidget(dialog)
    dialog.indicator.setCurrentIndex(dialog.indicator.findData("procurement_execution_rate"))
    dialog.value.setText("2000")
    qtbot.mouseClick(dialog.set_button, Qt.LeftButton)
    assert list(shown(dialog.errors)) == ["value"] and "超出合理范围" in dialog.errors["value"].text()
    dialog.value.setText("95")
    qtbot.mouseClick(dialog.set_button, Qt.LeftButton)
    assert shown(dialog.errors) == {} and messages == []
