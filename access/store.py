"""The users and audit tables of the review store (SQLite beside the warehouse), opened here."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warehouse import sql

_SCHEMAS = ("statements/reviews/users_schema", "statements/reviews/audit_schema")


def connect(path: Path) -> sqlite3.Connection:
    """The review store with the users and audit tables in place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=10)
    con.execute("pragma journal_mode=wal")
    for schema in _SCHEMAS:
        con.execute(sql.text(schema))
    return con


def run(con: sqlite3.Connection, name: str, /, **params: Any) -> sqlite3.Cursor:
    """The named SQL (warehouse/<name>.sql) with its `$params` bound, on SQLite."""
    statement = sql.text(name)
    return con.execute(statement, sql.bound(statement, params))


def utcnow() -> datetime:
    """Now in UTC without a zone, as the review store keeps its times."""
    return datetime.now(UTC).replace(tzinfo=None)
