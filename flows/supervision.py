"""Supervision (督办, SPEC §7): who must answer each alert, by when, and what is escalated.

Every live alert carries its target's department. An answer (情况说明 and 整改措施) is asked for
when the alert opens, when its severity rises and when it newly lags `lag_limit` periods or more,
due `working_days` working days after the run date (China's calendar, `flows.workdays`); until
the department answers the alert is `awaiting`, then `responded`, and past its due date without
an answer `overdue`. Lagging `lag_limit` periods or an overdue answer escalates it (红色督办).
The pass runs every night, also when the statuses are unchanged: time passes and answers come.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import duckdb

from flows.workdays import add_working_days
from warehouse import sql
from warehouse.responses import Response

_STEPS = ("follow", "apply", "record")


def mirror_responses(con: duckdb.DuckDBPyConnection, responses: list[Response]) -> None:
    """Copy the dashboard's answers into core.responses."""
    con.execute("delete from core.responses")
    if responses:
        con.executemany(
            "insert into core.responses values (?, ?, ?, ?, ?, ?)",
            [
                [
                    r.alert_id,
                    r.department,
                    r.explanation,
                    r.measures,
                    r.responded_by,
                    r.responded_at,
                ]
                for r in responses
            ],
        )


def follow(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    as_of: date,
    working_days: int = 5,
    lag_limit: int = 2,
) -> dict[str, list[str]]:
    """Bring every live alert's department, answer, lag and escalation up to date; return the
    alerts of each supervision event of this run (answer_requested, responded, overdue,
    red_supervision)."""
    params = {
        "now": datetime.now(UTC).replace(tzinfo=None),
        "as_of": as_of,
        "due": add_working_days(as_of, working_days),
        "lag_limit": lag_limit,
        "run_id": run_id,
    }
    for step in _STEPS:
        sql.execute(con, f"statements/supervision/{step}", **params)
    events = dict(
        con.execute(
            "select event, list(alert_id order by alert_id) "
            "from (select alert_id, unnest(events) as event from _supervision) group by event"
        ).fetchall()
    )
    con.execute("drop table _supervision")
    return events
