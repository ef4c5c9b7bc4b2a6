"""Readers that turn one drop (a table or a document's prose) into parsed rows; no warehouse here."""

from flows.readers.base import Drop, DropFinding, DropReadError, DropRow
from flows.readers.detect import read_drop, read_grid, read_prose
from flows.readers.regions import RegionResolver, default_resolver, resolver_with
from flows.readers.text import parse_number, parse_period, period_from_text

__all__ = [
    "Drop",
    "DropFinding",
    "DropReadError",
    "DropRow",
    "RegionResolver",
    "default_resolver",
    "parse_number",
    "parse_period",
    "period_from_text",
    "read_drop",
    "read_grid",
    "read_prose",
    "resolver_with",
]
