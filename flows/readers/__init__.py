"""Readers that turn one drop file (csv or xlsx) into parsed rows; no warehouse or catalog here."""

from flows.readers.base import Drop, DropReadError, DropRow
from flows.readers.detect import DEFAULT_REGIONS, read_drop
from flows.readers.text import parse_number, parse_period, period_from_text

__all__ = [
    "DEFAULT_REGIONS",
    "Drop",
    "DropReadError",
    "DropRow",
    "parse_number",
    "parse_period",
    "period_from_text",
    "read_drop",
]
