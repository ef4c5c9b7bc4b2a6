"""One drop's bytes → its Drops: the format from the bytes, then every sheet through the layouts.

`read_file(name, data, regions, limits)` reads the bytes with `flows.readers.formats` (never the
name: an .xls saved as .xlsx loads), spreads merged ranges and hands every sheet to
`flows.readers.detect.read_grid`; a Word document, or a text file without a table in a known
layout, goes to `read_prose`. A sheet with no known layout is skipped and noted (`Skipped`); a
file with no sheet in a known layout at all is refused (`FileRefused` kind "no_layout") with
what each sheet was. Nothing here knows the warehouse or the catalog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flows.readers.base import Drop, DropReadError, NoLayoutError
from flows.readers.detect import read_grid, read_prose
from flows.readers.formats import Document, FileRefused, Limits, read_document, spread_merged
from flows.readers.regions import RegionResolver


@dataclass(frozen=True)
class Skipped:
    """A sheet of a file that holds no table in a known layout: skipped, and why (both languages)."""

    sheet: str | None
    message_en: str
    message_zh: str


@dataclass(frozen=True)
class FileRead:
    """What a drop holds: its format, one Drop per sheet (or its prose) read, the sheets skipped."""

    format: str
    encoding: str | None
    drops: list[Drop]
    skipped: list[Skipped] = field(default_factory=list)


def read_file(name: str, data: bytes, regions: RegionResolver, limits: Limits) -> FileRead:
    """Every sheet (or the prose) of a drop as Drops; FileRefused when nothing can be read."""
    document = read_document(name, data, limits)
    stem = Path(name).stem
    if document.format == "docx":
        drops, skipped = _prose(name, document, regions, stem)
    else:
        drops, skipped = _grids(name, document, regions, stem)
        if not drops and document.format == "text" and document.paragraphs:
            drops, prose_skipped = _prose(name, document, regions, stem)
            skipped += prose_skipped
    if not drops:
        raise _no_layout(name, skipped)
    return FileRead(document.format, document.encoding, drops, skipped)


def _grids(
    name: str, document: Document, regions: RegionResolver, stem: str
) -> tuple[list[Drop], list[Skipped]]:
    drops, skipped = [], []
    for sheet in document.sheets:
        if not any(cell.strip() for row in sheet.rows for cell in row):
            skipped.append(Skipped(sheet.name, "an empty sheet", "空工作表"))
            continue
        rows = spread_merged(sheet.rows, sheet.merged)
        try:
            drops.append(read_grid(name, sheet.name, rows, regions, stem))
        except NoLayoutError as exc:  # a sheet in no known layout; a bad row fails the file
            message = exc.message.removeprefix(f"sheet {sheet.name!r}: ")
            skipped.append(Skipped(sheet.name, *_languages(message)))
    return drops, skipped


def _prose(
    name: str, document: Document, regions: RegionResolver, stem: str
) -> tuple[list[Drop], list[Skipped]]:
    """The document's prose and its tables read as a bulletin, or why not: it names no period,
    or not one sentence or table in it names an indicator."""
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    tables = [spread_merged(sheet.rows, sheet.merged) for sheet in document.sheets]
    try:
        drop = read_prose(name, paragraphs, tables, regions, stem)
    except DropReadError as exc:
        return [], [Skipped(_PROSE, *_languages(exc.message))]
    if not drop.rows and not drop.findings:
        return [], [Skipped(_PROSE, "no sentence names an indicator", "没有语句提到任何指标")]
    return [drop], []


_PROSE = "prose"  # what a Skipped names when the text, not a sheet, was read
_ZH_PLACES = {"": "表", _PROSE: "正文"}


def _languages(message: str) -> tuple[str, str]:
    """(English, Chinese) of a reader's message written "中文 / English"; else the same twice."""
    zh, separator, en = message.partition(" / ")
    return (en, zh) if separator else (message, message)


def reasons(error: DropReadError) -> tuple[str, str]:
    """A reader's refusal as a ledger reason in English and in Chinese, naming file, row, column."""
    if isinstance(error, FileRefused):
        return error.reason("en"), error.reason("zh")
    en, zh = _languages(error.message)
    where_zh = [f"文件 {error.file}"]
    where_zh += [f"第 {error.row} 行"] if error.row is not None else []
    where_zh += [f"“{error.column}”列"] if error.column is not None else []
    english = DropReadError(error.file, error.row, error.column, en)
    return str(english), f"{'，'.join(where_zh)}：{zh}"


def _no_layout(name: str, skipped: list[Skipped]) -> FileRefused:
    en = "; ".join(f"{s.sheet or 'table'}: {s.message_en}" for s in skipped)
    zh = "；".join(f"{_ZH_PLACES.get(s.sheet or '', s.sheet)}：{s.message_zh}" for s in skipped)
    return FileRefused(
        "no_layout",
        f"nothing in it is in a known layout ({en})",
        f"文件中没有可识别格式的表格或正文（{zh}）",
        name,
    )
