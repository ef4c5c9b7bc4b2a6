"""Deterministic generator of a national-scale SYNTHETIC benchmark set (not official statistics).

What it makes, sized by `--regions N` (1 … 2,844):

* a list of 2,844 six-digit county-level region codes (31 provinces, synthetic prefecture and
  county digits; 430202 is one of them). The first N of a fixed order are used: 430202 first,
  then the rest of Hunan (43), then the other provinces in code order, so that every size is a
  prefix of the next and a small size touches few provinces;
* targets for every region and each year 2022-2024, derived from Hetang's 2022 catalog with
  seeded variation (`target_rows`); 430202's 2022 targets are the catalog's own, unchanged;
* 36 monthly drops in the long layout (SPEC §4.1), 2022-01 … 2024-12, ONE CSV PER PROVINCE PER
  MONTH. That is how county figures reach a national system: each provincial bureau compiles its
  counties' monthly figures into one table. It keeps the file count at provinces × 36 (36 files
  for 1 or 100 regions, 1,116 at 2,844) instead of regions × 36 (102,384), so per-file costs
  stay what they are in practice and the benchmark measures per-row costs;
* a bureau-layout sample (SPEC §4.2): the first `--bureau-regions` regions (default 3) report
  their headline figures in a monthly 统计月报 table of their own instead of the provincial file.

Per region and year a drop carries: the four 1-N月 growth rates (from 1-2月 on; January is
never published alone), unemployment and CPI every month, GDP and disposable-income growth at
quarter ends (a quarter's GDP growth is revised in the next quarter's first drop for about a
fifth of the regions), the 22 cumulative tasks every month, waste-sorting coverage and the six
milestones at quarter ends, and the three external targets with their assigned values in
December (period "YYYY"). About 374 rows per region and year: 3.2 M rows at 2,844 regions.

Determinism: every figure of a region comes from `random.Random(f"{SEED}:{code}:{year}")`, so a
region's data do not depend on N; file mtimes are their publication dates (the 15th of the next
month, 10:00 CST; bureau tables the 10th), and names start with the period, so the inbox order
(mtime, then name) is the publication order.

Usage: python bench/generate.py --regions 100 --out var/bench/data/r100
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from expectations.catalog import BUNDLED_CATALOG, Catalog, Target, load_catalog  # noqa: E402
from expectations.catalog.register import DIVISIONS, load_register  # noqa: E402

SEED = 20240844
YEARS = (2022, 2023, 2024)
HETANG = "430202"
TOTAL_REGIONS = 2844
SOURCE = "synthetic benchmark data"
CST = timezone(timedelta(hours=8))
LONG_HEADER = ["region_code", "indicator", "period", "value", "unit", "as_of", "source"]
# A run after the last drop (the December 2024 tables are published on 2025-01-15).
RUN_AS_OF = "2025-01-31"

GROWTH_RATES = (
    "industrial_va_growth",
    "fai_growth",
    "budget_revenue_growth",
    "retail_sales_growth",
)
MONTHLY_POINT = ("urban_unemployment_rate", "cpi_increase")
QUARTERLY_GROWTH = ("gdp_growth", "disposable_income_growth")
EXTERNALS = ("grain_output", "energy_consumption_total", "energy_intensity_decline")
# Indicators a bureau-sample region reports in its 统计月报 instead of the provincial long file.
BUREAU_INDICATORS = frozenset(GROWTH_RATES + MONTHLY_POINT + QUARTERLY_GROWTH)


# --- regions ---------------------------------------------------------------------------------


def all_region_codes() -> list[str]:
    """2,844 county-level codes of the register in benchmark order: 430202, the rest of Hunan,
    then by code (statistical functional areas, codes xxxx7x, left out)."""
    counties = [
        d.code for d in load_register().divisions if d.level == "county" and d.code[4] != "7"
    ]
    hunan = [c for c in counties if c.startswith("43") and c != HETANG]
    others = [c for c in counties if not c.startswith("43")]
    codes = [HETANG, *hunan, *others][:TOTAL_REGIONS]
    assert len(codes) == TOTAL_REGIONS, "the register has fewer county-level divisions"
    return codes


def region_codes(n: int) -> list[str]:
    """The first n regions of the benchmark order."""
    if not 1 <= n <= TOTAL_REGIONS:
        raise ValueError(f"--regions must be between 1 and {TOTAL_REGIONS}, not {n}")
    return all_region_codes()[:n]


# --- targets ---------------------------------------------------------------------------------


def _rng(code: str, year: int, part: str = "") -> random.Random:
    return random.Random(f"{SEED}:{code}:{year}:{part}")


def _size_factor(code: str) -> float:
    """How big a county is compared with Hetang (fixed over the years)."""
    if code == HETANG:
        return 1.0
    return round(
        min(4.0, max(0.25, random.Random(f"{SEED}:{code}:size").lognormvariate(0, 0.5))), 3
    )


def target_value(target: Target, code: str, year: int) -> float | None:
    """A region's value for one catalog target: Hetang's 2022 value with seeded variation."""
    if target.value is None:
        return None
    if code == HETANG and year == 2022:
        return target.value
    rng = _rng(code, year, f"target:{target.code}")
    if target.kind == "milestone":
        return target.value
    if target.kind == "rate":
        if target.code == "waste_sorting_coverage":
            return float(rng.choice((50, 55, 60, 65, 70)))
        return round(target.value + rng.choice((-1.0, -0.5, 0.0, 0.5, 1.0)), 1)
    scaled = target.value * _size_factor(code) * rng.uniform(0.9, 1.1)
    return round(scaled, 1) if scaled < 100 else float(round(scaled))


def target_rows(catalog: Catalog, codes: list[str]) -> list[tuple]:
    """core.targets rows for every region and year (column order of migrations 001, 006 and 007)."""
    rows = []
    for code in codes:
        for year in YEARS:
            for t in catalog.targets:
                value = target_value(t, code, year)
                wording = t.wording
                if value is not None and t.value is not None and value != t.value:
                    wording = wording.replace(f"{t.value:g}", f"{value:g}", 1)
                due = f"{year}-12" if t.due_period else None
                rows.append(
                    (
                        code,
                        year,
                        t.code,
                        t.indicator,
                        t.compare_with,
                        t.name_zh,
                        t.name_en,
                        wording,
                        t.section,
                        t.kind,
                        t.direction,
                        value,
                        t.tolerance,
                        t.band,
                        t.strict,
                        t.unit,
                        t.frequency,
                        due,
                        t.previous_value if code == HETANG else None,
                        t.source_quote
                        if (code, year) == (HETANG, 2022)
                        else f"{SOURCE}, derived from Hetang 2022",
                        t.department,
                        t.leader,
                        t.level_indicator,
                    )
                )
    return rows


def seed_warehouse(con, catalog: Catalog, codes: list[str]) -> None:  # noqa: ANN001 (duckdb connection)
    """Bench-only: put the regions' targets into a migrated working warehouse.

    The nightly flow's `prepare` replaces only 430202's 2022 rows (with the same values), so
    these rows survive every run; the regions are real codes of the register, which `prepare`
    loads, so the data-quality gate knows every region.
    """
    import pandas as pd

    columns = [
        name
        for (name,) in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'core' and table_name = 'targets' order by ordinal_position"
        ).fetchall()
    ]
    targets = pd.DataFrame(target_rows(catalog, codes), columns=columns)
    con.execute("begin transaction")
    con.execute("delete from core.targets")
    con.register("bench_targets", targets)
    con.execute("insert into core.targets by name select * from bench_targets")
    con.execute("commit")
    con.unregister("bench_targets")


# --- figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One figure of one region, as a drop writes it."""

    indicator: str
    period: str
    value: str
    unit: str


