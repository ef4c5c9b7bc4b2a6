"""Alert lifecycle (SPEC §5): one alert per (region, year, target) at a time.

An alert opens when the latest status is at_risk or shortfall, its severity follows the latest
status (a rise is an escalation), it resolves when the status is on_track again, and an
acknowledgement keeps it acknowledged until its severity rises. Every change is kept in
core.alert_history. Messages read as a supervision office writes them.

The pass is set-based: one query finds every change (a temp table, one row per alert that
changes), Python writes the messages of those rows only, and one statement per kind of change
writes core.alerts and core.alert_history. A night without changes writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

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


# Every status that changes an alert, with the event it makes:
#   opened       at_risk/shortfall and no live alert
#   escalated    severity rose (the alert is open again, even if it was acknowledged)
#   deescalated  severity fell (an acknowledgement stays)
#   updated      same severity, new period or figure
#   resolved     on_track with a live alert
# A status of no_data leaves its alert as it is.
_CHANGES = """
create or replace temp table _alert_changes as
with status as (
    select
        s.region_code, s.year, s.target_code, s.period, s.status, s.actual, s.target_value,
        s.expected, s.unit, s.kind, s.direction, s.name_zh, s.progress_ratio,
        core.period_elapsed(s.period) as elapsed,
        core.period_label(s.period) as period_label,
        case s.status when 'at_risk' then 'warning' when 'shortfall' then 'critical' end
            as severity,
        case when s.kind = 'cumulative' then s.expected else s.target_value end as alert_target
    from mart.target_status as s
    where s.status in ('at_risk', 'shortfall', 'on_track')
),

live as (
    select * from core.alerts where state <> 'resolved'
),

joined as (
    select
        status.*,
        live.alert_id as live_id,
        live.severity as live_severity,
        live.state as live_state,
        live.period is distinct from status.period
        or live.actual is distinct from status.actual as moved,
        (status.severity = 'critical' and live.severity = 'warning') as rose,
        (status.severity = 'warning' and live.severity = 'critical') as fell
    from status
    left join live using (region_code, year, target_code)
    where status.severity is not null or live.alert_id is not null
)

select
    *,
    case
        when severity is null then 'resolved'
        when live_id is null then 'opened'
        when rose then 'escalated'
        when fell then 'deescalated'
        else 'updated'
    end as event,
    case
        when live_id is not null then live_id
        else 'A-' || year || '-' || target_code || '-'
            || left(replace(cast(gen_random_uuid() as varchar), '-', ''), 12)
    end as alert_id,
    case
        when severity is null then 'resolved'
        when live_id is null or rose then 'open'
        else live_state
    end as new_state
from joined
where severity is null or live_id is null or rose or fell or moved
"""

_WRITES = [
    # new alerts
    """
    insert into core.alerts
    select alert_id, region_code, year, target_code, period, severity, 'open', $now, $now, $now,
        null, actual, alert_target, message, null
    from _alert_changes where event = 'opened'
    """,
    # escalations, de-escalations and moves: follow the latest status
    """
    update core.alerts as a set
        severity = c.severity, state = c.new_state, period = c.period, actual = c.actual,
        target_value = c.alert_target, message = c.message, updated_at = $now,
        severity_raised_at = case when c.rose then $now else a.severity_raised_at end,
        -- after a fall, a later rise is news again and must be notified
        notified_severity = case when c.fell and a.notified_severity is not null
            then c.severity else a.notified_severity end
    from _alert_changes as c
    where a.alert_id = c.alert_id and c.event in ('escalated', 'deescalated', 'updated')
    """,
    # resolutions keep the severity the alert had
    """
    update core.alerts as a set
        state = 'resolved', resolved_at = $now, updated_at = $now, period = c.period,
        actual = c.actual, message = c.message
    from _alert_changes as c
    where a.alert_id = c.alert_id and c.event = 'resolved'
    """,
    """
    insert into core.alert_history
    select alert_id, $now, event, coalesce(severity, live_severity), new_state, period, actual,
        message, $run_id
    from _alert_changes
    order by alert_id
    """,
]

# Open alerts reviewed since their severity last rose become acknowledged.
_REVIEWS = [
    """
    create or replace temp table _alert_acks as
    select
        a.alert_id, a.severity, a.period, a.actual,
        max(r.reviewed_at) as reviewed_at,
        max_by(r.reviewer, r.reviewed_at) as reviewer,
        max_by(r.note, r.reviewed_at) as note
    from core.alerts as a
    inner join core.reviews as r
        on a.alert_id = r.alert_id and r.reviewed_at >= a.severity_raised_at
    where a.state = 'open'
    group by a.alert_id, a.severity, a.period, a.actual
    """,
    """
    update core.alerts as a set state = 'acknowledged', updated_at = k.reviewed_at
    from _alert_acks as k
    where a.alert_id = k.alert_id
    """,
    """
    insert into core.alert_history
    select alert_id, reviewed_at, 'acknowledged', severity, 'acknowledged', period, actual,
        reviewer || ' 已确认' || coalesce('：' || nullif(note, ''), ''), $run_id
    from _alert_acks
    order by alert_id
    """,
]


def update_alerts(
    con: duckdb.DuckDBPyConnection, run_id: str, follow_statuses: bool = True
) -> AlertChanges:
    """Bring core.alerts in line with mart.target_status and the reviews.

    With follow_statuses=False only reviews are applied: for statuses the alerts already
    follow, the pass is idempotent and would change nothing.
    """
    now = datetime.now(UTC).replace(tzinfo=None)
    con.execute(_CHANGES + ("" if follow_statuses else "\nlimit 0"))
    changes = con.sql("select * from _alert_changes order by alert_id").to_arrow_table()
    messages = [alert_message(row) for row in changes.to_pylist()]
    with_messages = changes.append_column("message", pa.array(messages, pa.string()))
    con.register("_alert_changes_msg", with_messages)
    try:
        con.execute("create or replace temp table _alert_changes as from _alert_changes_msg")
    finally:
        con.unregister("_alert_changes_msg")
    for statement in _WRITES:
        con.execute(statement, _params(statement, now=now, run_id=run_id))
    for statement in _REVIEWS:
        con.execute(statement, _params(statement, run_id=run_id))
    result = AlertChanges()
    for event, ids in con.execute(
        "select event, list(alert_id order by alert_id) from _alert_changes group by event"
    ).fetchall():
        if event in ("opened", "escalated", "resolved"):
            setattr(result, event, ids)
    result.acknowledged = [
        r[0] for r in con.execute("select alert_id from _alert_acks order by 1").fetchall()
    ]
    con.execute("drop table _alert_changes")
    con.execute("drop table _alert_acks")
    return result


def _params(statement: str, **values: object) -> dict[str, object]:
    """The named parameters a statement uses (DuckDB refuses unused ones)."""
    return {name: value for name, value in values.items() if f"${name}" in statement}


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
