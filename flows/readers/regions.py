"""RegionResolver: region names in titles and row labels → six-digit codes, through the register."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property

from expectations.catalog.names import normalize_name
from expectations.catalog.register import Division, Register, load_register
from flows.readers.text import squeeze

# Words a table uses for the region its title names (SPEC §4.8).
WHOLE_REGION_WORDS = frozenset(
    {"全市", "全区", "全县", "合计", "总计", "全省", "全州", "全盟", "全旗", "全市合计"}
)
_SUFFIXES = ("自治县", "自治旗", "自治州", "特区", "林区", "地区", "市", "区", "县", "旗", "盟")


@dataclass(frozen=True)
class RegionResolver:
    """Names → codes: full names (荷塘区), names with their parents (株洲市荷塘区, 湖南省株洲市荷塘区),
    and, inside a known parent, the name without its suffix (荷塘); `extra` names win over all."""

    register: Register
    extra: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def _names(self) -> dict[str, list[Division]]:
        """Normalised name → divisions: the name as published, and prefixed by its ancestors."""
        found: dict[str, list[Division]] = {}
        for division in self.register.divisions:
            for name in self._spellings(division):
                found.setdefault(name, []).append(division)
        return found

    def _spellings(self, division: Division) -> Iterable[str]:
        name = normalize_name(division.name_zh)
        yield name
        prefix = ""
        for ancestor in self.register.ancestors(division.code):
            prefix = normalize_name(ancestor.name_zh) + prefix
            yield prefix + name

    @cached_property
    def _by_length(self) -> list[str]:
        return sorted(self._names, key=len, reverse=True)

    def resolve(self, name: str, within: str | None = None) -> str | None:
        """The code of a region named exactly `name` (a row label), inside `within` if given."""
        key = normalize_name(name)
        if not key:
            return None
        if key in self._extra:
            return self._extra[key]
        if re.fullmatch(r"\d{6}", key) and self.register.division(key):
            return key
        found = self._pick(self._names.get(key, []), within)
        return found or self._pick(self._short(key, within), within)

    @cached_property
    def _short_names(self) -> dict[str, list[Division]]:
        """Name without its suffix → divisions (芦淞 → 芦淞区)."""
        found: dict[str, list[Division]] = {}
        for division in self.register.divisions:
            short = _strip_suffix(normalize_name(division.name_zh))
            found.setdefault(short, []).append(division)
        return found

    @cached_property
    def _extra(self) -> dict[str, str]:
        return {normalize_name(name): code for name, code in self.extra.items()}

    def _short(self, key: str, within: str | None) -> list[Division]:
        """Divisions inside `within` whose name without its suffix is `key`."""
        if within is None or len(key) < 2:
            return []
        return [d for d in self._short_names.get(key, []) if self._inside(d.code, within)]

    def _inside(self, code: str, within: str) -> bool:
        return code == within or any(a.code == within for a in self.register.ancestors(code))

    def _pick(self, matches: list[Division], within: str | None) -> str | None:
        if within is not None and len(matches) > 1:
            matches = [d for d in matches if self._inside(d.code, within)]
        unique = {d.code for d in matches}
        return next(iter(unique)) if len(unique) == 1 else None

    def in_text(self, text: str, near: str | None = None) -> str | None:
        """The region a title or file name names (the most specific one), or None.

        Names that repeat across China (鼓楼区) are told apart by the other names in the text
        (福州市鼓楼区) or by `near`, a code the reader expects (the catalog's region).
        """
        squeezed = normalize_name(text)
        for name in sorted(self._extra, key=len, reverse=True):
            if name and name in squeezed:
                return self._extra[name]
        named = self._named_in(squeezed)
        if not named:
            return _code_in(squeeze(text), self.register)
        return self._most_specific(named, near)

    def _named_in(self, text: str) -> list[Division]:
        """Divisions whose names occur in text, longer names first, overlaps left out."""
        taken = [False] * len(text)
        found: list[Division] = []
        for name in self._by_length:
            start = text.find(name)
            while start >= 0:
                if not any(taken[start : start + len(name)]):
                    taken[start : start + len(name)] = [True] * len(name)
                    found.extend(self._names[name])
                start = text.find(name, start + 1)
        return found

    def _most_specific(self, named: list[Division], near: str | None) -> str | None:
        """The named division deepest in the text's hierarchy; ties go to `near`, then to a
        name that only one division has (城区 repeats; 株洲市 does not)."""
        codes = {d.code for d in named}
        lineage = {d.code: {a.code for a in self.register.ancestors(d.code)} for d in named}
        leaves = {d.code: d for d in named if not any(d.code in lineage[c] for c in codes)}

        def score(division: Division) -> tuple[int, int, int]:
            ancestors = lineage[division.code]
            close = 1 if near and (near == division.code or near in ancestors) else 0
            alone = sum(1 for d in named if d.name_zh == division.name_zh) == 1
            return len(ancestors & codes), close, int(alone)

        ranked = sorted(leaves.values(), key=score, reverse=True)
        best = [d for d in ranked if score(d) == score(ranked[0])]
        return best[0].code if len(best) == 1 else None


def _strip_suffix(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _code_in(text: str, register: Register) -> str | None:
    for code in re.findall(r"(?<!\d)\d{6}(?!\d)", text):
        if register.division(code) is not None:
            return code
    return None


@cache
def default_resolver() -> RegionResolver:
    """A resolver over the register shipped with the project."""
    return RegionResolver(load_register())


def resolver_with(names: Mapping[str, str]) -> RegionResolver:
    """The register's resolver with extra names (e.g. the catalog's own region) first; built
    once per set of names (the register's spellings are indexed on first use)."""
    return _resolver_with(tuple(sorted(names.items())))


@cache
def _resolver_with(names: tuple[tuple[str, str], ...]) -> RegionResolver:
    return RegionResolver(load_register(), dict(names))
