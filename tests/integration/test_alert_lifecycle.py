"""Alert lifecycle over several real nightly runs, with notifications to a local webhook."""

from __future__ import annotations

import duckdb

from hetang.settings import WarehousePaths
from warehouse.reviews import record_review

from .conftest import drop_fai


def alerts(run) -> list[tuple]:
    con = duckdb.connect(str(WarehousePaths(run.warehouse).snapshot), read_only=True)
    try:
        return con.execute(
            "select alert_id, severity, state, period, message from mart.alerts "
            "where target_code = 'fai_growth' order by opened_at"
        ).fetchall()
    finally:
        con.close()


def history(run, alert_id: str) -> list[str]:
    con = duckdb.connect(str(WarehousePaths(run.warehouse).snapshot), read_only=True)
    try:
        return [
            e
            for (e,) in con.execute(
                "select event from mart.alert_history where alert_id = ? "
                # the lifecycle only (tests/integration/test_supervision.py has the rest)
                "and event not in ('answer_requested', 'responded', 'overdue', 'red_supervision') "
                "order by seq",
                [alert_id],
            ).fetchall()
        ]
    finally:
        con.close()


def test_open_escalate_acknowledge_resolve_reopen(fresh_run, webhook):
    run = fresh_run
    reviews = WarehousePaths(run.warehouse).reviews

    drop_fai(run, 3, 7.0)  # 6.5 <= 7.0 < 7.5: at risk
    assert run().opened == 1
    ((alert_id, severity, state, _, message),) = alerts(run)
    assert (severity, state) == ("warning", "open")
    assert message == "固定资产投资增长 7%，低于目标 7.5%（1-3月）"
    assert len(webhook) == 1 and "固定资产投资增长 7%" in webhook[0]["message"]

    drop_fai(run, 4, 6.0)  # below 6.5: shortfall → escalated
    assert run().escalated == 1
    ((same_id, severity, state, period, _),) = alerts(run)
    assert (same_id, severity, state, period) == (alert_id, "critical", "open", "2022-04")
    # the rise to critical, and the escalation to 红色督办: two lagging periods (SPEC §7)
    assert len(webhook) == 3
    assert (
        webhook[1]["title"] == "【红色督办】荷塘区2022年目标监测"
        or webhook[2]["title"] == "【红色督办】荷塘区2022年目标监测"
    )

    record_review(reviews, alert_id, "张科长", "已督办")
    summary = run()  # nothing new dropped: the statuses stand, the review is applied
    assert summary.acknowledged == 1 and summary.opened == 0 and summary.statuses_of
    assert alerts(run)[0][2] == "acknowledged"

    drop_fai(run, 6, 7.2)  # back to at risk: severity falls, acknowledgement stays
    run()
    ((_, severity, state, _, _),) = alerts(run)
    assert (severity, state) == ("warning", "acknowledged")

    drop_fai(run, 7, 6.1)  # rises again to critical: acknowledgement no longer holds
    assert run().escalated == 1
    ((_, severity, state, _, _),) = alerts(run)
    assert (severity, state) == ("critical", "open")
    assert len(webhook) == 4  # escalations are sent; falls and unchanged alerts are not

    drop_fai(run, 8, 7.6)  # on track: resolved
    assert run().resolved == 1
    assert alerts(run)[0][2] == "resolved"

    drop_fai(run, 9, 7.3)  # off track again: a new alert, never two live ones
    assert run().opened == 1
    rows = alerts(run)
    assert [r[2] for r in rows] == ["resolved", "open"] and rows[1][0] != alert_id
    assert len(webhook) == 5
    assert history(run, alert_id) == [
        "opened",
        "escalated",
        "acknowledged",
        "deescalated",
        "escalated",
        "resolved",
    ]
