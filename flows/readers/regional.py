"""Regional comparison tables (各县市区主要指标, SPEC §4.8): regions as rows, indicators as columns.

Row labels resolve through the register (RegionResolver), inside the region the title names;
全市/全区/全县/合计 is that region. A label the register does not know is one unmapped row.
"""

from __future__ import annotations

from flows.readers.base import DropRow
from flows.readers.regions import WHOLE_REGION_WORDS, RegionResolver
from flows.readers.table import body_rows, cell, note_row
from flows.readers.text import norm_header, parse_number, split_unit

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
    header = rows[header_index]
    figures = [
        (index, *split_unit(cell(header, index))) for k, index in columns.items() if k != "region"
    ]
    out: list[DropRow] = []
    for number, cells, is_note in body_rows(rows, header_index + 1):
        label = cell(cells, columns["region"])
        if is_note:
            out.append(note_row(number, cells, cell(header, columns["region"])))
            continue
        if not label:
            continue
        code = _region(label, regions, title_region)
        if code is None:
            text = " ".join(c.strip() for c in cells if c.strip())
            column = cell(header, columns["region"])
            out.append(
                DropRow(number, column, "region", label, None, None, period, text, None, None)
            )
            continue
        for index, name, unit in figures:
            raw = cell(cells, index)
            value, error = parse_number(raw)
            column = cell(header, index)
            out.append(
                DropRow(number, column, "value", name, unit, code, period, raw, value, error)
            )
    return out


def _region(label: str, regions: RegionResolver, title_region: str | None) -> str | None:
    if norm_header(label) in WHOLE_REGION_WORDS:
        return title_region
    return regions.resolve(label, within=title_region)
