"""Readers that turn one drop file (csv or xlsx) into parsed rows; no warehouse or catalog here."""

from flows.readers.base import Drop, DropReadError, DropRow
from flows.readers.detect import read_drop, read_grid, read_prose
from flows.readers.regions import RegionResolver
from flows.readers.text import parse_number, parse_period, period_from_text

__all__ = [
    "Drop",
    "DropReadError",
    "DropRow",
    "RegionResolver",
    "parse_number",
    "parse_period",
    "period_from_text",
    "read_drop",
    "read_grid",
    "read_prose",
]
