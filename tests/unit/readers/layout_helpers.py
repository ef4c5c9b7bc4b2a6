"""Helpers for the layout tests: read a table or prose and map its cells to the catalog."""

from __future__ import annotations

from expectations.catalog import load_catalog
from flows.readers.base import Drop
from flows.readers.detect import read_grid, read_prose
from flows.readers.normalize import Cell, normalize_drop
from flows.readers.regions import resolver_with

CATALOG = load_catalog()
REGIONS = resolver_with({CATALOG.region.name_zh: CATALOG.region.code})


def grid(rows: list[list[str]], name: str = "drop.csv", sheet: str | None = None) -> Drop:
    """read_grid over rows of text cells, as the format layer gives them."""
    return read_grid(name, sheet, rows, REGIONS, name.rsplit(".", 1)[0])


def prose(paragraphs: list[str], tables: list[list[list[str]]] | None = None) -> Drop:
    """read_prose over paragraphs (and tables)."""
    return read_prose("bulletin.txt", paragraphs, tables or [], REGIONS, "bulletin")


def cells(drop: Drop) -> list[Cell]:
    """The drop's cells in the catalog's terms."""
    return normalize_drop(0, drop, CATALOG)


def loaded(drop: Drop) -> dict[tuple[str | None, str, str | None], float]:
    """(region, indicator, period) → value of every cell that loads as an observation."""
    out = {}
    for c in cells(drop):
        if c.indicator_code and c.value is not None and c.role != "annual_target":
            assert c.problem is None, (c.row_number, c.column, c.problem)
            key = (c.region_code, c.indicator_code, c.period)
            assert key not in out, f"two cells feed {key}"
            out[key] = round(c.value, 4)
    return out


def values(drop: Drop) -> dict[str, float]:
    """indicator → value for a one-region, one-period drop."""
    return {indicator: value for (_, indicator, _), value in loaded(drop).items()}


def unmapped(drop: Drop) -> list[str]:
    """Names of cells the catalog does not know (listed as unmapped)."""
    return list(dict.fromkeys(c.indicator_name for c in cells(drop) if not c.name_known))