def _fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def _threshold(catalog: Catalog, code: str, year: int, target_code: str) -> float:
    t = catalog.target(target_code)
    value = target_value(t, code, year)
    assert value is not None
    return value - t.tolerance if t.direction == "min" else value + t.tolerance


def year_figures(catalog: Catalog, code: str, year: int) -> dict[int, list[Figure]]:
    """Every figure of one region and year, keyed by the month of the drop that carries it."""
    rng = _rng(code, year, "figures")
    out: dict[int, list[Figure]] = {m: [] for m in range(1, 13)}
    # Growth rates: a year-end figure around the threshold, converging from a noisy start.
    for indicator in GROWTH_RATES:
        final = _threshold(catalog, code, year, indicator) + rng.gauss(0.2, 1.3)
        start = rng.gauss(0, 2.0)
        for m in range(2, 13):
            value = final + start * (12 - m) / 10
            out[m].append(Figure(indicator, f"{year}-{m:02d}", _fmt(value, 1), "%"))
    unemployment = _threshold(catalog, code, year, "urban_unemployment_rate") - rng.gauss(0.3, 0.6)
    cpi = rng.gauss(2.6, 0.7)
    for m in range(1, 13):
        out[m].append(
            Figure(
                "urban_unemployment_rate",
                f"{year}-{m:02d}",
                _fmt(max(1.0, unemployment + rng.gauss(0, 0.2)), 1),
                "%",
            )
        )
        out[m].append(
            Figure("cpi_increase", f"{year}-{m:02d}", _fmt(cpi + rng.gauss(0, 0.3), 1), "%")
        )
    gdp_final = _threshold(catalog, code, year, "gdp_growth") + rng.gauss(0.1, 1.2)
    for quarter_end in (3, 6, 9, 12):
        gdp = gdp_final + rng.gauss(0, 0.8)
        income = gdp + rng.gauss(0.2, 0.6)
        period = f"{year}-{quarter_end:02d}"
        out[quarter_end].append(Figure("gdp_growth", period, _fmt(gdp, 1), "%"))
        out[quarter_end].append(Figure("disposable_income_growth", period, _fmt(income, 1), "%"))
        if quarter_end < 12 and rng.random() < 0.2:  # 初步核算 → 初步核实, in the next drop
            out[quarter_end + 1].append(
                Figure("gdp_growth", period, _fmt(gdp + rng.choice((-0.2, 0.1, 0.2)), 1), "%")
            )
    _tasks(catalog, code, year, rng, out)
    out[12].extend(_externals(code, year, rng))
    return out


