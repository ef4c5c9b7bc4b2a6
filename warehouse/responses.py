"""Departments' answers to alerts (情况说明 and 整改措施), kept in the dashboard's review store.

The dashboard writes an answer here (the review store is SQLite beside the warehouse, never
blocked by a nightly run); the nightly run mirrors every answer into core.responses, and the
supervision pass marks the alert `responded` when an answer came after it was asked for.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warehouse.reviews import connect


@dataclass(frozen=True)
class Response:
    """One department's answer to one alert."""

    alert_id: str
    department: str | None
    explanation: str
    measures: str
    responded_by: str
    responded_at: datetime


def record_response(
    path: Path,
    alert_id: str,
    department: str | None,
    explanation: str,
    measures: str,
    responded_by: str,
) -> Response:
    """Store an answer; the explanation and the measures are both required."""
    explanation, measures = explanation.strip(), measures.strip()
    if not explanation or not measures:
        raise ValueError("an answer needs its explanation (情况说明) and measures (整改措施)")
    response = Response(
        alert_id,
        department,
        explanation,
        measures,
        responded_by,
        datetime.now(UTC).replace(tzinfo=None),
    )
    with closing(connect(path)) as con, con:
        con.execute(
            "insert into responses values (?, ?, ?, ?, ?, ?)",
            [
                alert_id,
                department,
                explanation,
                measures,
                responded_by,
                response.responded_at.isoformat(),
            ],
        )
    return response


def load_responses(path: Path) -> list[Response]:
    """Every answer, oldest first (none when the store does not exist yet)."""
    if not path.exists():
        return []
    with closing(connect(path)) as con:
        rows = con.execute("select * from responses order by responded_at").fetchall()
    return [Response(a, d, e, m, b, datetime.fromisoformat(t)) for a, d, e, m, b, t in rows]
