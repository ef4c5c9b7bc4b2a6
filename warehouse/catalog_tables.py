"""Load the reference data (expectations/catalog) into the warehouse's core tables.

The catalog and the register are data; `mart.targets`, `mart.regions` and everything
downstream read them from here, so a change to the YAML or the register reaches the marts on
the next run without touching SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb

from expectations.catalog import Catalog, Target
from expectations.catalog.register import DIVISIONS
from warehouse import sql


def load_register(
    con: duckdb.DuckDBPyConnection, catalogs: Sequence[Catalog], path: Path = DIVISIONS
) -> None:
    """Replace core.regions with the register; each catalog's region gets its English name (and
    a row of its own when the register lacks it)."""
    con.execute("delete from core.regions")
    sql.execute(con, "statements/catalog/load_register", path=str(path))
    con.executemany(
        "insert into core.regions (region_code, name_zh, name_en, level) values (?, ?, ?, 'county') "
        "on conflict (region_code) do update set name_en = excluded.name_en",
        [[c.region.code, c.region.name_zh, c.region.name_en] for c in catalogs],
    )


def load_catalog_tables(con: duckdb.DuckDBPyConnection, catalog: Catalog, *more: Catalog) -> int:
    """Replace the regions, the indicators and the targets of each catalog's (region, year) in
    core with those of the catalogs (every file of the folder); return the target count.
    The indicators are the first catalog's (the catalogs of one folder share them)."""
    catalogs = (catalog, *more)
    load_register(con, catalogs)
    con.execute("delete from core.indicators")
    con.executemany(
        "insert into core.indicators values (?, ?, ?, ?, ?, ?)",
        [
            [i.code, i.name_zh, i.name_en, i.unit, i.range[0], i.range[1]]
            for i in catalog.indicators
        ],
    )
    # Only the (region, year)s the catalogs are for: targets seeded by other means (the bench's
    # thousands of regions) stay; a catalog's own rows are replaced whole.
    con.executemany(
        "delete from core.targets where region_code = ? and year = ?",
        [[c.region.code, c.year] for c in catalogs],
    )
    rows = [_target_row(c, t) for c in catalogs for t in c.targets]
    con.executemany(
        "insert into core.targets values "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)


def _target_row(catalog: Catalog, t: Target) -> list[object]:
    """One core.targets row, in the table's column order."""
    return [
        catalog.region.code,
        catalog.year,
        t.code,
        t.indicator,
        t.compare_with,
        t.name_zh,
        t.name_en,
        t.wording,
        t.section,
        t.kind,
        t.direction,
        t.value,
        t.tolerance,
        t.band,
        t.strict,
        t.unit,
        t.frequency,
        t.due_period,
        t.previous_value,
        t.source_quote,
        t.department,
        t.leader,
        t.level_indicator,
    ]