def _tasks(
    catalog: Catalog, code: str, year: int, rng: random.Random, out: dict[int, list[Figure]]
) -> None:
    """Cumulative tasks every month, waste sorting and milestones at quarter ends."""
    for t in catalog.targets:
        if t.kind == "cumulative":
            annual = target_value(t, code, year) or 0.0
            decimals = 1 if annual < 200 and annual != int(annual) else 0
            ratio, power = rng.gauss(1.02, 0.1), rng.uniform(0.8, 1.3)
            done = 0.0
            for m in range(1, 13):
                done = max(
                    done,
                    round(annual * ratio * (m / 12) ** power * rng.uniform(0.97, 1.03), decimals),
                )
                out[m].append(Figure(t.indicator, f"{year}-{m:02d}", _fmt(done, decimals), t.unit))
        elif t.code == "waste_sorting_coverage":
            goal = target_value(t, code, year) or 60.0
            for q in range(1, 5):
                value = min(99.0, goal - 8 + q * 2.5 + rng.gauss(0, 2))
                out[3 * q].append(Figure(t.indicator, f"{year}-{3 * q:02d}", _fmt(value, 1), "%"))
        elif t.kind == "milestone":
            done_in = rng.randint(2, 16)  # a quarter end from month 3 on; after 12: not done
            for q in range(1, 5):
                out[3 * q].append(
                    Figure(
                        t.indicator, f"{year}-{3 * q:02d}", "1" if 3 * q >= done_in else "0", "项"
                    )
                )


def _externals(code: str, year: int, rng: random.Random) -> list[Figure]:
    size = _size_factor(code)
    grain = round(3650 * size * rng.uniform(0.8, 1.2))
    energy = round(98.0 * size * rng.uniform(0.8, 1.2), 1)
    intensity = round(rng.uniform(2.5, 3.5), 1)
    period = str(year)
    return [
        Figure("grain_output_assigned", period, str(grain), "吨"),
        Figure("grain_output", period, str(round(grain * rng.gauss(1.0, 0.06))), "吨"),
        Figure("energy_consumption_total_assigned", period, _fmt(energy, 1), "万吨标准煤"),
        Figure(
            "energy_consumption_total", period, _fmt(energy * rng.gauss(1.0, 0.06), 1), "万吨标准煤"
        ),
        Figure("energy_intensity_decline_assigned", period, _fmt(intensity, 1), "%"),
        Figure("energy_intensity_decline", period, _fmt(intensity + rng.gauss(0, 0.6), 1), "%"),
    ]


# --- drops -----------------------------------------------------------------------------------


def months() -> Iterator[tuple[int, int]]:
    for year in YEARS:
        for m in range(1, 13):
            yield year, m


def published(year: int, month: int, day: int) -> datetime:
    """10:00 CST on `day` of the month after (year, month)."""
    y, m = (year + 1, 1) if month == 12 else (year, month + 1)
    return datetime(y, m, day, 10, 0, tzinfo=CST)


def _write(path: Path, rows: list[list[str]], when: datetime, encoding: str = "utf-8") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))


def _indicator_label(catalog: Catalog, province: str, indicator: str) -> str:
    """Provinces with an odd code write Chinese indicator names, the others codes."""
    return catalog.indicator(indicator).name_zh if int(province) % 2 else indicator


