"""Turn what a reader found into cells in the catalog's terms: indicator code, unit, period, region.

The one place of the mapping rules (names → indicator codes, units → the indicator's unit, base
100 indices → increases): the row-by-row path applies them per cell (`normalize_drop`), the
columnar path (`flows.readers.columnar`) per distinct text (`read_figure`). Nothing here touches
the warehouse or Prefect. A cell that cannot be made good carries a `problem`
(and the column it is about) for the data-quality gate to flag; an indicator name that matches
nothing in the catalog leaves `indicator_code` empty, so the row is kept and listed as unmapped.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, fields
from functools import lru_cache
from operator import attrgetter

import pyarrow as pa

from expectations.catalog import Catalog, UnitError, convert_unit
from flows.readers.base import Drop, DropRow

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
    sheet: str | None = None  # the workbook sheet (or docx table) the cell is on
    department: str | None = None  # a progress table's 责任单位, kept with the row
    catalog_department: str | None = None  # the catalog's 责任单位 for the same target


@dataclass(frozen=True)
class Figure:
    """A figure in the catalog's terms: its indicator, unit and value, or what stops it."""

    known: bool  # the name matches the catalog (even when it feeds no indicator)
    code: str | None
    unit: str | None
    value: float | None
    problem: str | None = None
    problem_rule: str | None = None  # "parseable" or "known_unit"
    catalog_target: float | None = None


Mappings = dict[tuple[str, str, str | None], tuple[bool, str | None, str | None, bool]]


def normalize_drop(file_key: int, drop: Drop, catalog: Catalog) -> list[Cell]:
    """Every value cell of `drop`, mapped to indicator codes and converted to catalog units."""
    # A drop repeats a few names, units and roles over many rows: map each combination once.
    mappings: Mappings = {}
    return [_cell(file_key, drop, row, catalog, mappings) for row in drop.rows]


def _cell(file_key: int, drop: Drop, row: DropRow, catalog: Catalog, mappings: Mappings) -> Cell:
    long = drop.layout == "long"
    if row.part_of is not None and not catalog.has_exact_name(row.indicator_name):
        # a sub-item ("其中：…") is an indicator only under its own full name, never its parent's
        problem = f"unparseable number: {row.error}" if row.error else None
        figure = Figure(False, None, row.unit, row.value, problem, "parseable" if problem else None)
    else:
        figure = read_figure(
            row.role, row.indicator_name, row.unit, row.value, row.error, drop.layout, catalog,
            mappings,
        )  # fmt: skip
    problem_column = None
    if figure.problem_rule == "parseable":
        problem_column = row.column
    elif figure.problem_rule == "known_unit":
        problem_column = "unit" if long else "单位"
    return Cell(
        file_key=file_key,
        row_number=row.row_number,
        column=row.column,
        role=row.role,
        indicator_name=row.indicator_name,
        indicator_code=figure.code,
        unit=figure.unit,
        region_code=row.region_code if long else (row.region_code or drop.region_code),
        region_column="region_code" if long else "title",
        period=row.period if long else (row.period or drop.period),
        period_column="period" if long else "title",
        raw_value=row.raw_value,
        value=figure.value,
        as_of=row.as_of,
        source=row.source,
        problem=figure.problem,
        problem_column=problem_column,
        problem_rule=figure.problem_rule,
        catalog_target=figure.catalog_target,
        name_known=figure.known,
        sheet=row.sheet,
        department=row.department,
        # once a row: on its figure, not again on its stated annual target
        catalog_department=(
            _catalog_department(catalog, figure.code)
            if row.department and row.role != "annual_target"
            else None
        ),
    )


def read_figure(
    role: str,
    name: str,
    unit: str | None,
    value: float | None,
    error: str | None,
    layout: str,
    catalog: Catalog,
    mappings: Mappings,
) -> Figure:
    """The indicator a figure feeds and its value in the indicator's unit (or its problem)."""
    key = (role, name, unit)
    if key not in mappings:
        mappings[key] = indicator_for(*key, layout, catalog)
    known, code, from_unit, index_base_100 = mappings[key]
    problem, rule = (f"unparseable number: {error}", "parseable") if error else (None, None)
    if code is None:
        return Figure(known, None, unit, value, problem, rule)
    target = _catalog_target(catalog, code) if role == "annual_target" else None
    if value is None or problem:
        return Figure(known, code, unit, value, problem, rule, target)
    indicator = catalog.indicator(code)
    if index_base_100:
        value, from_unit = value - 100.0, indicator.unit
    conversion = conversion_of(from_unit, indicator.unit or "")
    if conversion == "same":
        value = round(value, 10)
    elif conversion == "convert":
        value = round(convert_unit(value, from_unit, indicator.unit or ""), 10)
    else:
        problem, rule = conversion, "known_unit"
    return Figure(known, code, indicator.unit, value, problem, rule, target)


