"""The demo year through the real nightly flow: files, catalog, statuses checked by hand."""

from __future__ import annotations

import duckdb
import pytest

from hetang.settings import WarehousePaths

SPEC_TARGET_CODES = {
    # SPEC §2.1
    "gdp_growth",
    "industrial_va_growth",
    "fai_growth",
    "budget_revenue_growth",
    "retail_sales_growth",
    "urban_unemployment_rate",
    "cpi_increase",
    "income_growth_above_gdp",
    "grain_output",
    "energy_consumption_total",
    "energy_intensity_decline",
    # SPEC §2.2
    "new_market_entities",
    "new_above_scale_enterprises",
    "new_equity_listings",
    "new_school_places",
    "new_urban_jobs",
    "new_elderly_care_beds",
    "key_projects",
    "key_projects_provincial",
    "key_project_investment",
    "projects_started",
    "projects_completed",
    "new_projects_over_100m",
    "top500_projects",
    "idle_land_rectified",
    "funding_task_forces",
    "financing_raised",
    "special_bond_project_investment",
    "special_bond_funds_received",
    "standard_factory_area",
    "rnd_expenditure",
    "old_community_renovations",
    "shanty_town_renovations",
    "waste_sorting_coverage",
    # SPEC §2.3
    "hard_materials_centers",
    "culture_center_library",
    "cdc_pcr_lab",
    "school_expansions",
    "world_trade_plaza_3",
    "area_601_renovation",
}


@pytest.fixture(scope="module")
def snap(demo_run):
    con = duckdb.connect(str(WarehousePaths(demo_run["warehouse"]).snapshot), read_only=True)
    yield con
    con.close()


def test_spec_has_forty_targets_and_all_are_in_mart_targets(snap):
    assert len(SPEC_TARGET_CODES) == 40
    (count,) = snap.execute(
        "select count(*) from mart.targets where region_code = '430202' and year = 2022"
    ).fetchone()
    codes = {c for (c,) in snap.execute("select target_code from mart.targets").fetchall()}
    assert count == 40
    assert codes == SPEC_TARGET_CODES


def test_demo_files_load_except_the_bad_one_on_purpose(demo_run, snap):
    summary = demo_run["summary"]
    assert len(summary.loaded) == 30  # 27 of Hetang, the regional comparison, .xls and UTF-16
    assert summary.quarantined == ["20220705_DEMO-BAD-FILE_progress_2022-06.csv"]
    (reason,) = snap.execute("select reason from mart.files where state = 'quarantined'").fetchone()
    assert "20220705_DEMO-BAD-FILE_progress_2022-06.csv: row 7, column '累计完成'" in reason
    assert "48o9" in reason


def _status(snap, code):
    return snap.execute(
        "select period, actual, target_value, status from mart.target_status where target_code = ?",
        [code],
    ).fetchone()


# Year-end statuses worked out by hand from the demo figures and SPEC §3:
HAND_CHECKED = [
    # rate min, threshold 8.0, band 1.0: 7.0 <= 7.6 < 8.0
    ("gdp_growth", "2022-12", 7.6, "at_risk"),
    # rate min 8.5: 9.1 >= 8.5
    ("industrial_va_growth", "2022-12", 9.1, "on_track"),
    # rate min 7.5: 6.2 < 6.5 = 7.5 - 1.0
    ("fai_growth", "2022-12", 6.2, "shortfall"),
    # rate min 8.0 tol 0.5: 7.7 >= 7.5
    ("budget_revenue_growth", "2022-12", 7.7, "on_track"),
    # rate min 8.5 tol 0.5 → 8.0, band → 7.0: 7.4 at risk
    ("retail_sales_growth", "2022-12", 7.4, "at_risk"),
    # rate max 5.5: 5.3 <= 5.5
    ("urban_unemployment_rate", "2022-12", 5.3, "on_track"),
    # rate max 3.0 tol 0.5 → 3.5: CPI index 103.2 → +3.2 on track
    ("cpi_increase", "2022-12", 3.2, "on_track"),
    # relative: 7.9 - 7.6 = 0.3 > 0
    ("income_growth_above_gdp", "2022-12", 7.9, "on_track"),
    # external min, assigned 3650 t: 3712 >= 3650
    ("grain_output", "2022", 3712.0, "on_track"),
    # external max, assigned 98.0, band 9.8 → 107.8 < 109.3
    ("energy_consumption_total", "2022", 109.3, "shortfall"),
    # external min (%), assigned 3.2, band 1.0 → 2.2 <= 2.7 < 3.2
    ("energy_intensity_decline", "2022", 2.7, "at_risk"),
    # cumulative 500 at 12/12: 450 <= 470 < 500
    ("new_elderly_care_beds", "2022-12", 470.0, "at_risk"),
    # cumulative 278: 236 < 250.2 = 0.9 × 278
    ("idle_land_rectified", "2022-12", 236.0, "shortfall"),
    # rate min 60, strictly above: 63.5
    ("waste_sorting_coverage", "2022-Q4", 63.5, "on_track"),
]


