"""The long layout: one observation a row (region_code, indicator, period, value, unit, …)."""

from __future__ import annotations

from flows.readers.base import DropReadError, DropRow
from flows.readers.table import cell, data_rows
from flows.readers.text import norm_header, parse_number, parse_period

REQUIRED = ("region_code", "indicator", "period", "value")
OPTIONAL = ("unit", "as_of", "source")


def match_header(cells: list[str]) -> dict[str, int] | None:
    """Column index of each known long-layout column, if cells are a long-layout header."""
    columns: dict[str, int] = {}
    for index, text in enumerate(cells):
        name = norm_header(text)
        if name in REQUIRED + OPTIONAL:
            columns.setdefault(name, index)
    return columns if all(name in columns for name in REQUIRED) else None


def read_rows(
    file: str, rows: list[list[str]], header_index: int, columns: dict[str, int]
) -> list[DropRow]:
    """One DropRow (role "value") per data row; an unreadable period stops the whole file."""
    value_column = rows[header_index][columns["value"]].strip()
    out = []
    for number, cells in data_rows(rows, header_index + 1):
        name = cell(cells, columns["indicator"])
        if not name:
            continue
        raw = cell(cells, columns["value"])
        value, error = parse_number(raw)
        out.append(
            DropRow(
                row_number=number,
                column=value_column,
                role="value",
                indicator_name=name,
                unit=cell(cells, columns.get("unit")) or None,
                region_code=cell(cells, columns["region_code"]) or None,
                period=_period(file, number, rows[header_index], cells, columns["period"]),
                raw_value=raw,
                value=value,
                error=error,
                as_of=cell(cells, columns.get("as_of")) or None,
                source=cell(cells, columns.get("source")) or None,
            )
        )
    return out


def _period(file: str, number: int, header: list[str], cells: list[str], index: int) -> str:
    raw = cell(cells, index)
    period = parse_period(raw)
    if period is None:
        message = f"'{raw}' is not a period (expected e.g. 2022-03, 2022-Q1 or 2022)"
        raise DropReadError(file, number, header[index].strip(), message)
    return period
