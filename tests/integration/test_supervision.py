"""Supervision over several real nightly runs (SPEC §7): departments, due dates on China's
calendar, answers, lag, escalation (红色督办), catch-up and their notifications."""

from __future__ import annotations

import duckdb

from hetang.settings import WarehousePaths
from warehouse.responses import record_response

from .conftest import drop_fai


def snapshot(run) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(WarehousePaths(run.warehouse).snapshot), read_only=True)


def fai_alert(run) -> tuple:
    con = snapshot(run)
    try:
        return con.execute(
            "select alert_id, department, response_due, response_state, lag_periods, escalated, "
            "escalation_reason, severity from mart.alerts where target_code = 'fai_growth'"
        ).fetchone()
    finally:
        con.close()


def events(run, alert_id: str) -> list[tuple[str, str]]:
    con = snapshot(run)
    try:
        return con.execute(
            "select event, message from mart.alert_history where alert_id = ? order by seq",
            [alert_id],
        ).fetchall()
    finally:
        con.close()


def test_answers_due_dates_lag_and_escalation_over_several_runs(fresh_run, webhook):
    run = fresh_run
    drop_fai(run, 8, 7.0)  # at risk: an alert for 区发改局
    run(as_of="2022-09-29")
    alert_id, department, due, state, lag, escalated, reason, _ = fai_alert(run)
    # 2022-09-29 + 5 working days: Sep 30, (National Day Oct 1-7 off), Oct 8 and 9 (make-up
    # Saturday and Sunday, worked), Oct 10, Oct 11
    assert (department, str(due), state) == ("区发改局", "2022-10-11", "awaiting")
    assert (lag, escalated, reason) == (1, False, None)
    assert ("answer_requested", "请区发改局于2022-10-11前反馈情况说明和整改措施") in events(
        run, alert_id
    )

    reviews = WarehousePaths(run.warehouse).reviews
    record_response(reviews, alert_id, "区发改局", "8月新开工项目推迟", "加快项目入库", "li")
    run(as_of="2022-10-10")
    assert fai_alert(run)[3] == "responded"

    sent_before = len(webhook)
    drop_fai(run, 9, 6.0)  # shortfall: the severity rises and it lags a second period
    run(as_of="2022-10-12")
    _, _, due, state, lag, escalated, reason, severity = fai_alert(run)
    # a new escalation asks for a new answer: due 5 working days after 2022-10-12
    assert (severity, str(due), state) == ("critical", "2022-10-19", "awaiting")
    assert (lag, escalated, reason) == (2, True, "lag")
    titles = [m["title"] for m in webhook[sent_before:]]
    assert sorted(titles) == [
        "【严重预警】荷塘区2022年目标监测",
        "【红色督办】荷塘区2022年目标监测",
    ]

    run(as_of="2022-10-20")  # no answer by 2022-10-19
    assert fai_alert(run)[3:7] == ("overdue", 2, True, "lag,overdue")
    assert [m["title"] for m in webhook[-1:]] == ["【反馈逾期】荷塘区2022年目标监测"]
    sent = len(webhook)
    run(as_of="2022-10-21")  # still overdue: told once
    assert len(webhook) == sent
    kinds = [event for event, _ in events(run, alert_id)]
    assert kinds.count("overdue") == 1 and kinds.count("red_supervision") == 1
    assert kinds.count("answer_requested") == 2 and kinds.count("responded") == 1


def test_catch_up_per_month_in_progress_and_alert_text(fresh_run):
    (fresh_run.inbox / "school.csv").write_text(
        "region_code,indicator,period,value,unit\n430202,new_school_places,2022-06,300,个\n",
        encoding="utf-8",
    )
    fresh_run(as_of="2022-07-15")
    con = snapshot(fresh_run)
    try:
        progress = con.execute(
            "select expected, remaining, needed_per_month, status from mart.target_progress "
            "where target_code = 'new_school_places' and period = '2022-06'"
        ).fetchone()
        (message,) = con.execute(
            "select message from mart.alerts where target_code = 'new_school_places'"
        ).fetchone()
    finally:
        con.close()
    assert progress == (600.0, 900.0, 150.0, "shortfall")  # 1200 target, 300 done, 6 months left
    assert (
        message == "新增义务教育学位 300个，低于时序进度 600个（1-6月）；余下6个月需月均完成150个"
    )
