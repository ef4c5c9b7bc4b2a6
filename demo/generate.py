"""Write a deterministic year (2022) of SYNTHETIC statistics drops for Hetang District (430202).

Everything written here is invented demo data, not official statistics: every title carries
"（合成演示数据，非官方统计）" and every long-layout row has source "synthetic demo data".

What is written (layouts of SPEC §4):
- 11 bureau monthly reports (统计月报, §4.2), 1-2月 through 1-12月 (no January-only report),
  in GBK, UTF-8, UTF-8 with BOM and xlsx, with the messy cells the SPEC lists;
- 11 task progress reports (重点工作进度, §4.3), 截至2月底 through 截至12月底;
- 4 long-layout CSVs (§4.1), one per quarter: waste sorting coverage, milestones, and in Q4 the
  externals (grain, energy) with their assigned values;
- one revision: a re-issued 1-6月 bureau report whose GDP growth moves from 5.9 to 6.1
  (初步核算 → 初步核实), published after the original;
- one bad file on purpose (DEMO-BAD-FILE, an unparseable number) to show quarantine;
- drops in the other formats offices send (SPEC §4.6), with figures no target reads (budget
  expenditure, total electricity use), so they change no status: an Excel 97-2003 `.xls`
  finance table whose first sheet is notes (skipped and noted as a finding), and Excel's
  "Unicode text" export (UTF-16 with BOM, tab-separated) of long-layout rows;
- one regional comparison in the long layout (§4.1, `long_regions_2022`): the other eight
  counties of 株洲市 (real codes of the register) at 1-6/1-9/1-12月 for six growth and rate
  indicators, so the peer ranking (争先进位, §7) has peers. Hetang's own figures stay in its
  bureau reports (one source per figure); the peers' figures are Hetang's plus fixed offsets.

GDP growth and disposable income come only from the bureau quarter-end reports (1-3/1-6/1-9/
1-12月); the long CSVs do not repeat them, so each indicator has a single source and period form.

Determinism: one random.Random(20220223) drives the only random parts (small noise in monthly
paths and in levels no target uses), always consumed in the same order. XLSX files are re-zipped
uncompressed (ZIP_STORED, so no dependence on the zlib build) with every entry dated 1980-01-01
and fixed document timestamps. Each file's mtime is its publication date, and its name starts
with that date, so name order equals publication order even after a fresh git clone.

Usage: uv run python -m demo.generate [--out demo/inbox]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import xlwt

from expectations.catalog import load_catalog

SEED = 20220223
REGION = "430202"
YEAR = 2022
LABEL = "（合成演示数据，非官方统计）"
SOURCE = "synthetic demo data"
MONTHS = tuple(range(2, 13))  # 1-2月 is the first report: January is never published alone
QUARTER_ENDS = (3, 6, 9, 12)
CST = timezone(timedelta(hours=8))
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
DEFAULT_OUT = Path(__file__).parent / "inbox"
DROP_NAME = re.compile(r"^\d{8}_.+\.(csv|xlsx|xls|txt)$")
SUFFIXES = {"xlsx": "xlsx", "xls": "xls", "utf-16": "txt"}  # else .csv

Row = list[str]

# --- the plan: bureau series (1-N月, cumulative year on year) ----------------------------------


def monthly(*values: float) -> dict[int, float]:
    """A series for the reports 1-2月 … 1-12月, keyed by the report's last month."""
    return dict(zip(MONTHS, values, strict=True))


INDUSTRIAL_VA_GROWTH = monthly(10.2, 8.9, 7.6, 8.0, 8.5, 8.6, 8.8, 8.9, 9.0, 9.0, 9.1)
FAI_GROWTH = monthly(12.5, 9.1, 7.2, 6.8, 7.1, 6.9, 6.6, 6.5, 6.4, 6.3, 6.2)
RETAIL_GROWTH = monthly(9.2, 7.8, 5.1, 5.9, 6.6, 6.9, 7.1, 7.3, 7.2, 7.3, 7.4)
BUDGET_GROWTH = monthly(11.5, 10.2, 6.3, 5.8, 6.9, 7.2, 7.4, 7.5, 7.6, 7.6, 7.7)
UNEMPLOYMENT_RATE = monthly(5.4, 5.2, 5.6, 5.8, 5.5, 5.4, 5.3, 5.3, 5.2, 5.4, 5.3)
CPI_INDEX = monthly(101.6, 101.9, 102.3, 102.6, 102.9, 103.3, 103.6, 103.7, 103.5, 103.3, 103.2)