def _catalog_department(catalog: Catalog, code: str | None) -> str | None:
    target = next((t for t in catalog.targets if t.indicator == code), None) if code else None
    return target.department if target else None


def _catalog_target(catalog: Catalog, code: str) -> float | None:
    target = next((t for t in catalog.targets if t.indicator == code), None)
    return target.value if target else None


@lru_cache(maxsize=1024)
def conversion_of(from_unit: str | None, to_unit: str) -> str:
    """How convert_unit treats this pair of units, decided once per pair instead of per cell:
    "same" (it returns the value unchanged), "convert" (it computes one) or its UnitError message."""
    probe = float("1.5")  # convert_unit hands back this very object only when it changes nothing
    try:
        converted = convert_unit(probe, from_unit, to_unit)
    except UnitError as exc:
        return str(exc)
    return "same" if converted is probe else "convert"


def indicator_for(
    role: str, name: str, unit: str | None, layout: str, catalog: Catalog
) -> tuple[bool, str | None, str | None, bool]:
    """(name known, indicator code, unit the figure is written in, index on base 100).

    A bureau row the catalog knows may feed no indicator from one of its columns (e.g. the
    growth column of 城镇调查失业率): the name is known, the cell feeds nothing. Where month and
    year-to-date columns stand side by side (roles month_* and ytd_*), a point indicator (a rate
    or a level, `point` in the catalog) takes the month's figure, any other the year-to-date one.
    A notes row is known and feeds nothing; an unknown region's row (role "region") is unmapped.
    """
    if role in ("note", "region"):
        return role == "note", None, None, False
    scope, _, base = role.rpartition("_") if role.startswith(_SCOPES) else ("", "", role)
    if layout in _BUREAU_LIKE:
        bureau_row = catalog.bureau_row_by_name(name)
        if bureau_row is not None:
            if scope and (scope == "month") != bureau_row.point:
                return True, None, None, False
            if base == "growth":
                return True, bureau_row.growth, "%", False
            return True, bureau_row.value, unit, bureau_row.index_base_100
    indicator = catalog.indicator_by_name(name)
    if indicator is None or (layout in _BUREAU_LIKE and base == "growth"):
        return False, None, None, False
    if scope == "month":  # an indicator outside the bureau rows is no point indicator
        return True, None, None, False
    unit = unit if unit not in PERCENT_UNITS else indicator.unit
    return True, indicator.code, unit, False


_SCOPES = ("month_", "ytd_")
_BUREAU_LIKE = frozenset({"bureau", "bulletin"})


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


CELL_SCHEMA = pa.schema(
    [
        ("file_key", pa.int64()),
        ("row_number", pa.int64()),
        ("column", pa.string()),
        ("role", pa.string()),
        ("indicator_name", pa.string()),
        ("indicator_code", pa.string()),
        ("unit", pa.string()),
        ("region_code", pa.string()),
        ("region_column", pa.string()),
        ("period", pa.string()),
        ("period_column", pa.string()),
        ("raw_value", pa.string()),
        ("value", pa.float64()),
        ("as_of", pa.string()),
        ("source", pa.string()),
        ("problem", pa.string()),
        ("problem_column", pa.string()),
        ("problem_rule", pa.string()),
        ("catalog_target", pa.float64()),
        ("name_known", pa.bool_()),
        ("sheet", pa.string()),
        ("department", pa.string()),
        ("catalog_department", pa.string()),
    ]
)
assert CELL_SCHEMA.names == [f.name for f in fields(Cell)], "CELL_SCHEMA must follow Cell"


def cells_table(cells: list[Cell]) -> pa.Table:
    """Cells of the row-by-row path as a table of CELL_SCHEMA."""
    if not cells:
        return CELL_SCHEMA.empty_table()
    rows = map(attrgetter(*CELL_SCHEMA.names), cells)
    columns = [list(column) for column in zip(*rows, strict=True)]
    return pa.table(dict(zip(CELL_SCHEMA.names, columns, strict=True)), schema=CELL_SCHEMA)
