"""The notify stage: new and escalated alerts go once to the Apprise URLs in HETANG_NOTIFY.

An alert is sent when its severity is above the one last notified (never for an unchanged
alert; `warehouse/statements/notify/pending.sql`); the notified severity is written after a
successful send, in its own small commit.
"""

from __future__ import annotations

import apprise
import duckdb

from warehouse import sql

TITLE = {"warning": "【预警】", "critical": "【严重预警】"}


def pending(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(alert_id, severity, message) of alerts not yet notified at their current severity."""
    return sql.execute(con, "statements/notify/pending").fetchall()


def send_pending(con: duckdb.DuckDBPyConnection, urls: list[str]) -> int:
    """Send every pending alert; return how many were sent."""
    if not urls:
        return 0
    sender = apprise.Apprise()
    for url in urls:
        if not sender.add(url):
            raise ValueError(f"HETANG_NOTIFY: {url!r} is not a valid Apprise URL")
    sent = 0
    for alert_id, severity, message in pending(con):
        if not sender.notify(title=f"{TITLE[severity]}荷塘区目标监测", body=message):
            raise RuntimeError(f"notification of alert {alert_id} failed")
        con.execute(
            "update judged.alerts set notified_severity = ? where alert_id = ?",
            [severity, alert_id],
        )
        sent += 1
    return sent
