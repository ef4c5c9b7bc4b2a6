"""Every mistake of a catalog file with its line and field, for `hetang catalog check` (SPEC §9).

``locate`` finds the line of a pydantic error location in the YAML text through PyYAML's
composed nodes (their marks), falling back to the closest parent that exists (a missing field
points at its entry). ``check_catalog_text`` lists all problems, not only the first: YAML syntax,
every field error of ``Catalog.model_validate``, every cross-entry problem the loader finds
(duplicate codes and names, unknown references, an external target without its
``<code>_assigned`` indicator), keys written twice in one mapping (YAML keeps only the last) and
values still ``TODO`` in a draft. The cross-entry checks see the entries that are valid on their
own: an entry with a field error joins them once that error is fixed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from expectations.catalog import CATALOG_DIR, BureauRow, Catalog, Indicator, Target
from expectations.catalog.load import SHARED
from expectations.catalog.models import _catalog_problems  # the loader's own cross-entry rules

__all__ = ["Problem", "check_catalog_text", "locate"]

Location = tuple[str | int, ...]

# List sections of a catalog: the model of one entry, and how the loader names an entry.
_SECTIONS: dict[str, tuple[type[BaseModel], str]] = {
    "indicators": (Indicator, "indicator"),
    "bureau_rows": (BureauRow, "bureau row"),
    "targets": (Target, "target"),
}
_ENTRY_SECTION = {entry: section for section, (_model, entry) in _SECTIONS.items()}
_CROSS_TEXT = re.compile(r"^(indicator|target|bureau row) '(.*?)': (.*)$")
_CROSS_FIELD = (
    (re.compile(r"^duplicate \w+ code"), "code"),
    (re.compile(r"^(value|growth) indicator '"), None),
    (re.compile(r"^(indicator|compare_with) '"), None),
    (re.compile(r"^external target needs indicator"), "kind"),
    (re.compile(r"^unit '"), "unit"),
)
_ALREADY_USED = re.compile(r"^name '(.*)' is already used by")
TODO = "TODO"


@dataclass(frozen=True)
class Problem:
    """One mistake: the 1-based line (None when unknown), the field and what is wrong."""

    line: int | None
    field: str
    message: str


def locate(text: str, loc: Sequence[str | int]) -> int | None:
    """The 1-based line of the node at pydantic location ``loc`` (e.g. ``("targets", 3, "kind")``
    → the line of ``kind:`` in the fourth target); the closest existing parent's line when the node
    is not in the text; None when the text is no YAML document."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    return _line(root, tuple(loc))


def _line(root: yaml.Node | None, loc: Location) -> int | None:
    if root is None:
        return None
    node, line = root, root.start_mark.line + 1
    for key in loc:
        found = _child(node, key)
        if found is None:
            break
        node, line = found
    return line


def _child(node: yaml.Node, key: str | int) -> tuple[yaml.Node, int] | None:
    """The node under ``key`` and the line that names it (the key's line in a mapping)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(key):
                return value_node, key_node.start_mark.line + 1
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        item = node.value[key]
        return item, item.start_mark.line + 1
    return None


def shared_indicators(folder: Path = CATALOG_DIR) -> dict[str, Any]:
    """The shared indicators and bureau rows of a catalog folder (its indicators.yaml, else the
    bundled expectations/catalog/indicators.yaml), as the loader merges them."""
    path = folder / SHARED if (folder / SHARED).exists() else CATALOG_DIR / SHARED
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def check_catalog_text(text: str, label: str, folder: Path = CATALOG_DIR) -> list[Problem]:
    """Every problem of a catalog text, ordered by line; ``label`` (the file name) opens each
    message; ``folder`` is where the catalog lives (its shared indicators apply). An empty list
    means the catalog loads."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = "; ".join(part for part in (exc.context, exc.problem) if part)
        message = f"{label}: YAML 语法错误 / YAML syntax error: {detail}"
        return [Problem(mark.line + 1 if mark else None, "", message)]
    except (yaml.YAMLError, ValueError) as exc:
        return [Problem(None, "", f"{label}: YAML 无法读取 / YAML cannot be read: {exc}")]
    if root is None or not isinstance(data, dict):
        message = f"{label}: 顶层必须是映射 / the top level must be a mapping of catalog fields"
        return [Problem(1 if root is not None else None, "", message)]
    if "indicators" not in data:  # a (region, year) catalog: the shared indicators are added
        data = {**shared_indicators(folder), **data}
    problems = [
        *_repeated_keys(root, label),
        *_todo_values(root, label),
        *_field_problems(root, data, label),
        *_cross_problems(root, data, label),
    ]
    return sorted(problems, key=lambda problem: (problem.line is None, problem.line or 0))


# --------------------------------------------------------------------------- field errors


