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


def warm_up() -> None:
    """Import what drawing a chart needs and register the font, ahead of the first chart."""
    setup_fonts()
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.figure  # noqa: F401
    import matplotlib.ticker  # noqa: F401


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

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(fig)  # (its renderer measures the texts the layout makes room for)
    ax = fig.subplots()
    fig.suptitle(data.title, fontsize=TITLE_PT, y=1 - EDGE_PX / (size[1] * fig.dpi))
    # The note under the title (a figure text: an axes title is measured against the axis at each
    # draw); an empty chart says it in its middle instead.
    if data.note and not data.empty:
        fig.text(0.5, 1 - (EDGE_PX + 1.4 * TITLE_PT * fig.dpi / 72) / (size[1] * fig.dpi), data.note,
                 fontsize=NOTE_PT, color="#555555", ha="center", va="top")
    if data.empty:
        ax.text(0.5, 0.5, data.note or "没有数据", ha="center", va="center", transform=ax.transAxes, fontsize=11,
                color="#666666")
        ax.set_axis_off()
        return fig
    positions = list(range(len(data.categories)))
    figures: list = []  # the amounts printed on the bars
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
            figures += ax.bar_label(bars, labels=list(series.labels), fontsize=8, padding=2,
                                    rotation=90 if crowded else 0)
        ax.margins(y=0.35 if crowded else 0.18)
    ax.set_xticks(positions, list(data.categories), fontsize=9)
    ax.set_ylabel(data.unit)
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(_tick_label))
    ax.spines[["top", "right"]].set_visible(False)
    if len(data.series) > 1:
        ax.legend(fontsize=9, frameon=False)
    _make_room(fig, ax, data)
    if figures and figures[0].get_rotation() == 0 and _wider_than_a_bar(fig, ax, figures, 0.8 / len(data.series)):
        for text in figures:  # written across they would run into each other: written upwards
            text.set_rotation(90)
        ax.margins(y=0.35)
        _make_room(fig, ax, data)  # (the value axis, and so its tick labels, changed)
    return fig


def _wider_than_a_bar(fig, ax, figures, width: float) -> bool:
    """Whether an amount printed on a bar is wider than the bar (six categories of two series in
    元, figures of hundreds of millions)."""
    from matplotlib.font_manager import FontProperties

    renderer = fig.canvas.get_renderer()
    low, high = ax.get_xlim()
    bar_px = width * ax.get_position().width * fig.get_size_inches()[0] * fig.dpi / (high - low)
    size = FontProperties(size=figures[0].get_fontsize())  # (the text's size alone: measured as _make_room does)
    return max(renderer.get_text_width_height_descent(text.get_text(), size, False)[0] for text in figures) > bar_px


# Text sizes in points, as the chart sets them (matplotlib's defaults: ticks and axis label 10).
TITLE_PT, NOTE_PT, CATEGORY_PT, TICK_PT, AXIS_LABEL_PT = 12, 9, 9, 10, 10
EDGE_PX = 6           # white border around the chart
LINE_SPACING = 1.25   # a wrapped category label's line height, in its font size


def _make_room(fig, ax, data: ChartData) -> None:
    """Place the axes so the title, note, the y-axis labels and the category names fit, from
    the sizes of those texts measured by the renderer that then draws them. (matplotlib's
    constrained layout finds the same margins by laying out every artist of the chart, which
    doubled the time to draw one: the window draws eight when 概览 opens.) A category name
    wider than its place under the axis is broken into lines instead of running into the next."""
    from matplotlib.font_manager import FontProperties

    renderer = fig.canvas.get_renderer()
    px = fig.dpi / 72  # pixels per point

    def measure(text: str, points: float) -> tuple[float, float]:
        width, height, _descent = renderer.get_text_width_height_descent(text, FontProperties(size=points), False)
        return width, height

    fig_w, fig_h = fig.get_size_inches() * fig.dpi
    title_h = measure(data.title, TITLE_PT)[1] * 1.4
    top = EDGE_PX + title_h + (measure(data.note, NOTE_PT)[1] * 1.3 + 6 * px if data.note else 4 * px)
    ticks = [_tick_label(v) for v in ax.yaxis.get_major_locator().tick_values(*ax.get_ylim())]
    tick_w = max((measure(t, TICK_PT)[0] for t in ticks), default=0)
    label_h = measure(data.unit, AXIS_LABEL_PT)[1] if data.unit else 0
    left = EDGE_PX + label_h + 4 * px + tick_w + (3.5 + 3.5) * px
    right = EDGE_PX + 8 * px
    slot = (fig_w - left - right) / max(len(data.categories), 1)
    names = [_wrap(name, slot * 0.92, measure(name, CATEGORY_PT)[0]) for name in data.categories]
    lines = max((n.count("\n") + 1 for n in names), default=1)
    line_h = measure("国", CATEGORY_PT)[1] * LINE_SPACING
    bottom = EDGE_PX + (3.5 + 3.5) * px + lines * line_h
    if any("\n" in n for n in names):
        ax.set_xticks(ax.get_xticks(), names, fontsize=CATEGORY_PT)
    fig.subplots_adjust(left=left / fig_w, right=1 - right / fig_w, top=1 - top / fig_h, bottom=bottom / fig_h)


def _wrap(text: str, width: float, text_width: float) -> str:
    """`text` (`text_width` wide) in lines no wider than `width`. Chinese breaks between any two
    characters, which are all as wide; a bracketed part such as （未分项） starts a line of its
    own when it fits on one."""
    if text_width <= width or len(text) < 2:
        return text
    per_line = max(int(len(text) * width / text_width), 1)
    lines, rest = [], text
    while len(rest) > per_line:
        cut = rest.rfind("（", 1, per_line + 1)
        cut = cut if cut > 0 and len(rest) - cut <= per_line else per_line
        lines.append(rest[:cut])
        rest = rest[cut:]
    return "\n".join(lines + [rest])


def render(data: ChartData, fmt: str = "png", size: tuple[float, float] = (6.4, 3.8), dpi: int = 100) -> bytes:
    fig = figure(data, size)
    buffer = io.BytesIO()
    # zlib's fastest level: a chart's flat colours compress as well (2% larger), in a third of
    # the time PNG's default level takes (5 of a chart's ~45 ms).
    extra = {"pil_kwargs": {"compress_level": 1}} if fmt == "png" else {}
    fig.savefig(buffer, format=fmt, dpi=dpi, **extra)
    return buffer.getvalue()


def save(data: ChartData, out: Path, dpi: int = 150) -> Path:
    suffix = Path(out).suffix.lower().lstrip(".") or "png"
    if suffix not in ("png", "svg"):
        from desktop.core.errors import ValidationError

        raise ValidationError(f"输出文件：只能保存为 .png 或 .svg（不是 .{suffix}）", "输出文件")
    return atomic_write_bytes(Path(out), render(data, suffix, dpi=dpi))