# Quarter-end only (month → figure).
GDP_GROWTH = {3: 6.3, 6: 5.9, 9: 7.1, 12: 7.6}
GDP_GROWTH_REVISED = {6: 6.1}  # 1-6月 初步核实, published 2022-08-22
GDP_LEVEL = {3: 98.52, 6: 206.37, 9: 318.75, 12: 441.26}  # 亿元
INCOME_GROWTH = {3: 6.8, 6: 5.8, 9: 6.4, 12: 7.9}  # 全体居民: vs GDP +0.5, -0.1, -0.7, +0.3
INCOME_LEVEL = {3: 14126, 6: 26318, 9: 39472, 12: 52846}  # 元
# Urban and rural growth average above GDP in Q3 (7.3 > 7.1) while the total does not (6.4):
# the status must use the total figure, as SPEC §2.1 says.
URBAN_INCOME_GROWTH = {3: 6.2, 6: 5.1, 9: 6.1, 12: 7.0}
URBAN_INCOME_LEVEL = {3: 15893, 6: 29604, 9: 44410, 12: 59413}
RURAL_INCOME_GROWTH = {3: 8.4, 6: 7.9, 9: 8.5, 12: 9.6}
RURAL_INCOME_LEVEL = {3: 7215, 6: 12867, 9: 19874, 12: 26931}

INCOME_ROWS = (  # name in the report, level (元), growth (%)
    ("全体居民人均可支配收入", INCOME_LEVEL, INCOME_GROWTH),
    ("城镇居民人均可支配收入", URBAN_INCOME_LEVEL, URBAN_INCOME_GROWTH),
    ("农村居民人均可支配收入", RURAL_INCOME_LEVEL, RURAL_INCOME_GROWTH),
)

RETAIL_ANNUAL = 196.84  # 亿元
BUDGET_ANNUAL = 238416  # 万元
EXPORTS_ANNUAL = 38.62  # 亿元, no target
POWER_ANNUAL = 186420  # 万千瓦时, no target


# --- the plan: cumulative tasks (SPEC §2.2) -----------------------------------------------------


@dataclass(frozen=True)
class Task:
    """A cumulative task: its catalog target, the year-end figure we write, and its monthly path."""

    code: str
    name_zh: str
    unit: str
    target: float
    final: float
    decimals: int
    power: float | None = None  # path ∝ (m/12)**power, with a little noise
    steps: dict[int, float] = field(default_factory=dict)  # or: a level reached in month m


# Per cumulative target of the catalog: (year-end figure, decimals, path power or steps).
# fmt: off
TASK_PATHS: dict[str, tuple[float, int, float | dict[int, float]]] = {
    "new_market_entities": (9120, 0, 1.0),
    "new_above_scale_enterprises": (74, 0, {3: 8, 6: 22, 9: 41, 12: 74}),
    "new_equity_listings": (3, 0, {5: 1, 10: 3}),
    "new_school_places": (1380, 0, {3: 180, 9: 1380}),
    "new_urban_jobs": (9410, 0, 1.0),
    "new_elderly_care_beds": (470, 0, 1.0),
    "key_projects": (131, 0, {2: 96, 4: 118, 6: 131}),
    "key_projects_provincial": (67, 0, {2: 52, 4: 60, 6: 67}),
    "key_project_investment": (126.4, 1, 1.1),
    "projects_started": (27, 0, 0.9),
    "projects_completed": (28, 0, 1.3),
    "new_projects_over_100m": (16, 0, 1.0),
    "top500_projects": (1, 0, {8: 1}),
    "idle_land_rectified": (236, 0, 0.8),
    "funding_task_forces": (5, 0, {2: 5}),
    "financing_raised": (63.5, 1, 1.0),
    "special_bond_project_investment": (61.2, 1, 0.6),
    "special_bond_funds_received": (9.3, 1, {3: 3.5, 6: 6.2, 9: 8.1, 11: 9.3}),
    "standard_factory_area": (18.2, 1, 1.2),
    "rnd_expenditure": (8.4, 1, 1.0),
    "old_community_renovations": (14, 0, 1.2),
    "shanty_town_renovations": (520, 0, 1.0),
}
# fmt: on


