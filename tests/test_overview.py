"""The 概览 screen: cards marked against targets, a click opens the trace, charts drawn."""

import pytest

pytest.importorskip("PySide6")

pytestmark = pytest.mark.gui

from desktop.services import evaluation, staff  # noqa: E402
from desktop.ui.main_window import year_key  # noqa: E402
from desktop.ui.tasks import TaskRunner  # noqa: E402


@pytest.fixture
def window(qtbot, demo_path, monkeypatch):
    monkeypatch.setattr(TaskRunner, "synchronous", True)
    from desktop.ui.main_window import open_main_window

    win = open_main_window(demo_path)
    qtbot.addWidget(win)
    win.year_box.setCurrentIndex(win.year_box.findData(year_key("LHZSJ", 2020)))
    win.nav.setCurrentRow(0)
    yield win
    win.close()


@pytest.fixture
def overview(open_screen):
    return open_screen("概览")


def test_cards_show_the_indicators_with_met_marks(overview):
    results = evaluation.indicators(overview.state.ws, 2020)
    for key in ("budget_execution_rate", "public_expense_control_rate", "three_public_control_rate",
                "procurement_execution_rate", "fixed_asset_utilization_rate", "staffing_rate"):
        card = overview.cards[key]
        assert card.value.text() == results[key].printed + "%"
        assert ("未达标" if results[key].met is False else "达标") in card.detail.text()
    assert overview.cards["quarterly_execution"].value.text() == "99.83%"
    assert "未达标" in overview.cards["quarterly_execution"].detail.text()
    assert overview.cards["score"].value.text() == "91.65 分　优"
    assert "无错误" in overview.problems.text()


def test_every_chart_is_drawn(overview):
    for kind, widget in overview.charts.items():
        assert widget.data is not None and widget.data.kind == kind
        assert not widget.image.picture.isNull(), kind


def test_click_opens_the_trace(window, qtbot):
    from PySide6.QtCore import Qt

    overview = window.screens[0]
    qtbot.mouseClick(overview.cards["public_expense_control_rate"], Qt.LeftButton)
    indicators = window.stack.currentWidget()
    assert indicators.title == "绩效指标"
    assert "日常公用经费控制率" in indicators.trace.toPlainText()
    assert "13,470,200.00" in indicators.trace.toPlainText()


def test_cards_update_after_an_edit(overview):
    staff.set_headcount(overview.state.ws, 2020, "行政", authorized=12, actual=12)
    overview.state.changed("staff")
    assert overview.cards["staffing_rate"].value.text() == "88.57%"  # 31 / 35


def test_chart_saves_png_and_svg(overview, tmp_path):
    widget = overview.charts["three_public"]
    widget.save(tmp_path / "c.png")
    widget.save(tmp_path / "c.svg")
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in (tmp_path / "c.svg").read_text(encoding="utf-8")


def test_qt_font_is_registered():
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    from desktop.ui import fonts

    family = fonts.install(QApplication.instance())
    assert family
    assert "WenQuanYi Micro Hei" in QFontDatabase.families()


def test_charts_that_cannot_be_drawn_say_so_and_the_reason_is_told_once(open_screen, messages, monkeypatch):
    from desktop.services import charts

    def broken(_data, *_args):
        raise OSError("图表缓存所在的磁盘已满")  # (any failure of a picture)

    monkeypatch.setattr(charts, "picture", broken)
    screen = open_screen("概览")
    assert len(messages) == 1 and "OSError" in messages[0]
    assert all(c.image.text() == "未能绘制此图表" and c.image.picture.isNull() for c in screen.charts.values())
    assert screen.cards["budget_execution_rate"].value.text() == "99.82%"  # the figures are still there
