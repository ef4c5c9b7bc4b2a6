"""Ingest stage: new drops in the inbox → raw.files / raw.rows → core.observations.

Every file seen gets a ledger row. A byte-identical file (same SHA-256 under any name) is a
`duplicate` and changes nothing. A file that cannot be read, or any of whose cells fails the
data-quality gate, is copied to quarantine with a reason naming file, row and column; none of
its rows reach the observations, and the other files still load. The caller owns the
transaction: the nightly run commits ingest, marts and alerts together or not at all.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from expectations import quality
from expectations.catalog import Catalog
from flows.normalize import Cell, normalize_drop, period_end_yyyymmdd
from flows.readers import Drop, DropReadError, read_drop

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
    drop: Drop | None = None
    cells: list[Cell] = field(default_factory=list)
    findings: list[quality.Finding] = field(default_factory=list)


@dataclass(frozen=True)
class IngestSummary:
    """What one ingest did, file by file."""

    loaded: list[str]
    quarantined: list[str]
    duplicate: list[str]
    observations: int
    findings: int


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


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def new_files(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> list[NewFile]:
    """The files whose (name, content) the ledger has not seen; repeats of content are duplicates."""
    ledger = con.execute("select file_name, sha256, state from raw.files").fetchall()
    seen_pairs = {(name, sha) for name, sha, _ in ledger}
    first_name = {sha: name for name, sha, _ in reversed(ledger)}
    found = []
    for path in paths:
        sha = sha256_of(path)
        if (path.name, sha) in seen_pairs:
            continue
        stat = path.stat()
        new = NewFile(path, sha, stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC))
        if sha in first_name:
            new.state = "duplicate"
            new.reason = f"same bytes as {first_name[sha]}, seen before; nothing changed"
        else:
            first_name[sha] = path.name
        seen_pairs.add((path.name, sha))
        found.append(new)
    return found


def read_and_check(
    files: list[NewFile], catalog: Catalog, known_regions: list[str], as_of: date,
    data_docs: Path | None = None,
) -> None:
    """Parse every new file, then run the data-quality gate over all their cells at once."""
    regions = {catalog.region.name_zh: catalog.region.code}
    for key, new in enumerate(files):
        if new.state != "loaded":
            continue
        try:
            new.drop = read_drop(new.path, regions)
        except DropReadError as exc:
            new.state, new.reason = "quarantined", str(exc)
            continue
        new.cells = normalize_drop(key, new.drop, catalog)
    frame = _quality_frame(files, catalog)
    as_of_key = as_of.year * 10000 + as_of.month * 100 + as_of.day
    findings, _ = quality.check(frame, known_regions, as_of_key, data_docs)
    for finding in findings:
        files[finding.file_key].findings.append(finding)
    for new in files:
        blocking = [f for f in new.findings if f.quarantine]
        if blocking:
            new.state = "quarantined"
            new.reason = "; ".join(_where(new.path.name, f) for f in _first_per_rule(blocking))


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
        out.append(quality.Finding(first.file_key, first.row_number, first.column, first.rule, message, True))
    return out


def _where(file_name: str, finding: quality.Finding) -> str:
    return f"{file_name}: row {finding.row_number}, column {finding.column!r}: {finding.message} [{finding.rule}]"


def _quality_frame(files: list[NewFile], catalog: Catalog) -> pd.DataFrame:
    """The cells the gate looks at: mapped to an indicator and carrying a value or a problem."""
    records = []
    for new in files:
        for cell in new.cells:
            if cell.indicator_code is None and cell.problem is None:
                continue
            if cell.value is None and cell.problem is None:
                continue
            records.append(_quality_record(cell, catalog))
    return pd.DataFrame.from_records(records, columns=_QUALITY_COLUMNS)


_QUALITY_COLUMNS = [
    "file_key", "row_number", "column", "role", "region_column", "period_column",
    "problem_column", "problem_rule", "indicator_code", "region_code", "period", "period_end", "raw_value",
    "value", "problem", "stated_target", "catalog_target", "range_min", "range_max",
]


def _quality_record(cell: Cell, catalog: Catalog) -> dict:
    indicator = catalog.indicator(cell.indicator_code) if cell.indicator_code else None
    annual = cell.role == "annual_target"
    low, high = indicator.range if indicator else (None, None)
    return {
        "file_key": cell.file_key,
        "row_number": cell.row_number,
        "column": cell.column,
        "role": cell.role,
        "region_column": cell.region_column,
        "period_column": cell.period_column,
        "problem_column": cell.problem_column,
        "problem_rule": cell.problem_rule,
        "indicator_code": cell.indicator_code,
        "region_code": cell.region_code or "",
        "period": cell.period,
        "period_end": period_end_yyyymmdd(cell.period) or 0,
        "raw_value": cell.raw_value,
        "value": None if annual else cell.value,
        "problem": cell.problem,
        "stated_target": cell.value if annual else None,
        "catalog_target": cell.catalog_target if annual else None,
        "range_min": low,
        "range_max": high,
    }


def write(
    con: duckdb.DuckDBPyConnection, files: list[NewFile], run_id: str, quarantine_dir: Path
) -> IngestSummary:
    """Record every new file in the ledger; load the good ones' observations in file order."""
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    observations = 0
    for new in files:
        file_id = _ledger_row(con, new, run_id, loaded_at, quarantine_dir)
        _raw_rows(con, file_id, new)
        _findings(con, file_id, new, run_id)
        if new.state == "loaded":
            observations += _observations(con, file_id, new, loaded_at)
    by_state = {s: [f.path.name for f in files if f.state == s] for s in ("loaded", "quarantined", "duplicate")}
    return IngestSummary(
        loaded=by_state["loaded"],
        quarantined=by_state["quarantined"],
        duplicate=by_state["duplicate"],
        observations=observations,
        findings=sum(len(f.findings) for f in files),
    )


