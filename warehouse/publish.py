"""The nightly run's copy of the working warehouse, and publishing it when the run is complete.

The run works on a copy of the working file and, when complete, publishes that copy as the
readers' snapshot and makes it the new working file (atomic renames), so a run killed at any
point leaves both the working file and the snapshot as they were.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from warehouse.connection import RUN_MEMORY_LIMIT, open_writer


def start_run_copy(
    working: Path, run_copy: Path, memory_limit: str = RUN_MEMORY_LIMIT
) -> duckdb.DuckDBPyConnection:
    """Open a fresh copy of the working warehouse for one run (the working file stays as it is)."""
    for leftover in (run_copy, run_copy.with_name(run_copy.name + ".wal")):
        leftover.unlink(missing_ok=True)  # from a run that was killed
    if working.exists():
        shutil.copyfile(working, run_copy)
    return open_writer(run_copy, memory_limit)


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
