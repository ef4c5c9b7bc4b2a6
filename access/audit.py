"""The audit log of the review store: who did what, when, and to which alert."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from access import store


@dataclass(frozen=True)
class AuditEntry:
    """One row of the audit log."""

    at: datetime
    who: str
    action: str
    alert_id: str | None
    detail: str | None


def record(
    con: sqlite3.Connection,
    who: str,
    action: str,
    alert_id: str | None = None,
    detail: str | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add one row on an open review store connection (the caller commits)."""
    entry = AuditEntry(at or store.utcnow(), who, action, alert_id, detail)
    store.run(
        con,
        "statements/reviews/record_audit",
        at=entry.at.isoformat(),
        who=who,
        action=action,
        alert_id=alert_id,
        detail=detail,
    )
    return entry


def load(path: Path) -> list[AuditEntry]:
    """The audit log, newest first (empty when the store does not exist yet)."""
    if not path.exists():
        return []
    with closing(store.connect(path)) as con:
        rows = store.run(con, "statements/reviews/load_audit").fetchall()
    return [AuditEntry(datetime.fromisoformat(at), *rest) for at, *rest in rows]