def _field_problems(root: yaml.Node, data: dict[str, Any], label: str) -> Iterator[Problem]:
    """Every error pydantic finds in the fields (cross-entry rules: see _cross_problems)."""
    try:
        Catalog.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        for error in errors:
            loc = tuple(error["loc"])
            if loc:
                yield _field_problem(root, data, loc, error, label)
        for entry_loc, rule_error in _rules_behind_unknown_fields(data, errors):
            yield _field_problem(root, data, entry_loc, rule_error, label)


def _rules_behind_unknown_fields(
    data: dict[str, Any], errors: Sequence[Mapping[str, Any]]
) -> Iterator[tuple[Location, Mapping[str, Any]]]:
    """Entry rules pydantic skipped because the entry also had unknown fields: the entry is
    validated again without them (a target with a stray key and no value shows both)."""
    unknown: dict[tuple[str, int], set[str]] = {}
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden" and len(loc) == 3 and loc[0] in _SECTIONS:
            unknown.setdefault((str(loc[0]), int(loc[1])), set()).add(str(loc[2]))
    for (section, index), keys in unknown.items():
        raw = _raw_entry(data, section, index)
        pruned = {key: value for key, value in raw.items() if key not in keys}
        try:
            _SECTIONS[section][0].model_validate(pruned)
        except ValidationError as exc:
            for error in exc.errors():
                if error["type"] == "value_error" and not error["loc"]:
                    yield (section, index), error


def _field_problem(
    root: yaml.Node, data: dict[str, Any], loc: Location, error: Mapping[str, Any], label: str
) -> Problem:
    kind, message = error["type"], str(error["msg"]).removeprefix("Value error, ")
    entry, inner = _entry(data, loc)
    name, at = str(loc[-1]), loc
    if kind == "extra_forbidden":
        text = f"未知字段 / unknown field '{name}'"
    elif kind == "missing":
        text = f"缺少字段 / missing field '{name}'"
    elif kind == "literal_error":
        text = f"取值不在可选范围 / {name} {error['input']!r}: {message}"
    elif kind == "value_error" and not inner:
        rule_field = _rule_field(message, _entry_fields(loc))
        text, at = f"规则不符 / {message}", (*loc, rule_field) if rule_field else loc
    else:
        text = f"取值无效 / {name}: {message} (got {error['input']!r})"
    field = ".".join(str(part) for part in at[len(loc) - len(inner) :])
    return Problem(_line(root, at), field, _message(label, entry, text))


def _entry(data: dict[str, Any], loc: Location) -> tuple[str, Location]:
    """How the loader names the entry ``loc`` points into ("target 'gdp_growth'"), and the rest
    of ``loc`` inside that entry."""
    if len(loc) < 2 or loc[0] not in _SECTIONS or not isinstance(loc[1], int):
        return "", loc
    raw = _raw_entry(data, str(loc[0]), loc[1])
    entry = _SECTIONS[str(loc[0])][1]
    key = raw.get("names") if isinstance(raw, dict) and loc[0] == "bureau_rows" else None
    if isinstance(key, list) and key:
        return f"{entry} '{key[0]}'", loc[2:]
    code = raw.get("code") if isinstance(raw, dict) else None
    return (f"{entry} '{code}'" if isinstance(code, str) else f"{entry} #{loc[1] + 1}"), loc[2:]


def _raw_entry(data: dict[str, Any], section: str, index: int) -> Any:
    entries = data.get(section)
    return entries[index] if isinstance(entries, list) and index < len(entries) else None


def _entry_fields(loc: Location) -> tuple[str, ...]:
    if len(loc) == 2 and loc[0] in _SECTIONS:
        return tuple(_SECTIONS[str(loc[0])][0].model_fields)
    return tuple(Catalog.model_fields)


def _rule_field(message: str, fields: Sequence[str]) -> str:
    """The field an entry rule is about: the first field its message names, after the kind in
    kind rules ("kind 'rate' needs a number value" → value)."""
    text = re.sub(r"^kind '[^']*'", "", message)
    named = [
        (found.start(), field)
        for field in fields
        if (found := re.search(rf"(?<!\w){re.escape(field)}(?!\w)", text))
    ]
    return min(named)[1] if named else ""


def _message(label: str, entry: str, text: str) -> str:
    return ": ".join(part for part in (label, entry, text) if part)


# --------------------------------------------------------------------------- cross-entry problems


