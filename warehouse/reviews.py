"""The review store: acknowledgements written by the dashboard, read by the nightly run.

It is a small SQLite file beside the warehouse, so a review is never blocked by a nightly run
holding the DuckDB file (and never lost when the snapshot is replaced). The nightly run mirrors
it into core.reviews and applies it to the alert lifecycle.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warehouse import sql


@dataclass(frozen=True)
class Review:
    """One acknowledgement of an alert."""

    alert_id: str
    reviewed_at: datetime
    reviewer: str
    note: str | None


# Every table of the review store: acknowledgements, answers, users and the audit log.
_SCHEMAS = tuple(
    f"statements/reviews/{name}"
    for name in ("schema", "responses_schema", "users_schema", "audit_schema")
)


def connect(path: Path) -> sqlite3.Connection:
    """The review store, with all its tables in place (the one way it is opened)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=10)
    con.execute("pragma journal_mode=wal")
    for schema in _SCHEMAS:
        con.execute(sql.text(schema))
    return con


def record_review(path: Path, alert_id: str, reviewer: str, note: str | None = None) -> Review:
    """Store an acknowledgement; the reviewer's name is required."""
    reviewer = reviewer.strip()
    if not reviewer:
        raise ValueError("a review needs the reviewer's name")
    review = Review(
        alert_id, datetime.now(UTC).replace(tzinfo=None), reviewer, (note or "").strip() or None
    )
    with closing(connect(path)) as con, con:
        con.execute(
            "insert into reviews values (?, ?, ?, ?)",
            [review.alert_id, review.reviewed_at.isoformat(), review.reviewer, review.note],
        )
    return review


def load_reviews(path: Path) -> list[Review]:
    """Every review, oldest first (none when the store does not exist yet)."""
    if not path.exists():
        return []
    with closing(connect(path)) as con:
        rows = con.execute(
            "select alert_id, reviewed_at, reviewer, note from reviews order by reviewed_at"
        ).fetchall()
    return [Review(a, datetime.fromisoformat(t), r, n) for a, t, r, n in rows]
