"""The ingest stage: new drops in the inbox → raw.files / raw.rows → core.observations.

Every file of the inbox gets a ledger row (but Office lock files and hidden files; files still
being written wait for a later run), whatever its name says: the format comes from its bytes
(`flows.readers.document`). A byte-identical file (same SHA-256 under any name) is a
`duplicate` and changes nothing. A file that cannot be read, or any of whose cells fails the
data-quality gate, is copied to quarantine with a reason naming file, row and column; none of
its rows reach the observations, and the other files still load: nothing a file holds, and no
error while reading it, can fail the run. Reasons are in English and in Chinese. The caller owns the
transaction: the nightly run commits ingest, marts and alerts together or not at all.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from expectations import quality
from expectations.catalog import Catalog, names_catalog, region_names
from flows import batch
from flows.readers import Drop, DropReadError
from flows.readers.columnar import LongBatch, read_long_csv
from flows.readers.document import FileRead, read_file, reasons
from flows.readers.formats import DEFAULT_LIMITS, FileRefused, Limits
from flows.readers.normalize import cells_table, normalize_drop, period_end_yyyymmdd
from flows.readers.regions import RegionResolver, resolver_with
from flows.readers.table import Source
from warehouse import sql

# Files still being written by a browser or a copy: left for a later run, no ledger row yet.
WAITING_SUFFIXES = frozenset({".part", ".crdownload", ".tmp"})
_ERROR_TEXT_CHARS = 300  # an unexpected error's text, cut so that a ledger reason stays readable


@dataclass
class NewFile:
    """A file of the inbox not seen before, and what became of it in this run."""

    path: Path
    sha256: str
    size_bytes: int
    modified_at: datetime
    state: str = "loaded"
    reason: str | None = None
    reason_zh: str | None = None
    # The file's bytes, read once for the hash and the readers; let go once it is parsed.
    source: Source | None = None
    # What the ledger says of the file once it is read (None: not read, or not readable); its
    # cells are in the batch (flows.batch), since a national night has millions of them.
    drop: Drop | None = None
    findings: list[quality.Finding] = field(default_factory=list)


@dataclass(frozen=True)
class IngestSummary:
    """What one ingest did, file by file."""

    loaded: list[str]
    quarantined: list[str]
    duplicate: list[str]
    observations: int
    findings: int


def ingest(
    con: duckdb.DuckDBPyConnection,
    catalogs: tuple[Catalog, ...],
    inbox: Path,
    as_of: date,
    run_id: str,
    quarantine_dir: Path,
    limits: Limits = DEFAULT_LIMITS,
) -> IngestSummary:
    """Ledger, read, check and load every new drop of the inbox, in the terms of the catalogs
    (their shared indicator names; the regions they are for)."""
    files = new_files(con, discover(inbox))
    regions = [r for (r,) in con.execute("select region_code from core.regions").fetchall()]
    try:
        read_and_check(
            con,
            files,
            names_catalog(catalogs),
            regions,
            as_of,
            names=region_names(catalogs),
            limits=limits,
        )
        return write(con, files, run_id, quarantine_dir)
    finally:
        batch.drop(con)


def discover(inbox: Path) -> list[Path]:
    """Drop files of the inbox, in order of modification time, then name (SPEC §4.4, §4.5).

    Every file, whatever its name says, except Office lock files (`~$…`) and hidden files
    (`.…`), and files still being written (`.part`, `.crdownload`, `.tmp`), which wait.
    """
    if not inbox.is_dir():
        raise FileNotFoundError(f"inbox {inbox} does not exist or is not a folder")
    stamped = []
    for path in inbox.iterdir():
        if path.name.startswith((".", "~$")) or path.suffix.lower() in WAITING_SUFFIXES:
            continue
        try:
            if path.is_file():
                stamped.append((path.stat().st_mtime_ns, path.name, path))
        except OSError:  # gone (or unreachable) since it was listed: nothing to record yet
            continue
    return [path for _, _, path in sorted(stamped)]


def new_files(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> list[NewFile]:
    """The files whose (name, content) the ledger has not seen; repeats of content are duplicates.

    A file whose name, size and modification time match a ledger row is taken as that row's
    file without reading it (as rsync and make do): hashing every file of a big inbox each
    night would make a night without new drops cost as much disk reading as a full load.
    """
    ledger = con.execute(
        "select file_name, sha256, size_bytes, modified_at from raw.files"
    ).fetchall()
    seen_pairs = {(name, sha) for name, sha, _, _ in ledger}
    seen_stats = {(name, size, modified) for name, _, size, modified in ledger}
    first_name = {sha: name for name, sha, _, _ in reversed(ledger)}
    found = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:  # gone since it was listed: a later run sees it if it comes back
            continue
        modified_at = datetime.fromtimestamp(stat.st_mtime, UTC)
        if (path.name, stat.st_size, modified_at.replace(tzinfo=None)) in seen_stats:
            continue
        source = Source.of(path)
        try:
            sha = hashlib.sha256(source.data).hexdigest()
        except DropReadError as exc:  # no bytes to read (permissions, a device error …)
            found.append(_unreadable(path, stat.st_size, modified_at, exc))
            continue
        if (path.name, sha) in seen_pairs:
            continue
        new = NewFile(path, sha, stat.st_size, modified_at, source=source)
        if sha in first_name:
            new.state, new.source = "duplicate", None
            new.reason = f"same bytes as {first_name[sha]}, seen before; nothing changed"
        else:
            first_name[sha] = path.name
        seen_pairs.add((path.name, sha))
        found.append(new)
    return found


def _unreadable(path: Path, size: int, modified_at: datetime, exc: DropReadError) -> NewFile:
    """A file whose bytes cannot be read at all: quarantined, with the system's error."""
    new = NewFile(path, "", size, modified_at, state="quarantined")
    new.reason, new.reason_zh = reasons(exc)
    return new


