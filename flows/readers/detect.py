"""Layout dispatch: one table (read_grid) or one document's prose (read_prose) into a Drop.

`read_grid` recognises a table's layout from its header rows (long, progress, bureau, regional)
and hands it to that layout's reader; `read_prose` reads a bulletin's sentences (SPEC §4.10).
`read_drop(path)` is the old entry point for a .csv or .xlsx file (its first sheet).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from flows.readers import bulletin, bureau, long, progress, regional
from flows.readers.base import Drop, DropReadError, DropRow, NoLayoutError
from flows.readers.regions import RegionResolver, default_resolver, resolver_with
from flows.readers.table import Source, read_table
from flows.readers.text import find_year, period_from_text

__all__ = ["RegionResolver", "read_drop", "read_grid", "read_prose"]

# Progress before bureau: a progress header also has an indicator column and is the narrower match.
_MATCHERS: list[tuple[str, Callable[[list[str]], dict[str, int] | None]]] = [
    ("long", long.match_header),
    ("progress", progress.match_header),
    ("regional", regional.match_header),
    ("bureau", bureau.match_header),
]


# A header sits near the top (title, subtitles, blank lines); a sheet is not searched further.
HEADER_SEARCH_ROWS = 50


def read_drop(
    path: Path | Source, regions: Mapping[str, str] | RegionResolver | None = None
) -> Drop:
    """Parse a drop (.csv or .xlsx, its first sheet); DropReadError if it cannot be."""
    source = Source.of(path)
    table = read_table(source)
    drop = read_grid(source.path.name, None, table.rows, _resolver(regions), source.path.stem)
    return Drop(
        source.path, drop.layout, table.encoding, drop.title, drop.region_code, drop.period,
        drop.rows, drop.sheet, drop.findings,
    )  # fmt: skip


def _resolver(regions: Mapping[str, str] | RegionResolver | None) -> RegionResolver:
    if regions is None:
        return default_resolver()
    return regions if isinstance(regions, RegionResolver) else resolver_with(regions)


def read_grid(
    file: str,
    sheet: str | None,
    rows: list[list[str]],
    regions: RegionResolver,
    name_hint: str,
    context: tuple[str | None, str | None] = (None, None),
) -> Drop:
    """One table (merged ranges already spread) as a Drop, its layout read from its header rows.

    DropReadError (naming file, sheet, row and column) when no header row of a known layout is
    found. `name_hint` (the file name, without its suffix) gives region and period when the
    title does not; then `context` (region, period), e.g. a bulletin's, around a table in it.
    """
    header_index, layout, columns = _find_header(file, sheet, rows)
    title_index = _title_index(rows, header_index)
    title = _title(rows, title_index)
    if layout == "long":
        found = [replace(r, sheet=sheet) for r in long.read_rows(file, rows, header_index, columns)]
        return Drop(Path(file), layout, "", title, None, None, found, sheet)
    # A subtitle ("（截至9月底）", "2022年1-9月") between title and header counts as title.
    above = _above(rows, title_index, header_index, title)
    region = _region(above, name_hint, regions) or context[0]
    row = None if title_index is None else title_index + 1
    period = _period(file, sheet, above, row, name_hint, context[1])
    if layout == "progress":
        found = progress.read_rows(rows, header_index, columns, region, period)
    elif layout == "regional":
        found = regional.read_rows(rows, header_index, columns, regions, region, period)
    else:
        found = _bureau_rows(file, sheet, rows, header_index, (region, period))
    found = [replace(r, sheet=sheet) for r in found]
    return Drop(Path(file), layout, "", title, region, period, found, sheet)


def _bureau_rows(
    file: str,
    sheet: str | None,
    rows: list[list[str]],
    header_index: int,
    where: tuple[str | None, str],
) -> list[DropRow]:
    header = bureau.read_header(rows, header_index)
    if header is None:  # the first row looked like a header, the rows under it spoil it
        message = "表头不完整 / the header's columns cannot be told apart"
        raise DropReadError(file, header_index + 1, None, _on_sheet(sheet) + message)
    return bureau.read_rows(rows, header_index, header, *where)


def _on_sheet(sheet: str | None) -> str:
    return f"sheet {sheet!r}: " if sheet else ""


def read_prose(
    file: str,
    paragraphs: list[str],
    tables: list[list[list[str]]],
    regions: RegionResolver,
    name_hint: str,
) -> Drop:
    """A bulletin or report (SPEC §4.10): figures from its sentences, and from its tables in a
    known layout; the period from its title. DropReadError when the title gives no period."""
    title = next((p.strip() for p in paragraphs if p.strip()), None)
    region = _region(title, name_hint, regions)
    # A bulletin of a year (2022年…统计公报) speaks of the whole year.
    year = find_year(title or "") or find_year(name_hint)
    period = _period(file, None, title, 1 if title else None, name_hint, year)
    rows, findings = bulletin.read_sentences(paragraphs, region, period)
    for number, table in enumerate(tables, start=1):
        try:
            drop = read_grid(file, f"表{number}", table, regions, name_hint, (region, period))
        except DropReadError:
            continue  # a table in no known layout is prose's illustration, not data
        rows += [r for r in drop.rows if r.role != "note"]
    return Drop(Path(file), "bulletin", "", title, region, period, rows, None, findings)


def _find_header(
    file: str, sheet: str | None, rows: list[list[str]]
) -> tuple[int, str, dict[str, int]]:
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        for layout, match in _MATCHERS:
            columns = match(cells)
            if columns is not None:
                return index, layout, columns
    message = (
        f"{_on_sheet(sheet)}未识别到表头行（长表、统计月报、进度表或地区对比表） / "
        "no header row recognised (long, bureau, progress or regional layout)"
    )
    raise NoLayoutError(file, None, None, message)


def _title_index(rows: list[list[str]], header_index: int) -> int | None:
    """The first non-empty row above the header, which is the title."""
    return next((i for i in range(header_index) if any(c.strip() for c in rows[i])), None)


def _title(rows: list[list[str]], index: int | None) -> str | None:
    if index is None:
        return None
    # An unquoted comma in a csv title splits it into cells; joining restores it. A title merged
    # across the row (spread by the caller) repeats in every cell: keep it once.
    cells = list(dict.fromkeys(c.strip() for c in rows[index] if c.strip()))
    return ",".join(cells)


def _above(rows: list[list[str]], first: int | None, header: int, title: str | None) -> str | None:
    """The title and any lines between it and the header, as one text."""
    if first is None:
        return None
    lines = [_title(rows, i) for i in range(first + 1, header)]
    return " ".join([title or "", *(line for line in lines if line)]).strip()


def _region(title: str | None, stem: str, regions: RegionResolver) -> str | None:
    from_title = regions.in_text(title) if title else None
    return from_title or regions.in_text(stem)


def _period(
    file: str,
    sheet: str | None,
    title: str | None,
    title_row: int | None,
    stem: str,
    default: str | None = None,
) -> str:
    """The period from the title (year possibly from the file name), else from the file name,
    else `default`."""
    period = period_from_text(title, find_year(stem)) if title else None
    period = period or period_from_text(stem) or default
    if period is None:
        said = f"title {title!r}" if title else "no title"
        message = (
            f"{_on_sheet(sheet)}缺少时期：标题和文件名都未给出 / "
            f"period is missing: {said}, and the file name gives none"
        )
        raise DropReadError(file, title_row, None, message)
    return period