def _tasks() -> tuple[Task, ...]:
    """The catalog's cumulative targets (code, name, unit, value) with the demo's paths."""
    tasks = []
    for target in load_catalog().targets:
        if target.kind != "cumulative":
            continue
        final, decimals, path = TASK_PATHS[target.code]
        shape = {"steps": path} if isinstance(path, dict) else {"power": path}
        value = float(target.value or 0)
        tasks.append(
            Task(target.code, target.name_zh, target.unit, value, final, decimals, **shape)
        )
    return tuple(tasks)


TASKS: tuple[Task, ...] = _tasks()
STATED_TARGET_OVERRIDE = ("new_market_entities", 5, 9000)  # (task, month, stated 全年目标)
BAD_FILE_CELL = ("new_urban_jobs", 6)  # the progress cell typed with a letter o in the bad file

# --- the plan: long layout (quarterly drops) -----------------------------------------------------

WASTE_COVERAGE = {1: 52.0, 2: 56.5, 3: 60.0, 4: 63.5}  # Q3 exactly 60: not "超过60%"
MILESTONE_DONE_IN = {  # quarter in which it is done; None = not done in 2022
    "hard_materials_centers": 3,
    "culture_center_library": 4,
    "cdc_pcr_lab": 1,
    "school_expansions": 3,
    "world_trade_plaza_3": None,
    "area_601_renovation": 2,
}
EXTERNALS = {  # indicator → (value, unit), all at period "2022" in the Q4 drop
    "grain_output_assigned": (3650, "吨"),
    "grain_output": (3712, "吨"),
    "energy_consumption_total_assigned": (98.0, "万吨标准煤"),
    "energy_consumption_total": (109.3, "万吨标准煤"),
    "energy_intensity_decline_assigned": (3.2, "%"),
    "energy_intensity_decline": (2.7, "%"),
}
CHINESE_NAMES = {
    "waste_sorting_coverage": "城区生活垃圾分类覆盖率",
    "cdc_pcr_lab": "完成疾控中心PCR实验室改造",
}
CHINESE_NAME_QUARTERS = {"waste_sorting_coverage": (2, 3), "cdc_pcr_lab": (3,)}


def _year_end_plan() -> dict[str, float]:
    """The year-end actuals written into the drops, keyed by indicator code."""
    plan: dict[str, float] = {
        "gdp_growth": GDP_GROWTH[12],
        "industrial_va_growth": INDUSTRIAL_VA_GROWTH[12],
        "fai_growth": FAI_GROWTH[12],
        "budget_revenue_growth": BUDGET_GROWTH[12],
        "retail_sales_growth": RETAIL_GROWTH[12],
        "urban_unemployment_rate": UNEMPLOYMENT_RATE[12],
        "cpi_increase": round(CPI_INDEX[12] - 100, 1),
        "disposable_income_growth": INCOME_GROWTH[12],
        "waste_sorting_coverage": WASTE_COVERAGE[4],
    }
    plan.update({task.code: task.final for task in TASKS})
    plan.update({code: float(q is not None) for code, q in MILESTONE_DONE_IN.items()})
    plan.update({code: float(value) for code, (value, _unit) in EXTERNALS.items()})
    return plan


PLAN: dict[str, float] = _year_end_plan()

# The status each of the 40 targets should get at year end under SPEC §3 (checked by the tests).
INTENDED_STATUS: dict[str, str] = {
    "gdp_growth": "at_risk",
    "industrial_va_growth": "on_track",
    "fai_growth": "shortfall",
    "budget_revenue_growth": "on_track",
    "retail_sales_growth": "at_risk",
    "urban_unemployment_rate": "on_track",
    "cpi_increase": "on_track",
    "income_growth_above_gdp": "on_track",
    "grain_output": "on_track",
    "energy_consumption_total": "shortfall",
    "energy_intensity_decline": "at_risk",
    "waste_sorting_coverage": "on_track",
    **{task.code: "on_track" for task in TASKS},
    "new_elderly_care_beds": "at_risk",
    "projects_completed": "at_risk",
    "special_bond_funds_received": "at_risk",
    "top500_projects": "shortfall",
    "idle_land_rectified": "shortfall",
    **{code: "on_track" for code in MILESTONE_DONE_IN},
    "world_trade_plaza_3": "shortfall",
}


