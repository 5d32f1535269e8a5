"""A new user's path through the window: a blank data file is a calm start (no year 0, no box,
every form disabled under a placeholder), the unit and the first year are created on the first
page, a year is recorded through the forms, and the next year is opened from it carrying what
carries. With BUDGET_DESK_WALK_SHOTS=<folder> each step is saved as a PNG (run under Xvfb to
look at them)."""

import os
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox  # noqa: E402

from desktop.services import assets, budget, new_year, spending, staff, years  # noqa: E402
from desktop.services.workspace import Workspace  # noqa: E402
from desktop.ui.first_year import NO_YEAR  # noqa: E402
from desktop.ui.tasks import TaskRunner  # noqa: E402
from test_window import screen as visit  # noqa: E402  (select a screen by its title, as a click would)
from test_window import type_into  # noqa: E402


pytestmark = pytest.mark.gui


@pytest.fixture
def blank_window(qtbot, tmp_path, monkeypatch, messages):
    """The window on a data file just created empty (as 首次启动 → 创建空白数据文件 leaves it)."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.main_window import open_main_window

    monkeypatch.setattr(TaskRunner, "synchronous", True)
    # the first-start box, answered 创建空白数据文件
    monkeypatch.setattr(QMessageBox, "exec", lambda box: next(
        b for b in box.buttons() if b.text() == "创建空白数据文件").click())
    if os.environ.get("BUDGET_DESK_WALK_SHOTS"):
        from PySide6.QtWidgets import QApplication

        from desktop.ui import fonts

        fonts.install(QApplication.instance())  # the shipped CJK font, as the program's start does
    win = open_main_window(tmp_path / "空白.sqlite3")
    assert (tmp_path / "空白.sqlite3").exists()
    qtbot.addWidget(win)
    win.resize(1366, 768)
    yield win
    win.close()


def shot(window, name: str) -> None:
    folder = os.environ.get("BUDGET_DESK_WALK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        window.grab().save(str(Path(folder) / f"{name}.png"))


def create_first_year(qtbot, window, year=2020, money_unit="万元"):
    page = window.first_year
    type_into(qtbot, page.name, "测试区审计局")
    type_into(qtbot, page.code, "CSSJJ")
    page.year.setValue(year)
    page.money_unit.setCurrentIndex(page.money_unit.findData(money_unit))
    qtbot.mouseClick(page.button, Qt.LeftButton)


def test_a_blank_file_is_a_calm_start(blank_window, messages, capfd):
    win = blank_window
    shot(win, "01-blank")
    assert win.stack.currentWidget() is win.first_year and win.first_year.isVisible()
    assert win.first_year.headline.text() == NO_YEAR
    assert win.state.year == 0 and win.state.read_only
    assert not win.nav.isEnabled() and not win.year_box.isEnabled()
    assert win.lock_label.text() == "还没有年度"
    for s in win.screens:  # nothing reachable, and nothing that would write enabled either
        assert s.shown is None, s.title
        assert [b.text() for b in s.findChildren(QAbstractButton) if b.isEnabled() and b.text()
                and not b.isCheckable()] == [], s.title
        assert s.banner.text.text() == NO_YEAR
    assert not win.lock_action.isEnabled()
    assert messages == []
    assert "Traceback" not in capfd.readouterr().err


def test_first_year_refusals_stay_under_their_fields(blank_window, qtbot, messages):
    win = blank_window
    type_into(qtbot, win.first_year.code, "CSSJJ")
    qtbot.mouseClick(win.first_year.button, Qt.LeftButton)
    assert "单位名称" in win.first_year.errors["name"].text()
    assert years.list_years(win.state.ws) == [] and messages == []
    # the unit's code is taken (another window made the unit, not its year): under 单位代码
    years.create_unit(win.state.ws, "CSSJJ", "测试区审计局")
    type_into(qtbot, win.first_year.name, "测试区审计局")
    qtbot.mouseClick(win.first_year.button, Qt.LeftButton)
    shown = {k: e.text() for k, e in win.first_year.errors.items() if not e.isHidden()}
    assert shown == {"code": "单位代码“CSSJJ”已存在"}
    assert years.list_years(win.state.ws) == [] and messages == []


def test_first_year_offers_the_blank_template(blank_window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    out = tmp_path / "模板.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    blank_window.first_year.template.setChecked(True)
    create_first_year(qtbot, blank_window, 2020)
    import openpyxl

    book = openpyxl.load_workbook(out, read_only=True)
    assert "封面" in book.sheetnames
    book.close()


def test_a_new_user_records_2020_and_opens_2021_from_it(blank_window, qtbot, messages, capfd):
    win = blank_window
    create_first_year(qtbot, win, 2020, "万元")
    assert (win.state.unit, win.state.year) == ("CSSJJ", 2020) and not win.state.read_only
    assert win.nav.isEnabled() and win.stack.currentWidget() is not win.first_year
    assert win.lock_label.text() == "2020年度可编辑"
    shot(win, "02-year-created")
    ws = win.state.ws

    b = visit(win, "预算与调整")
    assert b.adj_date.date().year() == 2020
    for category, amount in (("personnel", "120.5"), ("public", "30")):
        b.line_form.category.setCurrentIndex(b.line_form.category.findData(category))
        type_into(qtbot, b.line_form.amount.edit, amount)
        qtbot.mouseClick(b.line_form.button, Qt.LeftButton)
        assert b.line_form.amount.edit.text() == "", b.line_form.errors[""].text()  # saved, form cleared
    b.adj_category.setCurrentIndex(b.adj_category.findData("public"))
    type_into(qtbot, b.adj_amount.edit, "2.5")
    type_into(qtbot, b.adj_doc, "测财预〔2020〕1号")
    type_into(qtbot, b.adj_reason, "追加办公经费")
    qtbot.mouseClick(b.adj_save, Qt.LeftButton)
    assert sum(line.amount for line in budget.list_budget_lines(ws, 2020, "CSSJJ")) == Decimal("1505000.00")
    assert [a.amount for a in budget.list_adjustments(ws, 2020, "CSSJJ")] == [Decimal("25000.00")]
    shot(win, "03-budget")

    s = visit(win, "支出与进度")
    type_into(qtbot, s.line_form.amount.edit, "140")
    qtbot.mouseClick(s.line_form.button, Qt.LeftButton)
    type_into(qtbot, s.begin.edit, "0")
    type_into(qtbot, s.appropriation.edit, "153")
    type_into(qtbot, s.end.edit, "13")
    qtbot.mouseClick(s.carry_save, Qt.LeftButton)
    assert spending.list_expenditures(ws, 2020, "CSSJJ")[-1].amount == Decimal("1400000.00")
    shot(win, "04-spending")

    from desktop.ui.dialogs.card import CardDialog

    a = visit(win, "资产")
    for number, name, value in (("GD-0001", "办公电脑", "6,800"), ("GD-0002", "打印机", "3,200.5")):
        dialog = CardDialog(a, a.state)
        qtbot.addWidget(dialog)
        type_into(qtbot, dialog.card_no, number)
        type_into(qtbot, dialog.name, name)
        type_into(qtbot, dialog.original.edit, value)
        dialog.depreciation.set_text("0")
        dialog.buttons.button(QDialogButtonBox.Save).click()
    assert len(assets.query_cards(ws, 2020, assets.CardFilter(), unit="CSSJJ")) == 2
    shot(win, "05-assets")

    h = visit(win, "人员编制")
    h.category.setCurrentIndex(h.category.findData("admin"))
    h.authorized.setValue(12)
    h.actual.setValue(11)
    qtbot.mouseClick(h.save, Qt.LeftButton)
    assert staff.list_headcount(ws, 2020, "CSSJJ")[0].actual == 11
    shot(win, "06-staff")

    from desktop.ui.dialogs.carry_year import open_carry_year_dialog

    dialog = open_carry_year_dialog(win)
    qtbot.addWidget(dialog)
    plan = new_year.plan_new_year(ws, 2021, 2020, "CSSJJ")
    assert dialog.plan_text.toPlainText() == "\n".join(plan.lines())
    assert "结转 2 张" in dialog.plan_text.toPlainText() and "13.00 万元" in dialog.plan_text.toPlainText()
    assert years.list_years(ws)[-1].year == 2020  # shown, not yet written
    dialog.lock_old.setChecked(True)
    shot(dialog, "07-carry-dialog")
    dialog.ok.click()
    assert [(y.year, y.locked) for y in years.list_years(ws)] == [(2020, True), (2021, False)]
    assert (win.state.unit, win.state.year) == ("CSSJJ", 2021)

    s = visit(win, "支出与进度")
    assert s.shown.carryover.begin == Decimal("130000.00")
    assert s.begin.edit.text() == "13.00"  # 年初结转 = 2020 年末, in 万元
    shot(win, "08-2021-spending")
    h = visit(win, "人员编制")
    row = h.shown.of("admin")
    assert (row.authorized, row.actual) == (12, 11)
    a = visit(win, "资产")
    assert a.shown.totals.count == 2
    shot(win, "09-2021-assets")
    assert messages == []
    assert "Traceback" not in capfd.readouterr().err


def test_the_carry_dialog_refuses_a_year_that_exists(qtbot, demo_path, monkeypatch, messages):
    monkeypatch.setattr(TaskRunner, "synchronous", True)
    with Workspace.open(demo_path) as ws:
        new_year.create_year_from(ws, 2021, 2020, "LHZSJ")
    from desktop.ui.dialogs.carry_year import open_carry_year_dialog
    from desktop.ui.main_window import open_main_window, year_key

    win = open_main_window(demo_path)
    qtbot.addWidget(win)
    win.year_box.setCurrentIndex(win.year_box.findData(year_key("LHZSJ", 2020)))
    dialog = open_carry_year_dialog(win)
    qtbot.addWidget(dialog)
    assert "已存在" in dialog.error.text() and not dialog.ok.isEnabled()
    assert messages == []
    dialog.reject()
    win.close()


def test_an_amount_typed_in_wan_echoes_its_value_in_yuan(qtbot):
    from desktop.core.money import Unit
    from desktop.ui.widgets import MoneyField

    field = MoneyField("金额", Unit.WAN)
    qtbot.addWidget(field)
    type_into(qtbot, field.edit, "12345")
    assert field.echo.text() == "= 123,450,000.00 元" and not field.echo.isHidden()
    field.set_unit(Unit.YUAN)
    assert field.echo.isHidden()
    field.set_unit(Unit.WAN)
    field.set_text("1.2.3")
    assert field.echo.isHidden() and not field.is_valid()


def test_sort_arrows_tell_the_truth(qtbot, demo_path, monkeypatch, messages):
    from PySide6.QtWidgets import QTableView

    from desktop.ui.main_window import open_main_window, year_key

    monkeypatch.setattr(TaskRunner, "synchronous", True)
    win = open_main_window(demo_path)
    qtbot.addWidget(win)
    win.year_box.setCurrentIndex(win.year_box.findData(year_key("LHZSJ", 2020)))
    for s in win.screens:
        visit(win, s.title)
        for view in s.findChildren(QTableView):
            header = view.horizontalHeader()
            if s.title == "资产":  # the register comes sorted by 卡片编号, and says so
                assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (0, Qt.AscendingOrder)
                numbers = [view.model().index(r, 0).data() for r in range(5)]
                assert numbers == sorted(numbers)
            else:  # rows in the order the service gives them: no arrow
                assert header.sortIndicatorSection() == -1, s.title
    b = visit(win, "预算与调整")
    b.lines_view.sortByColumn(1, Qt.DescendingOrder)  # the officer sorts by 年初预算 …
    amounts = [row.amount for row in b.lines.rows]
    assert amounts == sorted(amounts, reverse=True)
    win.unit_box.setCurrentIndex(win.unit_box.findData("元"))
    b.state.changed("budget")  # … and a fresh snapshot keeps that order under the arrow
    assert [row.amount for row in b.lines.rows] == amounts
    win.close()


def test_the_score_tile_lists_every_deduction_and_the_rules_bands(open_screen):
    s = open_screen("概览")
    sheet = s.shown.score
    lost = [item for item in sheet.items if item.lost]
    assert len(lost) > 2
    detail = s.cards["score"].detail.text()
    assert all(item.item.name in detail for item in lost)
    assert all(f"{name} ≥" in detail for name, minimum in sheet.grades if minimum)
    assert sheet.top_grade == (sheet.grade == sheet.grades[0][0])


def test_budget_amounts_and_document_numbers_stay_in_view_at_1366(qtbot, demo_path, monkeypatch, messages):
    from desktop.ui.main_window import open_main_window, year_key

    monkeypatch.setattr(TaskRunner, "synchronous", True)
    win = open_main_window(demo_path)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.year_box.setCurrentIndex(win.year_box.findData(year_key("LHZSJ", 2020)))
    b = visit(win, "预算与调整")
    for view, wanted in ((b.lines_view, ("年初预算",)), (b.adjustments_view, ("调整金额", "调整后预算", "文号"))):
        header, model = view.horizontalHeader(), view.model()
        for n, column in enumerate(model.columns):
            if column.header in wanted:
                right = header.sectionViewportPosition(n) + header.sectionSize(n)
                assert 0 <= header.sectionViewportPosition(n) and right <= view.viewport().width(), column.header
    name = b.lines.index(2, 2)  # a project name, elided in its cell, whole in the tooltip
    assert name.data(Qt.ToolTipRole) == name.data(Qt.DisplayRole) and name.data().startswith("LH2020-01")
    win.close()


def test_the_card_dialog_grows_for_its_messages(qtbot, app_state):
    from desktop.ui.dialogs.card import CardDialog

    dialog = CardDialog(None, app_state)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.original.set_text("12.345.6")
    dialog.depreciation.set_text("1,23,4")
    for label in (dialog.original.error, dialog.depreciation.error):
        assert label.isVisible() and "无法识别" in label.text()
        # shown whole: as tall as its wrapped lines need, inside the dialog
        assert label.height() >= label.heightForWidth(label.width())
        assert label.mapTo(dialog, label.rect().bottomRight()).y() <= dialog.height()


def test_the_asset_screen_follows_the_toolbar_unit(qtbot, open_screen, app_state):
    from desktop.core.money import Unit

    s = open_screen("资产")
    assert "万元" in s.figures.text() and "万元" in s.totals.text()
    assert s.model.headerData(6, Qt.Horizontal) == "账面原值（万元）"
    wan = s.model.index(0, 6).data()
    app_state.set_money_unit(Unit.YUAN)
    assert "元" in s.totals.text() and "万元" not in s.totals.text() + s.figures.text()
    assert s.model.headerData(6, Qt.Horizontal) == "账面原值（元）"
    assert s.model.index(0, 6).data() != wan


def test_splitters_and_headers_are_remembered_per_screen(qtbot, demo_path, monkeypatch, messages):
    from desktop.ui.main_window import open_main_window, year_key

    monkeypatch.setattr(TaskRunner, "synchronous", True)
    from PySide6.QtWidgets import QApplication

    first = open_main_window(demo_path)
    qtbot.addWidget(first)
    first.resize(1366, 768)
    first.year_box.setCurrentIndex(first.year_box.findData(year_key("LHZSJ", 2020)))
    b = visit(first, "预算与调整")
    QApplication.processEvents()  # (laid out at its size before the splitter is moved)
    b.lines_view.horizontalHeader().resizeSection(2, 333)
    b.lines_view.sortByColumn(1, Qt.DescendingOrder)
    from PySide6.QtWidgets import QSplitter

    split = b.findChildren(QSplitter)[0]
    split.setSizes([300, 700])
    sizes = split.sizes()
    p = visit(first, "政府采购")
    procurement_widths = [p.view.horizontalHeader().sectionSize(n) for n in range(3)]
    first.close()

    second = open_main_window()
    qtbot.addWidget(second)
    second.resize(1366, 768)
    b = visit(second, "预算与调整")
    QApplication.processEvents()
    header = b.lines_view.horizontalHeader()
    assert header.sectionSize(2) == 333
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (1, Qt.DescendingOrder)
    amounts = [row.amount for row in b.lines.rows]
    assert amounts == sorted(amounts, reverse=True)  # the arrow and the order agree
    assert b.findChildren(type(split))[0].sizes() == sizes
    p = visit(second, "政府采购")  # another screen keeps its own widths
    assert [p.view.horizontalHeader().sectionSize(n) for n in range(3)] == procurement_widths
    second.close()


def test_recent_files_reopen_from_the_file_menu(qtbot, demo_path, tmp_path, monkeypatch, messages):
    from desktop.ui.main_window import open_main_window

    monkeypatch.setattr(TaskRunner, "synchronous", True)
    other = tmp_path / "另一个.sqlite3"
    with Workspace.open(other, create=True) as ws:
        years.create_unit_and_year(ws, "QT01", "另一单位", 2021)
    win = open_main_window(other)
    qtbot.addWidget(win)
    win.switch_to(demo_path, create=False)
    assert win.state.ws.path == demo_path
    win._fill_recent_menu()
    entries = {a.text(): a for a in win.recent_menu.actions()}
    assert list(entries) == [str(demo_path), str(other)]  # newest first
    assert not entries[str(demo_path)].isEnabled()  # the open one
    entries[str(other)].trigger()
    assert win.state.ws.path == other and (win.state.unit, win.state.year) == ("QT01", 2021)
    win.close()
