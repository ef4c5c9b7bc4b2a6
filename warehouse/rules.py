"""The judging rules of `rules.sql`, for Python: evaluated by DuckDB, never re-typed here."""

from __future__ import annotations

from functools import cache
from typing import Any

import duckdb

from warehouse import sql


def create(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the rule macros in a warehouse (or any DuckDB connection)."""
    con.execute(sql.text("rules"))


def connect() -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB connection with the rule macros, for judging frames in Python."""
    con = duckdb.connect()
    create(con)
    return con


@cache
def _evaluator() -> duckdb.DuckDBPyConnection:
    return connect()


def _evaluate(query: str, argument: object) -> Any:
    # A cursor per call: the dashboard asks from several threads, and a DuckDB connection is
    # not to be shared between threads at once.
    row = _evaluator().cursor().execute(query, [argument]).fetchone()
    return None if row is None else row[0]


def severity(status: str) -> str | None:
    """The alert severity of a status (None for on_track and no_data)."""
    return _evaluate("select rules.severity(?)", status)


def severity_rank(severity: str | None) -> int:
    """How severe a severity is: higher is more severe, 0 for none."""
    return int(_evaluate("select rules.severity_rank(?)", severity))