# --- drops ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Drop:
    """One file to write: its name, publication date, format and table (title row first)."""

    name: str
    published: date
    fmt: str  # "gbk", "utf-8", "utf-8-sig" (CSV encodings), "utf-16" (tab text), "xlsx", "xls"
    rows: list[Row]
    layout: str  # "bureau", "progress", "long" or "regional"


@dataclass(frozen=True)
class BureauStyle:
    """How one bureau report is worded and how messy its cells are."""

    fmt: str
    header: tuple[str, str, str, str]
    missing: str = ""  # what an empty cell holds: "", "—", "-" or "…"
    iva_name: str = "规模以上工业增加值"
    thousands: bool = False  # 万元/万千瓦时 values with thousands separators
    percent_sign: bool = False  # a trailing % in some growth cells
    fullwidth_iva: bool = False  # the industrial growth cell in full-width digits


# fmt: off
BUREAU_STYLES: dict[int, BureauStyle] = {
    2: BureauStyle("gbk", ("指标名称", "计量单位", "1-2月", "比上年同期增长(%)")),
    3: BureauStyle("utf-8", ("指标名称", "计量单位", "1-3月", "比上年同期增长(%)")),
    4: BureauStyle("gbk", ("指标", "单位", "本月", "增速"), missing="—"),
    5: BureauStyle("xlsx", ("指标名称", "单位", "累计", "同比增长(%)"), missing="—"),
    6: BureauStyle("gbk", ("指标", "计量单位", "1-6月", "增长%"), missing="-", fullwidth_iva=True),
    7: BureauStyle("utf-8-sig", ("指标名称", "计量单位", "1-7月", "同比增长(%)"), missing="…", thousands=True),
    8: BureauStyle("gbk", ("指标", "单位", "累计", "比上年同期增长(%)"), missing="—", iva_name="规模工业增加值", thousands=True),
    9: BureauStyle("utf-8", ("指标名称", "计量单位", "1-9月", "增速"), percent_sign=True),
    10: BureauStyle("gbk", ("指标", "单位", "1-10月", "同比增长(%)"), missing="-", iva_name="规模工业增加值"),
    11: BureauStyle("xlsx", ("指标名称", "计量单位", "累计", "增长%"), missing="—"),
    12: BureauStyle("gbk", ("指标名称", "计量单位", "1-12月", "比上年同期增长(%)"), missing="—", thousands=True),
}
PROGRESS_FORMATS: dict[int, str] = {
    2: "gbk", 3: "utf-8", 4: "xlsx", 5: "gbk", 6: "utf-8", 7: "gbk",
    8: "utf-8", 9: "xlsx", 10: "gbk", 11: "utf-8", 12: "gbk",
}
# fmt: on


def published_after(month: int, day: int) -> date:
    """The day in the month after `month` of 2022 (January 2023 for December)."""
    return date(YEAR + 1, 1, day) if month == 12 else date(YEAR, month + 1, day)


def drop_name(published: date, stem: str, fmt: str) -> str:
    """A file name that starts with the publication date, so name order is publication order."""
    return f"{published:%Y%m%d}_{stem}.{SUFFIXES.get(fmt, 'csv')}"


def fmt_num(value: float, decimals: int) -> str:
    """Plain decimal text with a fixed number of decimals."""
    return f"{value:.{decimals}f}"


def fullwidth(text: str) -> str:
    """'8.5' → '８．５' (full-width digits and point, as some bureau tables have)."""
    return text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))


def cumulative_level(rng: random.Random, annual: float, month: int, decimals: int) -> float:
    """A cumulative 1-N月 level: the annual figure pro rata with a little noise (exact in December)."""
    if month == 12:
        return annual
    return round(annual * month / 12 * (1 + rng.uniform(-0.02, 0.02)), decimals)


# --- bureau monthly reports -----------------------------------------------------------------------


def bureau_title(month: int, note: str = "") -> str:
    return f"荷塘区{YEAR}年1-{month}月主要经济指标{note}{LABEL}"


