"""Build the mart views: first those over raw and core, then, after validation, the judged ones.

Input marts (`marts/<name>.sql`, view `mart.<name>`) read raw and core only. The judged marts
(`judged/<name>.sql`, also `mart.<name>`: the stable names of SPEC §5) read mart views and the
`judged` schema, and are built by the judge stage, after GE has written its statuses. The rule
macros (`rules.sql`) come first: every layer reads them.
"""

from __future__ import annotations

import duckdb

from warehouse import rules, sql

# In dependency order; each file defines the view it is named after.
INPUT_MARTS = (
    "regions",
    "targets",
    "observation_vintages",
    "observations",
    "files",
    "unmapped_indicators",
    "dq_findings",
    "target_measures",
    "growth_needed",
    "region_ranks",
    "responses",
    "runs",
)
JUDGED_MARTS = ("target_progress", "target_status", "alerts", "alert_history")
# Every stable view of the mart schema (docs/sql.md documents each).
MART_VIEWS = INPUT_MARTS + JUDGED_MARTS


def _create(con: duckdb.DuckDBPyConnection, folder: str, names: tuple[str, ...]) -> None:
    for name in names:
        con.execute(f"create or replace view mart.{name} as\n{sql.text(f'{folder}/{name}')}")


def build_marts(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the rule macros and the mart views over raw and core."""
    rules.create(con)
    _create(con, "marts", INPUT_MARTS)


def build_judged(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the mart views that show what the run judged."""
    _create(con, "judged", JUDGED_MARTS)


# Marts too costly to compute per query at national scale (the peer ranking: a window over every
# current observation; each target's latest status and lag: windows over every measure; 1-3 s
# each at 2,844 regions): the judge stage stores the night's rows in `judged.<name>` and points
# the mart view at them. Until then (and in a warehouse whose views were only built) the view
# computes them live, from the same SQL file. (folder, name), in dependency order.
STORED_MARTS = (("marts", "region_ranks"), ("judged", "target_status"))


def store_marts(con: duckdb.DuckDBPyConnection, *, inputs_unchanged: bool) -> None:
    """Store the costly marts for the readers; kept as they are when their inputs (the
    validation's inputs, which decide the statuses too) did not change and they are stored."""
    for folder, name in STORED_MARTS:
        [(stored,)] = con.execute(
            "select count(*) from duckdb_tables() where schema_name = 'judged' and table_name = ?",
            [name],
        ).fetchall()
        if not (inputs_unchanged and stored):
            con.execute(f"create or replace table judged.{name} as\n{sql.text(f'{folder}/{name}')}")
        con.execute(f"create or replace view mart.{name} as select * from judged.{name}")


def build_all(con: duckdb.DuckDBPyConnection) -> None:
    """Every mart view, in layer order (for a warehouse that only needs its views back)."""
    build_marts(con)
    build_judged(con)
