"""The bureau monthly report (统计月报): 指标名称, 计量单位, a value column and a growth column."""

from __future__ import annotations

import re
from collections.abc import Callable

from flows.readers.base import DropRow
from flows.readers.table import cell, data_rows
from flows.readers.text import norm_header, parse_number

INDICATOR_HEADERS = frozenset({"指标", "指标名称", "项目"})
UNIT_HEADERS = frozenset({"单位", "计量单位"})
# Value headers by preference: a table with both 本月 and 1-3月 is read from the cumulative one,
# because a monthly period means "January through that month" (SPEC §1).
_VALUE_HEADERS = [
    re.compile(r"1-\d{1,2}月(止?累计)?|本年累计|本月止累计|累计"),
    re.compile(r"本期|绝对值"),
    re.compile(r"\d{1,2}月|本月"),
]
# Column key → the role of the figures it holds (wide_rows).
ROLES = (("value", "value"), ("growth", "growth"))
_GROWTH_HEADER = re.compile(r"(同比|比上年同期|比去年同期|比上年|比去年)?(增长|增速|增幅|增减)?")


def match_header(cells: list[str]) -> dict[str, int] | None:
    """Indicator, unit, value and growth column indices, if cells are a bureau header."""
    names = [norm_header(text) for text in cells]
    indicator = _first(names, INDICATOR_HEADERS.__contains__)
    value = _value_column(names)
    growth = _growth_column(names, value)
    if indicator is None or (value is None and growth is None):
        return None
    columns = {"indicator": indicator, "unit": _first(names, UNIT_HEADERS.__contains__)}
    columns |= {"value": value, "growth": growth}
    return {key: index for key, index in columns.items() if index is not None}


def wide_rows(
    rows: list[list[str]],
    header_index: int,
    columns: dict[str, int],
    roles: tuple[tuple[str, str], ...],
    region_code: str | None,
    period: str | None,
) -> list[DropRow]:
    """Rows of a one-indicator-a-row table: one DropRow per (row, column key → role) in roles."""
    header = rows[header_index]
    out = []
    for number, cells in data_rows(rows, header_index + 1):
        name = cell(cells, columns["indicator"])
        if not name:
            continue
        unit = cell(cells, columns.get("unit")) or None
        for key, role in roles:
            if key not in columns:
                continue
            raw = cell(cells, columns[key])
            value, error = parse_number(raw)
            column = header[columns[key]].strip()
            out.append(
                DropRow(number, column, role, name, unit, region_code, period, raw, value, error)
            )
    return out


def _first(names: list[str], accept: Callable[[str], object]) -> int | None:
    return next((i for i, name in enumerate(names) if accept(name)), None)


def _value_column(names: list[str]) -> int | None:
    for pattern in _VALUE_HEADERS:
        found = _first(names, pattern.fullmatch)
        if found is not None:
            return found
    return None


def _growth_column(names: list[str], value: int | None) -> int | None:
    """The first growth column right of the value column, else the first one anywhere."""
    growth = [i for i, name in enumerate(names) if _is_growth(name)]
    after = [i for i in growth if value is not None and i > value]
    candidates = after or growth
    return candidates[0] if candidates else None


def _is_growth(name: str) -> bool:
    stripped = re.sub(r"[()%±]|\+-|\+/-", "", name)
    return bool(stripped) and _GROWTH_HEADER.fullmatch(stripped) is not None
