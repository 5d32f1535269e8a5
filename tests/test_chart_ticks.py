"""Chart axes print numbers as the program does: separators, no "1e7" offset above the axis."""

from __future__ import annotations

from desktop.core.money import Unit
from desktop.export import charts as drawing
from desktop.services import charts


def _tick_texts(data):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = drawing.figure(data)
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    return [t.get_text() for t in ax.get_yticklabels()], ax.yaxis.get_offset_text().get_text()


def test_money_axis_in_yuan_has_separators_and_no_offset(demo):
    data = charts.chart_series(demo, 2020, money_unit=Unit.YUAN)["budget_by_category"]
    ticks, offset = _tick_texts(data)
    assert offset == ""
    assert "200,000,000" in ticks and "0" in ticks
    assert not any("e" in t for t in ticks)


def test_percent_axis_whole_numbers(demo):
    ticks, offset = _tick_texts(charts.chart_series(demo, 2020)["quarterly_progress"])
    assert offset == "" and "100" in ticks


def test_fractional_ticks_keep_two_decimals():
    assert drawing._tick_label(0.5) == "0.50"
    assert drawing._tick_label(24000.0) == "24,000"
