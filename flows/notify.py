"""The notify stage: what an office must hear goes once to the Apprise URLs in HETANG_NOTIFY.

An alert is sent when its severity is above the one last notified (never for an unchanged
alert), when it is escalated (红色督办) and when its answer becomes overdue, once each
(`warehouse/statements/notify/pending.sql`); what was sent is written after a successful send,
in its own small commit. Title and text name the alert's region and year (【预警】荷塘区2022年目标监测).
Apprise carries it: webhooks, email, DingTalk (`dingtalk://`), WeCom
(`wecombot://`) and the rest of its services.
"""

from __future__ import annotations

import apprise
import duckdb

from warehouse import sql

TITLE = {"warning": "【预警】", "critical": "【严重预警】"}
KIND_TITLE = {"escalation": "【红色督办】", "overdue": "【反馈逾期】"}
# What a successful send records, per kind of notification.
_SENT = {
    "severity": "update judged.alerts set notified_severity = severity where alert_id = ?",
    "escalation": "update judged.alerts set notified_escalation = true where alert_id = ?",
    "overdue": "update judged.alerts set notified_overdue_for = response_due where alert_id = ?",
}


def pending(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str, str, int]]:
    """(alert_id, kind, severity, message, region name, year) of what is not yet notified."""
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
    for alert_id, kind, severity, message, region_name, year in pending(con):
        title = KIND_TITLE.get(kind, TITLE[severity])
        where = f"{region_name}{year}年"
        if not sender.notify(title=f"{title}{where}目标监测", body=f"{where}：{message}"):
            raise RuntimeError(f"notification of alert {alert_id} ({kind}) failed")
        con.execute(_SENT[kind], [alert_id])
        sent += 1
    return sent