def write_drops(
    out: Path, catalog: Catalog, codes: list[str], bureau_regions: int = 3, months: int = 36
) -> dict[str, int]:
    """Write the drops of the first `months` months into `out` (emptied first); return counts."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    bureau = set(codes[:bureau_regions])
    provinces: dict[str, list[str]] = {}
    for code in codes:
        provinces.setdefault(code[:2], []).append(code)
    counts = {"long_files": 0, "bureau_files": 0, "long_rows": 0, "bureau_rows": 0}
    for year in YEARS[: (months + 11) // 12]:
        figures = {code: year_figures(catalog, code, year) for code in codes}
        for month in range(1, min(12, months - 12 * YEARS.index(year)) + 1):
            as_of = published(year, month, 15)
            for province, members in provinces.items():
                rows = [LONG_HEADER]
                for code in members:
                    for f in figures[code][month]:
                        if code in bureau and f.indicator in BUREAU_INDICATORS:
                            continue
                        label = _indicator_label(catalog, province, f.indicator)
                        rows.append(
                            [code, label, f.period, f.value, f.unit, f"{as_of:%Y-%m-%d}", SOURCE]
                        )
                name = f"{year}-{month:02d}_{province}0000_long.csv"
                _write(out / name, rows, as_of + timedelta(seconds=int(province)))
                counts["long_files"] += 1
                counts["long_rows"] += len(rows) - 1
            for code in sorted(bureau):
                rows = bureau_table(code, year, month, figures[code][month])
                name = f"{year}-{month:02d}_{code}_统计月报.csv"
                _write(out / name, rows, published(year, month, 10))
                counts["bureau_files"] += 1
                counts["bureau_rows"] += len(rows) - 2
    return counts


def bureau_table(code: str, year: int, month: int, figures: list[Figure]) -> list[list[str]]:
    """A 统计月报 (SPEC §4.2) of one region: title, header, one row per reported indicator."""
    own = {f.indicator: f.value for f in figures if f.period == f"{year}-{month:02d}"}
    place = "荷塘区" if code == HETANG else f"{code} "
    span = "1月" if month == 1 else f"1-{month}月"
    rows = [
        [f"{place}{year}年{span}主要经济指标（合成基准数据）"],
        ["指标名称", "计量单位", span, "比上年同期增长(%)"],
    ]
    rng = _rng(code, year, f"bureau:{month}")
    if "gdp_growth" in own:
        rows.append(
            [
                "地区生产总值",
                "亿元",
                _fmt(120 * _size_factor(code) * month / 12, 2),
                own["gdp_growth"],
            ]
        )
    names = {
        "industrial_va_growth": "规模以上工业增加值",
        "fai_growth": "固定资产投资",
        "retail_sales_growth": "社会消费品零售总额",
        "budget_revenue_growth": "地方一般公共预算收入",
    }
    for indicator, name in names.items():
        if indicator in own:
            level = (
                ""
                if indicator in ("industrial_va_growth", "fai_growth")
                else _fmt(40 * month / 12, 2)
            )
            unit = "万元" if indicator == "budget_revenue_growth" else "亿元"
            if unit == "万元" and level:
                level = str(round(float(level) * 1e4))
            rows.append([name, unit, level, own[indicator]])
    rows.append(["进出口总额", "亿元", _fmt(rng.uniform(5, 50), 2), _fmt(rng.uniform(-5, 15), 1)])
    rows.append(["城镇调查失业率", "%", own["urban_unemployment_rate"], ""])
    rows.append(
        ["居民消费价格指数(上年同期=100)", "", _fmt(100 + float(own["cpi_increase"]), 1), ""]
    )
    if "disposable_income_growth" in own:
        rows.append(
            [
                "全体居民人均可支配收入",
                "元",
                str(round(12000 * month / 3)),
                own["disposable_income_growth"],
            ]
        )
    return rows


def generate(regions: int, out: Path, bureau_regions: int = 3, months: int = 36) -> dict[str, int]:
    """Write the drops of the first `regions` regions into `out`; return counts."""
    return write_drops(out, load_catalog(), region_codes(regions), bureau_regions, months)


def fingerprint() -> str:
    """Changes whenever this generator, the catalog or the register it derives from changes."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in (BUNDLED_CATALOG, BUNDLED_CATALOG.with_name("indicators.yaml"), DIVISIONS):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--regions", type=int, default=100)
    parser.add_argument(
        "--out", type=Path, required=True, help="folder for the drops (emptied first)"
    )
    parser.add_argument("--bureau-regions", type=int, default=3)
    parser.add_argument("--months", type=int, default=36, help="the first N months from 2022-01")
    args = parser.parse_args(argv)
    counts = generate(args.regions, args.out, args.bureau_regions, args.months)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
