"""judged.validation_results keeps counts and the first failing rows, not every one."""

from __future__ import annotations

import json

import duckdb
import numpy as np
import pandas as pd

from expectations import ge, targets
from warehouse.migrate import migrate


def outcome(failing: int) -> ge.Outcome:
    frame = pd.DataFrame(
        {"region_code": [f"{i:06d}" for i in range(failing)], "target_code": "gdp_growth"}
    )
    return ge.Outcome(
        expectation="expect_column_pair_values_a_to_be_greater_than_b",
        columns="score,on_track_min",
        severity="warning",
        success=failing == 0,
        element_count=5000,
        unexpected_count=failing,
        meta={},
        unexpected_frame=frame,
        unexpected_positions=np.arange(failing),
    )


def test_counts_all_and_lists_the_first_rows_only(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con)
    targets.store(con, "run-1", "target_progress", [outcome(1500), outcome(3), outcome(0)])
    rows = con.execute(
        "select unexpected_count, unexpected_rows from judged.validation_results order by 1 desc"
    ).fetchall()
    assert [r[0] for r in rows] == [1500, 3, 0]
    listed = [json.loads(r[1]) for r in rows]
    assert len(listed[0]) == targets.STORED_ROWS == 1000
    assert listed[0][0] == {"region_code": "000000", "target_code": "gdp_growth"}
    assert listed[0][-1]["region_code"] == "000999"
    assert [r["region_code"] for r in listed[1]] == ["000000", "000001", "000002"]
    assert listed[2] == []
