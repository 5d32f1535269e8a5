"""Chart layout (desktop/export/charts.py): every text inside the picture, category names and
the figures printed on the bars never running into each other, whatever the money unit, the
number of categories, the length of their names or the size of the amounts."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from desktop.core.charts import KINDS, ChartData, Series
from desktop.core.money import Unit, format_amount
from desktop.export import charts as drawing
from desktop.services import charts

SIZE = (6.4, 3.8)  # the window's pictures


def _texts(data: ChartData, size=SIZE):
    """(what, text, box in pixels) of every visible text of the drawn chart, and the picture's size."""
    fig = drawing.figure(data, size)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    found = [("title", fig._suptitle)] + [("note", t) for t in fig.texts if t is not fig._suptitle]
    if ax.axison:
        found += [("category", t) for t in ax.get_xticklabels()]
        found += [("tick", t) for t in ax.get_yticklabels()] + [("axis", ax.yaxis.label)]
        found += [("bar", t) for t in ax.texts  # (a quarter without a value has no point to label)
                  if all(math.isfinite(v) for v in getattr(t, "xy", (0, 0)))]
        if ax.get_legend():
            found += [("legend", t) for t in ax.get_legend().get_texts()]
    else:
        found += [("empty", t) for t in ax.texts]
    width, height = fig.canvas.get_width_height()
    boxes = [(what, t.get_text(), t.get_window_extent(renderer)) for what, t in found
             if t.get_visible() and t.get_text()]
    if ax.axison:  # a tick label outside the axis' range is not drawn
        low, high = ax.get_ylim()
        visible = {t.get_text() for t, v in zip(ax.get_yticklabels(), ax.get_yticks()) if low <= v <= high}
        boxes = [b for b in boxes if b[0] != "tick" or b[1] in visible]
    return boxes, width, height


def _meet(a, b) -> bool:
    return a.x0 < b.x1 - 0.5 and b.x0 < a.x1 - 0.5 and a.y0 < b.y1 - 0.5 and b.y0 < a.y1 - 0.5


def _overlapping(boxes, what: str, others: tuple[str, ...] = ()):
    """Pairs of `what` texts that meet, or a `what` text meeting one of the kinds in `others`."""
    mine = [(text, box) for kind, text, box in boxes if kind == what]
    theirs = [(text, box) for kind, text, box in boxes if kind in others]
    return ([(a, b) for i, (a, box_a) in enumerate(mine) for b, box_b in mine[i + 1:] if _meet(box_a, box_b)]
            + [(a, b) for a, box_a in mine for b, box_b in theirs if _meet(box_a, box_b)])


def assert_laid_out(data: ChartData, size=SIZE) -> None:
    boxes, width, height = _texts(data, size)
    cut = [(what, text) for what, text, box in boxes
           if box.x0 < -0.5 or box.y0 < -0.5 or box.x1 > width + 0.5 or box.y1 > height + 0.5]
    assert cut == [], f"cut off at the picture's edge in {data.kind}"
    assert _overlapping(boxes, "category") == [], f"category names run into each other in {data.kind}"
    assert _overlapping(boxes, "bar", ("title", "note", "legend", "category")) == [], \
        f"figures on the bars run into each other or into other texts in {data.kind}"
    assert _overlapping(boxes, "title", ("note",)) == [], f"the note runs into the title in {data.kind}"


def _money(name: str, amounts: list[str], unit: Unit = Unit.YUAN) -> Series:
    return Series(name, tuple(Decimal(a) / unit.factor for a in amounts),
                  tuple(format_amount(Decimal(a), unit) for a in amounts))


@pytest.mark.parametrize("unit", [Unit.WAN, Unit.YUAN])
def test_every_chart_of_the_demo_is_laid_out(demo, unit):
    for data in charts.chart_series(demo, 2020, money_unit=unit).values():
        assert_laid_out(data)


def test_every_chart_of_an_empty_year_is_laid_out(empty):
    for data in charts.chart_series(empty, 2021, money_unit=Unit.YUAN).values():
        assert_laid_out(data)


def test_nine_digit_amounts_in_yuan_beside_each_other_are_readable():
    """Six categories of two series (the year-over-year chart when the previous year holds every
    “三公” item), amounts of hundreds of millions of 元: the figures on the bars would run into
    each other written across."""
    data = ChartData("year_over_year", "2020年与2019年支出对比", "元",
                     ("支出合计", "“三公”经费", "因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行维护费"),
                     (_money("2019年", ["987654321.99", "123456789.01", "100000000", "200000000", "300000000", "400000000"]),
                      _money("2020年", ["999999999.99", "876543210.55", "110000000", "220000000", "330000000", "440000000"])))
    assert_laid_out(data)


def test_the_four_three_public_items_in_yuan_are_readable():
    """The “三公” chart in 元 with every item spent: ten bars, figures of six digits."""
    data = ChartData("three_public", "“三公”经费预算与实际支出", "元",
                     ("因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行维护费", "公务用车购置及运行维护费（未分项）"),
                     (_money("预算", ["125300.00", "98760.50", "350000.00", "180000.00", "0"]),
                      _money("实际支出", ["120000.00", "97000.25", "349800.00", "179999.99", "0"])),
                     note="“三公”经费控制率 98.76%")
    assert_laid_out(data)


def test_one_category_and_long_names_are_laid_out():
    one = ChartData("assets_by_class", "年末资产账面原值（按分类）", "元", ("通用设备",), (_money("账面原值", ["36277500"]),))
    assert_laid_out(one)
    long_names = ChartData("procurement_by_type", "政府采购预算与支出（按类型）", "万元",
                           ("货物（含软件及信息化设备购置）", "服务（含政府购买服务及运维）", "工程"),
                           (_money("采购预算", ["2620000", "12940000", "0"], Unit.WAN),
                            _money("已支付", ["2151360", "12088760", "0"], Unit.WAN)))
    assert_laid_out(long_names)

