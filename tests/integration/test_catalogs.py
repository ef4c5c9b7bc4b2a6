"""Many catalogs in one warehouse (SPEC §9): two regions and two years, each year judged from its
own drops only; a year without a catalog keeps its observations and shows no statuses."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from hetang.settings import WarehousePaths
from tests.data.catalog_drops import catalog_folder, write_drops

AS_OF = "2024-06-30"
PROGRESS = (
    "select region_code, year, target_code, period, actual, status from mart.target_progress "
    "order by all"
)


def query(snapshot: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def runs(prefect_harness, tmp_path_factory) -> dict:
    """Run 1 with Hetang's 2022 drop; run 2 after the drops of 2023, of Tianyuan and of 2024."""
    from flows.nightly import nightly

    root = tmp_path_factory.mktemp("catalogs")
    catalogs, inbox = catalog_folder(root / "catalogs"), root / "inbox"
    inbox.mkdir()
    warehouse = root / "hetang.duckdb"
    snapshot = WarehousePaths(warehouse).snapshot

    def run() -> list[tuple]:
        nightly(inbox=str(inbox), warehouse=str(warehouse), as_of=AS_OF, catalogs=str(catalogs))
        return query(snapshot, PROGRESS)

    write_drops(inbox, "2022")
    first = run()
    write_drops(inbox, "others")
    second = run()
    return {"first": first, "second": second, "snapshot": snapshot}


def statuses(rows: list[tuple], region: str, year: int) -> dict[str, tuple]:
    return {r[2]: (r[3], r[4], r[5]) for r in rows if r[0] == region and r[1] == year}


def test_every_catalog_is_in_mart_targets(runs) -> None:
    rows = query(
        runs["snapshot"], "select region_code, year, count(*) from mart.targets group by all"
    )
    assert sorted(rows) == [("430202", 2022, 40), ("430202", 2023, 3), ("430211", 2022, 2)]


def test_drops_of_other_years_and_regions_leave_2022_statuses_alone(runs) -> None:
    before = statuses(runs["first"], "430202", 2022)
    after = statuses(runs["second"], "430202", 2022)
    assert after == before
    assert before["gdp_growth"] == ("2022-Q2", 7.0, "at_risk")  # 8.0 − band 1.0 ≤ 7.0 < 8.0
    assert before["new_urban_jobs"] == ("2022-06", 4000.0, "at_risk")  # expected 4400


def test_2023_statuses_come_from_2023_drops_only(runs) -> None:
    found = statuses(runs["second"], "430202", 2023)
    assert found["gdp_growth"] == ("2023-Q2", 7.0, "on_track")  # target 6.5
    assert found["new_urban_jobs"] == ("2023-06", 3000.0, "shortfall")  # expected 4500
    # no 2023 figure for the milestone: no_data at the year's latest period, never a 2022 value
    assert found["culture_center_library"] == ("2023-Q2", None, "no_data")
    # before any 2023 drop, the 2023 targets are there without data: no 2022 figure judges them
    before = statuses(runs["first"], "430202", 2023)
    assert {row[2] for row in before.values()} == {"no_data"} and len(before) == 3


def test_second_region_is_judged_by_its_own_catalog(runs) -> None:
    found = statuses(runs["second"], "430211", 2022)
    assert found == {
        "gdp_growth": ("2022-Q2", 5.0, "shortfall"),  # target 7.0, band 1.0
        "new_urban_jobs": ("2022-06", 5000.0, "on_track"),  # expected 5000 of 10000
    }


def test_a_year_without_catalog_keeps_observations_and_has_no_statuses(runs) -> None:
    snapshot = runs["snapshot"]
    assert query(
        snapshot,
        "select value from mart.observations where region_code = '430202' and period = '2024-Q1'",
    ) == [(5.0,)]
    assert [r for r in runs["second"] if r[1] == 2024] == []
    assert query(snapshot, "select count(*) from mart.alerts where year = 2024") == [(0,)]


def test_alerts_are_per_region_and_year(runs) -> None:
    rows = query(
        runs["snapshot"],
        "select region_code, year, target_code, severity from mart.alerts order by all",
    )
    assert ("430202", 2023, "new_urban_jobs", "critical") in rows
    assert ("430211", 2022, "gdp_growth", "critical") in rows
    assert ("430202", 2022, "gdp_growth", "warning") in rows
    assert ("430202", 2023, "gdp_growth") not in {r[:3] for r in rows}
