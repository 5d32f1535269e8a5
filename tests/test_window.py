"""The screens driven as a person would: type, click, save; results checked through the services.
Most tests build only the screen they use (`open_screen`); the window-level ones (menus, lock,
layout memory, Excel dialogs) build the window."""

from decimal import Decimal

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QPushButton  # noqa: E402

from desktop.core.domain import AssetKind, AssetStatus  # noqa: E402
from desktop.services import assets, audit_log, budget, evaluation, narrative, staff  # noqa: E402
from desktop.services.facts import year_facts  # noqa: E402
from desktop.ui.main_window import SCREENS, year_key  # noqa: E402
from desktop.ui.tasks import TaskRunner  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, demo_path, monkeypatch, messages):
    monkeypatch.setattr(TaskRunner, "synchronous", True)
    from desktop.ui.main_window import open_main_window

    win = open_main_window(demo_path)
    assert win.year_box.findData(year_key("LHZSJ", 2020)) >= 0
    qtbot.addWidget(win)
    win.year_box.setCurrentIndex(win.year_box.findData(year_key("LHZSJ", 2020)))
    yield win
    win.close()


def type_into(qtbot, widget, text):
    """Type as a person would: key presses for ASCII, committed input-method text for Chinese
    (QTest cannot synthesize key events for non-Latin-1 characters)."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        widget.insert(text)


def screen(window, title):
    for row, s in enumerate(window.screens):
        if s.title == title:
            window.nav.setCurrentRow(row)
            return s
    raise AssertionError(title)


def test_all_screens_show_on_the_demo(window, messages):
    for s in window.screens:
        screen(window, s.title)
        assert s.isVisible() and s.shown is not None, s.title
    assert messages == []


def test_adjustment_in_wan_changes_adjusted_budget_by_exact_fen(open_screen, qtbot):
    s = open_screen("预算与调整")
    ws = s.state.ws
    before = year_facts(ws, 2020).adjusted_total
    s.adj_category.setCurrentIndex(s.adj_category.findData("public"))
    type_into(qtbot, s.adj_amount.edit, "12.3456")
    type_into(qtbot, s.adj_doc, "深龙财预〔2020〕130号")
    type_into(qtbot, s.adj_reason, "年末追加办公经费")
    assert s.adj_save.isEnabled()
    qtbot.mouseClick(s.adj_save, Qt.LeftButton)
    assert year_facts(ws, 2020).adjusted_total - before == Decimal("123456.00")
    assert s.adjustments.rows[-1].amount == Decimal("123456.00")
    assert "24,054.10" in s.totals.text()


def test_invalid_amount_shows_its_message_and_writes_nothing(open_screen, qtbot):
    s = open_screen("预算与调整")
    count = len(budget.list_adjustments(s.state.ws, 2020))
    type_into(qtbot, s.adj_amount.edit, "24.000.30")
    type_into(qtbot, s.adj_doc, "X")
    type_into(qtbot, s.adj_reason, "Y")
    assert "调整金额" in s.adj_amount.error.text() and "多个小数点" in s.adj_amount.error.text()
    assert s.adj_amount.error.isVisible()
    assert not s.adj_save.isEnabled()
    qtbot.mouseClick(s.adj_save, Qt.LeftButton)
    s.adj_amount.edit.setText("0.0000001")  # finer than 分 in 万元
    assert "小数位数过多" in s.adj_amount.error.text()
    assert len(budget.list_adjustments(s.state.ws, 2020)) == count


def test_project_adjustment_needs_a_project(open_screen, qtbot):
    s = open_screen("预算与调整")
    s.adj_category.setCurrentIndex(s.adj_category.findData("project"))
    type_into(qtbot, s.adj_amount.edit, "1")
    type_into(qtbot, s.adj_doc, "X")
    type_into(qtbot, s.adj_reason, "Y")
    assert not s.adj_save.isEnabled()
    s.adj_project.setCurrentIndex(s.adj_project.findData("LH2020-05"))
    assert s.adj_save.isEnabled()


def test_reversal_leaves_the_original_visible(open_screen, qtbot, monkeypatch):
    s = open_screen("预算与调整")
    before = year_facts(s.state.ws, 2020).adjusted_total
    s.adjustments_view.selectRow(0)
    assert s.reverse_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("文号引用错误", True))
    qtbot.mouseClick(s.reverse_button, Qt.LeftButton)
    rows = s.adjustments.rows
    assert rows[0].seq == 1 and rows[0].reversed_by_seq == rows[-1].seq
    assert rows[-1].reverses_seq == 1 and rows[-1].amount == -rows[0].amount
    reversal = [c.key for c in s.adjustments.columns].index("reversal")
    assert "冲销第1号" in s.adjustments.data(s.adjustments.index(len(rows) - 1, reversal))
    assert year_facts(s.state.ws, 2020).adjusted_total == before - rows[0].amount
    s.adjustments_view.selectRow(0)
    assert not s.reverse_button.isEnabled()


def test_locked_year_is_read_only_everywhere(window, qtbot, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("决算已报送", True))
    window.lock_action.trigger()
    assert window.state.locked
    assert "已锁定" in window.lock_label.text()
    for s in window.screens:
        screen(window, s.title)
        assert s.banner.isVisible(), s.title
        assert "决算已报送" in s.banner.text.text()
    saving = [b for s in window.screens if s.title not in ("绩效指标", "操作日志", "概览")
              for b in s.findChildren(QPushButton)]
    assert saving and not [b.text() for b in saving if b.isEnabled()]
    b = screen(window, "预算与调整")
    assert not b.adj_amount.edit.isEnabled()
    assert screen(window, "报告文字").editor.isReadOnly()
    window.unlock_action.trigger()
    assert not window.state.locked
    assert [e.action for e in audit_log.entries(window.state.ws, limit=2)] == ["unlock", "lock"]


def test_locked_year_refuses_an_edit_that_slips_through(open_screen, messages):
    from desktop.services import years

    s = open_screen("预算与调整")
    years.lock_year(s.state.ws, 2020, "另一窗口锁定")  # the screen still thinks the year is open
    s.adj_amount.edit.setText("1")
    s.adj_doc.setText("X")
    s.adj_reason.setText("Y")
    assert s.adj_save.isEnabled()
    s.adj_save.click()
    assert "2020年度已锁定" in s.adj_errors[""].text() and messages == []  # under the form, not in a box
    assert len(budget.list_adjustments(s.state.ws, 2020)) == 37


def test_disposal_moves_card_out_of_in_use_and_changes_utilization(open_screen, qtbot, monkeypatch):
    s = open_screen("资产")
    ws = s.state.ws
    rate_before = evaluation.indicators(ws, 2020)["fixed_asset_utilization_rate"].value
    s.search.setText("GD2020-0001")
    s.reload()  # as the filter's pause timer does
    assert [r.card_no for r in s.model.rows] == ["GD2020-0001"]
    s.view.selectRow(0)

    from desktop.ui.dialogs import card as card_dialogs

    def fake_exec(dialog):
        dialog.method.setCurrentIndex(dialog.method.findData("scrap"))
        dialog.residual.set_text("100")
        dialog.remitted.setChecked(True)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()
        return dialog.result()

    monkeypatch.setattr(card_dialogs.DisposalDialog, "exec", fake_exec)
    qtbot.mouseClick(s.dispose_button, Qt.LeftButton)
    card = assets.query_cards(ws, 2020, assets.CardFilter(text="GD2020-0001"))[0]
    assert card.status == AssetStatus.DISPOSED.value and card.residual_remitted
    facts = year_facts(ws, 2020)
    assert facts.held(AssetKind.FIXED, AssetStatus.IN_USE) == Decimal("50558900.00") - Decimal("6500.00")
    rate_after = evaluation.indicators(ws, 2020)["fixed_asset_utilization_rate"].value
    assert rate_after < rate_before
    assert s.model.rows[0].status == "disposed"


def test_new_card_dialog_validates_and_saves(open_screen, qtbot):
    from desktop.ui.dialogs.card import CardDialog

    s = open_screen("资产")
    dialog = CardDialog(s, s.state)
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog.card_no, "GD2020-9999")
    type_into(qtbot, dialog.name, "测试打印机")
    type_into(qtbot, dialog.original.edit, "3,200.5")
    dialog.depreciation.set_text("abc")
    assert not dialog.buttons.button(QDialogButtonBox.Save).isEnabled()
    dialog.depreciation.set_text("0")
    assert dialog.buttons.button(QDialogButtonBox.Save).isEnabled()
    dialog.buttons.button(QDialogButtonBox.Save).click()
    card = assets.query_cards(s.state.ws, 2020, assets.CardFilter(text="GD2020-9999"))[0]
    assert card.original_value == Decimal("3200.50")
    assert s.shown.totals.count == 545  # the register's snapshot was read again


def test_headcount_edit_can_be_undone(open_screen, qtbot):
    s = open_screen("人员编制")
    s.category.setCurrentIndex(s.category.findData("admin"))
    s.actual.setValue(10)
    qtbot.mouseClick(s.save, Qt.LeftButton)
    assert staff.list_headcount(s.state.ws, 2020)[0].actual == 10
    assert s.state.undo.canUndo()
    s.state.undo.undo()
    assert staff.list_headcount(s.state.ws, 2020)[0].actual == 9
    s.state.undo.redo()
    assert staff.list_headcount(s.state.ws, 2020)[0].actual == 10


def test_money_unit_switch_changes_display(window):
    s = screen(window, "预算与调整")
    assert "24,041.75 万元" in s.totals.text()
    window.unit_box.setCurrentIndex(window.unit_box.findText("元"))
    assert "240,417,530.00 元" in s.totals.text()
    assert s.adj_amount.unit_label.text() == "元"


def test_layout_and_selection_are_remembered(qtbot, demo_path, monkeypatch, messages):
    monkeypatch.setattr(TaskRunner, "synchronous", True)
    from desktop.ui.main_window import open_main_window

    first = open_main_window(demo_path)
    qtbot.addWidget(first)
    first.year_box.setCurrentIndex(first.year_box.findData(year_key("LHZSJ", 2019)))
    first.nav.setCurrentRow(5)
    first.close()
    second = open_main_window()  # no path: the last database
    qtbot.addWidget(second)
    assert second.state.ws.path == demo_path
    assert (second.state.unit, second.state.year) == ("LHZSJ", 2019)
    assert second.nav.currentRow() == 5
    assert second.state.locked  # 2019 is a closed year in the demo
    second.close()


def test_narrative_save_and_undo(open_screen, qtbot):
    s = open_screen("报告文字")
    s.sections.setCurrentRow(0)
    original = s.editor.toPlainText()
    s.editor.setPlainText(original + "（补充）")
    assert s.save.isEnabled()
    qtbot.mouseClick(s.save, Qt.LeftButton)
    assert narrative.narratives(s.state.ws, 2020)["functions"].endswith("（补充）")
    s.state.undo.undo()
    assert narrative.narratives(s.state.ws, 2020)["functions"] == original


def test_indicator_screen_shows_trace(open_screen):
    s = open_screen("绩效指标")
    s.show_trace("public_expense_control_rate")
    text = s.trace.toPlainText()
    assert "日常公用经费控制率" in text and "13,408,855.00" in text and "预算调整" in text
    assert "91.65" in s.headline.text()


def test_audit_screen_lists_changes(open_screen, qtbot):
    s = open_screen("人员编制")
    s.actual.setValue(5)
    qtbot.mouseClick(s.save, Qt.LeftButton)
    a = open_screen("操作日志")
    assert "实有 5 人" in a.model.rows[0].summary
    assert "通过" in a.chain.text()


def test_export_workbook_from_the_window(window, tmp_path):
    from desktop.ui.dialogs import excel

    out = tmp_path / "from-window.xlsx"
    excel.export_workbook(window, out)
    assert out.exists() and "已导出 24 个工作表" in window.statusBar().currentMessage()
    import openpyxl

    assert openpyxl.load_workbook(out, read_only=True).sheetnames[0] == "封面"


def test_import_asset_list_from_the_window_shows_a_preview_first(window, tmp_path):
    import openpyxl

    from desktop.ui.dialogs import excel

    book = openpyxl.Workbook()
    book.active.append(["资产编号", "资产名称", "资产分类", "取得日期", "原值", "使用状况"])
    book.active.append(["W-1", "扫描仪", "通用设备", "2020-05-05", "2,500", "在用"])
    path = tmp_path / "list.xlsx"
    book.save(path)
    seen = []
    excel.import_workbook(window, path, assets=True, confirm=lambda p: seen.append(p) or False)
    assert seen and seen[0].adds == {"资产卡片": 1}
    assert not assets.query_cards(window.state.ws, 2020, assets.CardFilter(text="W-1"))  # declined: nothing written
    excel.import_workbook(window, path, assets=True, confirm=lambda p: True)
    assert assets.query_cards(window.state.ws, 2020, assets.CardFilter(text="W-1"))[0].original_value == Decimal("2500.00")


def test_preview_dialog_blocks_refused_imports(window, tmp_path):
    from desktop.services.workbook import ImportPreview
    from desktop.ui.dialogs.excel import PreviewDialog

    bad = ImportPreview("assets", "x.xlsx", "0" * 64, refusals=["工作表“资产”第 3 行第 E 列（原值）：必填，不能为空"])
    dialog = PreviewDialog(window, bad)
    assert not dialog.buttons.button(QDialogButtonBox.Ok).isEnabled()
    assert "第 3 行第 E 列" in dialog.text.toPlainText()
    dialog.close()


def test_outcome_metric_form(open_screen, qtbot, messages):
    s = open_screen("人员编制")
    type_into(qtbot, s.metric_code, "calls")
    type_into(qtbot, s.metric_name, "12345来电量")
    type_into(qtbot, s.metric_value, "1.2")
    type_into(qtbot, s.metric_unit, "万件")
    qtbot.mouseClick(s.metric_save, Qt.LeftButton)
    found = {m.code: m for m in staff.list_metrics(s.state.ws, 2020)}
    assert found["calls"].value == Decimal("1.2") and found["calls"].measure_unit == "万件"
    s.metric_value.setText("很多")
    qtbot.mouseClick(s.metric_save, Qt.LeftButton)
    assert "本年值" in s.metric_errors["value"].text() and s.metric_errors[""].isHidden()


def test_budget_line_and_spending_line_forms(open_screen, qtbot, messages):
    from desktop.services import spending

    b = open_screen("预算与调整")
    form = b.line_form
    form.category.setCurrentIndex(form.category.findData("project"))
    form.project.setCurrentIndex(form.project.findData("LH2020-05"))
    type_into(qtbot, form.amount.edit, "1.5")  # 万元
    qtbot.mouseClick(form.button, Qt.LeftButton)
    assert budget.list_budget_lines(b.state.ws, 2020)[-1].amount == Decimal("15000.00")
    assert form.amount.edit.text() == ""
    s = open_screen("支出与进度")
    form = s.line_form
    type_into(qtbot, form.amount.edit, "-0.01")
    type_into(qtbot, form.note, "red")
    qtbot.mouseClick(form.button, Qt.LeftButton)
    assert spending.list_expenditures(s.state.ws, 2020)[-1].amount == Decimal("-100.00")
    assert messages == []


@pytest.mark.parametrize("title", [t for t, _m, _c in SCREENS])
def test_every_table_model_passes_the_model_tester(open_screen, qtmodeltester, title):
    from PySide6.QtCore import QAbstractItemModel

    s = open_screen(title)
    if title == "项目与绩效目标":
        s.projects_view.selectRow(0)  # its targets fill the second table
    models = s.findChildren(QAbstractItemModel)
    tables = [m for m in models if type(m).__name__ in ("RowsTableModel", "AssetTableModel")]
    assert tables or title in ("概览", "报告文字"), title
    for model in tables:
        assert model.rowCount() > 0, (title, model)
        qtmodeltester.check(model, force_py=True)


def test_a_refusal_is_shown_next_to_the_field_it_names(open_screen, messages):
    from PySide6.QtCore import QDate

    s = open_screen("预算与调整")
    s.adj_amount.edit.setText("0")
    s.adj_doc.setText("X")
    s.adj_reason.setText("Y")
    s.adj_save.click()
    assert "不能为零" in s.adj_errors["amount"].text() and s.adj_errors["amount"].isVisible()
    s.adj_amount.edit.setText("1")
    s.adj_date.setDate(QDate(2019, 12, 31))
    s.adj_save.click()
    assert not s.adj_errors["amount"].isVisible()
    assert "不在 2020 年度内" in s.adj_errors["date"].text()
    assert messages == [] and len(budget.list_adjustments(s.state.ws, 2020)) == 37


def test_a_hidden_screen_shows_the_new_unit_when_visited_again(window):
    spending = screen(window, "支出与进度")
    assert "0.75 万元" in spending.carry_check.text()
    screen(window, "预算与调整")
    asked = spending.snapshots_asked
    window.unit_box.setCurrentIndex(window.unit_box.findText("元"))
    assert "0.75 万元" in spending.carry_check.text()  # hidden: not drawn yet
    screen(window, "支出与进度")
    assert "7,545.00 元" in spending.carry_check.text()
    assert spending.snapshots_asked == asked  # drawn again from the same snapshot, nothing read
