"""Versioned schema migrations (`migrations/NNN_name.sql`), each applied once, in its own transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    """Migration versions already applied to this file."""
    con.execute(
        "create table if not exists main.schema_migrations "
        "(version integer primary key, name varchar, applied_at timestamp)"
    )
    return {v for (v,) in con.execute("select version from main.schema_migrations").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the names applied."""
    done = applied_versions(con)
    applied = []
    for sql_file in sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9]_*.sql")):
        version = int(sql_file.name[:3])
        if version in done:
            continue
        con.execute("begin transaction")
        try:
            con.execute(sql_file.read_text(encoding="utf-8"))
            con.execute(
                "insert into main.schema_migrations values (?, ?, ?)",
                [version, sql_file.stem, datetime.now(UTC).replace(tzinfo=None)],
            )
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        applied.append(sql_file.stem)
    return applied
