"""Turn a drop file (.csv or .xlsx) into rows of cell strings, numbered as a spreadsheet shows them.

A file is read once (`Source`): its bytes serve the ledger's hash, the columnar reader and this
one, and a csv file's text is decoded once for all of them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

from flows.readers.base import DropReadError, DropRow
from flows.readers.formats import display_text
from flows.readers.text import decode, is_note, norm_header, parse_number


@dataclass
class Source:
    """One drop file: its bytes, read once (on first use), and their text, decoded once."""

    path: Path
    _data: bytes | None = field(default=None, repr=False)
    _decoded: tuple[str, str] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, path: Path | Source) -> Source:
        """The source of a path; a Source as it is."""
        return path if isinstance(path, Source) else cls(Path(path))

    @property
    def data(self) -> bytes:
        """The file's bytes (DropReadError when it cannot be read)."""
        if self._data is None:
            try:
                self._data = self.path.read_bytes()
            except OSError as exc:
                raise DropReadError(self.path.name, None, None, f"cannot read file: {exc}") from exc
        return self._data

    def decoded(self) -> tuple[str, str]:
        """(text, encoding) of the bytes; decoded on first use only."""
        if self._decoded is None:
            self._decoded = decode(self.data, self.path.name)
        return self._decoded


@dataclass(frozen=True)
class Table:
    """The cells of a drop as text; rows[i] is spreadsheet row i + 1."""

    encoding: str
    rows: list[list[str]]


def read_table(path: Path | Source) -> Table:
    """Read a .csv (any supported encoding) or the first sheet of an .xlsx as text cells."""
    source = Source.of(path)
    suffix = source.path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(source)
    if suffix == ".xlsx":
        return _read_xlsx(source)
    message = f"unsupported file type {source.path.suffix or '(none)'!r}: expected .csv or .xlsx"
    raise DropReadError(source.path.name, None, None, message)


def _read_csv(source: Source) -> Table:
    text, encoding = source.decoded()
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        # csv yields [] for a blank line and one record for a quoted multi-line cell, so a
        # record's index is the row number a spreadsheet would show.
        return Table(encoding, [list(record) for record in reader])
    except csv.Error as exc:
        name = source.path.name
        raise DropReadError(name, reader.line_num, None, f"malformed csv: {exc}") from exc


def _read_xlsx(source: Source) -> Table:
    try:
        # data_only: a formula cell shows its last computed value, as a spreadsheet displays it.
        workbook = openpyxl.load_workbook(io.BytesIO(source.data), data_only=True)
    except Exception as exc:  # openpyxl raises zip, xml and key errors alike for a bad file
        message = f"cannot open as xlsx: {exc}"
        raise DropReadError(source.path.name, None, None, message) from exc
    try:
        sheet = workbook.worksheets[0]
        return Table("xlsx", [[_display(c) for c in row] for row in sheet.iter_rows()])
    finally:
        workbook.close()


def _display(cell: Any) -> str:
    """A cell's value as text the way a spreadsheet would display it (`display_text`)."""
    return display_text(cell.value, cell.number_format)


def cell(cells: list[str], index: int | None) -> str:
    """The stripped text of cells[index]; "" when the column is absent or the row is short."""
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def data_rows(rows: list[list[str]], start: int) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of the rows from index start on, without blank and notes rows."""
    for number, cells, note in body_rows(rows, start):
        if not note:
            yield number, cells


def body_rows(rows: list[list[str]], start: int) -> Iterator[tuple[int, list[str], bool]]:
    """(row number, cells, is a notes row) of the non-blank rows from index start on.

    Once a notes row ("注：…", "说明：…", "数据来源：…") is seen, rows with at most one filled
    cell are taken as its continuation lines ("2. …") and are notes rows too.
    """
    in_notes = False
    for index in range(start, len(rows)):
        filled = [text for text in rows[index] if text.strip()]
        if not filled:
            continue
        if is_note(filled[0]):
            in_notes = True
        yield index + 1, rows[index], in_notes and (len(filled) == 1 or is_note(filled[0]))


def note_row(number: int, cells: list[str], column: str) -> DropRow:
    """A notes row kept as it is written (role "note"): neither a figure nor an unmapped name."""
    text = " ".join(dict.fromkeys(c.strip() for c in cells if c.strip()))
    return DropRow(number, column, "note", text, None, None, None, text, None, None)


_SECTION = re.compile(r"^[一二三四五六七八九十]+[、.．]")


def is_section(cells: list[str], label: str) -> bool:
    """A section row such as "一、经济发展": its label alone, or merged across the table (so
    every filled cell repeats it)."""
    filled = [c.strip() for c in cells if c.strip()]
    if set(filled) == {label} and len(filled) > 1:
        return True
    return _SECTION.match(label) is not None and len(filled) == 1


def header_height(rows: list[list[str]], index: int, label: int) -> int:
    """How many rows the header starting at rows[index] spans (at most 3): the next rows
    continue it while their label cell (column `label`) repeats the header's (merged down and
    spread) or is empty, and none of their cells holds a number."""
    first = norm_header(cell(rows[index], label))
    height = 1
    while height < 3 and index + height < len(rows):
        row = rows[index + height]
        if not any(t.strip() for t in row) or norm_header(cell(row, label)) not in ("", first):
            break
        if any(parse_number(t)[0] is not None for t in row):
            break
        height += 1
    return height
