"""Charts of a year: the series from the indicator engine, drawn off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from desktop.core import charts as core_charts
from desktop.core import indicators
from desktop.core.money import Unit
from desktop.services.facts import year_facts
from desktop.services.workspace import Workspace


def chart_series(ws: Workspace, year: int, unit: str | None = None,
                 money_unit: Unit = Unit.WAN) -> dict[str, core_charts.ChartData]:
    facts = year_facts(ws, year, unit)
    results = indicators.compute(facts)
    return {kind: core_charts.chart_data(kind, facts, results, money_unit) for kind in core_charts.KINDS}


def render_all(ws: Workspace, year: int, unit: str | None = None, money_unit: Unit = Unit.WAN,
               size: tuple[float, float] = (6.4, 3.8)) -> dict[str, tuple[core_charts.ChartData, bytes]]:
    facts = year_facts(ws, year, unit)
    return render_from(facts, indicators.compute(facts), money_unit, size)


def render_from(facts, results, money_unit: Unit = Unit.WAN,
                size: tuple[float, float] = (6.4, 3.8)) -> dict[str, tuple[core_charts.ChartData, bytes]]:
    """Draw every chart from figures already computed (the 概览 screen computes them once)."""
    from desktop.export import charts as drawing

    return {kind: (data, drawing.render(data, "png", size)) for kind, data in
            ((k, core_charts.chart_data(k, facts, results, money_unit)) for k in core_charts.KINDS)}


def picture(data: core_charts.ChartData, size: tuple[float, float] = (6.4, 3.8)) -> bytes:
    """One chart as PNG bytes for the window (matplotlib is imported on the first call)."""
    from desktop.export import charts as drawing

    return drawing.render(data, "png", size)


def warm_up() -> None:
    """Import matplotlib and register the font ahead of the first chart (the window runs this in
    its worker right after the first paint, while the GUI thread loads the screens)."""
    from desktop.export import charts as drawing

    drawing.setup_fonts()


def save_chart(ws: Workspace, year: int, kind: str, out: Path, unit: str | None = None,
               money_unit: Unit = Unit.WAN) -> Path:
    from desktop.export import charts as drawing

    facts = year_facts(ws, year, unit)
    data = core_charts.chart_data(kind, facts, indicators.compute(facts), money_unit)
    return drawing.save(data, out)
