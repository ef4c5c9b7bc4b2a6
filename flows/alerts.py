"""Alert lifecycle (SPEC §5): one alert per (region, year, target) at a time.

An alert opens when the latest status is at_risk or shortfall, its severity follows the latest
status (a rise is an escalation), it resolves when the status is on_track again, and an
acknowledgement keeps it acknowledged until its severity rises. Every change is kept in
core.alert_history. Messages read as a supervision office writes them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb

from warehouse.reviews import Review

SEVERITY = {"at_risk": "warning", "shortfall": "critical"}
RANK = {"warning": 1, "critical": 2}


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


def update_alerts(con: duckdb.DuckDBPyConnection, run_id: str) -> AlertChanges:
    """Bring core.alerts in line with mart.target_status and the reviews."""
    now = datetime.now(UTC).replace(tzinfo=None)
    changes = AlertChanges()
    live = {
        (r["region_code"], r["year"], r["target_code"]): r
        for r in _records(con, "select * from core.alerts where state <> 'resolved'")
    }
    for status in _records(con, _STATUS_QUERY):
        key = (status["region_code"], status["year"], status["target_code"])
        alert = live.get(key)
        severity = SEVERITY.get(status["status"])
        if severity and alert is None:
            changes.opened.append(_open(con, status, severity, now, run_id))
        elif severity and alert is not None:
            if _follow(con, alert, status, severity, now, run_id):
                changes.escalated.append(alert["alert_id"])
        elif status["status"] == "on_track" and alert is not None:
            _resolve(con, alert, status, now, run_id)
            changes.resolved.append(alert["alert_id"])
    changes.acknowledged = _apply_reviews(con, run_id)
    return changes


_STATUS_QUERY = """
select
    s.region_code, s.year, s.target_code, s.period, s.status, s.actual, s.target_value,
    s.expected, s.unit, s.kind, s.direction, s.name_zh, p.progress_ratio, p.elapsed,
    core.period_label(s.period) as period_label
from mart.target_status as s
inner join mart.target_progress as p using (region_code, year, target_code, period)
order by all
"""


def _records(con: duckdb.DuckDBPyConnection, query: str) -> list[dict]:
    cursor = con.execute(query)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _open(con, status: dict, severity: str, now: datetime, run_id: str) -> str:
    alert_id = f"A-{status['year']}-{status['target_code']}-{uuid.uuid4().hex[:8]}"
    message = alert_message(status)
    con.execute(
        "insert into core.alerts values (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, null, ?, ?, ?, null)",
        [
            alert_id,
            status["region_code"],
            status["year"],
            status["target_code"],
            status["period"],
            severity,
            now,
            now,
            now,
            status["actual"],
            status["target_value"] if status["kind"] != "cumulative" else status["expected"],
            message,
        ],
    )
    _history(con, alert_id, now, "opened", severity, "open", status, message, run_id)
    return alert_id


def _follow(con, alert: dict, status: dict, severity: str, now: datetime, run_id: str) -> bool:
    """Follow the latest status; return True when the severity rose (an escalation)."""
    message = alert_message(status)
    rose = RANK[severity] > RANK[alert["severity"]]
    fell = RANK[severity] < RANK[alert["severity"]]
    moved = (status["period"], status["actual"]) != (alert["period"], alert["actual"])
    if not (rose or fell or moved):
        return False
    state = "open" if rose else alert["state"]
    con.execute(
        """
        update core.alerts set severity = ?, state = ?, period = ?, actual = ?, target_value = ?,
            message = ?, updated_at = ?,
            severity_raised_at = case when ? then ? else severity_raised_at end,
            -- after a fall, a later rise is news again and must be notified
            notified_severity = case when ? and notified_severity is not null then ?
                else notified_severity end
        where alert_id = ?
        """,
        [
            severity,
            state,
            status["period"],
            status["actual"],
            status["target_value"] if status["kind"] != "cumulative" else status["expected"],
            message,
            now,
            rose,
            now,
            fell,
            severity,
            alert["alert_id"],
        ],
    )
    event = "escalated" if rose else "deescalated" if fell else "updated"
    _history(con, alert["alert_id"], now, event, severity, state, status, message, run_id)
    return rose


def _resolve(con, alert: dict, status: dict, now: datetime, run_id: str) -> None:
    message = alert_message(status)
    con.execute(
        "update core.alerts set state = 'resolved', resolved_at = ?, updated_at = ?, period = ?, "
        "actual = ?, message = ? where alert_id = ?",
        [now, now, status["period"], status["actual"], message, alert["alert_id"]],
    )
    _history(
        con,
        alert["alert_id"],
        now,
        "resolved",
        alert["severity"],
        "resolved",
        status,
        message,
        run_id,
    )


def _apply_reviews(con: duckdb.DuckDBPyConnection, run_id: str) -> list[str]:
    """Open alerts reviewed since their severity last rose become acknowledged."""
    rows = con.execute(
        """
        select a.alert_id, max(r.reviewed_at), max_by(r.reviewer, r.reviewed_at),
            max_by(r.note, r.reviewed_at), a.severity, a.period, a.actual
        from core.alerts as a
        inner join core.reviews as r
            on a.alert_id = r.alert_id and r.reviewed_at >= a.severity_raised_at
        where a.state = 'open'
        group by a.alert_id, a.severity, a.period, a.actual
        """
    ).fetchall()
    for alert_id, reviewed_at, reviewer, note, severity, period, actual in rows:
        con.execute(
            "update core.alerts set state = 'acknowledged', updated_at = ? where alert_id = ?",
            [reviewed_at, alert_id],
        )
        message = f"{reviewer} 已确认" + (f"：{note}" if note else "")
        con.execute(
            "insert into core.alert_history values (?, ?, 'acknowledged', ?, 'acknowledged', ?, ?, ?, ?)",
            [alert_id, reviewed_at, severity, period, actual, message, run_id],
        )
    return [r[0] for r in rows]


def _history(
    con,
    alert_id: str,
    at: datetime,
    event: str,
    severity: str,
    state: str,
    status: dict,
    message: str,
    run_id: str,
) -> None:
    con.execute(
        "insert into core.alert_history values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [alert_id, at, event, severity, state, status["period"], status["actual"], message, run_id],
    )


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
        ratio = (s["progress_ratio"] or 0) * 100
        return (
            f"{name} {actual}，低于时序进度 {_fmt(s['expected'], unit)}"
            f"（{label}，完成全年目标 {ratio:.1f}%，时序进度 {s['elapsed'] * 100:.1f}%）"
        )
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
        return f"{name} {actual}，{word}目标 {target}（{label}）"
    if direction == "max":
        return f"{name} {actual}，高于{assigned}上限 {target}（{label}）"
    return f"{name} {actual}，低于{assigned} {target}（{label}）"
