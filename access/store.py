"""The review store (SQLite beside the warehouse) as access uses it: opened by warehouse/reviews.py,
named SQL on it, and its clock."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

from warehouse import sql
from warehouse.reviews import connect as connect  # the one way the store is opened


def run(con: sqlite3.Connection, name: str, /, **params: Any) -> sqlite3.Cursor:
    """The named SQL (warehouse/<name>.sql) with its `$params` bound, on SQLite."""
    statement = sql.text(name)
    return con.execute(statement, sql.bound(statement, params))


def utcnow() -> datetime:
    """Now in UTC without a zone, as the review store keeps its times."""
    return datetime.now(UTC).replace(tzinfo=None)
