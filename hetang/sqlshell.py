"""`hetang sql`: ad-hoc read-only SQL on the published snapshot (SPEC §6, DESIGN.md §2).

One-shot (`hetang sql "select ..."`) or a small REPL reading `;`-terminated statements from
stdin (a terminal or a pipe). Every statement gets a fresh locked-down DuckDB connection to the
snapshot, closed before the next prompt: a new snapshot published by the nightly run is seen at
once, and the shell never holds the file open while idle.

Two layers keep the shell harmless:
- statement types other than queries (SELECT, EXPLAIN, PRAGMA, CALL, SET) are refused here,
  with a message that says why, before DuckDB sees them;
- the connection itself is read-only, has no file system or extension access and a locked
  configuration, so whatever passes the first layer (``read_csv('/etc/passwd')`` inside a
  SELECT, ``PRAGMA memory_limit=...``) is refused by DuckDB; its message is rewritten into one
  clear line.

A query still running (or still being read) after ``Settings.sql_timeout_s`` is interrupted.
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, TextIO
from uuid import UUID

import duckdb

from hetang.settings import Settings
from warehouse import sql
from warehouse.connection import open_locked_reader

Format = Literal["table", "csv", "json"]

PROMPT = "hetang> "
CONTINUATION = "   ...> "
FETCH_BATCH = 1000
# A table is for reading; past this many rows, say so and point to --csv / --json.
MAX_TABLE_ROWS = 10_000
# Cells wider than this (in terminal columns) are cut with an ellipsis in table output only.
MAX_CELL_WIDTH = 80

ST = duckdb.StatementType
# Statement types that may reach DuckDB; the locked connection still refuses what they must not do.
ALLOWED_TYPES = {ST.SELECT, ST.EXPLAIN, ST.PRAGMA, ST.CALL, ST.SET, ST.VARIABLE_SET}
READ_ONLY_REFUSED = {
    ST.INSERT,
    ST.UPDATE,
    ST.DELETE,
    ST.MERGE_INTO,
    ST.CREATE,
    ST.CREATE_FUNC,
    ST.DROP,
    ST.ALTER,
    ST.VACUUM,
    ST.ANALYZE,
    ST.TRANSACTION,
}
FILE_REFUSED = {ST.COPY, ST.EXPORT, ST.COPY_DATABASE}
ATTACH_REFUSED = {ST.ATTACH, ST.DETACH}
EXTENSION_REFUSED = {ST.LOAD, ST.EXTENSION}

HELP = """\
hetang sql: read-only SQL on the published warehouse snapshot (see docs/sql.md).
End each statement with ';' (it may span several lines).
  .tables          list the mart views
  .help            this text
  .quit            leave (or Ctrl-D)
Try: describe mart.target_status;   select * from mart.target_status where status <> 'on_track';
Files, COPY, ATTACH, INSTALL/LOAD, CREATE/DROP/INSERT/UPDATE/DELETE and SET are refused.
"""

TABLES_QUERY = sql.text("queries/shell_tables")


class StatementError(Exception):
    """A statement refused or stopped by the shell; the message is the one line shown to the user."""


def run_shell(
    settings: Settings,
    query: str | None,
    fmt: Format = "table",
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run QUERY once, or a REPL on stdin when QUERY is None; return the exit code.

    0: everything ran; 1: a statement failed or was refused; 2: no snapshot to read.
    """
    shell = Shell(settings, fmt, stdout or sys.stdout, stderr or sys.stderr)
    if not shell.snapshot.exists():
        shell.error(
            f"hetang sql: no published warehouse at {shell.snapshot}: "
            "run `hetang run` first to build one"
        )
        return 2
    try:
        if query is not None:
            return shell.one_shot(query)
        return shell.repl(stdin or sys.stdin)
    except BrokenPipeError:
        # `hetang sql ... | head`: the reader left; that is not an error of ours.
        return 0


