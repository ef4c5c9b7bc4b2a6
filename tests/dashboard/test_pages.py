"""Every dashboard page under Streamlit's AppTest, on warehouses built by the real nightly flow.

Each page is opened by a signed-in test user (a session put into session_state, as the sign-in
form does; tests/dashboard/test_signin.py drives the form itself). Values shown are compared with
the marts queried here directly; filters, the language toggle and acknowledgement are driven
through their widget keys. Tests that write (acknowledge) work
on a copy of the demo snapshot or on a warehouse of their own (`fresh_run`).
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from access.roles import Role, User
from dashboard.signin import SESSION_KEY, Session
from hetang.settings import WarehousePaths
from warehouse.reviews import load_reviews

PROJECT = Path(__file__).resolve().parents[2]
APP = PROJECT / "dashboard" / "app.py"
DEMO_INBOX = PROJECT / "demo" / "inbox"
PAGES = ("overview", "alerts", "trends", "data_quality")
HOURS_8 = timedelta(hours=8)
STATUS_LABELS = {"on_track": "达标", "at_risk": "预警", "shortfall": "未达标", "no_data": "无数据"}


REVIEWER = User("李明", Role.REVIEWER)


def signed_in(user: User = REVIEWER) -> AppTest:
    """The app with `user` signed in (the session the sign-in form starts), not yet run."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[SESSION_KEY] = Session(user, datetime.now(UTC).replace(tzinfo=None) + HOURS_8)
    return at


