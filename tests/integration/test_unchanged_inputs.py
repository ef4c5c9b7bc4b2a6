"""A night whose inputs are unchanged keeps the latest validation instead of running GE again.

Real nightly runs: the statuses of the validating run stand (same counts, same target checks,
no new validation results, no alert changes); a new file, or a changed table the statuses are
computed from, makes the next run validate again.
"""

from __future__ import annotations

import duckdb

from hetang.settings import WarehousePaths
from hetang.summary import render_summary
from warehouse.connection import open_writer

from .test_alert_lifecycle import drop_fai


def snapshot_rows(run, sql: str) -> list[tuple]:
    con = duckdb.connect(str(WarehousePaths(run.warehouse).snapshot), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_unchanged_inputs_keep_the_statuses_and_changes_validate_again(fresh_run):
    run = fresh_run
    drop_fai(run, 3, 7.0)
    first = run()
    assert first.statuses_of is None and first.opened == 1
    checks = snapshot_rows(run, "select * from judged.target_checks order by all")
    results = snapshot_rows(run, "select count(*) from judged.validation_results")
    history = snapshot_rows(run, "select count(*) from judged.alert_history")

    second = run()  # nothing new
    assert second.statuses_of == first.run_id
    assert second.status_counts == first.status_counts
    assert (second.opened, second.escalated, second.resolved) == (0, 0, 0)
    assert snapshot_rows(run, "select * from judged.target_checks order by all") == checks
    assert snapshot_rows(run, "select count(*) from judged.validation_results") == results
    assert snapshot_rows(run, "select count(*) from judged.alert_history") == history
    assert f"statuses of run {first.run_id}" in render_summary(second, demo=False)

    # a table the statuses are computed from changes (here core.observations, by hand, with a
    # figure no target reads; core.regions is reloaded from the register by every run)
    con = open_writer(run.warehouse)
    try:
        con.execute(
            "insert into core.observations values "
            "('430202', 'imports_exports', '2022-03', 1.0, '亿元', null, 1, 0, 'x', 1, now())"
        )
    finally:
        con.close()
    third = run()
    assert third.statuses_of is None
    assert snapshot_rows(run, "select count(*) from judged.validation_results") > results

    drop_fai(run, 4, 6.0)  # a new file: validated, and the alert escalates
    fourth = run()
    assert fourth.statuses_of is None and fourth.escalated == 1
    assert snapshot_rows(run, "select run_id from judged.validation_state") == [(fourth.run_id,)]
