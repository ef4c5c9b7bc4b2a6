"""A columnar reader for plain long-layout CSV drops: Arrow's CSV parser instead of a row loop.

National deployments send millions of long-layout rows a night, one value a row. For a file
that is *plain* the row-by-row reader (`flows.readers.long`) and Arrow give the same cells, so
such a file is parsed by `pyarrow.csv` as text columns and its rows are numbered by position.
Plain means: long-layout header on the first line, no quote character (so no multi-line
cells), no blank line (so line i is spreadsheet row i), no notes line ("注：…") and the same
number of cells on every line. Anything else returns None and the file takes the row-by-row
reader, which also reports every problem with its row and column. Numbers, periods and names
are not read here: `flows.normalize.normalize_long_batch` applies the readers' own rules to
them (cells are trimmed of exactly what `str.strip` removes).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from flows.readers.base import DropReadError
from flows.readers.long import OPTIONAL, REQUIRED, match_header
from flows.readers.text import decode

# Anything that could open a notes line (flows.readers.text.is_note), anywhere in the text.
_NOTE_LIKE = re.compile(r"(注|说明|数据来源|资料来源|备注)\s*\d*\s*[:.、：．]")
# One character of each note word: a fast test (one-character find) before the regex.
_NOTE_CHARS = ("注", "明", "源")
FIELDS = REQUIRED + OPTIONAL


@dataclass(frozen=True)
class LongColumns:
    """A plain long-layout csv as text columns; row_number as a spreadsheet shows it."""

    encoding: str
    value_column: str  # the value column's header as written
    table: pa.Table  # row_number, then FIELDS as strings (absent optional columns: null)


def read_long_csv(path: Path) -> LongColumns | None:
    """The file's cells as columns when it is a plain long-layout csv, else None."""
    if path.suffix.lower() != ".csv":
        return None
    try:
        data = path.read_bytes()
        text, encoding = decode(data, path.name)
    except (OSError, DropReadError):
        return None
    same_bytes = encoding == "utf-8" and "\r" not in text  # the file's bytes are the body's
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if not _plain(text):
        return None
    header_line, _, body = text.partition("\n")
    header = header_line.split(",")
    columns = match_header(header)
    if columns is None:
        return None
    names = [f"c{i}" for i in range(len(header))]
    try:
        parsed = pacsv.read_csv(
            io.BytesIO(data.partition(b"\n")[2] if same_bytes else body.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(quote_char=False, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid:  # a line (a blank one too) with more or fewer cells than the header
        return None
    rows = parsed.num_rows
    arrays = {"row_number": pa.array(range(2, rows + 2), pa.int64())}
    for name in FIELDS:
        index = columns.get(name)
        arrays[name] = parsed.column(index) if index is not None else pa.nulls(rows, pa.string())
    return LongColumns(encoding, header[columns["value"]].strip(), pa.table(arrays))


def _plain(text: str) -> bool:
    """No quote, no lone carriage return, no notes; a blank line is refused by the parser."""
    return (
        '"' not in text
        and "\r" not in text
        and not text.startswith("\n")
        and not (any(char in text for char in _NOTE_CHARS) and _NOTE_LIKE.search(text))
    )