def _cross_problems(root: yaml.Node, data: dict[str, Any], label: str) -> Iterator[Problem]:
    """The loader's cross-entry problems over the entries that are valid on their own."""
    entries = {section: _valid_entries(data, section) for section in _SECTIONS}
    valid = {section: tuple(entry for _index, entry in found) for section, found in entries.items()}
    catalog = Catalog.model_construct(
        indicators=valid["indicators"], bureau_rows=valid["bureau_rows"], targets=valid["targets"]
    )
    seen: Counter[str] = Counter()
    for text in _catalog_problems(catalog):
        seen[text] += 1
        yield _cross_problem(root, entries, text, seen[text], label)


def _valid_entries(data: dict[str, Any], section: str) -> list[tuple[int, Any]]:
    raw_entries = data.get(section)
    if not isinstance(raw_entries, list):
        return []
    model = _SECTIONS[section][0]
    valid = []
    for index, raw in enumerate(raw_entries):
        try:
            valid.append((index, model.model_validate(raw)))
        except ValidationError:
            continue
    return valid


def _cross_problem(
    root: yaml.Node,
    entries: Mapping[str, list[tuple[int, Any]]],
    text: str,
    occurrence: int,
    label: str,
) -> Problem:
    """Place one loader message ("target 'x': indicator 'y' is not in indicators") on its line:
    the entry is found by its code (a bureau row by its first name); a duplicate code is the
    second (third …) entry with that code."""
    parsed = _CROSS_TEXT.match(text)
    if parsed is None:
        return Problem(None, "", _message(label, "", f"条目冲突 / {text}"))
    entry_kind, key, problem = parsed.groups()
    section = _ENTRY_SECTION[entry_kind]
    duplicate = problem.startswith("duplicate")
    indexes = [
        index
        for index, entry in entries[section]
        if _entry_key(entry) == key and (duplicate or _shows(section, entry, text, entries))
    ]
    position = min(occurrence if duplicate else occurrence - 1, len(indexes) - 1)
    at: Location = (section, indexes[position]) if indexes else (section,)
    field, inner = _cross_field(problem, entries[section], indexes[position] if indexes else None)
    message = _message(label, f"{entry_kind} '{key}'", f"条目冲突 / {problem}")
    return Problem(_line(root, (*at, *inner)), field, message)


def _shows(
    section: str, entry: Any, text: str, entries: Mapping[str, list[tuple[int, Any]]]
) -> bool:
    """Whether ``entry`` alone (with all indicators) breaks the rule ``text`` tells of: which of
    several entries with one code a reference problem belongs to."""
    if section == "indicators":
        return True
    indicators = tuple(indicator for _index, indicator in entries["indicators"])
    alone = Catalog.model_construct(
        indicators=indicators,
        bureau_rows=(entry,) if section == "bureau_rows" else (),
        targets=(entry,) if section == "targets" else (),
    )
    return text in _catalog_problems(alone)


def _entry_key(entry: Any) -> str:
    return entry.names[0] if isinstance(entry, BureauRow) else entry.code


def _cross_field(
    problem: str, entries: list[tuple[int, Any]], index: int | None
) -> tuple[str, Location]:
    """(field, location inside the entry) a cross-entry problem is about."""
    for pattern, field in _CROSS_FIELD:
        found = pattern.match(problem)
        if found:
            name = field or found.group(1)
            return name, (name,)
    used = _ALREADY_USED.match(problem)
    entry = next((entry for i, entry in entries if i == index), None)
    if used is None or entry is None:
        return "", ()
    name = used.group(1)
    if isinstance(entry, BureauRow):
        return "names", ("names", entry.names.index(name))
    if name == entry.name_zh:
        return "name_zh", ("name_zh",)
    return "aliases", ("aliases", entry.aliases.index(name))


# --------------------------------------------------------------------------- the YAML itself


def _mappings(node: yaml.Node) -> Iterator[yaml.MappingNode]:
    """Every mapping node of the tree, depth first."""
    if isinstance(node, yaml.MappingNode):
        yield node
        for _key_node, value_node in node.value:
            yield from _mappings(value_node)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _mappings(item)


def _repeated_keys(root: yaml.Node, label: str) -> Iterator[Problem]:
    for node in _mappings(root):
        seen: set[str] = set()
        for key_node, _value in node.value:
            if key_node.value in seen:
                text = f"重复的键 / key '{key_node.value}' written twice: YAML keeps only the last"
                yield Problem(key_node.start_mark.line + 1, str(key_node.value), f"{label}: {text}")
            seen.add(key_node.value)


def _todo_values(root: yaml.Node, label: str) -> Iterator[Problem]:
    """Values a draft left as TODO (in a mapping value or in a list under a key)."""
    for key_node, value_node in (item for node in _mappings(root) for item in node.value):
        values = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for value in values:
            if isinstance(value, yaml.ScalarNode) and value.value == TODO and value.style is None:
                text = "草稿未完成 / still TODO: finish the draft"
                yield Problem(value.start_mark.line + 1, str(key_node.value), f"{label}: {text}")