def _ledger_row(
    con: duckdb.DuckDBPyConnection, new: NewFile, run_id: str, loaded_at: datetime, quarantine_dir: Path
) -> int:
    quarantine_path = None
    if new.state == "quarantined":
        quarantine_dir.mkdir(parents=True, exist_ok=True)
        target = quarantine_dir / f"{new.sha256[:12]}_{new.path.name}"
        shutil.copy2(new.path, target)
        quarantine_path = str(target)
    drop = new.drop
    (file_id,) = con.execute(
        "insert into raw.files values ("
        "(select coalesce(max(file_id), 0) + 1 from raw.files), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "returning file_id",
        [
            new.path.name, new.sha256, new.size_bytes, new.modified_at.replace(tzinfo=None),
            loaded_at, new.state, new.reason,
            drop.layout if drop else None, drop.encoding if drop else None,
            drop.title if drop else None, drop.region_code if drop else None,
            drop.period if drop else None, run_id, quarantine_path,
        ],
    ).fetchone()
    return int(file_id)


_RAW_COLUMNS = [
    "row_number", "column", "role", "indicator_name", "indicator_code", "name_known", "unit",
    "region_code", "period", "raw_value", "value", "as_of", "source",
]


def _raw_rows(con: duckdb.DuckDBPyConnection, file_id: int, new: NewFile) -> None:
    if not new.cells:
        return
    frame = pd.DataFrame.from_records(
        [{k: asdict(c)[k] for k in _RAW_COLUMNS} for c in new.cells], columns=_RAW_COLUMNS
    )
    frame.insert(0, "file_id", file_id)
    con.register("new_raw_rows", frame)
    try:
        con.execute("insert into raw.rows by name select * rename (\"column\" as column_name) from new_raw_rows")
    finally:
        con.unregister("new_raw_rows")


def _findings(con: duckdb.DuckDBPyConnection, file_id: int, new: NewFile, run_id: str) -> None:
    rows = [
        [run_id, file_id, new.path.name, f.row_number, f.column, f.rule, f.message, f.quarantine]
        for f in new.findings
    ]
    if new.state == "quarantined" and not new.findings:
        rows.append([run_id, file_id, new.path.name, None, None, "readable", new.reason, True])
    if rows:
        con.executemany("insert into core.dq_findings values (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _observations(con: duckdb.DuckDBPyConnection, file_id: int, new: NewFile, loaded_at: datetime) -> int:
    """Insert the file's mapped values; a key loaded before gets the next vintage."""
    cells = [
        c for c in new.cells
        if c.indicator_code and c.value is not None and c.role != "annual_target"
    ]
    if not cells:
        return 0
    frame = pd.DataFrame.from_records(
        [
            {
                "region_code": c.region_code, "indicator_code": c.indicator_code,
                "period": c.period, "value": c.value, "unit": c.unit, "as_of": c.as_of,
                "row_number": c.row_number,
            }
            for c in cells
        ]
    ).drop_duplicates(subset=["region_code", "indicator_code", "period"])
    con.register("new_observations", frame)
    try:
        con.execute(
            """
            insert into core.observations
            select
                n.region_code, n.indicator_code, n.period, n.value, n.unit, n.as_of,
                coalesce(v.vintage, 0) + 1, ?, ?, n.row_number, ?
            from new_observations as n
            left join (
                select region_code, indicator_code, period, max(vintage) as vintage
                from core.observations group by all
            ) as v using (region_code, indicator_code, period)
            """,
            [file_id, new.path.name, loaded_at],
        )
    finally:
        con.unregister("new_observations")
    return len(frame)
