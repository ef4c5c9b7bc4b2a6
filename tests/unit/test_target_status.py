"""mart.target_status (SPEC §7): each target's row at its latest period and its lag, the
consecutive lagging periods since the last one on track, on a small real DuckDB warehouse with
the statuses written into judged.target_checks as the validate stage writes them."""

from __future__ import annotations

import duckdb
import pytest

from expectations.catalog import load_catalog
from warehouse.catalog_tables import load_catalog_tables
from warehouse.marts import build_all
from warehouse.migrate import migrate

PERIODS = ["2022-03", "2022-04", "2022-05", "2022-06", "2022-07"]


@pytest.fixture()
def con(tmp_path):
    con = duckdb.connect(str(tmp_path / "status.duckdb"))
    migrate(con)
    load_catalog_tables(con, load_catalog())
    build_all(con)
    yield con
    con.close()


def judged(con, target: str, statuses: list[str | None]) -> None:
    """Figures of the target's indicator for PERIODS, and GE's status of each (None: no check)."""
    for period, status in zip(PERIODS, statuses, strict=True):
        con.execute(
            "insert into core.observations values "
            "('430202', ?, ?, 8.1, '%', null, 1, 0, 'test', 1, now())",
            [target, period],
        )
        if status is not None:
            con.execute(
                "insert into judged.target_checks values ('430202', 2022, ?, ?, ?)",
                [target, period, status],
            )


def status_of(con, target: str) -> tuple:
    return con.execute(
        "select period, status, actual, lag_periods, department from mart.target_status "
        "where region_code = '430202' and year = 2022 and target_code = ?",
        [target],
    ).fetchone()


def test_the_lag_counts_the_lagging_periods_since_the_last_on_track(con):
    judged(con, "gdp_growth", ["at_risk", "on_track", "at_risk", "shortfall", "at_risk"])
    judged(con, "industrial_va_growth", ["at_risk", "shortfall", "shortfall", "at_risk", "at_risk"])
    judged(con, "fai_growth", ["shortfall", "at_risk", "shortfall", "at_risk", "on_track"])
    department = load_catalog().target("gdp_growth").department
    assert status_of(con, "gdp_growth") == ("2022-07", "at_risk", 8.1, 3, department)
    # never on track: every lagging period counts
    assert status_of(con, "industrial_va_growth")[1:4] == ("at_risk", 8.1, 5)
    assert status_of(con, "fai_growth")[:4] == ("2022-07", "on_track", 8.1, 0)


def test_the_latest_period_stands_even_unjudged_and_only_judged_periods_lag(con):
    # The latest figure has no check yet: its row is not_validated; the lag is the two
    # lagging periods after the last on-track one.
    judged(con, "retail_sales_growth", ["on_track", "on_track", "at_risk", "shortfall", None])
    assert status_of(con, "retail_sales_growth")[:4] == ("2022-07", "not_validated", 8.1, 2)