class Shell:
    """Runs SQL text on fresh locked-down connections and prints the results."""

    def __init__(self, settings: Settings, fmt: Format, out: TextIO, err: TextIO) -> None:
        self.settings = settings
        self.fmt = fmt
        self.out = out
        self.err = err
        self.snapshot: Path = settings.paths.snapshot

    # -- entry points -------------------------------------------------------------------------

    def one_shot(self, query: str) -> int:
        """The QUERY argument: SQL (one or more statements) or a dot command."""
        if query.strip().startswith("."):
            return 0 if self.dot_command(query.strip()) is not False else 1
        return 0 if self.run_sql(query) else 1

    def repl(self, stdin: TextIO) -> int:
        """Read statements until EOF or .quit; return 1 if any of them failed."""
        interactive = stdin.isatty()
        if interactive:
            _enable_line_editing(stdin)
            self.write(
                f"hetang sql on {self.snapshot}\nEnd statements with ';'. .help for help, .quit to leave.\n"
            )
        failed = False
        buffer = ""
        while True:
            line = self.read_line(stdin, CONTINUATION if buffer.strip() else PROMPT, interactive)
            if line is None:
                break
            if not buffer.strip() and line.strip().startswith("."):
                verdict = self.dot_command(line.strip())
                if verdict is None:
                    break
                failed |= not verdict
                continue
            buffer += line
            statements, buffer = split_statements(buffer)
            try:
                for statement in statements:
                    failed |= not self.run_sql(statement)
            except KeyboardInterrupt:
                self.error("query cancelled")
                failed = True
        if buffer.strip():
            # The last statement of a piped script need not end with ';'.
            failed |= not self.run_sql(buffer)
        if interactive:
            self.write("\n")
        return 1 if failed else 0

    def read_line(self, stdin: TextIO, prompt: str, interactive: bool) -> str | None:
        """One line with its newline, or None at EOF; prompts only on a terminal."""
        while True:
            try:
                if interactive and stdin is sys.stdin:
                    return input(prompt) + "\n"  # input() gives readline editing and history
                if interactive:
                    self.write(prompt)
                line = stdin.readline()
                return line or None
            except EOFError:
                return None
            except KeyboardInterrupt:
                # Ctrl-C at the prompt drops the line being typed, as in other SQL shells.
                self.write("\n")
                if not interactive:
                    return None

    def dot_command(self, line: str) -> bool | None:
        """Handle `.help`, `.tables`, `.quit`: True/False for success, None to leave."""
        command = line.split()[0].lower()
        if command in (".quit", ".exit", ".q"):
            return None
        if command == ".help":
            self.write(HELP)
            return True
        if command == ".tables":
            return self.run_sql(TABLES_QUERY)
        self.error(f"hetang sql: unknown command {command}; try .help")
        return False

    # -- running SQL -----------------------------------------------------------------------------

    def run_sql(self, text: str) -> bool:
        """Run every statement of TEXT on one fresh connection; stop at the first error."""
        try:
            con = open_reader(self.snapshot, self.settings.sql_memory_limit)
        except (duckdb.Error, OSError) as exc:
            self.error(f"hetang sql: cannot open {self.snapshot}: {one_line(str(exc))}")
            return False
        try:
            for statement in parse(con, text):
                self.run_statement(con, statement)
            return True
        except StatementError as exc:
            self.error(str(exc))
        except duckdb.Error as exc:
            self.error(explain_error(exc, self.settings))
        finally:
            con.close()
        return False

    def run_statement(self, con: duckdb.DuckDBPyConnection, statement: Any) -> None:
        """Check, run and print one parsed statement; raise StatementError or duckdb.Error."""
        check_allowed(statement)
        timeout = self.settings.sql_timeout_s
        with time_limit(con, timeout) as deadline:
            try:
                cursor = con.execute(statement.query)
                if cursor.description is None:
                    return
                self.emit(cursor)
            except duckdb.InterruptException as exc:
                if deadline.fired:
                    raise StatementError(
                        f"query interrupted after {timeout:g} s (the time limit)"
                    ) from exc
                raise StatementError("query interrupted") from exc
        self.out.flush()

    def emit(self, cursor: duckdb.DuckDBPyConnection) -> None:
        """Print the result in the chosen format, reading rows in batches."""
        names = unique_names([d[0] for d in cursor.description])
        batches = fetch_batches(cursor)
        if self.fmt == "csv":
            write_csv(names, batches, self.out)
        elif self.fmt == "json":
            write_json_lines(names, batches, self.out)
        else:
            rows, more = take_rows(batches, MAX_TABLE_ROWS)
            self.write(render_table(names, rows, more))

    def write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def error(self, message: str) -> None:
        self.err.write(message + "\n")
        self.err.flush()


# -- connection and time limit ------------------------------------------------------------------


def open_reader(snapshot: Path, memory_limit: str) -> duckdb.DuckDBPyConnection:
    """A locked-down read-only connection (no file access, no extensions, no spilling)."""
    return open_locked_reader(snapshot, memory_limit)