def bureau_rows(rng: random.Random, month: int, style: BureauStyle) -> list[Row]:
    """Title, header and indicator rows of the 1-N月 report (quarter-end months add GDP and income)."""
    gap = style.missing
    quarter_end = month in QUARTER_ENDS

    def growth(value: float, percent: bool = False) -> str:
        return fmt_num(value, 1) + ("%" if percent and style.percent_sign else "")

    def big(value: int) -> str:
        return f"{value:,}" if style.thousands else str(value)

    iva = growth(INDUSTRIAL_VA_GROWTH[month])
    if style.fullwidth_iva:
        iva = fullwidth(iva)
    retail = cumulative_level(rng, RETAIL_ANNUAL, month, 2)
    budget = int(cumulative_level(rng, BUDGET_ANNUAL, month, 0))
    exports = cumulative_level(rng, EXPORTS_ANNUAL, month, 2)
    power = int(cumulative_level(rng, POWER_ANNUAL, month, 0))
    rows: list[Row] = [[bureau_title(month)], list(style.header)]
    if quarter_end:
        rows.append(
            ["地区生产总值", "亿元", fmt_num(GDP_LEVEL[month], 2), growth(GDP_GROWTH[month])]
        )
    rows += [
        [style.iva_name, "亿元", gap, iva],
        ["规模以上工业企业数", "个", str(212 + month + rng.randint(0, 2)), gap],
        ["工业用电量", "万千瓦时", big(power), growth(rng.uniform(-3.0, 9.0))],
        ["固定资产投资", "亿元", gap, growth(FAI_GROWTH[month])],
        ["社会消费品零售总额", "亿元", fmt_num(retail, 2), growth(RETAIL_GROWTH[month], True)],
        ["进出口总额", "亿元", fmt_num(exports, 2), growth(rng.uniform(-5.0, 15.0))],
        ["地方一般公共预算收入", "万元", big(budget), growth(BUDGET_GROWTH[month], True)],
        ["城镇调查失业率", "%", fmt_num(UNEMPLOYMENT_RATE[month], 1), gap],
        ["居民消费价格指数(上年同期=100)", "", fmt_num(CPI_INDEX[month], 1), gap],
    ]
    if quarter_end:
        for name, level, rate in INCOME_ROWS:
            rows.append([name, "元", big(level[month]), growth(rate[month])])
    return rows


def bureau_drops(rng: random.Random) -> list[Drop]:
    """The eleven 1-N月 reports, 1-2月 to 1-12月, each published on the 18th of the next month."""
    drops = []
    for month in MONTHS:
        style = BUREAU_STYLES[month]
        published = published_after(month, 18)
        name = drop_name(published, f"bureau_{YEAR}-{month:02d}", style.fmt)
        drops.append(Drop(name, published, style.fmt, bureau_rows(rng, month, style), "bureau"))
    return drops


def revision_drop() -> Drop:
    """The 1-6月 report re-issued with GDP growth revised (初步核算 5.9 → 初步核实 6.1)."""
    published = date(YEAR, 8, 22)
    rows = [
        [bureau_title(6, note="（修订：地区生产总值初步核实数）")],
        ["指标名称", "计量单位", "1-6月", "比上年同期增长(%)"],
        ["地区生产总值", "亿元", fmt_num(GDP_LEVEL[6], 2), fmt_num(GDP_GROWTH_REVISED[6], 1)],
    ]
    return Drop(
        drop_name(published, f"bureau_{YEAR}-06_revised", "utf-8"),
        published,
        "utf-8",
        rows,
        "bureau",
    )


# --- task progress reports ------------------------------------------------------------------------


def task_path(rng: random.Random, task: Task) -> dict[int, float]:
    """Cumulative completion at the end of months 2..12: non-decreasing, ending at task.final."""
    path: dict[int, float] = {}
    previous = 0.0
    for month in MONTHS:
        if task.steps:
            value = max((v for m, v in task.steps.items() if m <= month), default=0.0)
        elif month == 12:
            value = task.final
        else:
            share = (month / 12) ** (task.power or 1.0) * (1 + rng.uniform(-0.025, 0.025))
            value = round(task.final * min(share, 1.0), task.decimals)
        previous = max(previous, value)
        path[month] = previous
    return path


def progress_title(month: int) -> str:
    return f"荷塘区{YEAR}年重点工作任务完成情况(截至{month}月底){LABEL}"


