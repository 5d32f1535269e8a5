"""Draw a chart's series with matplotlib (Agg, no Qt): PNG or SVG bytes for the window, the
command line and files. The CJK font shipped in resources/ is registered at first use, so no
machine shows empty boxes. matplotlib is imported here only, when the first chart is drawn."""

from __future__ import annotations

import io
import threading
from decimal import Decimal
from pathlib import Path

from desktop.core.charts import ChartData
from desktop.core.money import Unit as MoneyUnit
from desktop.core.money import format_amount
from desktop.core.paths import resource_path
from desktop.export.atomic import atomic_write_bytes

FONT_FILE = "wqy-microhei.ttc"
COLORS = ("#1f5fa8", "#e08a1e", "#2e8b57", "#b3261e")
_lock = threading.Lock()
_family: str | None = None


def setup_fonts() -> str:
    """Register the shipped CJK font with matplotlib (once) and make it the default family."""
    global _family
    with _lock:
        if _family is None:
            import matplotlib

            matplotlib.use("Agg", force=False)
            from matplotlib import font_manager

            path = resource_path("fonts", FONT_FILE)
            font_manager.fontManager.addfont(str(path))
            _family = font_manager.FontProperties(fname=str(path)).get_name()
            matplotlib.rcParams["font.family"] = [_family, "DejaVu Sans"]
            matplotlib.rcParams["axes.unicode_minus"] = False  # the CJK font has no U+2212
        return _family


def _to_axis(value: Decimal | None) -> float:
    """A value as a position on the axis. Plotting needs binary floats; the figure itself is
    never computed here: every label shows the exact value printed by the core."""
    return float(value) if value is not None else float("nan")


def _tick_label(position: float, _index: int = 0) -> str:
    """An axis tick as the program prints numbers: separators, no offset or scientific notation,
    whole numbers without decimals (24,000 rather than 2.4 with "1e4" above the axis)."""
    value = Decimal(str(position))
    places = 0 if value == value.to_integral_value() else 2
    return format_amount(value, MoneyUnit.YUAN, places)


def figure(data: ChartData, size: tuple[float, float] = (6.4, 3.8)):
    setup_fonts()
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, dpi=100, layout="constrained")
    ax = fig.subplots()
    fig.suptitle(data.title, fontsize=12)
    if data.note:
        ax.set_title(data.note, fontsize=9, color="#555555")
    if data.empty:
        ax.text(0.5, 0.5, data.note or "没有数据", ha="center", va="center", transform=ax.transAxes, fontsize=11,
                color="#666666")
        ax.set_axis_off()
        return fig
    positions = list(range(len(data.categories)))
    if data.style == "line":
        for n, series in enumerate(data.series):
            ys = [_to_axis(v) for v in series.values]
            dashed = n > 0
            ax.plot(positions, ys, marker="o", color=COLORS[n % len(COLORS)], label=series.name,
                    linestyle="--" if dashed else "-")
            if not dashed:
                for x, y, text in zip(positions, ys, series.labels):
                    ax.annotate(text, (x, y), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=9)
        top = max(_to_axis(v) for s in data.series for v in s.values if v is not None)
        ax.set_ylim(0, top * 1.18)
    else:
        width = 0.8 / len(data.series)
        crowded = len(data.series) >= 3  # vertical labels, so neighbouring figures never overlap
        for n, series in enumerate(data.series):
            xs = [p - 0.4 + width * (n + 0.5) for p in positions]
            bars = ax.bar(xs, [_to_axis(v) for v in series.values], width, label=series.name,
                          color=COLORS[n % len(COLORS)])
            ax.bar_label(bars, labels=list(series.labels), fontsize=8, padding=2, rotation=90 if crowded else 0)
        ax.margins(y=0.35 if crowded else 0.18)
    ax.set_xticks(positions, list(data.categories), fontsize=9)
    ax.set_ylabel(data.unit)
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(_tick_label))
    ax.spines[["top", "right"]].set_visible(False)
    if len(data.series) > 1:
        ax.legend(fontsize=9, frameon=False)
    return fig


def render(data: ChartData, fmt: str = "png", size: tuple[float, float] = (6.4, 3.8), dpi: int = 100) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = figure(data, size)
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=dpi)
    return buffer.getvalue()


def save(data: ChartData, out: Path, dpi: int = 150) -> Path:
    suffix = Path(out).suffix.lower().lstrip(".") or "png"
    if suffix not in ("png", "svg"):
        from desktop.core.errors import ValidationError

        raise ValidationError(f"输出文件：只能保存为 .png 或 .svg（不是 .{suffix}）", "输出文件")
    return atomic_write_bytes(Path(out), render(data, suffix, dpi=dpi))
