"""read_drop: read one drop file, recognise its layout from its header row and parse its rows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from flows.readers import bureau, long, progress
from flows.readers.base import Drop, DropReadError
from flows.readers.table import Source, read_table
from flows.readers.text import find_year, period_from_text, region_from_text

DEFAULT_REGIONS: Mapping[str, str] = {"荷塘区": "430202", "株洲市荷塘区": "430202"}

# Progress before bureau: a progress header also has an indicator column and is the narrower match.
_MATCHERS: list[tuple[str, Callable[[list[str]], dict[str, int] | None]]] = [
    ("long", long.match_header),
    ("progress", progress.match_header),
    ("bureau", bureau.match_header),
]
# One indicator a row: the figures of which columns each wide layout reads.
_WIDE_ROLES = {"bureau": bureau.ROLES, "progress": progress.ROLES}


def read_drop(path: Path | Source, regions: Mapping[str, str] | None = None) -> Drop:
    """Parse a drop (.csv or .xlsx, long/bureau/progress layout); DropReadError if it cannot be."""
    source = Source.of(path)
    path = source.path
    table = read_table(source)
    header_index, layout, columns = _find_header(path.name, table.rows)
    title_index = _title_index(table.rows, header_index)
    title = _title(table.rows, title_index)
    if layout == "long":
        rows = long.read_rows(path.name, table.rows, header_index, columns)
        return Drop(path, layout, table.encoding, title, None, None, rows)
    region = _region(title, path.stem, DEFAULT_REGIONS if regions is None else regions)
    row = None if title_index is None else title_index + 1
    period = _period(path.name, title, row)
    rows = bureau.wide_rows(table.rows, header_index, columns, _WIDE_ROLES[layout], region, period)
    return Drop(path, layout, table.encoding, title, region, period, rows)


def _find_header(file: str, rows: list[list[str]]) -> tuple[int, str, dict[str, int]]:
    for index, cells in enumerate(rows):
        for layout, match in _MATCHERS:
            columns = match(cells)
            if columns is not None:
                return index, layout, columns
    raise DropReadError(file, None, None, "no header row recognised (long, bureau or progress)")


def _title_index(rows: list[list[str]], header_index: int) -> int | None:
    """The first non-empty row above the header, which is the title."""
    return next((i for i in range(header_index) if any(c.strip() for c in rows[i])), None)


def _title(rows: list[list[str]], index: int | None) -> str | None:
    if index is None:
        return None
    # An unquoted comma in a csv title splits it into cells; joining restores it.
    return ",".join(c.strip() for c in rows[index] if c.strip())


def _region(title: str | None, stem: str, regions: Mapping[str, str]) -> str | None:
    from_title = region_from_text(title, regions) if title else None
    return from_title or region_from_text(stem, regions)


def _period(file: str, title: str | None, title_row: int | None) -> str:
    """The period from the title (year possibly from the file name), else from the file name."""
    stem = Path(file).stem
    period = period_from_text(title, find_year(stem)) if title else None
    period = period or period_from_text(stem)
    if period is None:
        said = f"title {title!r}" if title else "no title"
        message = f"period is missing: {said}, and the file name gives none"
        raise DropReadError(file, title_row, None, message)
    return period