class Deadline:
    """Interrupts a connection when it fires; remembers that it did."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.fired = False

    def fire(self) -> None:
        self.fired = True
        self.con.interrupt()


@contextmanager
def time_limit(con: duckdb.DuckDBPyConnection, seconds: float) -> Iterator[Deadline]:
    """Interrupt CON after SECONDS, covering execution *and* reading of the rows.

    warehouse.connection.run_with_timeout cancels its timer when execute() returns, but DuckDB
    streams the rows of most SELECTs: execute() returns at once and the work happens while
    fetching, so the timer must stay armed until the last row has been read.
    """
    deadline = Deadline(con)
    timer = threading.Timer(seconds, deadline.fire)
    timer.daemon = True
    timer.start()
    try:
        yield deadline
    finally:
        timer.cancel()


# -- statements -----------------------------------------------------------------------------------


def parse(con: duckdb.DuckDBPyConnection, text: str) -> list[Any]:
    """DuckDB's own split of TEXT into statements (the authority on types and boundaries)."""
    return con.extract_statements(text)


def check_allowed(statement: Any) -> None:
    """Raise StatementError for statement types the shell never runs."""
    verb = first_keyword(statement.query)
    try:
        kind = statement.type
    except ValueError as exc:
        # A type the Python client has no name for (e.g. UPDATE EXTENSIONS): not a query.
        raise StatementError(
            f"hetang sql runs queries only: {verb or 'this statement'} is refused"
        ) from exc
    if kind in ALLOWED_TYPES:
        return
    verb = verb or kind.name
    if kind in READ_ONLY_REFUSED:
        raise StatementError(
            f"hetang sql is read-only: {verb} is refused (only `hetang run` changes the warehouse)"
        )
    if kind in FILE_REFUSED:
        raise StatementError(f"hetang sql cannot read or write files: {verb} is refused")
    if kind in ATTACH_REFUSED:
        raise StatementError(f"hetang sql cannot attach or detach databases: {verb} is refused")
    if kind in EXTENSION_REFUSED:
        raise StatementError(f"hetang sql cannot install or load extensions: {verb} is refused")
    raise StatementError(f"hetang sql runs queries only: {verb} is refused")


def first_keyword(sql: str) -> str:
    """The statement's first word, upper case, after leading comments (for messages)."""
    stripped = re.sub(r"^(\s+|--[^\n]*\n?|/\*.*?\*/)*", "", sql, flags=re.S)
    match = re.match(r"[A-Za-z_]+", stripped)
    return match.group(0).upper() if match else ""


def split_statements(buffer: str) -> tuple[list[str], str]:
    """Cut BUFFER after every `;` outside quotes and comments: (complete statements, rest)."""
    statements: list[str] = []
    start = i = 0
    n = len(buffer)
    while i < n:
        ch = buffer[i]
        if ch in "'\"":
            end = buffer.find(ch, i + 1)  # '' inside a string simply reopens it: still correct
            i = n if end < 0 else end + 1
        elif buffer.startswith("--", i):
            end = buffer.find("\n", i)
            i = n if end < 0 else end + 1
        elif buffer.startswith("/*", i):
            end = buffer.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif ch == "$" and (tag := re.match(r"\$[A-Za-z_]*\$", buffer[i:])):
            end = buffer.find(tag.group(0), i + len(tag.group(0)))
            i = n if end < 0 else end + len(tag.group(0))
        elif ch == ";":
            statements.append(buffer[start : i + 1])
            start = i = i + 1
        else:
            i += 1
    return statements, buffer[start:]


# -- errors ----------------------------------------------------------------------------------------


def explain_error(exc: duckdb.Error, settings: Settings) -> str:
    """One clear line for a DuckDB error, naming the lock-down rule when one refused it."""
    text = str(exc)
    if "file system operations are disabled" in text or "Cannot access file" in text:
        target = re.search(r'Cannot access (?:file|directory) "([^"]*)"', text)
        what = f' ("{target.group(1)}")' if target else ""
        return f"hetang sql cannot read or write files{what}: query the mart views instead"
    if "external extensions is disabled" in text:
        return "hetang sql cannot install or load extensions"
    if "read-only mode" in text:
        kind = re.search(r'statement of type "(\w+)"', text)
        verb = kind.group(1) if kind else "changing the database"
        return (
            f"hetang sql is read-only: {verb} is refused (only `hetang run` changes the warehouse)"
        )
    if "configuration has been locked" in text:
        option = re.search(r'configuration option "([^"]+)"', text)
        name = f' ("{option.group(1)}")' if option else ""
        return f"hetang sql cannot change settings{name}: the configuration is locked"
    if isinstance(exc, duckdb.OutOfMemoryException):
        return (
            f"query needs more than the memory limit of hetang sql ({settings.sql_memory_limit}, "
            "HETANG_SQL_MEMORY_LIMIT): filter or aggregate more"
        )
    return "hetang sql: " + one_line(text)


