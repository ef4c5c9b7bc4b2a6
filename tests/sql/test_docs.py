"""docs/sql.md: every ```sql example runs through `hetang sql`, and every mart column is documented."""

from __future__ import annotations

import re

import pytest

from warehouse.marts import MART_VIEWS

from .conftest import PROJECT, UNMAPPED_NAME, rows

DOC = PROJECT / "docs" / "sql.md"
OFF_TRACK = ("at_risk", "shortfall")


def sql_blocks(text: str) -> list[str]:
    return re.findall(r"^```sql\n(.*?)^```", text, flags=re.S | re.M)


def examples() -> dict[int, str]:
    """The numbered examples: `### N. question` and the first ```sql block after it."""
    text = DOC.read_text(encoding="utf-8")
    sections = re.split(r"^### (?=\d+\. )", text, flags=re.M)[1:]
    found = {}
    for section in sections:
        number = int(section.split(".", 1)[0])
        (block,) = sql_blocks(section)
        found[number] = block
    return found


EXAMPLES = examples()


def test_the_doc_has_ten_examples_and_no_other_sql_blocks():
    assert sorted(EXAMPLES) == list(range(1, 11))
    assert len(sql_blocks(DOC.read_text(encoding="utf-8"))) == 10


@pytest.mark.parametrize("number", sorted(EXAMPLES))
def test_example_runs_on_the_demo_snapshot(demo_warehouse, number):
    result = rows(demo_warehouse, EXAMPLES[number])
    if number != 7:  # the demo drops carry no unknown indicator name
        assert result, f"example {number} returned no rows"


@pytest.mark.parametrize("number", sorted(EXAMPLES))
def test_example_returns_rows_after_a_second_run(second_run, number):
    assert rows(second_run["warehouse"], EXAMPLES[number]), f"example {number} returned no rows"


def test_off_track_at_latest_period_is_exactly_the_at_risk_and_shortfall_targets(demo_warehouse):
    found = rows(demo_warehouse, EXAMPLES[1])
    expected = rows(
        demo_warehouse,
        "select target_code from mart.target_status where status in ('at_risk', 'shortfall')",
    )
    assert sorted(r["target_code"] for r in found) == sorted(r["target_code"] for r in expected)
    assert len(found) == 11  # 6 at_risk + 5 shortfall in the demo year
    assert {r["status"] for r in found} == set(OFF_TRACK)


def test_off_track_this_month_is_the_latest_monthly_period(demo_warehouse):
    found = rows(demo_warehouse, EXAMPLES[2])
    periods = rows(demo_warehouse, "select distinct period from mart.target_progress")
    latest_month = max(p["period"] for p in periods if re.fullmatch(r"\d{4}-\d{2}", p["period"]))
    assert latest_month == "2022-12"
    assert {r["period"] for r in found} == {latest_month}
    assert all(r["status"] in OFF_TRACK for r in found)
    slipped = {r["target_code"] for r in found if r["previous_status"] == "on_track"}
    assert slipped == {"special_bond_funds_received"}


def test_vintage_history_shows_the_revision_of_june(demo_warehouse):
    june = [r for r in rows(demo_warehouse, EXAMPLES[3]) if r["period"] == "2022-06"]
    assert [(r["vintage"], r["value"], r["is_current"]) for r in june] == [
        (1, 5.9, False),
        (2, 6.1, True),
    ]


def test_alerts_opened_this_week_are_the_demo_runs_alerts(demo_warehouse):
    found = rows(demo_warehouse, EXAMPLES[4])
    every = rows(demo_warehouse, "select alert_id from mart.alerts")
    assert sorted(r["alert_id"] for r in found) == sorted(r["alert_id"] for r in every)
    assert len(found) == 11


def test_quarantined_files_name_the_bad_cell(demo_warehouse):
    (bad,) = rows(demo_warehouse, EXAMPLES[5])
    assert bad["file_name"] == "20220705_DEMO-BAD-FILE_progress_2022-06.csv"
    assert "48o9" in bad["reason"]


def test_behind_time_progress_in_percentage_points(demo_warehouse):
    found = {r["target_code"]: r for r in rows(demo_warehouse, EXAMPLES[6])}
    assert found["idle_land_rectified"]["pp_behind"] == 15.1  # 236 of 278 mu at 100 % of the year
    assert found["top500_projects"]["pp_behind"] == 50.0
    assert all(r["pp_behind"] > 0 for r in found.values())
    behind = rows(
        demo_warehouse,
        "select target_code from mart.target_status "
        "where kind = 'cumulative' and progress_ratio < 1",  # the demo's latest period is 2022-12
    )
    assert set(found) == {r["target_code"] for r in behind}


def test_unmapped_names_after_a_drop_with_an_unknown_indicator(second_run):
    (row,) = rows(second_run["warehouse"], EXAMPLES[7])
    assert row["indicator_name"] == UNMAPPED_NAME
    assert row["files"] == 1


def test_projection_covers_every_cumulative_task(demo_warehouse):
    found = {r["target_code"]: r for r in rows(demo_warehouse, EXAMPLES[8])}
    assert len(found) == 22  # SPEC §2.2
    assert found["top500_projects"]["projected_pct"] == 50.0
    assert found["new_urban_jobs"]["projection"] == 9410.0


def test_status_per_period_is_in_time_order(demo_warehouse):
    found = rows(demo_warehouse, EXAMPLES[9])
    assert [r["period"] for r in found] == [f"2022-{m:02d}" for m in range(2, 13)]
    assert found[-1]["status"] == "shortfall"


def test_status_per_period_follows_the_revision_of_the_second_run(second_run):
    assert rows(second_run["warehouse"], EXAMPLES[9])[-1]["status"] == "on_track"


def test_runs_of_the_last_seven_days(demo_run, demo_warehouse, second_run):
    assert [r["run_id"] for r in rows(demo_warehouse, EXAMPLES[10])] == [demo_run["summary"].run_id]
    after = rows(second_run["warehouse"], EXAMPLES[10])
    assert [r["run_id"] for r in after][0] == second_run["summary"].run_id
    assert len(after) == 2


def test_every_mart_view_and_column_is_documented(demo_warehouse):
    text = DOC.read_text(encoding="utf-8")
    columns = rows(
        demo_warehouse,
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'mart' order by table_name, ordinal_position",
    )
    assert {c["table_name"] for c in columns} == set(MART_VIEWS)
    for view in MART_VIEWS:
        heading = f"### `mart.{view}`"
        assert heading in text, f"no section for mart.{view}"
        section = text.split(heading, 1)[1].split("\n### ", 1)[0]
        for column in (c["column_name"] for c in columns if c["table_name"] == view):
            assert f"`{column}`" in section, f"mart.{view}.{column} is not documented"
