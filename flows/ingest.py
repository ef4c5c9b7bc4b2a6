"""The ingest stage: new drops in the inbox → raw.files / raw.rows → core.observations.

Every file seen gets a ledger row. A byte-identical file (same SHA-256 under any name) is a
`duplicate` and changes nothing. A file that cannot be read, or any of whose cells fails the
data-quality gate, is copied to quarantine with a reason naming file, row and column; none of
its rows reach the observations, and the other files still load. The caller owns the
transaction: the nightly run commits ingest, marts and alerts together or not at all.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from itertools import pairwise
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from expectations import quality
from expectations.catalog import Catalog
from flows.readers import Drop, DropReadError, read_drop
from flows.readers.columnar import normalize_long_batch, read_long_csv
from flows.readers.normalize import CELL_SCHEMA, cells_table, normalize_drop, period_end_yyyymmdd
from flows.readers.table import Source
from warehouse import sql

DROP_SUFFIXES = {".csv", ".xlsx"}


@dataclass
class NewFile:
    """A file of the inbox not seen before, and what became of it in this run."""

    path: Path
    sha256: str
    size_bytes: int
    modified_at: datetime
    state: str = "loaded"
    reason: str | None = None
    # The file's bytes, read once for the hash and the readers; let go once it is parsed.
    source: Source | None = None
    drop: Drop | None = None
    # The file's cells as a table of flows.normalize.CELL_SCHEMA (one row per value): columns
    # rather than a Cell object per value, since a national batch has millions of cells.
    cells: pa.Table | None = None
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
    catalog: Catalog,
    inbox: Path,
    as_of: date,
    run_id: str,
    quarantine_dir: Path,
) -> IngestSummary:
    """Ledger, read, check and load every new drop of the inbox."""
    files = new_files(con, discover(inbox))
    regions = [r for (r,) in con.execute("select region_code from core.regions").fetchall()]
    read_and_check(files, catalog, regions, as_of)
    return write(con, files, run_id, quarantine_dir)


def discover(inbox: Path) -> list[Path]:
    """Drop files of the inbox, in order of modification time, then name."""
    if not inbox.is_dir():
        raise FileNotFoundError(f"inbox {inbox} does not exist or is not a folder")
    files = [
        p
        for p in inbox.iterdir()
        if p.is_file() and p.suffix.lower() in DROP_SUFFIXES and not p.name.startswith((".", "~$"))
    ]
    return sorted(files, key=lambda p: (p.stat().st_mtime_ns, p.name))


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
        stat = path.stat()
        modified_at = datetime.fromtimestamp(stat.st_mtime, UTC)
        if (path.name, stat.st_size, modified_at.replace(tzinfo=None)) in seen_stats:
            continue
        source = Source.of(path)
        sha = hashlib.sha256(source.data).hexdigest()
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


def read_and_check(
    files: list[NewFile], catalog: Catalog, known_regions: list[str], as_of: date
) -> None:
    """Parse every new file, then run the data-quality gate over all their cells at once.

    Plain long-layout csv files are parsed column-wise and normalised together
    (`flows.readers.columnar`); every other file, and any file the columnar path cannot take,
    row by row (`read_drop`, `normalize_drop`). Both give the same cells.
    """
    _read_columnar(files, catalog)
    for key, new in enumerate(files):
        if new.state != "loaded" or new.cells is not None:
            continue
        try:
            new.drop = read_drop(
                new.source or new.path, {catalog.region.name_zh: catalog.region.code}
            )
        except DropReadError as exc:
            new.drop = None
            new.state, new.reason = "quarantined", str(exc)
            continue
        new.cells = cells_table(normalize_drop(key, new.drop, catalog))
        # The cells carry all that later stages read; without the parsed rows (and Cell objects)
        # a national batch needs a fraction of the memory.
        new.drop = replace(new.drop, rows=[])
    for new in files:
        new.source = None
    _gate(files, catalog, known_regions, as_of)


def _read_columnar(files: list[NewFile], catalog: Catalog) -> None:
    """The cells of every plain long-layout csv file, normalised in one batch."""
    plain = []
    for key, new in enumerate(files):
        long = read_long_csv(new.source) if new.state == "loaded" and new.source else None
        if long is not None:
            plain.append((key, long.value_column, long.table))
            new.drop = Drop(new.path, "long", long.encoding, None, None, None, [])
    batch, unread = normalize_long_batch(plain, catalog)
    by_file = _split_by_file(batch)
    for key, _, _ in plain:
        if key in unread:
            files[key].drop = None  # the row-by-row reader names the period it cannot read
        else:
            files[key].cells = by_file.get(key, CELL_SCHEMA.empty_table())


def _gate(files: list[NewFile], catalog: Catalog, known_regions: list[str], as_of: date) -> None:
    """The data-quality gate over all cells of the batch; a blocking finding quarantines.

    GE checks the cells inside DuckDB (a scratch database that may spill to disk), so no pandas
    frame of every cell is built; only the failing rows come back to Python.
    """
    as_of_key = as_of.year * 10000 + as_of.month * 100 + as_of.day
    with tempfile.TemporaryDirectory(prefix="hetang-gate-") as spill:
        con = duckdb.connect(config={"memory_limit": GATE_MEMORY_LIMIT, "temp_directory": spill})
        try:
            _quality_inputs(con, files, catalog)
            con.register(
                "known_regions",
                pa.table({"region_code": pa.array(sorted(set(known_regions)), pa.string())}),
            )
            con.execute("create view quality_frame as " + sql.text(_QUALITY_FRAME))
            sql.execute(con, "statements/ingest/quality_table")
            con.execute("create view quality_rows as select pos as __row__, * from quality_frame")
            findings, _ = quality.check_table(
                con, "quality", "quality_rows", known_regions, as_of_key
            )
        finally:
            con.close()
    apply_findings(files, findings)


def apply_findings(files: list[NewFile], findings: list[quality.Finding]) -> None:
    """Each finding to its file; a file with a blocking one goes to quarantine, with reasons."""
    for finding in findings:
        files[finding.file_key].findings.append(finding)
    for new in files:
        blocking = [f for f in new.findings if f.quarantine]
        if blocking:
            new.state = "quarantined"
            new.reason = "; ".join(_where(new.path.name, f) for f in _first_per_rule(blocking))


# The gate's scratch DuckDB: the cells of a national night fit, bigger batches spill.
GATE_MEMORY_LIMIT = "1GB"
_QUALITY_FRAME = "statements/ingest/quality_frame"


def _split_by_file(cells: pa.Table) -> dict[int, pa.Table]:
    """The rows of each file key (cells come in file-key order): zero-copy slices."""
    keys = cells.column("file_key").to_numpy()
    if not len(keys):
        return {}
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    bounds = [*map(int, starts), len(keys)]
    return {int(keys[a]): cells.slice(a, b - a) for a, b in pairwise(bounds)}


def _first_per_rule(findings: list[quality.Finding]) -> list[quality.Finding]:
    """The first failing cell of each rule, naming the other rows, so a reason stays readable."""
    by_rule: dict[str, list[quality.Finding]] = {}
    for finding in sorted(findings, key=lambda f: (f.row_number, f.column)):
        by_rule.setdefault(finding.rule, []).append(finding)
    out = []
    for same_rule in by_rule.values():
        first, others = same_rule[0], sorted({f.row_number for f in same_rule[1:]})
        message = first.message
        if others:
            listed = ", ".join(str(r) for r in others[:5]) + (" …" if len(others) > 5 else "")
            message += f" (also row{'s' if len(others) > 1 else ''} {listed})"
        out.append(
            quality.Finding(
                first.file_key, first.row_number, first.column, first.rule, message, True
            )
        )
    return out


def _where(file_name: str, finding: quality.Finding) -> str:
    return f"{file_name}: row {finding.row_number}, column {finding.column!r}: {finding.message} [{finding.rule}]"


def _batch_cells(files: list[NewFile], keys: Iterable[int] | None = None) -> pa.Table:
    """The cells of the files (all, or those with the given keys), one table in file order,
    with `pos`, the position of each cell in that order."""
    wanted = range(len(files)) if keys is None else keys
    tables = [files[k].cells for k in wanted]
    cells = pa.concat_tables([CELL_SCHEMA.empty_table(), *(t for t in tables if t is not None)])
    return cells.append_column("pos", pa.array(np.arange(cells.num_rows)))


def quality_frame(files: list[NewFile], catalog: Catalog) -> pd.DataFrame:
    """The cells the gate looks at as one pandas frame: the gate's former input, kept as the
    reference `quality.check` validates in the equivalence test."""
    con = duckdb.connect()
    try:
        _quality_inputs(con, files, catalog)
        # Through Arrow: string columns convert about ten times faster than with .df().
        frame = sql.relation(con, _QUALITY_FRAME).order("pos").to_arrow_table().to_pandas()
    finally:
        con.close()
    return frame[list(quality.FRAME_COLUMNS)]


def _quality_inputs(con: duckdb.DuckDBPyConnection, files: list[NewFile], catalog: Catalog) -> None:
    """Register what `statements/ingest/quality_frame.sql` reads: cells, period ends, ranges."""
    cells = _batch_cells(files)
    periods = sorted({p for p in cells.column("period").unique().to_pylist() if p})
    ranges = [(i.code, *i.range) for i in catalog.indicators]
    con.register("cells", cells)
    con.register(
        "period_ends",
        pa.table({"period": periods, "period_end": list(map(period_end_yyyymmdd, periods))}),
    )
    con.register(
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
    """Record every new file in the ledger; load the good ones' observations in file order.

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


