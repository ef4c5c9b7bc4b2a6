"""Regional comparison tables (各县市区主要指标, SPEC §4.8): regions as rows, indicators as columns.

Row labels resolve through the register (RegionResolver), inside the region the title names;
全市/全区/全县/合计 is that region. A label the register does not know is one unmapped row.
"""

from __future__ import annotations

import re

from flows.readers.base import DropRow
from flows.readers.regions import WHOLE_REGION_WORDS, RegionResolver
from flows.readers.table import body_rows, cell, header_height, is_section, note_row
from flows.readers.text import norm_header, parse_number, split_unit

_GROWTH = re.compile(r"增速|增长|增幅|同比|±")
_LEVEL = re.compile(r"绝对[值量数]|总量|数值|金额|本期|累计|1-\d{1,2}月")
_SKIP = re.compile(r"位次|排[位名序]|比重|占比|上年同期|去年同期")
REGION_HEADERS = frozenset(
    {"县市区", "县(市、区)", "县(市区)", "县市区名称", "各县市区", "地区", "地区名称", "区县"}
    | {"区县市", "县区", "区域", "市州", "市(州)", "各市州", "县市", "辖区"}
)


def match_header(cells: list[str]) -> dict[str, int] | None:
    """{"region": i} and one key per indicator column ("c<j>": j), if cells head such a table."""
    names = [norm_header(text) for text in cells]
    region = next((i for i, name in enumerate(names) if name in REGION_HEADERS), None)
    if region is None:
        return None
    columns = {f"c{i}": i for i, name in enumerate(names) if name and i != region}
    return {"region": region, **columns} if columns else None


def read_rows(
    rows: list[list[str]],
    header_index: int,
    columns: dict[str, int],
    regions: RegionResolver,
    title_region: str | None,
    period: str | None,
) -> list[DropRow]:
    """One DropRow a (region row, indicator column); an unknown region one row of role "region"."""
    height = header_height(rows, header_index, columns["region"])
    header = [_label(rows, header_index, height, i) for i in range(len(rows[header_index]))]
    region_column = cell(rows[header_index], columns["region"])
    figures = [(i, *header[i]) for k, i in columns.items() if k != "region" and header[i][0]]
    out: list[DropRow] = []
    for number, cells, is_note in body_rows(rows, header_index + height):
        label = cell(cells, columns["region"])
        if is_note:
            out.append(note_row(number, cells, region_column))
        elif label and not is_section(cells, label):
            code = _region(label, regions, title_region)
            out += _figures(number, cells, figures, code, period, region_column, label)
    return out


def _figures(
    number: int,
    cells: list[str],
    figures: list[tuple[int, str, str | None, str]],
    code: str | None,
    period: str | None,
    region_column: str,
    label: str,
) -> list[DropRow]:
    if code is None:  # a name the register does not know: the row is listed as unmapped
        text = " ".join(c.strip() for c in cells if c.strip())
        return [
            DropRow(number, region_column, "region", label, None, None, period, text, None, None)
        ]
    out = []
    for index, name, unit, column in figures:
        raw = cell(cells, index)
        value, error = parse_number(raw)
        out.append(DropRow(number, column, "value", name, unit, code, period, raw, value, error))
    return out


def _label(
    rows: list[list[str]], index: int, height: int, column: int
) -> tuple[str, str | None, str]:
    """(indicator name, unit, column label) of a column over one or more header rows: a group
    "规模工业增加值" over "增速(%)" is 规模工业增加值增速 in %, over "绝对值(亿元)" the level in 亿元;
    a rank or share under a group is no figure (name "")."""
    texts = list(
        dict.fromkeys(t for r in range(index, index + height) if (t := cell(rows[r], column)))
    )
    split = [split_unit(t) for t in texts]
    unit = next((u for _, u in split if u), None)
    names = [n for n, _ in split]
    column_label = " ".join(texts)
    if len(names) < 2:
        return (names[0] if names else ""), unit, column_label
    group, sub = names[0], norm_header("".join(names[1:]))
    if _SKIP.search(sub):
        return "", unit, column_label
    if _GROWTH.search(sub):
        return group + "增速", unit, column_label
    return (group if _LEVEL.fullmatch(sub) else group + sub), unit, column_label


def _region(label: str, regions: RegionResolver, title_region: str | None) -> str | None:
    if norm_header(label) in WHOLE_REGION_WORDS:
        return title_region
    return regions.resolve(label, within=title_region)
