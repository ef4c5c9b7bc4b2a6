"""The one place that opens DuckDB: the nightly writer, the published snapshot, locked-down readers.

DuckDB allows one read-write process *or* many read-only processes per file. So the nightly run
is the only writer. It works on a copy of the working file and, when complete, publishes that
copy as the snapshot and makes it the new working file (atomic renames), so a run killed at any
point leaves both the working file and the snapshot as they were. Readers (dashboard, `hetang sql`) open the snapshot
read-only, one short connection per request, and never block the writer.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
MARTS_DIR = Path(__file__).parent / "marts"

# Marts in dependency order; each file defines the view it is named after.
MART_VIEWS = (
    "targets",
    "observations",
    "observation_vintages",
    "files",
    "unmapped_indicators",
    "dq_findings",
    "target_measures",
    "target_progress",
    "target_status",
    "alerts",
    "alert_history",
    "runs",
)


class WarehouseError(RuntimeError):
    """The warehouse cannot be opened or read as asked."""


def open_writer(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the working warehouse for the nightly run (the only writer)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(path))
    except duckdb.IOException as exc:
        raise WarehouseError(f"cannot open {path} for writing: {exc}") from exc


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    """Migration versions already applied to this file."""
    con.execute(
        "create table if not exists main.schema_migrations "
        "(version integer primary key, name varchar, applied_at timestamp)"
    )
    return {v for (v,) in con.execute("select version from main.schema_migrations").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations, each in its own transaction, then (re)create the mart views."""
    done = applied_versions(con)
    applied = []
    for sql_file in sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9]_*.sql")):
        version = int(sql_file.name[:3])
        if version in done:
            continue
        con.execute("begin transaction")
        try:
            con.execute(sql_file.read_text(encoding="utf-8"))
            con.execute(
                "insert into main.schema_migrations values (?, ?, ?)",
                [version, sql_file.stem, datetime.now(UTC).replace(tzinfo=None)],
            )
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        applied.append(sql_file.stem)
    create_marts(con)
    return applied


def create_marts(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create every mart view from its SQL file."""
    for name in MART_VIEWS:
        body = (MARTS_DIR / f"{name}.sql").read_text(encoding="utf-8")
        con.execute(f"create or replace view mart.{name} as\n{body}")


def start_run_copy(working: Path, run_copy: Path) -> duckdb.DuckDBPyConnection:
    """Open a fresh copy of the working warehouse for one run (the working file stays as it is)."""
    for leftover in (run_copy, _wal(run_copy)):
        leftover.unlink(missing_ok=True)  # from a run that was killed
    if working.exists():
        shutil.copyfile(working, run_copy)
    return open_writer(run_copy)


def finish_run_copy(run_copy: Path, working: Path, snapshot: Path) -> None:
    """Publish the closed run copy as the readers' snapshot, then make it the working file.

    Both steps are atomic renames: a kill before the first leaves everything as before the run;
    a kill between them leaves a new snapshot and the old working file, and the next run simply
    does the same work again.
    """
    # Not "<file>.tmp": that is DuckDB's default spill folder for a database file.
    tmp = snapshot.with_name(snapshot.name + ".publishing")
    shutil.copyfile(run_copy, tmp)
    os.replace(tmp, snapshot)
    os.replace(run_copy, working)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def open_snapshot(snapshot: Path) -> duckdb.DuckDBPyConnection:
    """A plain read-only connection to the published snapshot (for the dashboard's queries)."""
    if not snapshot.exists():
        raise WarehouseError(
            f"no published warehouse at {snapshot}: run `hetang run` first to build one"
        )
    return duckdb.connect(str(snapshot), read_only=True)


@contextmanager
def reading(snapshot: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """One short read-only connection, closed after use (never cached: it would go stale)."""
    con = open_snapshot(snapshot)
    try:
        yield con
    finally:
        con.close()


def open_locked_reader(snapshot: Path, memory_limit: str = "2GB") -> duckdb.DuckDBPyConnection:
    """A read-only connection for ad-hoc SQL that cannot reach files, extensions or settings."""
    if not snapshot.exists():
        raise WarehouseError(
            f"no published warehouse at {snapshot}: run `hetang run` first to build one"
        )
    config: dict[str, str | bool | int | float | list[str]] = {
        "enable_external_access": False,
        "autoload_known_extensions": False,
        "autoinstall_known_extensions": False,
        "allow_community_extensions": False,
        "memory_limit": memory_limit,
        # No spilling: a query that needs more than memory_limit fails instead of writing files.
        "temp_directory": "",
    }
    con = duckdb.connect(str(snapshot), read_only=True, config=config)
    con.execute("set lock_configuration = true")
    return con


def run_with_timeout(
    con: duckdb.DuckDBPyConnection, query: str, timeout_s: float
) -> duckdb.DuckDBPyConnection:
    """Run one query; interrupt it if it is still running after `timeout_s` seconds."""
    timer = threading.Timer(timeout_s, con.interrupt)
    timer.start()
    try:
        return con.execute(query)
    finally:
        timer.cancel()
