"""Reading and validating catalogs; errors name the file, the entry and the problem.

`expectations/catalog/` holds one catalog per (region, year) (`<region>_<year>.yaml`: region,
year, source, targets) and the indicators they share (`indicators.yaml`: indicators and bureau
rows). A catalog file that carries its own `indicators` is complete by itself; any other gets
the shared ones of its folder (else the bundled ones) merged in before it is validated.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from expectations.catalog.models import CHOICES, Catalog

CATALOG_DIR = Path(__file__).parent
BUNDLED_CATALOG = CATALOG_DIR / "hetang_2022.yaml"
SHARED = "indicators.yaml"
MILESTONE_WORDS = CATALOG_DIR / "milestone_words.yaml"
_NOT_CATALOGS = frozenset({SHARED, MILESTONE_WORDS.name})


class CatalogError(ValueError):
    """The catalog file is unreadable or breaks a rule; the message names the entry."""


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


def _shared(folder: Path) -> dict[str, Any]:
    """The shared indicators and bureau rows for catalogs of `folder`."""
    path = folder / SHARED if (folder / SHARED).exists() else CATALOG_DIR / SHARED
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise CatalogError(f"catalog {path.name}: the top level must be a mapping")
    return data


@lru_cache(maxsize=64)
def _load_cached(path: Path) -> Catalog:
    data = _read_yaml(path)
    if isinstance(data, dict) and "indicators" not in data:
        data = {**_shared(path.parent), **data}
    return parse_catalog(data, path.name)


def load_catalog(path: Path | None = None) -> Catalog:
    """Load and validate one catalog file (default: the bundled hetang_2022.yaml), cached by path."""
    resolved = Path(path).resolve() if path is not None else BUNDLED_CATALOG.resolve()
    return _load_cached(resolved)


@lru_cache(maxsize=4)
def milestone_words(path: Path = MILESTONE_WORDS) -> dict[str, float]:
    """Status word → 1.0 (done) or 0.0 (not done), from the catalog's milestone_words.yaml."""
    data = _read_yaml(path)
    if not isinstance(data, dict) or not {"done", "not_done"} <= data.keys():
        raise CatalogError(f"catalog {path.name}: needs the lists 'done' and 'not_done'")
    words = {str(word): 0.0 for word in data["not_done"]}
    return words | {str(word): 1.0 for word in data["done"]}


def catalog_files(folder: Path = CATALOG_DIR) -> list[Path]:
    """The (region, year) catalog files of a folder, in name order."""
    return sorted(p for p in Path(folder).glob("*.yaml") if p.name not in _NOT_CATALOGS)


def load_catalogs(folder: Path = CATALOG_DIR) -> tuple[Catalog, ...]:
    """Every catalog of the folder; none, or two files for the same (region, year), is an error."""
    files = catalog_files(folder)
    if not files:
        raise CatalogError(
            f"目录 {folder} 中没有目标清单 / no catalog (<region>_<year>.yaml) in folder {folder}"
        )
    catalogs = tuple(load_catalog(path) for path in files)
    seen: dict[tuple[str, int], str] = {}
    for path, catalog in zip(files, catalogs, strict=True):
        key = (catalog.region.code, catalog.year)
        if key in seen:
            raise CatalogError(
                f"catalog {path.name}: region {key[0]} year {key[1]} is already in {seen[key]}"
            )
        seen[key] = path.name
    return catalogs


def names_catalog(catalogs: tuple[Catalog, ...]) -> Catalog:
    """The catalog whose indicator names, aliases and units read the drops: the latest year's
    (the catalogs of one folder share its indicators.yaml, so any would do)."""
    return max(catalogs, key=lambda catalog: catalog.year)


def region_names(catalogs: tuple[Catalog, ...]) -> dict[str, str]:
    """Chinese region name → region code, for every region the catalogs are for."""
    return {catalog.region.name_zh: catalog.region.code for catalog in catalogs}
