"""A run killed with SIGKILL at three stages leaves the warehouse and snapshot as they were."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from prefect.settings import PREFECT_API_URL

from hetang.settings import WarehousePaths

PROJECT = Path(__file__).resolve().parents[2]
DEMO = PROJECT / "demo" / "inbox"
CHILD = Path(__file__).with_name("crash_child.py")


def counts(db: Path) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "select (select count(*) from core.observations), (select count(*) from raw.files), "
            "(select count(*) from core.runs), (select count(*) from judged.alerts)"
        ).fetchone()
    finally:
        con.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def kill_during(stage: str, inbox: Path, warehouse: Path) -> None:
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PYTHONPATH": str(PROJECT)}
    child = subprocess.Popen(
        [sys.executable, str(CHILD), stage, str(inbox), str(warehouse)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=PROJECT,
    )
    try:
        for line in child.stdout:
            if line.strip() == "PAUSED":
                break
        else:
            pytest.fail(f"the child run never reached the {stage} stage")
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


@pytest.mark.parametrize("stage", ["ingest", "validate", "publish"])
def test_kill_minus_9_leaves_warehouse_as_before_then_next_run_loads(fresh_run, stage):
    files = sorted(DEMO.iterdir())
    for f in files[:6]:  # a first good run on the first half-quarter
        shutil.copy2(f, fresh_run.inbox / f.name)
    fresh_run()
    paths = WarehousePaths(fresh_run.warehouse)
    before, snapshot_before = counts(paths.working), digest(paths.snapshot)

    for f in files[6:12]:
        shutil.copy2(f, fresh_run.inbox / f.name)
    kill_during(stage, fresh_run.inbox, fresh_run.warehouse)

    assert counts(paths.working) == before
    assert digest(paths.snapshot) == snapshot_before
    assert counts(paths.snapshot) == before  # still readable

    summary = fresh_run()
    assert sorted(summary.loaded + summary.quarantined) == sorted(f.name for f in files[6:12])
    after = counts(paths.working)
    assert after[0] > before[0] and after[1] == before[1] + 6 and after[2] == before[2] + 1
    assert counts(paths.snapshot) == after


def test_run_completes_while_a_reader_holds_the_snapshot_open(fresh_run):
    files = sorted(DEMO.iterdir())
    shutil.copy2(files[0], fresh_run.inbox / files[0].name)
    fresh_run()
    paths = WarehousePaths(fresh_run.warehouse)
    reader = duckdb.connect(str(paths.snapshot), read_only=True)  # e.g. the dashboard mid-request
    try:
        (seen_before,) = reader.execute("select count(*) from raw.files").fetchone()
        shutil.copy2(files[1], fresh_run.inbox / files[1].name)
        summary = fresh_run()
        assert summary.loaded == [files[1].name]
        # the open connection keeps its consistent (old) view; a new one sees the new snapshot
        assert reader.execute("select count(*) from raw.files").fetchone() == (seen_before,)
    finally:
        reader.close()
    assert counts(paths.snapshot)[1] == seen_before + 1
