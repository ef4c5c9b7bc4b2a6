"""The columnar path for plain long-layout CSV drops: Arrow's CSV parser and DuckDB, no row loop.

National deployments send millions of long-layout rows a night, one value a row. For a file
that is *plain* the row-by-row reader (`flows.readers.long`) and Arrow give the same cells, so
such a file is parsed by `pyarrow.csv` as text columns and its rows are numbered by position.
Plain means: long-layout header on the first line, no quote character (so no multi-line
cells), no blank line (so line i is spreadsheet row i), no notes line ("注：…") and the same
number of cells on every line. Anything else returns None and the file takes the row-by-row
reader, which also reports every problem with its row and column.

`LongBatch` then turns the text columns of all such files of a run into cells at once,
with the row-by-row path's exact rules (`flows.readers.normalize`) applied per *distinct* text
(SQL: `warehouse/statements/normalize/`; cells are trimmed of exactly what `str.strip` removes).
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from expectations.catalog import Catalog
from flows.batch import FILE_SHIFT
from flows.readers.base import DropReadError
from flows.readers.long import OPTIONAL, REQUIRED, match_header
from flows.readers.normalize import (
    Mappings,
    conversion_of,
    indicator_for,
    read_figure,
)
from flows.readers.table import Source
from flows.readers.text import parse_number, parse_period
from warehouse import sql

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


def read_long_csv(path: Path | Source) -> LongColumns | None:
    """The file's cells as columns when it is a plain long-layout csv, else None."""
    try:
        source = Source.of(path)
        if source.path.suffix.lower() != ".csv":
            return None
        text, encoding = source.decoded()
    except DropReadError:
        return None
    data = source.data
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


class LongBatch:
    """The plain long-layout files of a run, normalised together into the batch's cells.

    Each file's text columns go to DuckDB as it is read (trimmed, in `t` of the batch's
    database), so the texts of a national night are never all held by Python; `finish` then
    turns them into cells with the row-by-row path's exact rules: names and units are mapped
    once per (name, unit), periods parsed once per text, and a figure goes through
    `parse_number` and the unit conversion once per (text, name, unit), unless it is a plain
    number needing no conversion, which DuckDB casts.
    """

    FLUSH_ROWS = 500_000  # text rows held before they go to DuckDB in one statement

    def __init__(self, work: duckdb.DuckDBPyConnection) -> None:
        """`work`: the batch's cursor (`flows.batch.open_batch`)."""
        self.work = work
        self.value_columns: dict[int, str] = {}
        self._pending: list[tuple[int, pa.Table]] = []
        self._rows = 0
        sql.execute(work, "statements/normalize/strip_macro")
        sql.execute(work, "statements/normalize/create_trimmed")

    def add(self, key: int, long: LongColumns) -> None:
        """One plain file (by its batch key) of the batch."""
        self.value_columns[key] = long.value_column
        self._pending.append((key, long.table))
        self._rows += long.table.num_rows
        if self._rows >= self.FLUSH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        self.work.register("raw_parts", _with_file_keys(self._pending))
        try:
            sql.execute(self.work, "statements/normalize/trimmed")
        finally:
            self.work.unregister("raw_parts")
        self._pending, self._rows = [], 0

    def finish(self, catalog: Catalog) -> set[int]:
        """Add the cells of every file added (CELL_SCHEMA) to the batch's cells; returns the
        keys of files with a period no rule reads: those get no cells here and must take the
        row-by-row reader, which reports the row and column."""
        self._flush()
        con = self.work
        keys = list(self.value_columns)
        con.register(
            "files",
            pa.table({"file_key": keys, "value_column": [self.value_columns[k] for k in keys]}),
        )
        con.register("maps", _name_maps(con, catalog))
        con.register("periods", _periods(con))
        unread = {
            key for (key,) in sql.execute(con, "statements/normalize/unread_periods").fetchall()
        }
        sql.execute(con, "statements/normalize/mapped")
        con.register("figures", _figures(con, catalog))
        sql.execute(  # last: one statement, so a failure leaves the batch's cells as they were
            con,
            "statements/normalize/cells",
            unread=[-1, *sorted(unread)],
            file_shift=FILE_SHIFT,
        )
        return unread

    def close(self) -> None:
        """Let the texts go (after `finish`, or when the batch is given up)."""
        self.work.execute("drop view if exists m")
        self.work.execute("drop table if exists t")
        for name in ("files", "maps", "periods", "figures"):
            with contextlib.suppress(duckdb.Error):
                self.work.unregister(name)


def _with_file_keys(parts: list[tuple[int, pa.Table]]) -> pa.Table:
    return pa.concat_tables(
        [
            table.append_column("file_key", pa.array(np.full(table.num_rows, key, np.int64)))
            for key, table in parts
        ]
    )


def _name_maps(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> pa.Table:
    """(name, unit) → name known, indicator code, indicator unit, and how the unit converts."""
    rows = con.execute("select distinct name, unit from t").fetchall()
    mapped = [indicator_for("value", name, unit, "long", catalog) for name, unit in rows]
    to_units = [catalog.indicator(code).unit if code else None for _, code, _, _ in mapped]
    conversions = [
        conversion_of(from_unit, to_unit or "") if code else None
        for (_, code, from_unit, _), to_unit in zip(mapped, to_units, strict=True)
    ]
    return _typed_table(
        name=(pa.string(), [name for name, _ in rows]),
        unit=(pa.string(), [unit for _, unit in rows]),
        known=(pa.bool_(), [known for known, _, _, _ in mapped]),
        code=(pa.string(), [code for _, code, _, _ in mapped]),
        to_unit=(pa.string(), to_units),
        conversion=(pa.string(), conversions),
    )


def _periods(con: duckdb.DuckDBPyConnection) -> pa.Table:
    texts = [text for (text,) in con.execute("select distinct period_text from t").fetchall()]
    return _typed_table(
        period_text=(pa.string(), texts), period=(pa.string(), list(map(parse_period, texts)))
    )


def _figures(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> pa.Table:
    """Value, unit and problem of every figure that is not a plain number: the row-by-row rules."""
    rows = con.execute("select distinct raw, name, unit from m where not plain").fetchall()
    mappings: Mappings = {}
    figures = [
        read_figure("value", name, unit, *parse_number(raw), "long", catalog, mappings)
        for raw, name, unit in rows
    ]
    text = pa.string()
    return _typed_table(
        raw=(text, [raw for raw, _, _ in rows]),
        name=(text, [name for _, name, _ in rows]),
        raw_unit=(text, [unit for _, _, unit in rows]),
        unit=(text, [f.unit for f in figures]),
        value=(pa.float64(), [f.value for f in figures]),
        problem=(text, [f.problem for f in figures]),
        problem_column=(
            text,
            ["unit" if f.problem_rule == "known_unit" else None for f in figures],
        ),
        problem_rule=(text, [f.problem_rule for f in figures]),
    )


def _typed_table(**columns: tuple[pa.DataType, list]) -> pa.Table:
    """A table from {name: (type, values)}: typed even when a column is empty or all null."""
    return pa.table({name: pa.array(values, kind) for name, (kind, values) in columns.items()})