def _insert_frame(
    con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame | pa.Table, **params: object
) -> None:
    """Run the named statement, which reads the frame as `batch`."""
    con.register("batch", frame)
    try:
        sql.execute(con, name, **params)
    finally:
        con.unregister("batch")


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
            shutil.copy2(new.path, target)
            quarantine_path = str(target)
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
            "layout": [d.layout if d else None for d in drops],
            "encoding": [d.encoding if d else None for d in drops],
            "title": [d.title if d else None for d in drops],
            "region_code": [d.region_code if d else None for d in drops],
            "period": [d.period if d else None for d in drops],
            "run_id": [run_id] * len(files),
            "quarantine_path": quarantine_paths,
        }
    )
    con.register("batch", frame)
    try:
        con.execute("insert into raw.files by name select * from batch")
    finally:
        con.unregister("batch")


def _raw_rows(con: duckdb.DuckDBPyConnection, files: list[NewFile], file_ids: list[int]) -> None:
    cells = _batch_cells(files)
    if not cells.num_rows:
        return
    _insert_frame(
        con,
        "statements/ingest/raw_rows",
        cells,
        keys=list(range(len(files))),
        ids=file_ids,
    )


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
            ]
            for f in new.findings
        ]
        if new.state == "quarantined" and not new.findings:
            rows.append([run_id, file_id, new.path.name, None, None, "readable", new.reason, True])
    if rows:
        con.executemany("insert into core.dq_findings values (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _observations(
    con: duckdb.DuckDBPyConnection, files: list[NewFile], file_ids: list[int], loaded_at: datetime
) -> int:
    """Insert the loaded files' mapped values; a key loaded before gets the next vintage."""
    loaded = [k for k, new in enumerate(files) if new.state == "loaded" and new.cells is not None]
    cells = _batch_cells(files, loaded)
    if not cells.num_rows:
        return 0
    [(before,)] = con.execute("select count(*) from core.observations").fetchall()
    _insert_frame(
        con,
        "statements/ingest/observations",
        cells,
        keys=loaded,
        ids=[file_ids[k] for k in loaded],
        names=[files[k].path.name for k in loaded],
        loaded_at=loaded_at,
    )
    [(after,)] = con.execute("select count(*) from core.observations").fetchall()
    return int(after) - int(before)
