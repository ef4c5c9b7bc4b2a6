"""The catalog's entries: region, indicators, bureau rows and targets, with their cross checks.

Strict pydantic models: unknown fields, bad choices, missing values, duplicate codes and names
and dangling references are refused (the loader, `load.py`, names the entry in its message).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from expectations.catalog.names import first_match, normalize_name
from expectations.catalog.units import normalize_unit

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

Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, StringConstraints(min_length=1)]
Period = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


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


class BureauRow(_Strict):
    """How a row of a bureau monthly report maps to indicators."""

    names: tuple[Text, ...] = Field(min_length=1)
    value: Code | None = None
    growth: Code | None = None
    index_base_100: bool = False
    # A point indicator (a rate or a level such as 城镇调查失业率): beside year-to-date columns,
    # the month's figure is its observation (SPEC §4.7).
    point: bool = False

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
    """One target of a (region, year) catalog (SPEC §2, §9) and how its status is judged (§3)."""

    code: Code
    indicator: Code
    compare_with: Code | None = None
    # A growth target's level (retail_sales for retail_sales_growth): with last year's annual
    # level it tells the growth the rest of the year needs (mart.growth_needed, an estimate).
    level_indicator: Code | None = None
    name_zh: Text
    name_en: Text
    department: Text | None = None  # 责任单位: who must answer for the target (SPEC §7)
    leader: Text | None = None  # 分管领导: the leader in charge
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
    # The year before's figure, where the report gives one (new urban jobs 9980 in 2021).
    previous_value: float | None = None
    previous_value_note: Text | None = None
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
    def assigned_indicator(self) -> str | None:
        """``<code>_assigned`` for an external target, else None."""
        return f"{self.code}_assigned" if self.kind == "external" else None


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
    if target.previous_value is not None and target.previous_value_note is None:
        return "previous_value needs a previous_value_note saying where the report gives it"
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
        return first_match(self._indicator_names, name)

    def has_exact_name(self, name: str) -> bool:
        """Whether ``name`` (normalised, nothing dropped) is an indicator's or a bureau row's."""
        key = normalize_name(name)
        return key in self._indicator_names or key in self._bureau_names

    def bureau_row_by_name(self, name: str) -> BureauRow | None:
        """The bureau row for a report row name (normalised); a trailing parenthetical such as
        ``(上年同期=100)`` or ``(亿元)`` is dropped when the full name matches nothing."""
        return first_match(self._bureau_names, name)


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
    for field in ("indicator", "compare_with", "level_indicator"):
        code = getattr(target, field)
        if code is not None and code not in codes:
            yield f"{label}: {field} '{code}' is not in indicators"
    assigned = target.assigned_indicator
    if assigned is not None and assigned not in codes:
        yield f"{label}: external target needs indicator '{assigned}'"
    unit = next((ind.unit for ind in indicators if ind.code == target.indicator), None)
    if target.kind == "relative" or unit is None:
        return
    if normalize_unit(unit) != normalize_unit(target.unit):
        yield f"{label}: unit '{target.unit}' differs from indicator '{target.indicator}' ('{unit}')"
