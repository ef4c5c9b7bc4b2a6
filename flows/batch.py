"""The batch: the cells of a run's new files, held by DuckDB from reading to loading.

A national night reads millions of cells. They are kept in a database attached in memory to the
writer's own DuckDB instance (`ingest_batch`, compressed), not as Arrow tables in Python beside
a scratch database: one memory budget (the writer's limit), spilled to the warehouse's spill
folder when short. The work on the batch (normalising, the data-quality gate) runs on a cursor
of its own, whose transactions are not the run's: an error there cannot abort the run's
transaction. The writer reads `ingest_batch.cells` when it loads (warehouse/statements/ingest/).

A cell's `pos` orders the batch: file key · 2³² + the cell's index in its file (a row number
for a columnar file), so both reading paths give file order without a sort.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from flows.readers.normalize import CELL_SCHEMA

NAME = "ingest_batch"
FILE_SHIFT = 32  # pos = file_key << FILE_SHIFT | index in the file


def open_batch(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A new, empty batch on `con`'s DuckDB instance; returns the cursor that works on it
    (its default catalog is the batch's; close it when the work is done)."""
    drop(con)
    work = con.cursor()
    work.execute(f"attach ':memory:' as {NAME} (compress)")
    work.execute(f"use {NAME}")
    work.register("empty_cells", CELL_SCHEMA.empty_table())
    try:
        work.execute("create table cells as select *, 0::bigint as pos from empty_cells")
    finally:
        work.unregister("empty_cells")
    return work


def add(work: duckdb.DuckDBPyConnection, key: int, cells: pa.Table) -> None:
    """The cells of one file (CELL_SCHEMA, in the file's order) into the batch."""
    if not cells.num_rows:
        return
    pos = np.arange(cells.num_rows, dtype=np.int64) + (key << FILE_SHIFT)
    work.register("file_cells", cells.append_column("pos", pa.array(pos)))
    try:
        work.execute("insert into cells by name select * from file_cells")
    finally:
        work.unregister("file_cells")


def cells_of(con: duckdb.DuckDBPyConnection, key: int) -> pa.Table:
    """The cells of one file of the batch, in its order (CELL_SCHEMA)."""
    names = ", ".join(f'"{name}"' for name in CELL_SCHEMA.names)
    query = f"select {names} from {NAME}.cells where file_key = ? order by pos"
    return con.sql(query, params=[key]).to_arrow_table().cast(CELL_SCHEMA)


def drop(con: duckdb.DuckDBPyConnection) -> None:
    """Let the batch go (its memory and spill files with it)."""
    con.execute(f"detach database if exists {NAME}")