def one_line(text: str) -> str:
    """DuckDB's message without the `LINE 1: ... ^` excerpt, on one line."""
    head = re.split(r"\n\s*\nLINE \d+:|\nLINE \d+:", text, maxsplit=1)[0]
    return " ".join(part.strip() for part in head.splitlines() if part.strip())


# -- output ----------------------------------------------------------------------------------------


def fetch_batches(cursor: duckdb.DuckDBPyConnection) -> Iterator[list[tuple]]:
    """The result's rows, FETCH_BATCH at a time (never the whole result at once)."""
    while batch := cursor.fetchmany(FETCH_BATCH):
        yield batch


def take_rows(batches: Iterator[list[tuple]], limit: int) -> tuple[list[tuple], bool]:
    """Up to LIMIT rows, and whether more were left unread."""
    rows: list[tuple] = []
    for batch in batches:
        rows.extend(batch)
        if len(rows) > limit:
            return rows[:limit], True
    return rows, False


def unique_names(names: Sequence[str]) -> list[str]:
    """Column names made unique (`a`, `a_2`), so JSON objects keep every column."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


def write_csv(names: list[str], batches: Iterator[list[tuple]], out: TextIO) -> None:
    """RFC 4180 CSV with a header; NULL is an empty field, floats keep full precision."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for batch in batches:
        writer.writerows([[csv_value(v) for v in row] for row in batch])


def csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_json_lines(names: list[str], batches: Iterator[list[tuple]], out: TextIO) -> None:
    """One JSON object per row; Chinese text stays readable (no \\u escapes)."""
    for batch in batches:
        for row in batch:
            record = {name: json_value(v) for name, v in zip(names, row, strict=True)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def json_value(value: Any) -> Any:
    """A JSON-ready value: numbers stay numbers, dates are ISO 8601, NaN/inf become null."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return value


def render_table(names: list[str], rows: list[tuple], more: bool) -> str:
    """An aligned text table; widths count Chinese characters as two columns."""
    cells = [[cell_text(v) for v in row] for row in rows]
    right = [
        all(is_number(row[i]) for row in rows if row[i] is not None) and bool(rows)
        for i in range(len(names))
    ]
    widths = [
        max([display_width(name)] + [display_width(row[i]) for row in cells])
        for i, name in enumerate(names)
    ]
    lines = [
        "  ".join(pad(name, w, False) for name, w in zip(names, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for row in cells:
        lines.append(
            "  ".join(pad(c, w, r) for c, w, r in zip(row, widths, right, strict=True)).rstrip()
        )
    count = len(rows)
    footer = f"({count} row{'s' if count != 1 else ''})"
    if more:
        footer = f"(first {count} rows shown; use --csv or --json for all of them)"
    lines.append(footer)
    return "\n".join(lines) + "\n"


def is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def cell_text(value: Any) -> str:
    """How a value reads in a table cell: NULL, true/false, floats without binary noise."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = float_text(value) if isinstance(value, float) else str(value)
    # Keep one row on one line, and no cell wider than a terminal can show.
    text = text.replace("\r\n", "↵").replace("\n", "↵").replace("\r", "↵").replace("\t", " ")
    return truncate(text, MAX_CELL_WIDTH)


def float_text(value: float) -> str:
    """Up to 10 decimals (6.2 - 7.5 reads -1.3, not -1.2999999999999998); tiny/huge as repr."""
    if math.isfinite(value) and (value == 0 or 1e-6 <= abs(value) < 1e15):
        text = f"{value:.10f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    return repr(value)


def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal columns TEXT takes: wide and full-width characters count two."""
    return sum(char_width(ch) for ch in text)


def truncate(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, width: int, right: bool) -> str:
    """TEXT padded with spaces to WIDTH display columns (left- or right-aligned)."""
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def _enable_line_editing(stdin: TextIO) -> None:
    """Arrow keys and history for input() on a terminal, where readline exists."""
    if stdin is not sys.stdin:
        return
    with suppress(ImportError):
        import readline  # noqa: F401  (importing it is what enables editing in input())
