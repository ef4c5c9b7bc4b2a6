"""The 2022 target catalog of Hetang District (430202) and its strict loader.

The catalog is data (``catalog/hetang_2022.yaml`` next to this module). It holds:

* ``indicators``  - every indicator code an observation may carry, with its Chinese name, aliases,
  unit and plausible range;
* ``bureau_rows`` - how a row of a bureau monthly report (统计月报, SPEC §4.2) feeds indicators;
* ``targets``     - the 40 targets of SPEC §2 with kind, direction, value, tolerance and band.

``load_catalog`` validates the file strictly (unknown fields, bad choices, missing values,
duplicate codes and names, dangling references) and raises ``CatalogError`` whose message names
the file, the entry and the problem. ``normalize_name`` is the one name-matching rule the project
uses; ``convert_unit`` converts between the units statistics drops use and the catalog units.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

__all__ = [
    "BUNDLED_CATALOG",
    "Catalog",
    "CatalogError",
    "BureauRow",
    "Indicator",
    "Region",
    "Target",
    "UnitError",
    "convert_unit",
    "load_catalog",
    "parse_catalog",
    "normalize_name",
]

BUNDLED_CATALOG = Path(__file__).parent / "catalog" / "hetang_2022.yaml"

Kind = Literal["rate", "cumulative", "relative", "external", "milestone"]
Direction = Literal["min", "max"]
Section = Literal["development", "task", "milestone"]
Frequency = Literal["monthly", "quarterly", "annual", "monthly or quarterly"]

CHOICES: dict[str, tuple[str, ...]] = {
    "kind": ("rate", "cumulative", "relative", "external", "milestone"),
    "direction": ("min", "max"),
    "section": ("development", "task", "milestone"),
    "frequency": ("monthly", "quarterly", "annual", "monthly or quarterly"),
}

# Default warning band by kind (SPEC §3). cumulative: a fraction of the expected value;
# external: decided at run time from the assigned value (see Target.band_for_assigned).
DEFAULT_BANDS: dict[str, float | None] = {
    "rate": 1.0,
    "relative": 0.5,
    "cumulative": 0.1,
    "external": None,
    "milestone": 0.0,
}

Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, StringConstraints(min_length=1)]
Period = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


class CatalogError(ValueError):
    """The catalog file is unreadable or breaks a rule; the message names the entry."""


class UnitError(ValueError):
    """Two units that cannot be converted into each other."""


# --------------------------------------------------------------------------- names


_BRACKETS = str.maketrans({"[": "(", "]": ")", "【": "(", "】": ")", "〔": "(", "〕": ")"})
_DROPPED = str.maketrans(dict.fromkeys("\"'“”‘’「」『』\u200b\ufeff"))


def normalize_name(text: str) -> str:
    """Normalise a name for matching.

    NFKC (full-width to half-width), all whitespace removed, lower-case, brackets () [] 【】 unified
    to (), quotation marks dropped (so 新增“四上”企业 matches 新增"四上"企业 and 新增四上企业),
    trailing full stops dropped.
    """
    text = unicodedata.normalize("NFKC", str(text))
    text = "".join(text.split()).lower()
    text = text.translate(_BRACKETS).translate(_DROPPED)
    return text.rstrip("。.")


def _without_trailing_parenthetical(key: str) -> str | None:
    """``居民消费价格指数(上年同期=100)`` -> ``居民消费价格指数``; None when there is none."""
    if not key.endswith(")"):
        return None
    start = key.rfind("(")
    return key[:start] if start > 0 else None


def _name_candidates(name: str) -> Iterator[str]:
    """The normalised name, then the same with trailing parentheticals removed one by one."""
    key: str | None = normalize_name(name)
    while key:
        yield key
        key = _without_trailing_parenthetical(key)


# --------------------------------------------------------------------------- units


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


def _normalize_unit(unit: str | None) -> str:
    text = "".join(unicodedata.normalize("NFKC", unit or "").split())
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    return _UNIT_SYNONYMS.get(text, text)


def convert_unit(value: float, from_unit: str | None, to_unit: str) -> float:
    """Convert ``value`` from ``from_unit`` to ``to_unit`` (e.g. 61234 万元 -> 6.1234 亿元).

    An empty unit on either side or equal units leave the value unchanged (``%``, ``％`` and
    ``百分比`` are the same unit). Any other pair outside the table raises ``UnitError``.
    """
    source, target = _normalize_unit(from_unit), _normalize_unit(to_unit)
    if not source or not target or source == target:
        return value
    if source not in _UNITS or target not in _UNITS or _UNITS[source][0] != _UNITS[target][0]:
        raise UnitError(f"cannot convert unit '{from_unit}' to '{to_unit}'")
    return value * _UNITS[source][1] / _UNITS[target][1]


# --------------------------------------------------------------------------- models


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Region(_Strict):
    """The region the catalog is for."""

    code: Annotated[str, StringConstraints(pattern=r"^\d{6}$")]
    name_zh: Text
    name_en: Text


class Indicator(_Strict):
    """An indicator code that observations carry, in the catalog (target) unit."""

    code: Code
    name_zh: Text
    name_en: Text
    unit: str
    range: tuple[float, float]
    aliases: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _check_range(self) -> Indicator:
        if self.range[0] > self.range[1]:
            raise ValueError(f"range [{self.range[0]}, {self.range[1]}] has min above max")
        return self

    @property
    def names(self) -> tuple[str, ...]:
        """Code, Chinese name and aliases: every name this indicator is found by."""
        return (self.code, self.name_zh, *self.aliases)

    def in_range(self, value: float) -> bool:
        """Whether ``value`` (in the catalog unit) is within the plausible range, inclusive."""
        return self.range[0] <= value <= self.range[1]


class BureauRow(_Strict):
    """How a row of a bureau monthly report maps to indicators."""

    names: tuple[Text, ...] = Field(min_length=1)
    value: Code | None = None
    growth: Code | None = None
    index_base_100: bool = False

    @model_validator(mode="after")
    def _check_columns(self) -> BureauRow:
        if self.value is None and self.growth is None:
            raise ValueError("needs a 'value' or a 'growth' indicator")
        if self.index_base_100 and self.value is None:
            raise ValueError("index_base_100 needs a 'value' indicator")
        return self

    @property
    def indicator_codes(self) -> tuple[str, ...]:
        return tuple(code for code in (self.value, self.growth) if code is not None)


class Target(_Strict):
    """One 2022 target (SPEC §2) and how its status is judged (SPEC §3)."""

    code: Code
    indicator: Code
    compare_with: Code | None = None
    name_zh: Text
    name_en: Text
    wording: Text
    section: Section
    kind: Kind
    direction: Direction
    value: float | None = None
    tolerance: float = Field(default=0.0, ge=0)
    band: float | None = Field(default=None, ge=0)
    strict: bool = False
    unit: str
    frequency: Frequency
    due_period: Period | None = None
    value_2021: float | None = None
    value_2021_note: Text | None = None
    source_quote: Text

    @model_validator(mode="before")
    @classmethod
    def _default_indicator(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("indicator") is None and "code" in data:
            return {**data, "indicator": data["code"]}
        return data

    @model_validator(mode="after")
    def _check_kind_rules(self) -> Target:
        problem = _target_problem(self)
        if problem:
            raise ValueError(problem)
        return self

    @property
    def effective_band(self) -> float | None:
        """The warning band: the override, else 1.0 (rate), 0.5 (relative), 0.1 = 10 % of the
        expected value (cumulative), 0 (milestone), None (external: see band_for_assigned)."""
        return self.band if self.band is not None else DEFAULT_BANDS[self.kind]

    @property
    def assigned_indicator(self) -> str | None:
        """``<code>_assigned`` for an external target, else None."""
        return f"{self.code}_assigned" if self.kind == "external" else None

    @property
    def is_percent(self) -> bool:
        return _normalize_unit(self.unit) == "%"

    def band_for_assigned(self, assigned: float) -> float:
        """External band: the override, else 1.0 when the unit is %, else 10 % of ``assigned``."""
        if self.band is not None:
            return self.band
        return 1.0 if self.is_percent else 0.1 * abs(assigned)


def _target_problem(target: Target) -> str | None:
    """The first kind-specific rule ``target`` breaks, or None."""
    kind = target.kind
    if kind in ("rate", "cumulative", "milestone") and target.value is None:
        return f"kind '{kind}' needs a number value"
    if kind in ("external", "relative") and target.value is not None:
        return f"kind '{kind}' takes value null, not {target.value:g}"
    if kind in ("relative", "milestone") and target.direction != "min":
        return f"kind '{kind}' needs direction 'min'"
    if kind == "milestone" and target.due_period is None:
        return "kind 'milestone' needs a due_period such as \"2022-12\""
    if (kind == "relative") != (target.compare_with is not None):
        return "compare_with is required for kind 'relative' and only allowed there"
    if target.value_2021 is not None and target.value_2021_note is None:
        return "value_2021 needs a value_2021_note saying where the seed gives it"
    return None


class Catalog(_Strict):
    """The whole catalog, with name and code lookups."""

    region: Region
    year: int
    source: Text
    indicators: tuple[Indicator, ...]
    bureau_rows: tuple[BureauRow, ...]
    targets: tuple[Target, ...]

    @model_validator(mode="after")
    def _check_references(self) -> Catalog:
        problem = next(_catalog_problems(self), None)
        if problem:
            raise ValueError(problem)
        return self

    # ---- lookups (dicts built once per catalog)

    @cached_property
    def _indicator_codes(self) -> dict[str, Indicator]:
        return {ind.code: ind for ind in self.indicators}

    @cached_property
    def _target_codes(self) -> dict[str, Target]:
        return {tgt.code: tgt for tgt in self.targets}

    @cached_property
    def _indicator_names(self) -> dict[str, Indicator]:
        return {normalize_name(name): ind for ind in self.indicators for name in ind.names}

    @cached_property
    def _bureau_names(self) -> dict[str, BureauRow]:
        return {normalize_name(name): row for row in self.bureau_rows for name in row.names}

    def indicator(self, code: str) -> Indicator:
        """The indicator with this exact code; KeyError when unknown."""
        try:
            return self._indicator_codes[code]
        except KeyError:
            raise KeyError(f"unknown indicator code '{code}'") from None

    def target(self, code: str) -> Target:
        """The target with this exact code; KeyError when unknown."""
        try:
            return self._target_codes[code]
        except KeyError:
            raise KeyError(f"unknown target code '{code}'") from None

    def indicator_by_name(self, name: str) -> Indicator | None:
        """The indicator whose code, Chinese name or alias matches ``name`` (normalised); a
        trailing parenthetical such as ``(人)`` is dropped when the full name matches nothing."""
        return _first_match(self._indicator_names, name)

    def bureau_row_by_name(self, name: str) -> BureauRow | None:
        """The bureau row for a report row name (normalised); a trailing parenthetical such as
        ``(上年同期=100)`` or ``(亿元)`` is dropped when the full name matches nothing."""
        return _first_match(self._bureau_names, name)

    @property
    def target_codes(self) -> tuple[str, ...]:
        return tuple(tgt.code for tgt in self.targets)

    @property
    def indicator_codes(self) -> tuple[str, ...]:
        return tuple(ind.code for ind in self.indicators)


def _first_match(index: dict[str, Any], name: str) -> Any:
    for key in _name_candidates(name):
        if key in index:
            return index[key]
    return None


# --------------------------------------------------------------------------- cross checks


def _catalog_problems(catalog: Catalog) -> Iterator[str]:
    """Every cross-entry rule the catalog breaks, as 'entry: problem' text."""
    codes = {ind.code for ind in catalog.indicators}
    yield from _duplicate_codes("indicator", (ind.code for ind in catalog.indicators))
    yield from _duplicate_indicator_names(catalog.indicators)
    yield from _bureau_row_problems(catalog.bureau_rows, codes)
    yield from _duplicate_codes("target", (tgt.code for tgt in catalog.targets))
    for target in catalog.targets:
        yield from _target_reference_problems(target, catalog.indicators, codes)


def _duplicate_codes(entry: str, codes: Iterable[str]) -> Iterator[str]:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            yield f"{entry} '{code}': duplicate {entry} code"
        seen.add(code)


def _duplicate_indicator_names(indicators: Iterable[Indicator]) -> Iterator[str]:
    indicators = tuple(indicators)
    owners = {normalize_name(ind.code): ind.code for ind in indicators}
    for ind in indicators:
        for name in (ind.name_zh, *ind.aliases):
            owner = owners.setdefault(normalize_name(name), ind.code)
            if owner != ind.code:
                yield f"indicator '{ind.code}': name '{name}' is already used by indicator '{owner}'"


def _bureau_row_problems(rows: Iterable[BureauRow], codes: set[str]) -> Iterator[str]:
    owners: dict[str, str] = {}
    for row in rows:
        label = f"bureau row '{row.names[0]}'"
        for name in row.names:
            owner = owners.setdefault(normalize_name(name), row.names[0])
            if owner != row.names[0]:
                yield f"{label}: name '{name}' is already used by bureau row '{owner}'"
        for column, code in (("value", row.value), ("growth", row.growth)):
            if code is not None and code not in codes:
                yield f"{label}: {column} indicator '{code}' is not in indicators"


def _target_reference_problems(
    target: Target, indicators: tuple[Indicator, ...], codes: set[str]
) -> Iterator[str]:
    label = f"target '{target.code}'"
    for field in ("indicator", "compare_with"):
        code = getattr(target, field)
        if code is not None and code not in codes:
            yield f"{label}: {field} '{code}' is not in indicators"
    assigned = target.assigned_indicator
    if assigned is not None and assigned not in codes:
        yield f"{label}: external target needs indicator '{assigned}'"
    unit = next((ind.unit for ind in indicators if ind.code == target.indicator), None)
    if target.kind == "relative" or unit is None:
        return
    if _normalize_unit(unit) != _normalize_unit(target.unit):
        yield f"{label}: unit '{target.unit}' differs from indicator '{target.indicator}' ('{unit}')"


# --------------------------------------------------------------------------- loading


_LIST_ENTRIES = {"indicators": "indicator", "bureau_rows": "bureau row", "targets": "target"}


def _entry_label(data: Any, loc: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    """Name the catalog entry an error location points into; return it and the rest of loc."""
    if len(loc) >= 2 and loc[0] in _LIST_ENTRIES and isinstance(loc[1], int):
        raw = data[loc[0]][loc[1]]
        return _raw_entry_name(loc[0], raw, loc[1]), loc[2:]
    if loc and loc[0] == "region":
        return "region", loc[1:]
    return "", loc


def _raw_entry_name(section: str, raw: Any, index: int) -> str:
    entry = _LIST_ENTRIES[section]
    key = raw.get("names") if section == "bureau_rows" and isinstance(raw, dict) else None
    if isinstance(key, list) and key:
        return f"{entry} '{key[0]}'"
    code = raw.get("code") if isinstance(raw, dict) else None
    return f"{entry} '{code}'" if isinstance(code, str) else f"{entry} #{index + 1}"


def _describe_error(error: Any) -> tuple[tuple[Any, ...], str]:
    """(location, problem text) for one pydantic error."""
    loc, kind = tuple(error["loc"]), error["type"]
    field = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        return loc[:-1], f"unknown field '{field}'"
    if kind == "missing":
        return loc[:-1], f"missing field '{field}'"
    if kind == "literal_error" and field in CHOICES:
        return loc[:-1], f"{field} {error['input']!r} is not one of {', '.join(CHOICES[field])}"
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "value_error":
        return loc, message
    return loc[:-1], f"{field}: {message} (got {error['input']!r})"


def _format_validation_error(label: str, data: Any, exc: ValidationError) -> str:
    errors = exc.errors()
    loc, problem = _describe_error(errors[0])
    entry, _rest = _entry_label(data, loc)
    parts = [f"catalog {label}", entry, problem]
    message = ": ".join(part for part in parts if part)
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem(s))"
    return message


def parse_catalog(data: Any, label: str = "<data>") -> Catalog:
    """Validate already-parsed catalog data; ``label`` names the source in error messages."""
    if not isinstance(data, dict):
        raise CatalogError(f"catalog {label}: the top level must be a mapping")
    try:
        return Catalog.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(_format_validation_error(label, data, exc)) from None


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogError(f"catalog {path.name}: cannot read {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise CatalogError(f"catalog {path.name}: not valid YAML: {exc}") from exc


@lru_cache(maxsize=16)
def _load_cached(path: Path) -> Catalog:
    return parse_catalog(_read_yaml(path), path.name)


def load_catalog(path: Path | None = None) -> Catalog:
    """Load and validate a catalog file (default: the bundled hetang_2022.yaml), cached by path."""
    resolved = Path(path).resolve() if path is not None else BUNDLED_CATALOG.resolve()
    return _load_cached(resolved)
