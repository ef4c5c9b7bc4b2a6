"""The alert stage (SPEC §5): one alert per (region, year, target) at a time, in judged.alerts.

An alert opens when the latest status is at_risk or shortfall, its severity follows the latest
status (a rise is an escalation), it resolves when the status is on_track again, and an
acknowledgement keeps it acknowledged until its severity rises. Every change is kept in
judged.alert_history. Messages read as a supervision office writes them.

The pass is set-based (`warehouse/statements/alerts/`): one query finds every change (a temp
table, one row per alert that changes), Python writes the messages of those rows only, and one
statement per kind of change writes the alerts and their history. A night without changes
writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from warehouse import sql
from warehouse.reviews import Review

_WRITES = ("open_new", "follow_status", "resolve", "record_changes")
_ACKNOWLEDGEMENTS = ("acknowledgements", "acknowledge", "record_acknowledgements")


@dataclass
class AlertChanges:
    """What one lifecycle pass did."""

    opened: list[str] = field(default_factory=list)
    escalated: list[str] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)


def mirror_reviews(con: duckdb.DuckDBPyConnection, reviews: list[Review]) -> None:
    """Copy the dashboard's review store into core.reviews."""
    con.execute("delete from core.reviews")
    if reviews:
        con.executemany(
            "insert into core.reviews values (?, ?, ?, ?)",
            [[r.alert_id, r.reviewed_at, r.reviewer, r.note] for r in reviews],
        )


def update_alerts(
    con: duckdb.DuckDBPyConnection, run_id: str, follow_statuses: bool = True
) -> AlertChanges:
    """Bring judged.alerts in line with mart.target_status and the reviews.

    With follow_statuses=False only reviews are applied: for statuses the alerts already
    follow, the pass is idempotent and would change nothing.
    """
    now = datetime.now(UTC).replace(tzinfo=None)
    sql.execute(con, "statements/alerts/changes", follow=follow_statuses)
    changes = con.sql("select * from _alert_changes order by alert_id").to_arrow_table()
    messages = [alert_message(row) for row in changes.to_pylist()]
    con.register(
        "_alert_changes_msg", changes.append_column("message", pa.array(messages, pa.string()))
    )
    try:
        con.execute("create or replace temp table _alert_changes as from _alert_changes_msg")
    finally:
        con.unregister("_alert_changes_msg")
    for name in _WRITES + _ACKNOWLEDGEMENTS:
        sql.execute(con, f"statements/alerts/{name}", now=now, run_id=run_id)
    result = AlertChanges()
    for event, ids in con.execute(
        "select event, list(alert_id order by alert_id) from _alert_changes group by event"
    ).fetchall():
        if event in ("opened", "escalated", "resolved"):
            setattr(result, event, ids)
    result.acknowledged = [
        r for (r,) in con.execute("select alert_id from _alert_acks order by 1").fetchall()
    ]
    con.execute("drop table _alert_changes")
    con.execute("drop table _alert_acks")
    return result


def _fmt(value: float | None, unit: str | None) -> str:
    if value is None:
        return "—"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text}{unit or ''}"


def alert_message(s: dict) -> str:
    """The alert text, e.g. `固定资产投资增长 6.2%，低于目标 7.5%（1-12月）`."""
    name, unit, label = s["name_zh"], s["unit"], s["period_label"]
    actual = _fmt(s["actual"], unit)
    if s["status"] == "on_track":
        return f"{name} {actual}，已达到目标要求（{label}）"
    kind, direction = s["kind"], s["direction"]
    if kind == "milestone":
        return f"{name}：到期未完成（{label}）"
    if kind == "cumulative":
        text = f"{name} {actual}，低于时序进度 {_fmt(s['expected'], unit)}（{label}）"
        return text + _catch_up(s)
    if kind == "relative":
        return f"居民收入增长 {actual}，未高于地区生产总值增长 {_fmt(s['target_value'], '%')}（{label}）"
    target = _fmt(s["expected"], unit)
    if kind == "rate" and s["target_value"] != s["expected"]:  # "about" a value: say both
        bound = "上限" if direction == "max" else "下限"
        target = f"{_fmt(s['target_value'], unit)}左右（{bound} {target}）"
        direction = "about"
    assigned = "省、市下达目标" if kind == "external" else "目标"
    if direction == "about":
        word = "高于" if s["actual"] > s["expected"] else "低于"
        return f"{name} {actual}，{word}目标 {target}（{label}）" + _catch_up(s)
    if direction == "max":
        return f"{name} {actual}，高于{assigned}上限 {target}（{label}）"
    return f"{name} {actual}，低于{assigned} {target}（{label}）" + _catch_up(s)


def _catch_up(s: dict) -> str:
    """倒算: what the rest of the year needs (cumulative: per month; growth: an estimate)."""
    months = s.get("months_left") or 0
    if months <= 0:
        return ""
    if s.get("needed_per_month") is not None:
        return f"；余下{months}个月需月均完成{_fmt(s['needed_per_month'], s['unit'])}"
    if s.get("growth_needed") is not None:
        return f"；余下{months}个月需增长{_fmt(s['growth_needed'], '%')}（估算）"
    return ""