def open_page(page: str = "overview", *, english: bool = False, user: User = REVIEWER) -> AppTest:
    """The app run once by a signed-in `user`, switched to `page`; fails on any exception shown."""
    at = signed_in(user).run()
    if english:
        at.toggle(key="lang_en").set_value(True).run()
    if page != "overview":
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def query(snapshot: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def card_ids(at: AppTest) -> list[str]:
    """Alert ids of the cards shown, in order (each card's caption ends with `alert_id`)."""
    return [c.value.rsplit("`", 2)[1] for c in at.caption if c.value.count("`") >= 2]


def status_counts_at(snapshot: Path, period: str) -> dict[str, int]:
    """SPEC view of the overview: latest progress row at or before `period`, else no_data."""
    rows = query(
        snapshot,
        """
        with latest as (
            select target_code, status from mart.target_progress
            where region_code = '430202' and year = 2022
                and core.period_end_month(period) <= core.period_end_month(?)
            qualify row_number() over (partition by target_code order by period_sort_key desc) = 1
        )
        select coalesce(latest.status, 'no_data') as status, count(*)
        from mart.targets left join latest using (target_code)
        where mart.targets.region_code = '430202' and mart.targets.year = 2022
        group by all
        """,
        [period],
    )
    return dict(rows)


@pytest.fixture()
def demo(demo_run, monkeypatch) -> Path:
    """The session's demo warehouse, read only; returns its snapshot."""
    monkeypatch.setenv("HETANG_WAREHOUSE", str(demo_run["warehouse"]))
    return WarehousePaths(demo_run["warehouse"]).snapshot


@pytest.fixture()
def demo_copy(demo_run, tmp_path, monkeypatch) -> WarehousePaths:
    """A copy of the demo snapshot with a review store of its own (for tests that acknowledge)."""
    paths = WarehousePaths(tmp_path / "hetang.duckdb")
    shutil.copy(WarehousePaths(demo_run["warehouse"]).snapshot, paths.snapshot)
    monkeypatch.setenv("HETANG_WAREHOUSE", str(paths.working))
    return paths


def fill_inbox(inbox: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (inbox / name).write_text(text, encoding="utf-8")


# --- Overview -----------------------------------------------------------------------------


def test_overview_counts_equal_mart_target_status_at_the_latest_period(demo):
    at = open_page("overview")
    expected = dict(query(demo, "select status, count(*) from mart.target_status group by all"))
    shown = metrics(at)
    for status, label in STATUS_LABELS.items():
        assert shown[label] == str(expected.get(status, 0))
    assert shown["达标"] == "29" and shown["预警"] == "6" and shown["未达标"] == "5"
    assert "全年" in at.title[0].value


def test_overview_follows_the_chosen_period(demo):
    at = open_page("overview")
    at.selectbox(key="period_zh").select("2022-06").run()
    assert not at.exception
    shown = metrics(at)
    expected = status_counts_at(demo, "2022-06")
    for status, label in STATUS_LABELS.items():
        assert shown[label] == str(expected.get(status, 0))
    assert "1-6月" in at.title[0].value
    (jobs,) = query(
        demo,
        "select actual from mart.target_progress where target_code = 'new_urban_jobs' and period = '2022-06'",
    )[0]
    table = at.dataframe[0].value
    row = table[table["目标"].str.startswith("新增城镇就业")].iloc[0]
    assert row["实际"] == pytest.approx(jobs)
    assert row["统计期"] == "1-6月"


def test_overview_period_list_comes_from_the_data_latest_first_chosen(demo):
    at = open_page("overview")
    periods = [
        p
        for (p, _key) in query(
            demo,
            "select distinct period, core.period_sort_key(period) as k from mart.observations "
            "where region_code = '430202' order by k",
        )
    ]
    box = at.selectbox(key="period_zh")
    assert box.options[-1].endswith(f"({periods[-1]})")
    assert len(box.options) == len(periods)
    assert box.value == periods[-1]


def test_overview_scorecard_shows_every_target_with_catalog_names_and_2021_figure(demo):
    at = open_page("overview")
    table = at.dataframe[0].value
    names = [
        n for (n,) in query(demo, "select name_zh from mart.targets where region_code = '430202'")
    ]
    assert len(table) == len(names) == 40
    assert all(any(shown.startswith(n) for shown in table["目标"]) for n in names)
    jobs = table[table["目标"].str.startswith("新增城镇就业")].iloc[0]
    assert jobs["上年"] == 9980
    assert jobs["时序进度"] == pytest.approx(1.0)
    (projection,) = query(
        demo, "select projection from mart.target_status where target_code = 'new_urban_jobs'"
    )[0]
    assert jobs["预计全年"] == pytest.approx(projection)


def test_overview_freshness_shows_the_last_run(demo):
    at = open_page("overview")
    (state, as_of) = query(
        demo, "select state, as_of from mart.runs order by started_at desc limit 1"
    )[0]
    shown = metrics(at)
    assert state == "completed" and shown["运行状态"] == "已完成"
    assert shown["评估日期"] == str(as_of) == "2023-02-01"
    freshness = at.dataframe[1].value
    latest = dict(
        query(
            demo,
            "select indicator_code, max_by(period, core.period_sort_key(period)) from mart.observations group by all",
        )
    )
    assert len(freshness) == len(latest)
    gdp = freshness[freshness["指标代码"] == "gdp_growth"].iloc[0]
    assert gdp["最新统计期"].endswith(f"({latest['gdp_growth']})")


def test_switching_language_keeps_the_chosen_period(demo):
    at = open_page("overview")
    at.selectbox(key="period_zh").select("2022-06").run()
    at.toggle(key="lang_en").set_value(True).run()
    assert not at.exception
    period = at.selectbox(key="period_en")
    assert period.value == "2022-06"
    assert "Jan–Jun (2022-06)" in period.options
    assert "Jan–Jun" in at.title[0].value


def test_english_toggle_uses_the_english_names_of_the_catalog(demo):
    at = open_page("overview", english=True)
    assert {"On track", "At risk", "Shortfall", "No data"} <= set(metrics(at))
    table = at.dataframe[0].value
    names_en = [n for (n,) in query(demo, "select name_en from mart.targets")]
    assert all(any(shown.startswith(n) for shown in table["Target"]) for n in names_en)
    at.switch_page("views/trends.py").run()
    assert not at.exception
    assert "GDP growth" in at.selectbox(key="trend_target_en").options


def test_demo_banner_is_on_every_page(demo):
    for page in PAGES:
        at = open_page(page)
        assert any("合成演示数据" in w.value for w in at.warning), page


# --- Alerts -------------------------------------------------------------------------------


def test_alerts_page_counts_and_order_follow_mart_alerts(demo):
    at = open_page("alerts")
    shown = metrics(at)
    rows = query(demo, "select alert_id, severity, state from mart.alerts")
    assert shown["待处理"] == str(sum(1 for r in rows if r[2] == "open")) == "11"
    assert shown["已确认"] == "0"
    assert shown["红色预警(未解除)"] == str(
        sum(1 for r in rows if r[1] == "critical" and r[2] != "resolved")
    )
    ids = card_ids(at)
    assert sorted(ids) == sorted(r[0] for r in rows if r[2] in ("open", "acknowledged"))
    severity = {r[0]: r[1] for r in rows}
    ranks = [0 if severity[i] == "critical" else 1 for i in ids]
    assert ranks == sorted(ranks), "critical alerts come first"
    messages = {r[0] for r in query(demo, "select message from mart.alerts")}
    assert {m.value for m in at.markdown} >= messages


def test_alert_filters_change_what_is_shown(demo):
    at = open_page("alerts")
    at.multiselect(key="alert_severity_zh").set_value(["warning"]).run()
    warnings = {
        r[0] for r in query(demo, "select alert_id from mart.alerts where severity = 'warning'")
    }
    assert set(card_ids(at)) == warnings and len(warnings) == 6
    at.multiselect(key="alert_severity_zh").set_value(["critical", "warning"]).run()
    at.selectbox(key="alert_target_zh").set_value("fai_growth").run()
    (fai,) = query(demo, "select alert_id from mart.alerts where target_code = 'fai_growth'")[0]
    assert card_ids(at) == [fai]
    at.multiselect(key="alert_state_zh").set_value(["resolved"]).run()
    assert card_ids(at) == []
    assert any("没有符合筛选条件的预警" in i.value for i in at.info)
    assert not at.exception


def test_alert_history_equals_mart_alert_history(demo):
    at = open_page("alerts")
    (alert_id,) = query(demo, "select alert_id from mart.alerts where target_code = 'gdp_growth'")[
        0
    ]
    at.selectbox(key="history_alert_zh").set_value(alert_id).run()
    history = query(
        demo,
        "select event, message from mart.alert_history where alert_id = ? order by seq",
        [alert_id],
    )
    table = at.dataframe[0].value
    assert len(table) == len(history) >= 1
    assert list(table["说明"]) == [m for _, m in history]
    assert table["事件"].iloc[0] == "发出"


def test_acknowledge_records_the_signed_in_reviewer_and_shows_the_alert_acknowledged(demo_copy):
    at = open_page("alerts")
    alert_id = at.selectbox(key="ack_alert_zh").value
    assert not [w for w in at.text_input if w.key == "ack_reviewer"], "no free-text reviewer"
    at.text_area(key="ack_note").input("已约谈项目单位，月底前报送整改方案")
    at.button(key="ack_submit").click().run()
    assert not at.exception
    assert any("已确认" in s.value for s in at.success)
    reviews = load_reviews(demo_copy.reviews)
    assert [(r.alert_id, r.reviewer) for r in reviews] == [(alert_id, "李明")]
    shown = metrics(at)
    assert shown["已确认"] == "1" and shown["待处理"] == "10"
    card = next(c.value for c in at.caption if alert_id in c.value)
    assert "李明" in card and "整改方案" in card
    assert alert_id not in at.selectbox(key="ack_alert_zh").options

    at.selectbox(key="history_alert_zh").set_value(alert_id).run()
    reviews_table = at.dataframe[1].value
    assert list(reviews_table["确认人"]) == ["李明"]


def test_acknowledgement_survives_the_next_nightly_run(fresh_run, monkeypatch):
    for drop in DEMO_INBOX.iterdir():
        shutil.copy2(drop, fresh_run.inbox / drop.name)
    fresh_run()
    snapshot = WarehousePaths(fresh_run.warehouse).snapshot
    monkeypatch.setenv("HETANG_WAREHOUSE", str(fresh_run.warehouse))
    at = open_page("alerts", user=User("王芳", Role.REVIEWER))
    (alert_id,) = query(
        snapshot, "select alert_id from mart.alerts where target_code = 'gdp_growth'"
    )[0]
    # Inside a form nothing is sent before the submit button: set every field, then click.
    at.selectbox(key="ack_alert_zh").set_value(alert_id)
    at.button(key="ack_submit").click().run()
    assert metrics(at)["已确认"] == "1"
    assert [r.alert_id for r in load_reviews(WarehousePaths(fresh_run.warehouse).reviews)] == [
        alert_id
    ]

    fresh_run()
    assert query(snapshot, "select state from mart.alerts where alert_id = ?", [alert_id]) == [
        ("acknowledged",)
    ]
    events = [
        e
        for (e,) in query(
            snapshot,
            "select event from mart.alert_history where alert_id = ? and event not in"
            " ('answer_requested', 'responded', 'overdue', 'red_supervision') order by changed_at",
            [alert_id],
        )
    ]
    assert events == ["opened", "acknowledged"]
    after = open_page("alerts")
    assert metrics(after)["已确认"] == "1"
    assert alert_id not in after.selectbox(key="ack_alert_zh").options


# --- Trends -------------------------------------------------------------------------------


def test_trends_shows_a_cumulative_target_as_in_the_marts(demo):
    at = open_page("trends")
    at.selectbox(key="trend_target_zh").set_value("new_urban_jobs").run()
    assert not at.exception
    (actual, target, status, projection) = query(
        demo,
        "select actual, target_value, status, projection from mart.target_status where target_code = 'new_urban_jobs'",
    )[0]
    shown = metrics(at)
    assert shown["最新实际"] == f"{actual:,.0f} 人"
    assert shown["目标值"] == f"{target:,.0f} 人"
    assert shown["最新状态"] == STATUS_LABELS[status]
    assert shown["预计全年"] == f"{projection:,.0f} 人"
    periods = query(
        demo, "select count(*) from mart.target_progress where target_code = 'new_urban_jobs'"
    )[0][0]
    assert len(at.dataframe[0].value) == periods
    assert len(at.get("vega_lite_chart")) == 1


def test_trends_shows_earlier_vintages_of_revised_figures(demo):
    at = open_page("trends")
    at.selectbox(key="trend_target_zh").set_value("gdp_growth").run()
    earlier = query(
        demo,
        "select value from mart.observation_vintages where indicator_code = 'gdp_growth' and not is_current",
    )
    assert earlier == [(5.9,)]
    vintages = at.dataframe[1].value
    assert sorted(vintages["数值"]) == [5.9, 6.1]
    statuses = at.dataframe[0].value
    h1 = statuses[statuses["统计期"].str.endswith("(2022-06)")].iloc[0]
    assert h1["实际"] == pytest.approx(6.1) and h1["状态"] == "未达标"


def test_trends_follow_the_chosen_period(demo):
    at = open_page("trends")
    at.selectbox(key="period_zh").select("2022-06").run()
    at.selectbox(key="trend_target_zh").set_value("fai_growth").run()
    (actual,) = query(
        demo,
        "select actual from mart.target_progress where target_code = 'fai_growth' and period = '2022-06'",
    )[0]
    assert metrics(at)["最新实际"] == f"{actual:g} %"


# --- Data quality -------------------------------------------------------------------------


def test_data_quality_lists_files_quarantined_first_findings_runs_and_data_docs(demo, demo_run):
    at = open_page("data_quality")
    counts = dict(query(demo, "select state, count(*) from mart.files group by all"))
    shown = metrics(at)
    assert shown["被隔离的文件"] == str(counts["quarantined"]) == "1"
    assert (
        shown["已载入的文件"] == str(counts["loaded"]) == "30"
    )  # with the regional comparison and two other formats
    reason, reason_zh = query(
        demo, "select reason, reason_zh from mart.files where state = 'quarantined'"
    )[0]
    assert [e.value for e in at.error] == [reason_zh] and "第 " in reason_zh
    assert [e.value for e in open_page("data_quality", english=True).error] == [reason]
    files = at.dataframe[0].value
    assert files["文件名"].iloc[0] == "20220705_DEMO-BAD-FILE_progress_2022-06.csv"
    assert files["状态"].iloc[0] == "已隔离"
    findings = at.dataframe[1].value
    assert len(findings) == query(demo, "select count(*) from mart.dq_findings")[0][0]
    runs = at.dataframe[2].value
    assert len(runs) == 1
    docs = WarehousePaths(demo_run["warehouse"]).data_docs / "index.html"
    assert [c.value for c in at.code] == [str(docs)]


# --- Missing, empty, no 2022 data ---------------------------------------------------------


def test_missing_snapshot_shows_how_to_build_one_on_every_page(tmp_path, monkeypatch):
    monkeypatch.setenv("HETANG_WAREHOUSE", str(tmp_path / "nothing.duckdb"))
    for page in PAGES:
        at = open_page(page)
        assert any("hetang run" in i.value for i in at.info), page
        assert not at.warning


def test_a_snapshot_without_marts_is_reported(tmp_path, monkeypatch):
    paths = WarehousePaths(tmp_path / "hetang.duckdb")
    duckdb.connect(str(paths.snapshot)).close()
    monkeypatch.setenv("HETANG_WAREHOUSE", str(paths.working))
    at = open_page("overview")
    assert any("mart" in w.value for w in at.warning)


def test_empty_warehouse_says_nothing_is_loaded_and_data_quality_still_works(
    fresh_run, monkeypatch
):
    fresh_run()
    monkeypatch.setenv("HETANG_WAREHOUSE", str(fresh_run.warehouse))
    for page in ("overview", "alerts", "trends"):
        at = open_page(page)
        assert any("尚无数据载入" in i.value for i in at.info), page
    quality = open_page("data_quality")
    assert len(quality.dataframe) >= 2
    assert not quality.warning


def test_warehouse_without_2022_figures_says_so(fresh_run, monkeypatch):
    fill_inbox(
        fresh_run.inbox,
        {
            "20220120_long_2021.csv": "region_code,indicator,period,value,unit,as_of,source\n"
            "430202,gdp_growth,2021-12,8.3,%,2022-01-20,荷塘区统计局\n",
        },
    )
    fresh_run(as_of="2022-02-01")
    monkeypatch.setenv("HETANG_WAREHOUSE", str(fresh_run.warehouse))
    for page in ("overview", "alerts", "trends"):
        at = open_page(page)
        assert any("2022" in w.value and "430202" in w.value for w in at.warning), page
    assert not open_page("data_quality").exception


def test_real_data_has_no_demo_banner_and_unreported_targets_are_no_data(fresh_run, monkeypatch):
    fill_inbox(
        fresh_run.inbox,
        {
            "20220420_long_2022-03.csv": "region_code,indicator,period,value,unit,as_of,source\n"
            "430202,gdp_growth,2022-03,6.5,%,2022-04-20,荷塘区统计局\n"
            "430202,new_urban_jobs,2022-03,2300,人,2022-04-20,荷塘区人社局\n",
        },
    )
    fresh_run(as_of="2022-05-01")
    snapshot = WarehousePaths(fresh_run.warehouse).snapshot
    monkeypatch.setenv("HETANG_WAREHOUSE", str(fresh_run.warehouse))
    for page in PAGES:
        at = open_page(page)
        assert not any("合成演示数据" in w.value for w in at.warning), page
    shown = metrics(open_page("overview"))
    expected = status_counts_at(snapshot, "2022-03")
    for status, label in STATUS_LABELS.items():
        assert shown[label] == str(expected.get(status, 0))
    assert shown["无数据"] == "38"