def progress_rows(month: int, paths: dict[str, dict[int, float]]) -> list[Row]:
    """Title, header and one row per cumulative task, as of the end of `month`."""
    rows: list[Row] = [[progress_title(month)], ["指标", "单位", "全年目标", "累计完成"]]
    for task in TASKS:
        target = float(task.target)
        if STATED_TARGET_OVERRIDE[:2] == (task.code, month):
            target = float(STATED_TARGET_OVERRIDE[2])
        target_text = fmt_num(target, 0) if target.is_integer() else fmt_num(target, 1)
        rows.append(
            [task.name_zh, task.unit, target_text, fmt_num(paths[task.code][month], task.decimals)]
        )
    return rows


def progress_drops(rng: random.Random) -> list[Drop]:
    """The eleven progress reports, 截至2月底 to 截至12月底, each published on the 10th of the next month."""
    paths = {task.code: task_path(rng, task) for task in TASKS}
    drops = []
    for month in MONTHS:
        fmt = PROGRESS_FORMATS[month]
        published = published_after(month, 10)
        name = drop_name(published, f"progress_{YEAR}-{month:02d}", fmt)
        drops.append(Drop(name, published, fmt, progress_rows(month, paths), "progress"))
    drops.append(bad_drop(progress_rows(6, paths)))
    return drops


def bad_drop(june_rows: list[Row]) -> Drop:
    """The June progress report with a letter o typed into one number: it must be quarantined."""
    rows = [list(row) for row in june_rows]
    code, _month = BAD_FILE_CELL
    index = 2 + [task.code for task in TASKS].index(code)
    good = rows[index][3]
    rows[index][3] = good[:-2] + "o" + good[-1]  # 4819 → 48o9
    published = date(YEAR, 7, 5)  # before the correct 2022-06 report of 2022-07-10
    return Drop(
        drop_name(published, f"DEMO-BAD-FILE_progress_{YEAR}-06", "utf-8"),
        published,
        "utf-8",
        rows,
        "progress",
    )


# --- long layout ------------------------------------------------------------------------------------

LONG_HEADER = ["region_code", "indicator", "period", "value", "unit", "as_of", "source"]


def long_row(
    indicator: str, period: str, value: float, unit: str, published: date, quarter: int
) -> Row:
    """One observation; a few rows name the indicator in Chinese instead of by code."""
    if quarter in CHINESE_NAME_QUARTERS.get(indicator, ()):
        indicator = CHINESE_NAMES[indicator]
    text = fmt_num(value, 0) if float(value).is_integer() else str(value)
    return [REGION, indicator, period, text, unit, published.isoformat(), SOURCE]


def long_rows(quarter: int, published: date) -> list[Row]:
    """Waste coverage and milestones for the quarter; in Q4 also the year and the externals."""
    periods = [f"{YEAR}-Q{quarter}"] + ([str(YEAR)] if quarter == 4 else [])
    rows: list[Row] = [list(LONG_HEADER)]
    rows.append(
        long_row(
            "waste_sorting_coverage", periods[0], WASTE_COVERAGE[quarter], "%", published, quarter
        )
    )
    for period in periods:
        for code, done_in in MILESTONE_DONE_IN.items():
            done = done_in is not None and done_in <= quarter
            rows.append(long_row(code, period, int(done), "", published, quarter))
    if quarter == 4:
        for code, (value, unit) in EXTERNALS.items():
            rows.append(long_row(code, str(YEAR), value, unit, published, quarter))
    return rows


def long_drops() -> list[Drop]:
    """One long-layout CSV per quarter, published late in the month after the quarter."""
    days = {
        1: date(YEAR, 4, 25),
        2: date(YEAR, 7, 25),
        3: date(YEAR, 10, 25),
        4: date(YEAR + 1, 1, 28),
    }
    return [
        Drop(drop_name(day, f"long_{YEAR}-Q{q}", "utf-8"), day, "utf-8", long_rows(q, day), "long")
        for q, day in days.items()
    ]


# Figures no target reads, for the drops in other formats: 1-N月 level and growth.
BUDGET_EXPENDITURE = {9: (312_457, 5.1), 10: (351_268, 5.4)}  # 万元, %
TOTAL_ELECTRICITY = {9: (76_543, 4.3), 10: (85_102, 4.6)}  # 万千瓦时, %
FINANCE_NOTES = [
    ["说明" + LABEL],
    ["1. 本表为合成演示数据，非官方统计。"],
    ["2. 数据表见工作表“财政用电”。"],
]


