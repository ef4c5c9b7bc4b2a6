"""Bureau tables (统计月报, SPEC §4.2 and §4.7): one indicator a row, value and growth columns.

Headers may span two rows (a group "1-9月" merged over 绝对量 | 比上年同期增长(%), spread by the
caller); month and year-to-date columns may stand side by side, and then both are read, with
roles month_* and ytd_* (flows.readers.normalize decides which feeds an indicator).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from flows.readers.base import DropRow
from flows.readers.table import body_rows, cell, header_height, is_section, note_row
from flows.readers.text import indent_of, norm_header, parse_number, split_unit

INDICATOR_HEADERS = frozenset({"指标", "指标名称", "项目", "主要指标", "指标项目"})
UNIT_HEADERS = frozenset({"单位", "计量单位"})
_YTD = re.compile(
    r"1-(\d{1,2}|本)月(止?累计)?数?|本年累计数?|本月止累计数?|累计数?|自年初累计|年初至今"
)
_MONTH = re.compile(r"(\d{1,2}|本|当)月(份)?数?")
_LEVEL = re.compile(r"本期数?|绝对[量值数]|数值|总量|金额")
_GROWTH = re.compile(r"增长|增速|增幅|增减|±|\+-|\+/-|同比|涨幅")
_MONTH_GROWTH = re.compile(r"同月|上月|环比")
_SKIP = re.compile(r"(上年|去年)同[期月]|排[位名序]|位次|比重|占比|完成率|目标")
_SUB_MARK = re.compile(r"^\s*(#|＃|其中\s*[:：,，]?)\s*")
# Column key → role, when only one kind of column (month or year-to-date) is there.
ROLES = (("value", "value"), ("growth", "growth"))
_BOTH_ROLES = (
    ("value", "ytd_value"),
    ("growth", "ytd_growth"),
    ("month_value", "month_value"),
    ("month_growth", "month_growth"),
)


@dataclass(frozen=True)
class Header:
    """A table's header: which column holds what, how many rows it spans, each column's label
    and the unit its label gives."""

    columns: dict[str, int]
    height: int
    labels: list[str]
    units: list[str | None]


def match_header(cells: list[str]) -> dict[str, int] | None:
    """Indicator, unit, value and growth column indices, if cells are a bureau header."""
    return _columns([[norm_header(text)] for text in cells])


def read_header(rows: list[list[str]], index: int) -> Header | None:
    """The header that starts at rows[index] (one to three rows), or None if it is none."""
    first = [norm_header(t) for t in rows[index]]
    label = next((i for i, t in enumerate(first) if t in INDICATOR_HEADERS), 0)
    for height in dict.fromkeys((header_height(rows, index, label), 1)):
        header = _header(rows, index, height)
        if header is not None:
            return header
    return None


def _header(rows: list[list[str]], index: int, height: int) -> Header | None:
    width = max(len(rows[i]) for i in range(index, index + height))
    stacked = [_stack(rows, index, height, c) for c in range(width)]
    columns = _columns([[split_unit(norm_header(t))[0] for t in labels] for labels in stacked])
    if columns is None:
        return None
    labels = [" ".join(labels) for labels in stacked]
    units = [next((u for t in ls if (u := split_unit(t)[1])), None) for ls in stacked]
    return Header(columns, height, labels, units)


def _stack(rows: list[list[str]], index: int, height: int, column: int) -> list[str]:
    """The distinct labels of one column over the header rows, top to bottom."""
    texts = [cell(rows[i], column) for i in range(index, index + height)]
    return list(dict.fromkeys(t for t in texts if t))


def _columns(stacked: list[list[str]]) -> dict[str, int] | None:
    names = ["".join(labels) for labels in stacked]
    indicator = _first(names, INDICATOR_HEADERS.__contains__)
    if indicator is None:
        return None
    kinds = _scoped([_kind(ls) if i != indicator else None for i, ls in enumerate(stacked)])
    columns: dict[str, int | None] = {"indicator": indicator}
    columns["unit"] = _first(names, UNIT_HEADERS.__contains__)
    for scope, prefix in (("ytd", ""), ("month", "month_")):
        value = next((i for i, k in enumerate(kinds) if k == ("value", scope)), None)
        growth: list[int | None] = [i for i, k in enumerate(kinds) if k == ("growth", scope)]
        after = [i for i in growth if value is not None and i is not None and i > value]
        columns[prefix + "value"] = value
        columns[prefix + "growth"] = (after or growth or [None])[0]
    found = {key: index for key, index in columns.items() if index is not None}
    if not found.keys() - {"indicator", "unit"}:
        return None
    if not found.keys() & {"value", "growth"}:  # month columns only: they are the period's
        found = {key.removeprefix("month_"): index for key, index in found.items()}
    return found


def _kind(labels: list[str]) -> tuple[str, str | None] | None:
    """("value" or "growth", "ytd", "month" or None) for a column's labels; None if neither
    (a 上年同期 level, a rank, a share …)."""
    bare = [re.sub(r"[()%]", "", label) for label in labels]
    scope = None
    for label in bare:
        if _YTD.fullmatch(label):
            scope = "ytd"
        elif _MONTH.fullmatch(label):
            scope = scope or "month"
    if any(_GROWTH.search(label) for label in labels):
        return "growth", "month" if any(_MONTH_GROWTH.search(t) for t in bare) else scope
    if any(_SKIP.search(label) for label in bare):
        return None
    if scope is not None:
        return "value", scope
    return ("value", None) if any(_LEVEL.fullmatch(label) for label in bare) else None


def _scoped(kinds: list[tuple[str, str | None] | None]) -> list[tuple[str, str] | None]:
    """Kinds with every scope decided: a growth column takes the scope of the nearest value
    column to its left; anything else undecided is year-to-date (the period's own figure)."""
    out: list[tuple[str, str] | None] = []
    left = "ytd"
    for kind in kinds:
        if kind is None:
            out.append(None)
            continue
        scope = kind[1] or (left if kind[0] == "growth" else "ytd")
        if kind[0] == "value":
            left = scope
        out.append((kind[0], scope))
    return out


def read_rows(
    rows: list[list[str]],
    header_index: int,
    header: Header,
    region_code: str | None,
    period: str | None,
) -> list[DropRow]:
    """One DropRow per (row, figure column), notes rows as role "note"; sub-items carry part_of."""
    columns = header.columns
    roles = _BOTH_ROLES if "month_value" in columns or "month_growth" in columns else ROLES
    out: list[DropRow] = []
    parent: tuple[str, int] | None = None  # the last top-level row with figures: name, indent
    for number, cells, is_note in body_rows(rows, header_index + header.height):
        if is_note:
            out.append(note_row(number, cells, header.labels[columns["indicator"]]))
            continue
        label = cells[columns["indicator"]] if columns["indicator"] < len(cells) else ""
        if not label.strip() or is_section(cells, label.strip()):
            parent = None if label.strip() else parent
            continue
        name, unit, part_of = _item(label, cell(cells, columns.get("unit")), parent)
        figures = [(key, role) for key, role in roles if key in columns]
        found = [_figure(number, cells, columns[k], r, name, header) for k, r in figures]
        found = [replace_row(row, unit, region_code, period, part_of) for row in found]
        out.extend(found)
        if part_of is None:
            has_figures = any(row.value is not None or row.error for row in found)
            parent = (name, indent_of(label)) if has_figures else None
    return out


def _item(
    label: str, unit_cell: str, parent: tuple[str, int] | None
) -> tuple[str, str | None, str | None]:
    """(name, unit, parent's name if this row is a sub-item) of a row label."""
    marked = _SUB_MARK.match(label) is not None
    indented = parent is not None and indent_of(label) > parent[1]
    name, label_unit = split_unit(_SUB_MARK.sub("", label, count=1).strip())
    part_of = parent[0] if parent is not None and (marked or indented) else None
    if marked and part_of is None:
        part_of = "?"  # 其中/# without a row above it: still never a top-level indicator
    return name, unit_cell or label_unit, part_of


def _figure(
    number: int, cells: list[str], index: int, role: str, name: str, header: Header
) -> DropRow:
    raw = cell(cells, index)
    value, error = parse_number(raw)
    # A growth column's "(%)" is no unit of the row's level figure.
    unit = header.units[index] if index < len(header.units) and "growth" not in role else None
    return DropRow(number, header.labels[index], role, name, unit, None, None, raw, value, error)


def replace_row(
    row: DropRow, unit: str | None, region: str | None, period: str | None, part_of: str | None
) -> DropRow:
    """The row with the unit its label or unit column gives (else its header's), region,
    period and parent."""
    return replace(row, unit=unit or row.unit, region_code=region, period=period, part_of=part_of)


def _first(names: list, accept: Callable[..., object]) -> int | None:
    return next((i for i, name in enumerate(names) if name is not None and accept(name)), None)
