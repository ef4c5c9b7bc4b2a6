"""One PNG per lagging target: its actuals by period against its target line or time-progress path.

Drawn with matplotlib's Agg canvas directly (no pyplot, no process-wide backend switch, safe in
the dashboard's threads) in a CJK font found through matplotlib's font manager, so that Chinese
labels render instead of boxes.
"""

from __future__ import annotations

import functools
import io

from matplotlib import font_manager, rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from briefing.model import Briefing, ChartSeries
from briefing.text import format_number, format_value

# Simplified-Chinese faces first; the Noto CJK fonts are what fonts-noto-cjk installs.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Serif CJK SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
)
ACTUAL_COLOUR = "#c62828"
TARGET_COLOUR = "#455a64"
THRESHOLD_COLOUR = "#ef8f00"


class MissingCJKFontError(RuntimeError):
    """No font that can draw Chinese is installed."""


def _known_families() -> set[str]:
    return {entry.name for entry in font_manager.fontManager.ttflist}


def _add_system_fonts() -> None:
    """Add fonts installed after matplotlib built its font cache (it never rescans by itself)."""
    known_files = {entry.fname for entry in font_manager.fontManager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in known_files:
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue  # a font file FreeType cannot open draws nothing; the others may


@functools.cache
def cjk_font_family(candidates: tuple[str, ...] = CJK_FAMILIES) -> str:
    """The first installed font family of `candidates` that draws Chinese."""
    for attempt in ("cached", "rescanned"):
        if attempt == "rescanned":
            _add_system_fonts()
        known = _known_families()
        for family in candidates:
            if family in known:
                return family
    raise MissingCJKFontError(
        "找不到中文字体，图表中的汉字将显示为方框；请安装：apt-get install fonts-noto-cjk。"
        f" No CJK font found (looked for {', '.join(candidates)}): Chinese would render as"
        " boxes; install one with `apt-get install fonts-noto-cjk`."
    )


def _draw_reference(axes: Axes, series: ChartSeries) -> None:
    """The target line (rate), the time-progress path (cumulative) and the expected points."""
    unit = "%" if series.kind == "relative" else series.unit
    if series.target_value is not None and series.kind == "cumulative":
        axes.plot(
            [0, 12],
            [0, series.target_value],
            linestyle="--",
            color=TARGET_COLOUR,
            label=f"时序进度（全年目标{format_value(series.target_value, unit)}）",
        )
        return
    if series.target_value is not None:
        axes.axhline(
            series.target_value,
            linestyle="--",
            color=TARGET_COLOUR,
            label=f"目标 {format_value(series.target_value, unit)}",
        )
    expected = [(p.month, p.expected) for p in series.points if p.expected is not None]
    if expected and any(value != series.target_value for _, value in expected):
        label = "经济增长（地区生产总值）" if series.kind == "relative" else "达标线"
        axes.plot(
            [month for month, _ in expected],
            [value for _, value in expected],
            linestyle=":",
            marker="s",
            markersize=4,
            color=THRESHOLD_COLOUR,
            label=label,
        )


def _draw_actuals(axes: Axes, series: ChartSeries) -> None:
    observed = [(p.month, p.actual) for p in series.points if p.actual is not None]
    months = [month for month, _ in observed]
    values = [value for _, value in observed]
    axes.plot(months, values, marker="o", color=ACTUAL_COLOUR, linewidth=2, label="实际完成")
    decimals = 1 if series.unit in ("%", "pp") else 0
    for month, value in observed:
        axes.annotate(
            format_number(value, decimals),
            (month, value),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize=8,
            color=ACTUAL_COLOUR,
            bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none"},
        )


def _figure(series: ChartSeries) -> Figure:
    figure = Figure(figsize=(6.3, 3.1), dpi=150, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    _draw_reference(axes, series)
    _draw_actuals(axes, series)
    unit = "%" if series.kind == "relative" else series.unit
    axes.set_title(f"{series.name_zh}（{unit}）", fontsize=11)
    axes.set_xlim(0 if series.kind == "cumulative" else 0.5, 12.5)
    axes.set_xticks([p.month for p in series.points], [p.period_label for p in series.points])
    axes.tick_params(axis="x", labelsize=7)
    axes.margins(y=0.18)  # room for the value labels above the highest point
    axes.grid(axis="y", alpha=0.3)
    axes.legend(fontsize=7, loc="best", frameon=False)
    return figure


# A briefing in three formats draws each chart once: the docx and the PDF share the PNG.
@functools.lru_cache(maxsize=256)
def chart_png(series: ChartSeries) -> bytes:
    """The chart of one series as PNG bytes (cached by series: the series is immutable)."""
    if series.kind == "milestone":
        raise ValueError(
            f"里程碑目标 {series.target_code} 没有可绘制的数值序列；"
            f"milestone target {series.target_code} has no numeric series to chart"
        )
    # An ASCII minus: some CJK faces (SimHei, WenQuanYi) have no U+2212 and would draw a box.
    with rc_context({"font.family": [cjk_font_family()], "axes.unicode_minus": False}):
        buffer = io.BytesIO()
        _figure(series).savefig(buffer, format="png")
    return buffer.getvalue()


def briefing_charts(briefing: Briefing) -> list[tuple[ChartSeries, bytes]]:
    """The PNG of every series of the briefing that has a figure to draw (milestones have none)."""
    return [
        (series, chart_png(series))
        for series in briefing.charts
        if series.kind != "milestone" and any(p.actual is not None for p in series.points)
    ]
