"""The target catalog: data (YAML files here) and the code that reads it.

A catalog is one (region, year): its `targets` (kind, direction, value, tolerance and band of
each target, SPEC §2-§3) with the shared `indicators` (every indicator code an observation may
carry, with its Chinese name, aliases, unit and plausible range) and `bureau_rows` (how a row of
a bureau monthly report feeds indicators) of `indicators.yaml`. `models.py` holds the entries and their cross checks, `names.py` the one
name-matching rule, `units.py` unit conversion, `load.py` the strict loader.
"""

from expectations.catalog.load import (
    BUNDLED_CATALOG,
    CATALOG_DIR,
    CatalogError,
    catalog_files,
    load_catalog,
    load_catalogs,
    milestone_words,
    names_catalog,
    parse_catalog,
    region_names,
)
from expectations.catalog.models import BureauRow, Catalog, Indicator, Region, Target
from expectations.catalog.names import normalize_name
from expectations.catalog.units import UnitError, convert_unit

__all__ = [
    "BUNDLED_CATALOG",
    "CATALOG_DIR",
    "BureauRow",
    "Catalog",
    "CatalogError",
    "Indicator",
    "Region",
    "Target",
    "UnitError",
    "catalog_files",
    "convert_unit",
    "load_catalog",
    "load_catalogs",
    "milestone_words",
    "names_catalog",
    "normalize_name",
    "parse_catalog",
    "region_names",
]