def format_drops() -> list[Drop]:
    """The .xls finance table for 1-9月 and the "Unicode text" long rows for 1-10月."""
    xls_day, text_day = date(YEAR, 10, 21), date(YEAR, 11, 21)
    spent, growth = BUDGET_EXPENDITURE[9]
    power, power_growth = TOTAL_ELECTRICITY[9]
    table = [
        [f"荷塘区{YEAR}年1-9月财政收支及用电情况{LABEL}"],
        ["指标名称", "计量单位", "1-9月", "比上年同期增长(%)"],
        ["地方一般公共预算支出", "万元", str(spent), fmt_num(growth, 1)],
        ["全社会用电量", "万千瓦时", str(power), fmt_num(power_growth, 1)],
    ]
    period = f"{YEAR}-10"
    spent, growth = BUDGET_EXPENDITURE[10]
    power, power_growth = TOTAL_ELECTRICITY[10]
    values = [
        ("budget_expenditure", str(spent), "万元"),
        ("budget_expenditure_growth", fmt_num(growth, 1), "%"),
        ("total_electricity", str(power), "万千瓦时"),
        ("total_electricity_growth", fmt_num(power_growth, 1), "%"),
    ]
    long = [list(LONG_HEADER)] + [
        [REGION, code, period, value, unit, text_day.isoformat(), SOURCE]
        for code, value, unit in values
    ]
    return [
        Drop(drop_name(xls_day, f"finance_{YEAR}-09", "xls"), xls_day, "xls", table, "bureau"),
        Drop(
            drop_name(text_day, f"unicode_long_{period}", "utf-16"),
            text_day,
            "utf-16",
            long,
            "long",
        ),
    ]


# --- regional comparison (long layout, other counties of 株洲市) ----------------------------------

PEERS = ("430203", "430204", "430211", "430212", "430223", "430224", "430225", "430281")
# Offsets (percentage points) from Hetang's figure: indicator i gives peer j the offset
# scale × (PEER_OFFSETS[(i + j) % 8] − shift), so that Hetang ranks differently on each indicator
# (the shift decides how many peers are ahead); gdp_growth has a peer tied with Hetang.
PEER_OFFSETS = (1.4, -0.6, 0.9, -1.2, 0.3, 0.0, 2.1, -0.3)
REGIONAL_PERIODS = (6, 9, 12)
# indicator → (Hetang's series, scale, shift); unemployment: lower is better, so 1.0 puts 6 ahead.
REGIONAL_SERIES: dict[str, tuple[dict[int, float], float, float]] = {
    "gdp_growth": (GDP_GROWTH, 1.0, 0.0),
    "industrial_va_growth": (INDUSTRIAL_VA_GROWTH, 1.0, 2.5),
    "fai_growth": (FAI_GROWTH, 1.0, -0.1),
    "retail_sales_growth": (RETAIL_GROWTH, 1.0, 0.5),
    "budget_revenue_growth": (BUDGET_GROWTH, 1.0, 1.5),
    "urban_unemployment_rate": (UNEMPLOYMENT_RATE, 0.2, 1.0),
}
REGIONAL_PUBLISHED = date(YEAR + 1, 1, 25)


def regional_rows() -> list[Row]:
    """The peers' figures: one long row per (county, indicator, period)."""
    rows: list[Row] = [list(LONG_HEADER)]
    for i, (code, (series, scale, shift)) in enumerate(REGIONAL_SERIES.items()):
        for month in REGIONAL_PERIODS:
            for j, peer in enumerate(PEERS):
                offset = PEER_OFFSETS[(i + j) % len(PEERS)] - shift
                value = round(series[month] + scale * offset, 1)
                period = f"{YEAR}-{month:02d}"
                published = REGIONAL_PUBLISHED.isoformat()
                rows.append([peer, code, period, fmt_num(value, 1), "%", published, SOURCE])
    return rows


def regional_drop() -> Drop:
    """The regional comparison, published after the last bureau report of the year."""
    name = drop_name(REGIONAL_PUBLISHED, f"long_regions_{YEAR}", "utf-8")
    return Drop(name, REGIONAL_PUBLISHED, "utf-8", regional_rows(), "long")