def read_and_check(
    con: duckdb.DuckDBPyConnection,
    files: list[NewFile],
    catalog: Catalog,
    known_regions: list[str],
    as_of: date,
    *,
    names: dict[str, str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> None:
    """Parse every new file into a new batch on `con`'s instance (`flows.batch`, which `write`
    loads), then run the data-quality gate over all their cells at once.

    `names` maps the Chinese names of the regions a title may name to their codes (default:
    the catalog's own region).

    Plain long-layout csv files are parsed column-wise and normalised together
    (`flows.readers.columnar`); every other file, and any file the columnar path cannot take,
    through the format layer and the layout readers (`read_file`, `normalize_drop`), one at a
    time, each inside its own guard. Both give the same cells.
    """
    work = batch.open_batch(con)
    try:
        _read_columnar(work, files, catalog, limits)
        resolver = resolver_with(names or region_names((catalog,)))
        for key, new in enumerate(files):
            if new.state == "loaded" and new.drop is None:
                _read_one(work, key, new, catalog, resolver, limits)
        for new in files:
            new.source = None
        _gate(work, files, catalog, known_regions, as_of)
    finally:
        work.close()


def _read_one(
    work: duckdb.DuckDBPyConnection,
    key: int,
    new: NewFile,
    catalog: Catalog,
    regions: RegionResolver,
    limits: Limits,
) -> None:
    """Read and normalise one file into the batch; whatever goes wrong quarantines this file
    only (SPEC §4.5)."""
    name = new.path.name
    try:
        data = new.source.data if new.source else Source.of(new.path).data
        read = read_file(name, data, regions, limits)
        cells = cells_table(
            [cell for drop in read.drops for cell in normalize_drop(key, drop, catalog)]
        )
        ledger_drop, findings = _ledger_drop(new.path, read), _read_findings(key, read)
        batch.add(work, key, cells)  # last: a file refused above has no cells in the batch
        new.drop = ledger_drop
        new.findings += findings
    except FileRefused as exc:
        _quarantine(new, exc.reason("en"), exc.reason("zh"))
    except DropReadError as exc:
        _quarantine(new, *reasons(exc))
    except Exception as exc:  # a reader's own bug must not fail the night either
        text = f"{type(exc).__name__}: {exc}"[:_ERROR_TEXT_CHARS]
        _quarantine(new, f"{name}: cannot be read ({text})", f"文件 {name}：读取时出错（{text}）")


def _quarantine(new: NewFile, reason: str, reason_zh: str) -> None:
    new.state, new.reason, new.reason_zh = "quarantined", reason, reason_zh
    new.drop = None


def _ledger_drop(path: Path, read: FileRead) -> Drop:
    """What the ledger says of a file: its layouts, how it was decoded, its first title, region
    and period. The cells carry all that later stages read; without the parsed rows (and Cell
    objects) a national batch needs a fraction of the memory."""
    first = read.drops[0]
    layouts = ",".join(dict.fromkeys(drop.layout for drop in read.drops))
    encoding = read.encoding or read.format
    return replace(first, path=path, layout=layouts, encoding=encoding, rows=[], findings=[])


def _read_findings(key: int, read: FileRead) -> list[quality.Finding]:
    """What the readers noted without refusing the file: skipped sheets, unreadable figures."""
    found = [
        quality.Finding(
            key, None, None, "sheet_skipped",
            f"sheet {s.sheet!r} skipped: {s.message_en}",
            False, f"已跳过工作表“{s.sheet}”：{s.message_zh}", s.sheet,
        )
        for s in read.skipped
    ]  # fmt: skip
    for drop in read.drops:
        found += [
            quality.Finding(
                key, f.row_number, f.column, "reader_finding",
                _in_sheet(f.sheet, f.message_en, "en"), False, _in_sheet(f.sheet, f.message_zh, "zh"),
                f.sheet,
            )
            for f in drop.findings
        ]  # fmt: skip
    return found


def _in_sheet(sheet: str | None, message: str, language: str) -> str:
    if sheet is None:
        return message
    return f"工作表“{sheet}”：{message}" if language == "zh" else f"sheet {sheet!r}: {message}"


def _read_columnar(
    work: duckdb.DuckDBPyConnection, files: list[NewFile], catalog: Catalog, limits: Limits
) -> None:
    """The cells of every plain long-layout csv file, normalised in one batch.

    A file over a limit, or any trouble in the batch, leaves the files to the row-by-row path,
    which reads each inside its own guard.
    """
    plain = []
    long_batch = LongBatch(work)
    try:
        for key, new in enumerate(files):
            if new.state != "loaded" or not new.source or new.size_bytes > limits.max_bytes:
                continue
            long = read_long_csv(new.source)
            if long is not None and _within(long.table, limits):
                plain.append(key)
                long_batch.add(key, long)
                new.drop = Drop(new.path, "long", long.encoding, None, None, None, [])
                new.source = None  # parsed: its bytes go (a file the batch leaves is read again)
        unread = long_batch.finish(catalog)
    except Exception:  # one odd file must not stop the batch: each is then read on its own
        unread = set(plain)
    finally:
        long_batch.close()
    for key in unread:
        files[key].drop = None  # the row-by-row reader names the period it cannot read


def _within(table: pa.Table, limits: Limits) -> bool:
    """Whether a columnar file keeps to the row and cell limits (else the row-by-row reader
    refuses it, naming the row where it stopped). The table has a column for every field, so
    this counts at least the cells the file has; a file near the limit just reads row by row."""
    rows = table.num_rows + 1  # the header row counts, as it does for the row-by-row reader
    return rows <= limits.max_rows and rows * (table.num_columns - 1) <= limits.max_cells


def _gate(
    work: duckdb.DuckDBPyConnection,
    files: list[NewFile],
    catalog: Catalog,
    known_regions: list[str],
    as_of: date,
) -> None:
    """The data-quality gate over all cells of the batch; a blocking finding quarantines.

    GE checks the cells inside DuckDB (the batch's database, which may spill to disk), so no
    pandas frame of every cell is built; only the failing rows come back to Python.
    """
    as_of_key = as_of.year * 10000 + as_of.month * 100 + as_of.day
    _quality_inputs(work, catalog)
    work.register(
        "known_regions",
        pa.table({"region_code": pa.array(sorted(set(known_regions)), pa.string())}),
    )
    work.execute("create or replace temp view quality_frame as " + sql.text(_QUALITY_FRAME))
    sql.execute(work, "statements/ingest/quality_table")
    work.execute(
        "create or replace temp view quality_rows as select pos as __row__, * from quality_frame"
    )
    try:
        findings, _ = quality.check_table(work, "quality", "quality_rows", known_regions, as_of_key)
    finally:
        work.execute("drop table if exists quality")
    apply_findings(files, findings)


def apply_findings(files: list[NewFile], findings: list[quality.Finding]) -> None:
    """Each finding to its file; a file with a blocking one goes to quarantine, with reasons."""
    for finding in findings:
        files[finding.file_key].findings.append(finding)
    for new in files:
        blocking = [f for f in new.findings if f.quarantine]
        if blocking:
            first = _first_per_rule(blocking)
            new.state = "quarantined"
            new.reason = "; ".join(_where(new.path.name, f) for f in first)
            new.reason_zh = "；".join(_where_zh(new.path.name, f) for f in first)


_QUALITY_FRAME = "statements/ingest/quality_frame"


def _first_per_rule(findings: list[quality.Finding]) -> list[quality.Finding]:
    """The first failing cell of each rule, naming the other rows, so a reason stays readable."""
    by_rule: dict[str, list[quality.Finding]] = {}
    for finding in sorted(findings, key=lambda f: (f.row_number or 0, f.column or "")):
        by_rule.setdefault(finding.rule, []).append(finding)
    out = []
    for same_rule in by_rule.values():
        first = same_rule[0]
        others = sorted(
            {f.row_number for f in same_rule[1:] if f.row_number not in (None, first.row_number)}
        )
        message, message_zh = first.message, first.message_zh
        if others:
            listed = ", ".join(str(r) for r in others[:5]) + (" …" if len(others) > 5 else "")
            message += f" (also row{'s' if len(others) > 1 else ''} {listed})"
            message_zh += f"（另见第 {listed.replace(', ', '、')} 行）"
        out.append(replace(first, message=message, message_zh=message_zh, quarantine=True))
    return out


def _where(file_name: str, finding: quality.Finding) -> str:
    sheet = f"sheet {finding.sheet!r}, " if finding.sheet is not None else ""
    where = f"{file_name}: {sheet}row {finding.row_number}, column {finding.column!r}"
    return f"{where}: {finding.message} [{finding.rule}]"


def _where_zh(file_name: str, finding: quality.Finding) -> str:
    sheet = f"工作表“{finding.sheet}”，" if finding.sheet is not None else ""
    where = f"文件 {file_name}，{sheet}第 {finding.row_number} 行，“{finding.column}”列"
    return f"{where}：{finding.message_zh or finding.message} [{finding.rule}]"


def quality_frame(work: duckdb.DuckDBPyConnection, catalog: Catalog) -> pd.DataFrame:
    """The cells the gate looks at as one pandas frame: the gate's former input, kept as the
    reference `quality.check` validates in the equivalence test."""
    _quality_inputs(work, catalog)
    # Through Arrow: string columns convert about ten times faster than with .df().
    frame = sql.relation(work, _QUALITY_FRAME).order("pos").to_arrow_table().to_pandas()
    return frame[list(quality.FRAME_COLUMNS)]


def _quality_inputs(work: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    """Register what `statements/ingest/quality_frame.sql` reads beside the batch's cells:
    period ends and ranges."""
    periods = [p for (p,) in work.execute("select distinct period from cells").fetchall() if p]
    periods.sort()
    ranges = [(i.code, *i.range) for i in catalog.indicators]
    work.register(
        "period_ends",
        pa.table({"period": periods, "period_end": list(map(period_end_yyyymmdd, periods))}),
    )
    work.register(
        "ranges",
        pa.table(
            {name: [r[i] for r in ranges] for i, name in enumerate(_RANGE_COLUMNS)},
            schema=pa.schema(
                [(_RANGE_COLUMNS[0], pa.string())]
                + [(name, pa.float64()) for name in _RANGE_COLUMNS[1:]]
            ),
        ),
    )


_RANGE_COLUMNS = ("indicator_code", "range_min", "range_max")


def write(
    con: duckdb.DuckDBPyConnection, files: list[NewFile], run_id: str, quarantine_dir: Path
) -> IngestSummary:
    """Record every new file in the ledger; load the batch's cells (`read_and_check` put them
    there) into raw.rows, and the good files' into core.observations, in file order.

    One statement per table for the whole batch: a statement per file costs O(files x rows) at
    national scale (the vintage lookup reads core.observations each time). File ids follow the
    ledger in file order, and a key that several files of the batch carry gets consecutive
    vintages in file order, exactly as loading one file after the other would give.
    """
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    [(last_id,)] = con.execute("select coalesce(max(file_id), 0) from raw.files").fetchall()
    file_ids = [int(last_id) + 1 + i for i in range(len(files))]
    _ledger_rows(con, files, file_ids, run_id, loaded_at, quarantine_dir)
    _raw_rows(con, files, file_ids)
    _findings(con, files, file_ids, run_id)
    observations = _observations(con, files, file_ids, loaded_at)
    by_state = {
        s: [f.path.name for f in files if f.state == s]
        for s in ("loaded", "quarantined", "duplicate")
    }
    return IngestSummary(
        loaded=by_state["loaded"],
        quarantined=by_state["quarantined"],
        duplicate=by_state["duplicate"],
        observations=observations,
        findings=sum(len(f.findings) for f in files),
    )


def _ledger_rows(
    con: duckdb.DuckDBPyConnection,
    files: list[NewFile],
    file_ids: list[int],
    run_id: str,
    loaded_at: datetime,
    quarantine_dir: Path,
) -> None:
    if not files:
        return
    quarantine_paths = []
    for new in files:
        quarantine_path = None
        if new.state == "quarantined":
            quarantine_dir.mkdir(parents=True, exist_ok=True)
            target = quarantine_dir / f"{new.sha256[:12]}_{new.path.name}"
            try:
                shutil.copy2(new.path, target)
                quarantine_path = str(target)
            except OSError:  # its bytes could not be read: the reason says so; nothing to keep
                quarantine_path = None
        quarantine_paths.append(quarantine_path)
    drops = [new.drop for new in files]
    frame = pd.DataFrame(
        {
            "file_id": file_ids,
            "file_name": [new.path.name for new in files],
            "sha256": [new.sha256 for new in files],
            "size_bytes": [new.size_bytes for new in files],
            "modified_at": [new.modified_at.replace(tzinfo=None) for new in files],
            "loaded_at": [loaded_at] * len(files),
            "state": [new.state for new in files],
            "reason": [new.reason for new in files],
            "reason_zh": [new.reason_zh for new in files],
            "layout": [d.layout if d else None for d in drops],
            "encoding": [d.encoding if d else None for d in drops],
            "title": [d.title if d else None for d in drops],
            "region_code": [d.region_code if d else None for d in drops],
            "period": [d.period if d else None for d in drops],
            "run_id": [run_id] * len(files),
            "quarantine_path": quarantine_paths,
        }
    )
    con.register("ledger", frame)
    try:
        con.execute("insert into raw.files by name select * from ledger")
    finally:
        con.unregister("ledger")


def _raw_rows(con: duckdb.DuckDBPyConnection, files: list[NewFile], file_ids: list[int]) -> None:
    """Every cell of the batch (quarantined files' too) into raw.rows."""
    if not files:
        return
    sql.execute(con, "statements/ingest/raw_rows", keys=list(range(len(files))), ids=file_ids)


def _findings(
    con: duckdb.DuckDBPyConnection, files: list[NewFile], file_ids: list[int], run_id: str
) -> None:
    rows = []
    for file_id, new in zip(file_ids, files, strict=True):
        rows += [
            [
                run_id,
                file_id,
                new.path.name,
                f.row_number,
                f.column,
                f.rule,
                f.message,
                f.quarantine,
                f.message_zh or None,
                f.sheet,
            ]
            for f in new.findings
        ]
        if new.state == "quarantined" and not any(f.quarantine for f in new.findings):
            rows.append(
                [
                    run_id,
                    file_id,
                    new.path.name,
                    None,
                    None,
                    "readable",
                    new.reason,
                    True,
                    new.reason_zh,
                    None,
                ]
            )
    if rows:
        con.executemany(
            f"insert into core.dq_findings ({_FINDING_COLUMNS}) values ({', '.join('?' * 10)})",
            rows,
        )


_FINDING_COLUMNS = (
    "run_id, file_id, file_name, row_number, column_name, rule, message, quarantined, message_zh, "
    "sheet"
)


def _observations(
    con: duckdb.DuckDBPyConnection, files: list[NewFile], file_ids: list[int], loaded_at: datetime
) -> int:
    """Insert the loaded files' mapped values; a key loaded before gets the next vintage."""
    loaded = [k for k, new in enumerate(files) if new.state == "loaded" and new.drop is not None]
    if not loaded:
        return 0
    [(before,)] = con.execute("select count(*) from core.observations").fetchall()
    sql.execute(
        con,
        "statements/ingest/observations",
        keys=loaded,
        ids=[file_ids[k] for k in loaded],
        names=[files[k].path.name for k in loaded],
        loaded_at=loaded_at,
    )
    [(after,)] = con.execute("select count(*) from core.observations").fetchall()
    return int(after) - int(before)
