"""Units of the catalog and of the drops, and conversion between them (万元 → 亿元 …)."""

from __future__ import annotations

import unicodedata


class UnitError(ValueError):
    """Two units that cannot be converted into each other."""


_UNITS: dict[str, tuple[str, float]] = {
    "元": ("money", 1.0),
    "万元": ("money", 1e4),
    "亿元": ("money", 1e8),
    "平方米": ("area", 1.0),
    "万平方米": ("area", 1e4),
    "吨": ("mass", 1.0),
    "万吨": ("mass", 1e4),
    "吨标准煤": ("coal", 1.0),
    "万吨标准煤": ("coal", 1e4),
    "千瓦时": ("electricity", 1.0),
    "度": ("electricity", 1.0),
    "万千瓦时": ("electricity", 1e4),
    "亿千瓦时": ("electricity", 1e8),
    # Counts: 个 is the generic classifier bureaus write for any counted thing.
    "个": ("count", 1.0),
    "家": ("count", 1.0),
    "户": ("count", 1.0),
    "项": ("count", 1.0),
}
_UNIT_SYNONYMS = {"百分比": "%"}


def normalize_unit(unit: str | None) -> str:
    text = "".join(unicodedata.normalize("NFKC", unit or "").split())
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    return _UNIT_SYNONYMS.get(text, text)


def convert_unit(value: float, from_unit: str | None, to_unit: str) -> float:
    """Convert ``value`` from ``from_unit`` to ``to_unit`` (e.g. 61234 万元 -> 6.1234 亿元).

    An empty unit on either side or equal units leave the value unchanged (``%``, ``％`` and
    ``百分比`` are the same unit). Any other pair outside the table raises ``UnitError``.
    """
    source, target = normalize_unit(from_unit), normalize_unit(to_unit)
    if not source or not target or source == target:
        return value
    if source not in _UNITS or target not in _UNITS or _UNITS[source][0] != _UNITS[target][0]:
        raise UnitError(f"cannot convert unit '{from_unit}' to '{to_unit}'")
    return value * _UNITS[source][1] / _UNITS[target][1]
