"""GE's SQL datasource over a DuckDB connection: the expectations run where the data is.

Why GE fails on DuckDB out of the box (upstream great_expectations issues 10738 and 11579, the
`MetricResolutionError: list index out of range`; the fix proposed in PR 11635 only makes the
error clearer): GE's `SqlAlchemyExecutionEngine.execute_query` runs a query inside
`with engine.connect()` and calls `.fetchall()` after the block. Closing the SQLAlchemy
connection rolls back its transaction, and duckdb_engine sends that ROLLBACK over the same
DuckDB connection, which drops the query's pending result: GE fetches an empty list and indexes
`res[0]`. A shared connection (`StaticPool`, `creator`) alone does not help, the rollback still
runs on it. So the DBAPI connection handed to SQLAlchemy here fetches each result when the
query runs (`_BufferedCursor`); what GE fetches later comes from that buffer.

The connection GE gets is a cursor of the caller's DuckDB connection: the same database and
memory limit, but a transaction of its own, so GE's BEGIN/ROLLBACK never touch the caller's.
Failing rows are asked for by their position column only, then read from DuckDB as Arrow.
"""

from __future__ import annotations

from typing import Any

import duckdb
import duckdb_engine
import great_expectations as gx
import numpy as np
import pandas as pd
from sqlalchemy.pool import StaticPool

from expectations import ge


class _BufferedCursor(duckdb_engine.CursorWrapper):
    """duckdb_engine's cursor, but a query's rows are fetched when it runs (see above)."""

    def execute(self, statement: str, parameters: Any = None, context: Any = None) -> None:  # noqa: D102
        super().execute(statement, parameters, context)
        raw = self._CursorWrapper__c  # type: ignore[attr-defined]
        self._description = raw.description
        self._rows: list[Any] = raw.fetchall() if raw.description else []

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return -1

    def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    def fetchmany(self, size: int | None = None) -> list[Any]:
        rows, self._rows = self._rows[: size or 1], self._rows[size or 1 :]
        return rows


class _BufferedConnection(duckdb_engine.ConnectionWrapper):
    def cursor(self) -> _BufferedCursor:
        return _BufferedCursor(self._ConnectionWrapper__c, self)  # type: ignore[attr-defined]


def validate_table(
    suite_name: str,
    con: duckdb.DuckDBPyConnection,
    table: str,
    expectations: list[Any],
    index_columns: list[str],
    rows_from: str | None = None,
) -> list[ge.Outcome]:
    """Run `expectations` on the DuckDB table `table` (with a position column ge.ROW);
    unexpected rows are named by `index_columns`, read over `con` (which may see frames it
    registered) in position order from `rows_from` (with the same ge.ROW; default `table`)."""
    ctx = ge.context()
    cursor = con.cursor()
    [(database, schema)] = con.execute("select current_database(), current_schema()").fetchall()
    cursor.execute(f'use "{database}"."{schema}"')  # the caller's tables, unqualified
    try:
        source_name = f"duckdb_{suite_name}"
        if source_name in {s.name for s in ctx.data_sources.all().values()}:
            ctx.data_sources.delete(source_name)
        source = ctx.data_sources.add_sql(
            source_name,
            connection_string="duckdb:///:memory:",
            kwargs={"creator": lambda: _BufferedConnection(cursor), "poolclass": StaticPool},
        )
        asset = source.add_table_asset(table, table_name=table)
        batch = asset.add_batch_definition_whole_table("whole").get_batch()
        suite = ctx.suites.add_or_update(
            gx.ExpectationSuite(name=suite_name, expectations=expectations)
        )
        [(rows,)] = cursor.execute(f"select count(*) from {table}").fetchall()
        result = batch.validate(suite, result_format=_result_format(int(rows)))
        outcomes = []
        for expectation_result in result.results:
            positions = np.sort(ge.failing_positions(expectation_result))
            unexpected = _rows_at(con, rows_from or table, index_columns, positions)
            outcomes.append(ge.outcome(expectation_result, positions, unexpected))
        ctx.data_sources.delete(source_name)
    finally:
        cursor.close()
    return outcomes


def _result_format(rows: int) -> dict[str, Any]:
    """Every failing row by position: on SQL, GE lists at most `partial_unexpected_count`."""
    return {
        "result_format": "COMPLETE",
        "unexpected_index_column_names": [ge.ROW],
        "exclude_unexpected_values": True,
        "return_unexpected_index_query": False,
        "partial_unexpected_count": max(rows, 1),
    }


def _rows_at(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str], positions: np.ndarray
) -> pd.DataFrame:
    """The index columns of the rows at `positions`, in that order (through Arrow)."""
    selected = ", ".join(f'"{c}"' for c in columns)
    if not len(positions):
        query = f"select {selected} from {table} limit 0"
        return con.sql(query).to_arrow_table().to_pandas()
    con.register("wanted", pd.DataFrame({ge.ROW: positions}))
    try:
        query = f"select {selected} from {table} join wanted using ({ge.ROW}) order by {ge.ROW}"
        return con.sql(query).to_arrow_table().to_pandas()
    finally:
        con.unregister("wanted")
