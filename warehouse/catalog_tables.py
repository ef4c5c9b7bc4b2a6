"""Load the target catalog (expectations/catalog) into the warehouse's core tables.

The catalog is data; `mart.targets` and everything downstream read it from here, so a change
to the YAML reaches the marts on the next run without touching SQL.
"""

from __future__ import annotations

import duckdb

from expectations.catalog import Catalog


def load_catalog_tables(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> int:
    """Replace the catalog's region, indicators and targets in core; return the target count."""
    region = catalog.region
    con.execute("delete from core.regions where region_code = ?", [region.code])
    con.execute(
        "insert into core.regions values (?, ?, ?)", [region.code, region.name_zh, region.name_en]
    )
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
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            ]
            for t in catalog.targets
        ],
    )
    return len(catalog.targets)
