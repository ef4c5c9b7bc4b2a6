"""Load the reference data (expectations/catalog) into the warehouse's core tables.

The catalog and the register are data; `mart.targets`, `mart.regions` and everything
downstream read them from here, so a change to the YAML or the register reaches the marts on
the next run without touching SQL.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from expectations.catalog import Catalog
from expectations.catalog.register import DIVISIONS
from warehouse import sql


def load_register(con: duckdb.DuckDBPyConnection, catalog: Catalog, path: Path = DIVISIONS) -> None:
    """Replace core.regions with the register; the catalog's region gets its English name (and a
    row of its own when the register lacks it)."""
    con.execute("delete from core.regions")
    sql.execute(con, "statements/catalog/load_register", path=str(path))
    region = catalog.region
    con.execute(
        "insert into core.regions (region_code, name_zh, name_en, level) values (?, ?, ?, 'county') "
        "on conflict (region_code) do update set name_en = excluded.name_en",
        [region.code, region.name_zh, region.name_en],
    )


def load_catalog_tables(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> int:
    """Replace the regions, the indicators and the catalog's targets in core; return the target
    count."""
    load_register(con, catalog)
    region = catalog.region
    con.execute("delete from core.indicators")
    con.executemany(
        "insert into core.indicators values (?, ?, ?, ?, ?, ?)",
        [
            [i.code, i.name_zh, i.name_en, i.unit, i.range[0], i.range[1]]
            for i in catalog.indicators
        ],
    )
    con.execute(
        "delete from core.targets where region_code = ? and year = ?", [region.code, catalog.year]
    )
    con.executemany(
        "insert into core.targets values "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                region.code,
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
                t.value_2021,
                t.source_quote,
                t.department,
                t.leader,
                t.level_indicator,
            ]
            for t in catalog.targets
        ],
    )
    return len(catalog.targets)
