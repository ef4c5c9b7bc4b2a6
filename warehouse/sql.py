"""Named SQL: every statement and query of more than a line lives in a .sql file under warehouse/.

A name is the file's path below `warehouse/` without `.sql`, e.g. `statements/alerts/changes` or
`queries/scorecard`. Python only binds parameters: named DuckDB parameters (`$region`), of which
a statement gets exactly those it uses (DuckDB refuses unused ones).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

HOME = Path(__file__).parent
_PARAMETER = re.compile(r"\$([A-Za-z_]\w*)")


@cache
def text(name: str) -> str:
    """The SQL text of `name`, read once per process."""
    return (HOME / f"{name}.sql").read_text(encoding="utf-8")


def bound(statement: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters `statement` uses, out of `params`; a missing one is an error here."""
    used = set(_PARAMETER.findall(statement))
    missing = used - params.keys()
    if missing:
        raise KeyError(f"SQL needs parameters {sorted(missing)}")
    return {name: value for name, value in params.items() if name in used}


def execute(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> duckdb.DuckDBPyConnection:
    """Run the named statement (or query) with its parameters; returns the cursor."""
    statement = text(name)
    return con.execute(statement, bound(statement, params))


def relation(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> duckdb.DuckDBPyRelation:
    """The named query as a lazy relation (for Arrow or pandas output)."""
    statement = text(name)
    return con.sql(statement, params=bound(statement, params) or None)
