"""The set-based alert pass against a plain model of SPEC §5, over seeded random status sequences.

A real DuckDB warehouse (migrated), with mart.target_status replaced by a table the test writes
before each pass; reviews go through core.reviews as the nightly run mirrors them. After every
pass the live alerts, the alerts ever opened and every history event must equal the model's.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb
import pytest

from flows import alerts
from warehouse import marts, migrate

SEVERITY = {"at_risk": "warning", "shortfall": "critical"}
KINDS = [("rate", "min"), ("rate", "max"), ("cumulative", "min"), ("external", "min")]


@dataclass
class Alert:
    severity: str
    state: str
    period: str
    actual: float | None
    raised: float  # pass number of the last rise
    events: list[str] = field(default_factory=list)


@dataclass
class Key:
    region: str
    target: str
    kind: str
    direction: str
    live: Alert | None = None
    done: list[Alert] = field(default_factory=list)
    reviews: list[float] = field(default_factory=list)


def model_pass(key: Key, step: int, status: str, period: str, actual: float | None) -> None:
    """SPEC §5, written plainly: follow the status, then apply reviews since the last rise."""
    alert, severity = key.live, SEVERITY.get(status)
    if severity and alert is None:
        key.live = Alert(severity, "open", period, actual, step, ["opened"])
    elif severity and alert is not None:
        rank = {"warning": 1, "critical": 2}
        rose = rank[severity] > rank[alert.severity]
        fell = rank[severity] < rank[alert.severity]
        if rose or fell or (period, actual) != (alert.period, alert.actual):
            alert.events.append("escalated" if rose else "deescalated" if fell else "updated")
            alert.severity, alert.period, alert.actual = severity, period, actual
            if rose:
                alert.state, alert.raised = "open", step
    elif status == "on_track" and alert is not None:
        alert.state, alert.period, alert.actual = "resolved", period, actual
        alert.events.append("resolved")
        key.done.append(alert)
        key.live = None
    alert = key.live
    if alert and alert.state == "open" and any(r >= alert.raised for r in key.reviews):
        alert.state = "acknowledged"
        alert.events.append("acknowledged")


def write_statuses(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    con.execute("delete from mart.target_status")
    con.executemany(
        "insert into mart.target_status values "
        "(?, 2022, ?, ?, ?, ?, 7.5, ?, ?, ?, '%', 7.0, 0.5, 0, null, null, 0, null)",
        rows,
    )


@pytest.fixture()
def warehouse(tmp_path):
    con = duckdb.connect(str(tmp_path / "alerts.duckdb"))
    migrate.migrate(con)
    marts.build_all(con)
    con.execute("create schema if not exists mart")
    con.execute("drop view if exists mart.target_status")
    con.execute(
        """
        create table mart.target_status (
            region_code varchar, year integer, target_code varchar, period varchar,
            status varchar, actual double, target_value double, name_zh varchar,
            kind varchar, direction varchar, unit varchar, expected double,
            progress_ratio double, months_left integer, needed_per_month double,
            growth_needed double, lag_periods integer, department varchar
        )
        """
    )
    yield con
    con.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_set_based_pass_equals_the_model(warehouse, seed):
    rng = random.Random(seed)
    keys = [Key(f"43{r:04d}", f"t{t}", *KINDS[t % len(KINDS)]) for r in range(6) for t in range(8)]
    month = {k.target: 1 for k in keys}
    totals = {"opened": 0, "escalated": 0, "resolved": 0, "acknowledged": 0}
    for step in range(1, 16):
        rows = []
        for key in keys:
            if rng.random() < 0.4:
                month[key.target] = min(12, month[key.target] + 1)
            period = f"2022-{month[key.target]:02d}"
            status = rng.choice(["on_track", "at_risk", "shortfall", "no_data", "at_risk"])
            actual = None if status == "no_data" else rng.choice([5.0, 6.0, 6.5])
            rows.append(
                (key.region, key.target, period, status, actual, "指标", key.kind, key.direction)
            )
            model_pass(key, step, status, period, actual)
        write_statuses(warehouse, rows)
        changes = alerts.update_alerts(warehouse, f"run-{step}")
        for name in totals:
            totals[name] += len(getattr(changes, name))
        # the same statuses again change nothing (what a night with unchanged inputs relies on)
        events = warehouse.execute("select count(*) from judged.alert_history").fetchone()
        again = alerts.update_alerts(warehouse, f"run-{step}-again")
        assert again == alerts.AlertChanges()
        assert warehouse.execute("select count(*) from judged.alert_history").fetchone() == events
        # reviews between this pass and the next: some live open alerts get acknowledged
        for key in keys:
            if key.live and key.live.state == "open" and rng.random() < 0.3:
                (alert_id,) = warehouse.execute(
                    "select alert_id from judged.alerts where region_code = ? and target_code = ? "
                    "and state <> 'resolved'",
                    [key.region, key.target],
                ).fetchone()
                key.reviews.append(step + 0.5)
                time.sleep(0.001)  # a review is later than the pass that raised the alert
                warehouse.execute(
                    "insert into core.reviews values (?, ?, 'reviewer', ?)",
                    [alert_id, datetime.now(UTC).replace(tzinfo=None), rng.choice([None, "ok"])],
                )
        check(warehouse, keys)
    events = [e for k in keys for a in [*k.done, *([k.live] if k.live else [])] for e in a.events]
    assert totals == {
        "opened": events.count("opened"),
        "escalated": events.count("escalated"),
        "resolved": events.count("resolved"),
        "acknowledged": events.count("acknowledged"),
    }
    assert totals["opened"] > 20 and totals["escalated"] > 5 and totals["acknowledged"] > 5


def check(con: duckdb.DuckDBPyConnection, keys: list[Key]) -> None:
    for key in keys:
        rows = con.execute(
            "select alert_id, severity, state, period, actual from judged.alerts "
            "where region_code = ? and target_code = ? order by opened_at, alert_id",
            [key.region, key.target],
        ).fetchall()
        expected = [*key.done, *([key.live] if key.live else [])]
        assert len(rows) == len(expected), key
        live = [r for r in rows if r[2] != "resolved"]
        assert len(live) <= 1
        if key.live:
            assert live[0][1:] == (
                key.live.severity,
                key.live.state,
                key.live.period,
                key.live.actual,
            ), key
            assert live[0][0].startswith(f"A-2022-{key.target}-")
            history = con.execute(
                "select event from judged.alert_history where alert_id = ? order by rowid",
                [live[0][0]],
            ).fetchall()
            assert [h[0] for h in history] == key.live.events, key
        else:
            assert live == []