@pytest.mark.parametrize(("code", "period", "actual", "status"), HAND_CHECKED)
def test_year_end_status_matches_hand_computation(snap, code, period, actual, status):
    got_period, got_actual, _, got_status = _status(snap, code)
    assert (got_period, got_actual, got_status) == (period, actual, status)


def test_milestone_not_done_at_due_is_shortfall(snap):
    period, actual, _, status = _status(snap, "world_trade_plaza_3")
    assert actual == 0 and status == "shortfall" and period in ("2022", "2022-Q4")


def test_status_counts_and_open_alerts(demo_run, snap):
    counts = dict(
        snap.execute("select status, count(*) from mart.target_status group by all").fetchall()
    )
    assert counts == {"on_track": 29, "at_risk": 6, "shortfall": 5}
    alerts = snap.execute(
        "select target_code, severity, state from mart.alerts order by target_code"
    ).fetchall()
    assert len(alerts) == 11
    assert {a[2] for a in alerts} == {"open"}
    by_code = {a[0]: a[1] for a in alerts}
    assert by_code["fai_growth"] == "critical" and by_code["gdp_growth"] == "warning"


def test_alert_message_reads_like_a_supervision_office(snap):
    (message,) = snap.execute(
        "select message from mart.alerts where target_code = 'fai_growth'"
    ).fetchone()
    assert message == "固定资产投资增长 6.2%，低于目标 7.5%（1-12月）"


def test_revision_keeps_both_vintages(snap):
    rows = snap.execute(
        "select vintage, value, is_current, source_file from mart.observation_vintages "
        "where region_code = '430202' and indicator_code = 'gdp_growth' and period = '2022-06' "
        "order by vintage"
    ).fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [(1, 5.9, False), (2, 6.1, True)]
    assert rows[1][3] == "20220822_bureau_2022-06_revised.csv"
    (current,) = snap.execute(
        "select value from mart.observations "
        "where region_code = '430202' and indicator_code = 'gdp_growth' and period = '2022-06'"
    ).fetchone()
    assert current == 6.1


def test_stated_target_differing_from_catalog_is_a_finding_not_a_quarantine(snap):
    rows = snap.execute(
        "select file_name, row_number, column_name, quarantined, message from mart.dq_findings "
        "where rule = 'stated_target'"
    ).fetchall()
    assert len(rows) == 1
    file_name, row, column, quarantined, message = rows[0]
    assert file_name == "20220610_progress_2022-05.csv" and column == "全年目标" and not quarantined
    assert "9000" in message and "8500" in message
    (state,) = snap.execute(
        "select state from mart.files where file_name = '20220610_progress_2022-05.csv'"
    ).fetchone()
    assert state == "loaded"


def test_units_converted_to_catalog_units(snap):
    # 地方一般公共预算收入 is reported in 万元; the catalog keeps 亿元.
    (value, unit) = snap.execute(
        "select value, unit from mart.observations where indicator_code = 'budget_revenue' "
        "and period = '2022-12'"
    ).fetchone()
    assert unit == "亿元" and 1 < value < 100


def test_validation_results_kept_and_data_docs_built(demo_run, snap):
    rows = snap.execute(
        "select column_list, severity, success, unexpected_count from judged.validation_results "
        "where suite = 'target_progress' and column_list like 'score,%' order by severity"
    ).fetchall()
    flagged = snap.execute(
        "select status, count(*) from mart.target_progress group by all"
    ).fetchall()
    counts = dict(flagged)
    critical = next(r for r in rows if r[1] == "critical")
    warning = next(r for r in rows if r[1] == "warning")
    assert critical[3] == counts["shortfall"]
    assert warning[3] == counts["shortfall"] + counts["at_risk"]
    docs = WarehousePaths(demo_run["warehouse"]).data_docs
    assert (docs / "index.html").exists()


def test_run_leaves_a_markdown_artifact_with_the_status_table(demo_run):
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    run_id = demo_run["summary"].run_id

    async def of_this_run() -> str:
        async with get_client() as client:
            found = await client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    key=ArtifactFilterKey(any_=["hetang-nightly-summary"])
                )
            )
            (text,) = [a.data for a in found if run_id in a.data]
            return text

    text = asyncio.run(of_this_run())
    assert "| shortfall | 5 |" in text and "| at_risk | 6 |" in text
    assert "11 opened" in text