def build_drops() -> list[Drop]:
    """Every drop of the demo year, in publication order."""
    rng = random.Random(SEED)
    drops = bureau_drops(rng) + progress_drops(rng) + long_drops() + [revision_drop()]
    drops.append(regional_drop())
    drops += format_drops()
    return sorted(drops, key=lambda drop: drop.name)


# --- writers -----------------------------------------------------------------------------------------


def csv_bytes(rows: Sequence[Row], encoding: str, lineterminator: str) -> bytes:
    """The table as CSV text in the given encoding (fields with commas or quotes get quoted)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=lineterminator).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_cell(text: str) -> str | int | float | None:
    """Plain numbers become numeric cells; anything messy stays text, an empty cell stays empty."""
    if text == "":
        return None
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text


def xlsx_bytes(rows: Sequence[Row], published: date) -> bytes:
    """One sheet, the title merged over A1:D1, zipped reproducibly."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append([xlsx_cell(text) for text in row])
    sheet.merge_cells("A1:D1")
    stamp = datetime(published.year, published.month, published.day, 1, 0, 0)  # 09:00 CST in UTC
    workbook.properties.creator = "hetang-monitor make_demo_data.py (synthetic demo data)"
    workbook.properties.created = stamp
    buffer = io.BytesIO()
    workbook.save(buffer)
    return reproducible_zip(buffer.getvalue(), stamp)


def reproducible_zip(data: bytes, stamp: datetime) -> bytes:
    """Re-zip an xlsx: stored entries dated 1980-01-01 and a fixed dcterms:modified."""
    fixed = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target,
    ):
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(<)",
                    rb"\g<1>" + fixed.encode() + rb"\g<2>",
                    content,
                )
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_EPOCH)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return out.getvalue()


def xls_bytes(rows: Sequence[Row]) -> bytes:
    """An Excel 97-2003 workbook (xlwt): the notes sheet first, then the table with its title
    merged over A1:D1; numbers as numeric cells. xlwt writes no timestamps, so it is
    reproducible as it is."""
    workbook = xlwt.Workbook(encoding="utf-8")
    notes = workbook.add_sheet("说明")
    for r, row in enumerate(FINANCE_NOTES):
        notes.write(r, 0, row[0])
    sheet = workbook.add_sheet("财政用电")
    sheet.write_merge(0, 0, 0, 3, rows[0][0])
    for r, row in enumerate(rows[1:], start=1):
        for c, text in enumerate(row):
            sheet.write(r, c, xlsx_cell(text))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def unicode_text_bytes(rows: Sequence[Row]) -> bytes:
    """Excel's "Unicode text" export: UTF-16 LE with its BOM, tab-separated, CRLF."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t", lineterminator="\r\n").writerows(rows)
    return b"\xff\xfe" + buffer.getvalue().encode("utf-16-le")


def drop_bytes(drop: Drop) -> bytes:
    """The file's content: xlsx, xls, UTF-16 text, or CSV (CRLF for the office tables, LF for the
    long layout)."""
    if drop.fmt == "xlsx":
        return xlsx_bytes(drop.rows, drop.published)
    if drop.fmt == "xls":
        return xls_bytes(drop.rows)
    if drop.fmt == "utf-16":
        return unicode_text_bytes(drop.rows)
    return csv_bytes(drop.rows, drop.fmt, "\n" if drop.layout == "long" else "\r\n")


def publication_timestamp(published: date) -> float:
    """09:00 China Standard Time on the publication date, as a POSIX timestamp."""
    return datetime(published.year, published.month, published.day, 9, 0, tzinfo=CST).timestamp()


def write_drops(out: Path) -> list[Path]:
    """Write every drop into `out`, remove stale drops of ours, and set each mtime."""
    out.mkdir(parents=True, exist_ok=True)
    drops = build_drops()
    wanted = {drop.name for drop in drops}
    for stale in out.iterdir():
        if stale.is_file() and DROP_NAME.match(stale.name) and stale.name not in wanted:
            stale.unlink()
    paths = []
    for drop in drops:
        path = out / drop.name
        path.write_bytes(drop_bytes(drop))
        stamp = publication_timestamp(drop.published)
        os.utime(path, (stamp, stamp))
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write the synthetic 2022 demo drops for Hetang (430202)."
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="inbox folder (default: demo/inbox)"
    )
    args = parser.parse_args(argv)
    paths = write_drops(args.out)
    print(f"wrote {len(paths)} synthetic demo drops to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
