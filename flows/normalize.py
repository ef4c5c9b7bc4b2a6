"""Turn a parsed drop into cells in the catalog's terms: indicator code, unit, period, region.

Nothing here touches DuckDB or Prefect. A cell that cannot be made good carries a `problem`
(and the column it is about) for the data-quality gate to flag; an indicator name that matches
nothing in the catalog leaves `indicator_code` empty, so the row is kept and listed as unmapped.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from functools import lru_cache

from expectations.catalog import Catalog, UnitError, convert_unit
from flows.readers import Drop, DropRow

PERCENT_UNITS = {"%", "％", "百分比", "百分点"}


@dataclass
class Cell:
    """One value of one drop, mapped to the catalog (or not)."""

    file_key: int
    row_number: int
    column: str
    role: str
    indicator_name: str
    indicator_code: str | None
    unit: str | None
    region_code: str | None
    region_column: str
    period: str | None
    period_column: str
    raw_value: str
    value: float | None
    as_of: str | None
    source: str | None
    problem: str | None = None
    problem_column: str | None = None
    problem_rule: str | None = None
    catalog_target: float | None = None
    name_known: bool = False


def normalize_drop(file_key: int, drop: Drop, catalog: Catalog) -> list[Cell]:
    """Every value cell of `drop`, mapped to indicator codes and converted to catalog units."""
    # A drop repeats a few names, units and roles over many rows: map each combination once.
    mappings: dict[tuple, tuple[bool, str | None, str | None, bool]] = {}
    return [_cell(file_key, drop, row, catalog, mappings) for row in drop.rows]


def _cell(file_key: int, drop: Drop, row: DropRow, catalog: Catalog, mappings: dict) -> Cell:
    long = drop.layout == "long"
    cell = Cell(
        file_key=file_key,
        row_number=row.row_number,
        column=row.column,
        role=row.role,
        indicator_name=row.indicator_name,
        indicator_code=None,
        unit=row.unit,
        region_code=row.region_code if long else (row.region_code or drop.region_code),
        region_column="region_code" if long else "title",
        period=row.period if long else (row.period or drop.period),
        period_column="period" if long else "title",
        raw_value=row.raw_value,
        value=row.value,
        as_of=row.as_of,
        source=row.source,
    )
    if row.error:
        cell.problem, cell.problem_column = f"unparseable number: {row.error}", row.column
        cell.problem_rule = "parseable"
    _map(cell, drop.layout, catalog, mappings)
    return cell


def _map(cell: Cell, layout: str, catalog: Catalog, mappings: dict) -> None:
    """Find the indicator a cell feeds and bring its value into the indicator's unit."""
    key = (cell.role, cell.indicator_name, cell.unit)
    if key not in mappings:
        mappings[key] = _indicator_for(cell, layout, catalog)
    known, code, from_unit, index_base_100 = mappings[key]
    cell.name_known = known
    if code is None:
        return
    cell.indicator_code = code
    indicator = catalog.indicator(code)
    if cell.role == "annual_target":
        target = next((t for t in catalog.targets if t.indicator == code), None)
        cell.catalog_target = target.value if target else None
    if cell.value is None or cell.problem:
        return
    if index_base_100:
        cell.value = cell.value - 100.0
        from_unit = indicator.unit
    to_unit = indicator.unit or ""
    conversion = _conversion(from_unit, to_unit)
    if conversion == "same":
        cell.value = round(cell.value, 10)
    elif conversion == "convert":
        cell.value = round(convert_unit(cell.value, from_unit, to_unit), 10)
    else:
        cell.problem, cell.problem_column = conversion, "unit" if layout == "long" else "单位"
        cell.problem_rule = "known_unit"
    cell.unit = indicator.unit


@lru_cache(maxsize=1024)
def _conversion(from_unit: str | None, to_unit: str) -> str:
    """How convert_unit treats this pair of units, decided once per pair instead of per cell:
    "same" (it returns the value unchanged), "convert" (it computes one) or its UnitError message."""
    probe = float("1.5")  # convert_unit hands back this very object only when it changes nothing
    try:
        converted = convert_unit(probe, from_unit, to_unit)
    except UnitError as exc:
        return str(exc)
    return "same" if converted is probe else "convert"


def _indicator_for(
    cell: Cell, layout: str, catalog: Catalog
) -> tuple[bool, str | None, str | None, bool]:
    """(name known, indicator code, unit the figure is written in, index on base 100).

    A bureau row the catalog knows may feed no indicator from one of its columns (e.g. the
    growth column of 城镇调查失业率): the name is known, the cell feeds nothing.
    """
    if layout == "bureau":
        bureau_row = catalog.bureau_row_by_name(cell.indicator_name)
        if bureau_row is not None:
            if cell.role == "growth":
                return True, bureau_row.growth, "%", False
            return True, bureau_row.value, cell.unit, bureau_row.index_base_100
    indicator = catalog.indicator_by_name(cell.indicator_name)
    if indicator is None or (layout == "bureau" and cell.role == "growth"):
        return False, None, None, False
    unit = cell.unit if cell.unit not in PERCENT_UNITS else indicator.unit
    return True, indicator.code, unit, False


@lru_cache(maxsize=4096)
def period_end_yyyymmdd(period: str | None) -> int | None:
    """Last day of a period as an integer 20220331, for comparing with the run date."""
    if not period:
        return None
    year = int(period[:4])
    if len(period) == 4:
        month = 12
    elif period[5] == "Q":
        month = 3 * int(period[6])
    else:
        month = int(period[5:7])
    return year * 10000 + month * 100 + calendar.monthrange(year, month)[1]
