"""CLI `hetang run` exit codes, and a GE check that errors failing the run (never a shortfall)."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from expectations import ge
from expectations import targets as target_suite
from expectations.catalog import load_catalog
from hetang.cli import app
from hetang.settings import WarehousePaths


def test_run_on_an_empty_inbox_exits_0_and_lists_every_target(prefect_harness, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    warehouse = tmp_path / "w.duckdb"
    result = CliRunner().invoke(
        app, ["run", "--inbox", str(inbox), "--warehouse", str(warehouse), "--as-of", "2022-06-30"]
    )
    assert result.exit_code == 0, result.output
    assert "0 loaded, 0 quarantined" in result.output
    assert "no_data 40" in result.output
    con = duckdb.connect(str(WarehousePaths(warehouse).snapshot), read_only=True)
    try:
        assert con.execute(
            "select count(*) from mart.target_status where status = 'no_data'"
        ).fetchone() == (40,)
        assert con.execute("select state, files_loaded from mart.runs").fetchall() == [
            ("completed", 0)
        ]
    finally:
        con.close()


def test_missing_inbox_fails_the_run_with_a_clear_message(prefect_harness, tmp_path):
    result = CliRunner().invoke(
        app,
        ["run", "--inbox", str(tmp_path / "nowhere"), "--warehouse", str(tmp_path / "w.duckdb")],
    )
    assert result.exit_code == 1
    assert "hetang run FAILED" in result.output and "nowhere" in result.output


def test_erroring_ge_check_raises_and_is_not_a_shortfall():
    frame = pd.DataFrame(
        {
            "region_code": ["430202"],
            "year": [2022],
            "target_code": ["gdp_growth"],
            "period": ["2022-03"],
            "kind": ["rate"],
            "score": [5.0],
            "on_track_min": [8.0],
        }
    )  # at_risk_min is missing: the check cannot be evaluated
    with pytest.raises(ge.CheckError, match="at_risk_min"):
        target_suite.validate_targets(frame, load_catalog())


def test_erroring_ge_check_fails_the_whole_run_and_changes_nothing(fresh_run, monkeypatch):
    (fresh_run.inbox / "a.csv").write_text(
        "region_code,indicator,period,value,unit\n430202,fai_growth,2022-03,5.0,%\n",
        encoding="utf-8",
    )
    original = target_suite.measures_frame
    monkeypatch.setattr(
        target_suite, "measures_frame", lambda con: original(con).drop(columns=["at_risk_min"])
    )
    result = CliRunner().invoke(
        app, ["run", "--inbox", str(fresh_run.inbox), "--warehouse", str(fresh_run.warehouse)]
    )
    assert result.exit_code == 1
    assert "could not be evaluated" in result.output and "at_risk_min" in result.output
    paths = WarehousePaths(fresh_run.warehouse)
    assert not paths.snapshot.exists()  # nothing published, no alert shown as a shortfall
    con = duckdb.connect(str(paths.working), read_only=True)
    try:
        assert con.execute("select count(*) from core.observations").fetchone() == (0,)
        assert con.execute("select count(*) from judged.alerts").fetchone() == (0,)
        assert con.execute("select state from core.runs").fetchall() == [("failed",)]
    finally:
        con.close()


def test_a_second_run_on_the_same_warehouse_is_refused_until_the_first_is_gone(
    prefect_harness, tmp_path
):
    """One writer at a time: while another process holds the run lock, `hetang run` fails at
    once, naming the lock, and writes nothing; once that process dies (kill -9: the OS drops
    its lock), the next run goes ahead."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    warehouse = tmp_path / "w.duckdb"
    paths = WarehousePaths(warehouse)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from filelock import FileLock; lock = FileLock(sys.argv[1]); lock.acquire(); "
         "print('held', flush=True); time.sleep(120)", str(paths.run_lock)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline() == "held\n"
        args = [
            "run",
            "--inbox",
            str(inbox),
            "--warehouse",
            str(warehouse),
            "--as-of",
            "2022-06-30",
        ]
        refused = CliRunner().invoke(app, args)
    finally:
        holder.kill()
        holder.wait()
    assert refused.exit_code == 1
    assert "RunInProgress" in refused.output and str(paths.run_lock) in refused.output
    assert "另一次运行正在写入" in refused.output
    assert not paths.run_copy.exists() and not paths.snapshot.exists()
    allowed = CliRunner().invoke(app, args)
    assert allowed.exit_code == 0, allowed.output
    assert "0 loaded, 0 quarantined" in allowed.output
