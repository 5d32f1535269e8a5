"""Charts of a year: the series from the indicator engine, drawn off the GUI thread."""

from __future__ import annotations

import hashlib
import logging
from functools import cache
from importlib.metadata import version
from pathlib import Path

from desktop.core import charts as core_charts
from desktop.core.money import Unit
from desktop.core.paths import data_dir
from desktop.services import chart_process
from desktop.services.evaluation import compute_indicators
from desktop.services.facts import year_facts
from desktop.services.workspace import Workspace


def chart_series(ws: Workspace, year: int, unit: str | None = None,
                 money_unit: Unit = Unit.WAN) -> dict[str, core_charts.ChartData]:
    facts = year_facts(ws, year, unit)
    results = compute_indicators(facts)
    return {kind: core_charts.chart_data(kind, facts, results, money_unit) for kind in core_charts.KINDS}


def render_all(ws: Workspace, year: int, unit: str | None = None, money_unit: Unit = Unit.WAN,
               size: tuple[float, float] = (6.4, 3.8)) -> dict[str, tuple[core_charts.ChartData, bytes]]:
    facts = year_facts(ws, year, unit)
    return render_from(facts, compute_indicators(facts), money_unit, size)


def render_from(facts, results, money_unit: Unit = Unit.WAN,
                size: tuple[float, float] = (6.4, 3.8)) -> dict[str, tuple[core_charts.ChartData, bytes]]:
    """Draw every chart from figures already computed (the 概览 screen computes them once)."""
    from desktop.export import charts as drawing

    return {kind: (data, drawing.render(data, "png", size)) for kind, data in
            ((k, core_charts.chart_data(k, facts, results, money_unit)) for k in core_charts.KINDS)}


KEEP_PICTURES = 200  # the cache holds a few hundred small PNGs at most
log = logging.getLogger(__name__)


def picture(data: core_charts.ChartData, size: tuple[float, float] = (6.4, 3.8)) -> bytes:
    """One chart as PNG bytes for the window. Pictures are kept in the data folder by what they
    show (series, labels, size, drawing code): a window opened on unchanged figures shows its
    charts without drawing them again (or importing matplotlib)."""
    from desktop.export import charts as drawing
    from desktop.export.atomic import atomic_write_bytes

    key = hashlib.sha256(repr((_drawing_version(), data, size)).encode("utf-8")).hexdigest()
    path = picture_cache() / f"{key}.png"
    try:
        png = path.read_bytes()
        path.touch()  # recently shown: pruned last
        return png
    except FileNotFoundError:
        pass
    png = chart_process.render(data, size)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, png)
        _prune(path.parent)
    except OSError:  # a read-only or full data folder: the chart is still shown
        log.warning("图表缓存无法写入：%s", path, exc_info=True)
    return png


def picture_cache() -> Path:
    return data_dir() / "chart-cache"


@cache
def _drawing_version() -> str:
    from desktop.export import charts as drawing

    return hashlib.sha256(Path(drawing.__file__).read_bytes()).hexdigest() + version("matplotlib")


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("*.png"), key=lambda f: f.stat().st_mtime)
    for old in files[:-KEEP_PICTURES]:
        old.unlink(missing_ok=True)


def warm_up() -> None:
    """Import matplotlib and register the font ahead of the first chart (the window runs this in
    its worker right after the first paint, while the GUI thread loads the screens)."""
    from desktop.export import charts as drawing

    drawing.warm_up()


def save_chart(ws: Workspace, year: int, kind: str, out: Path, unit: str | None = None,
               money_unit: Unit = Unit.WAN) -> Path:
    from desktop.export import charts as drawing

    facts = year_facts(ws, year, unit)
    data = core_charts.chart_data(kind, facts, compute_indicators(facts), money_unit)
    return drawing.save(data, out)
