"""Task progress tables (重点工作进度, SPEC §4.3 and §4.9): task, unit, annual target, completion.

Completion cells may be text: the first number with the task's unit is the figure ("完成7336人，
完成率83.4%" → 7336); a milestone's cell may be a status word (catalog: milestone_words.yaml).
"""

from __future__ import annotations

import re
from dataclasses import replace

from expectations.catalog import milestone_words
from flows.readers.base import DropRow
from flows.readers.table import body_rows, cell, is_section, note_row
from flows.readers.text import nfkc, norm_header, parse_number

INDICATOR_HEADERS = frozenset(
    {"指标", "指标名称", "项目", "项目名称", "任务", "任务名称", "工作任务", "重点任务", "工作内容"}
)
UNIT_HEADERS = frozenset({"单位", "计量单位"})
TARGET_HEADERS = frozenset(
    {"全年目标", "年度目标", "目标", "全年目标任务", "年度目标任务", "目标任务", "全年任务"}
)
DONE_HEADERS = frozenset(
    {"累计完成", "完成", "完成数", "累计完成数", "完成情况", "完成进度", "进展情况", "工作进展"}
)
DEPARTMENT_HEADERS = frozenset({"责任单位", "牵头单位", "责任部门", "牵头部门"})
_COLUMNS = {
    "indicator": INDICATOR_HEADERS,
    "unit": UNIT_HEADERS,
    "annual_target": TARGET_HEADERS,
    "value": DONE_HEADERS,
    "department": DEPARTMENT_HEADERS,
}
# A number as written in text: thousands separators allowed ("1,260").
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def match_header(cells: list[str]) -> dict[str, int] | None:
    """Indicator, unit, annual-target, done and department column indices, if a progress header."""
    columns: dict[str, int] = {}
    for index, text in enumerate(cells):
        name = norm_header(text)
        for key, accepted in _COLUMNS.items():
            if name in accepted:
                columns.setdefault(key, index)
    required = ("indicator", "annual_target", "value")
    return columns if all(key in columns for key in required) else None


def read_rows(
    rows: list[list[str]],
    header_index: int,
    columns: dict[str, int],
    region_code: str | None,
    period: str | None,
) -> list[DropRow]:
    """A task's stated annual target (when it is a figure) and its completion, with 责任单位."""
    header = rows[header_index]
    out: list[DropRow] = []
    for number, cells, is_note in body_rows(rows, header_index + 1):
        if is_note:
            out.append(note_row(number, cells, cell(header, columns["indicator"])))
            continue
        name = cell(cells, columns["indicator"])
        if not name or is_section(cells, name):
            continue
        unit = cell(cells, columns.get("unit")) or None
        department = cell(cells, columns.get("department")) or None
        for key in ("annual_target", "value"):
            raw = cell(cells, columns[key])
            value, error = completion(raw, unit) if key == "value" else _target(raw, unit)
            if key == "annual_target" and value is None and error is None and raw:
                continue  # "年内建成": a milestone's target in words, nothing to compare
            column = cell(header, columns[key])
            row = DropRow(number, column, key, name, unit, region_code, period, raw, value, error)
            out.append(replace(row, department=department))
    return out


def completion(raw: str, unit: str | None) -> tuple[float | None, str | None]:
    """The figure of a completion cell: a number, the first number with the task's unit in a
    text, or a milestone status word (1 done, 0 not done)."""
    value, error = parse_number(raw)
    if error is None:
        return value, None
    words = milestone_words()
    text = nfkc(raw)
    for word in sorted(words, key=len, reverse=True):
        if word in text and not _NUMBER.search(text):
            return words[word], None
    figure = first_number(text, unit)
    if figure is not None:
        return figure, None
    return None, f"'{raw.strip()}' 读不出数字或完成状态 / has no figure or status word"


def _target(raw: str, unit: str | None) -> tuple[float | None, str | None]:
    value, error = parse_number(raw)
    if error is None:
        return value, None
    figure = first_number(nfkc(raw), unit)
    return figure, None


def _touches_letter(text: str, match: re.Match[str]) -> bool:
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


def first_number(text: str, unit: str | None) -> float | None:
    """The first number followed by `unit` ("完成7336人，完成率83.4%" → 7336 for 人); without a
    unit (or when none is followed by it), the first number not followed by "%". A number run
    into Latin letters ("48o9") is a typo, never a figure."""
    numbers = [m for m in _NUMBER.finditer(text) if not _touches_letter(text, m)]
    after = [text[m.end() :].lstrip() for m in numbers]
    if unit:
        unit = nfkc(unit).strip()
        for match, rest in zip(numbers, after, strict=True):
            if rest.startswith(unit):
                return float(match[0].replace(",", ""))
    for match, rest in zip(numbers, after, strict=True):
        if not rest.startswith("%"):
            return float(match[0].replace(",", ""))
    return None
