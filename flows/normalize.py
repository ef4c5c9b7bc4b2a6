"""Turn a parsed drop into cells in the catalog's terms: indicator code, unit, period, region.

Nothing here touches DuckDB or Prefect. A cell that cannot be made good carries a `problem`
(and the column it is about) for the data-quality gate to flag; an indicator name that matches
nothing in the catalog leaves `indicator_code` empty, so the row is kept and listed as unmapped.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, fields
from functools import lru_cache
from operator import attrgetter
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from expectations.catalog import Catalog, UnitError, convert_unit
from flows.readers import Drop, DropRow, parse_number, parse_period

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
        mappings[key] = _indicator_for(*key, layout, catalog)
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
    role: str, name: str, unit: str | None, layout: str, catalog: Catalog
) -> tuple[bool, str | None, str | None, bool]:
    """(name known, indicator code, unit the figure is written in, index on base 100).

    A bureau row the catalog knows may feed no indicator from one of its columns (e.g. the
    growth column of 城镇调查失业率): the name is known, the cell feeds nothing.
    """
    if layout == "bureau":
        bureau_row = catalog.bureau_row_by_name(name)
        if bureau_row is not None:
            if role == "growth":
                return True, bureau_row.growth, "%", False
            return True, bureau_row.value, unit, bureau_row.index_base_100
    indicator = catalog.indicator_by_name(name)
    if indicator is None or (layout == "bureau" and role == "growth"):
        return False, None, None, False
    unit = unit if unit not in PERCENT_UNITS else indicator.unit
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


# ---- the columnar path for plain long-layout csv files --------------------------------------

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
    ]
)
assert CELL_SCHEMA.names == [f.name for f in fields(Cell)], "CELL_SCHEMA must follow Cell"

# A figure whose float() is its own round(…, 10): at most 6 integer and 8 decimal digits.
_PLAIN_NUMBER = r"[+-]?[0-9]{1,6}(\.[0-9]{1,8})?"
# What str.strip() removes: every character for which str.isspace() is true.
_WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_SPACE_CLASS = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in _WHITESPACE) + "]"


def _strip(column: str) -> str:
    """SQL for str.strip() of a column (parameter $ws): DuckDB's trim with a character set is
    slow, so only cells that start or end with whitespace (a fast RE2 test) are trimmed."""
    edge = f"^{_SPACE_CLASS}|{_SPACE_CLASS}$"
    return (
        f"(case when regexp_matches({column}, '{edge}') then trim({column}, $ws) else {column} end)"
    )


def cells_table(cells: list[Cell]) -> pa.Table:
    """Cells of the row-by-row path as a table of CELL_SCHEMA."""
    if not cells:
        return CELL_SCHEMA.empty_table()
    rows = map(attrgetter(*CELL_SCHEMA.names), cells)
    columns = [list(column) for column in zip(*rows, strict=True)]
    return pa.table(dict(zip(CELL_SCHEMA.names, columns, strict=True)), schema=CELL_SCHEMA)


def normalize_long_batch(
    parts: list[tuple[int, str, pa.Table]], catalog: Catalog
) -> tuple[pa.Table, set[int]]:
    """Cells of many plain long-layout files at once, with the row-by-row path's exact rules.

    parts: (file key, value column header, text columns from flows.readers.columnar). Work is
    done per *distinct* text: names and units are mapped once per (name, unit), periods parsed
    once per text, and a figure goes through `parse_number` and the unit conversion once per
    (text, name, unit), unless it is a plain number needing no conversion, which DuckDB casts.
    Returns the cells (CELL_SCHEMA, in file and row order) and the keys of files with a period
    no rule reads: those must take the row-by-row reader, which reports the row and column.
    """
    if not parts:
        return CELL_SCHEMA.empty_table(), set()
    con = duckdb.connect()
    try:
        con.register(
            "raw_parts",
            pa.concat_tables(
                [
                    table.append_column(
                        "file_key", pa.array(np.full(table.num_rows, key, np.int64))
                    )
                    for key, _, table in parts
                ]
            ),
        )
        files = pa.table(
            {"file_key": [k for k, _, _ in parts], "value_column": [c for _, c, _ in parts]}
        )
        con.register("files", files)
        con.execute(
            f"""
            create table t as
            select
                file_key, row_number,
                nullif({_strip("region_code")}, '') as region_code,
                {_strip("indicator")} as name,
                {_strip("period")} as period_text,
                {_strip("value")} as raw,
                nullif({_strip("unit")}, '') as unit,
                nullif({_strip("as_of")}, '') as as_of,
                nullif({_strip("source")}, '') as source
            from raw_parts
            where name <> ''
            """,
            {"ws": _WHITESPACE},
        )
        con.register("maps", _name_maps(con, catalog))
        con.register("periods", _periods(con))
        bad_period = {
            key
            for (key,) in con.execute(
                "select distinct file_key from t left join periods using (period_text) "
                "where periods.period is null"
            ).fetchall()
        }
        con.execute(
            f"""
            create view m as
            select t.*, maps.known, maps.code, maps.to_unit, maps.conversion, periods.period,
                regexp_full_match(t.raw, '{_PLAIN_NUMBER}')
                    and (maps.code is null or maps.conversion = 'same') as plain
            from t
            inner join periods using (period_text)
            inner join maps on t.name = maps.name and t.unit is not distinct from maps.unit
            """
        )
        con.register("figures", _figures(con, catalog))
        return (
            con.sql(
                f"""
                select
                    m.file_key, m.row_number, files.value_column as "column", 'value' as role,
                    m.name as indicator_name, m.code as indicator_code,
                    case when m.plain then (case when m.code is null then m.unit else m.to_unit end)
                        else f.unit end as unit,
                    m.region_code, 'region_code' as region_column, m.period,
                    'period' as period_column, m.raw as raw_value,
                    case when m.plain then cast(m.raw as double) else f.value end as value,
                    m.as_of, m.source, f.problem,
                    case when f.problem_rule = 'parseable' then files.value_column
                        else f.problem_column end as problem_column,
                    f.problem_rule,
                    cast(null as double) as catalog_target, m.known as name_known
                from m
                inner join files using (file_key)
                left join figures as f
                    on not m.plain and m.raw = f.raw and m.name = f.name
                    and m.unit is not distinct from f.raw_unit
                where m.file_key not in ({", ".join(map(str, [-1, *sorted(bad_period)]))})
                order by m.file_key, m.row_number
                """
            )
            .to_arrow_table()
            .cast(CELL_SCHEMA),
            bad_period,
        )
    finally:
        con.close()


def _name_maps(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> pa.Table:
    """(name, unit) → name known, indicator code, indicator unit, and how the unit converts."""
    rows = con.execute("select distinct name, unit from t").fetchall()
    mapped = [_indicator_for("value", name, unit, "long", catalog) for name, unit in rows]
    to_units = [catalog.indicator(code).unit if code else None for _, code, _, _ in mapped]
    return _typed_table(
        name=(pa.string(), [name for name, _ in rows]),
        unit=(pa.string(), [unit for _, unit in rows]),
        known=(pa.bool_(), [known for known, _, _, _ in mapped]),
        code=(pa.string(), [code for _, code, _, _ in mapped]),
        to_unit=(pa.string(), to_units),
        conversion=(
            pa.string(),
            [
                _conversion(from_unit, to_unit or "") if code else None
                for (_, code, from_unit, _), to_unit in zip(mapped, to_units, strict=True)
            ],
        ),
    )


def _periods(con: duckdb.DuckDBPyConnection) -> pa.Table:
    texts = [text for (text,) in con.execute("select distinct period_text from t").fetchall()]
    return _typed_table(
        period_text=(pa.string(), texts), period=(pa.string(), list(map(parse_period, texts)))
    )


def _figures(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> pa.Table:
    """Value, unit and problem of every figure that is not a plain number: the row-by-row rules."""
    rows = con.execute("select distinct raw, name, unit from m where not plain").fetchall()
    drop = Drop(Path(), "long", "", None, None, None, [])
    mappings: dict[tuple, tuple[bool, str | None, str | None, bool]] = {}
    cells = []
    for raw, name, unit in rows:
        value, error = parse_number(raw)
        row = DropRow(0, "", "value", name, unit, None, None, raw, value, error)
        cells.append(_cell(0, drop, row, catalog, mappings))
    text = pa.string()
    return _typed_table(
        raw=(text, [raw for raw, _, _ in rows]),
        name=(text, [name for _, name, _ in rows]),
        raw_unit=(text, [unit for _, _, unit in rows]),
        unit=(text, [c.unit for c in cells]),
        value=(pa.float64(), [c.value for c in cells]),
        problem=(text, [c.problem for c in cells]),
        problem_column=(text, [c.problem_column for c in cells]),
        problem_rule=(text, [c.problem_rule for c in cells]),
    )


def _typed_table(**columns: tuple[pa.DataType, list]) -> pa.Table:
    """A table from {name: (type, values)}: typed even when a column is empty or all null."""
    return pa.table({name: pa.array(values, kind) for name, (kind, values) in columns.items()})
