"""Statistical bulletins and report prose (统计公报, SPEC §4.10): figures from sentences.

A sentence that names a catalog indicator (name or alias, longest name first) gives its level
("441.26亿元", "为5.3%") and its growth ("增长7.6%", "上涨2.1%"; "下降2.4%" → −2.4) from the
text after the name, up to the next name, "；" or a clause about a part (其中…, 分行业…,
第一产业…). A name inside a longer qualified one ("限额以上社会消费品零售总额") is a part too. Each
figure keeps its sentence as its raw value; a named indicator without a figure is a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from expectations.catalog import Catalog, load_catalog, normalize_name
from flows.readers.base import DropFinding, DropRow

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_PART = re.compile(
    r"其中|分行业|分产业|分领域|分区域|分门类|分经济类型|分类别|第[一二三]产业|按[^，,。；;]{1,8}分"
    r"|从[^，,。；;]{1,8}看"
)
_STOP = re.compile(r"[；;]")
# What may stand before a name in its clause without making it a part: when and where.
_LEAD = re.compile(
    r"(据?初步核算|全年|年末|年内|本年|当年|今年以来|今年|上半年|下半年|全体|我[省市区县]|本[省市区县]"
    r"|全[省市区县]|[一二三四]季度|前[一二三]季度|\d{1,2}[-—–~至]\d{1,2}月(份)?|\d{1,2}月(份|末|底)?"
    r"|截[至止]\d{1,2}月(末|底)?|[\u4e00-\u9fff]{1,6}[省市县区])*"
)
_NUMBER = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
_GROWTH = re.compile(rf"(增长|上涨|提高|增加|回升)\s*{_NUMBER}\s*[%％]")
_DECLINE = re.compile(rf"(下降|回落|减少|降低)\s*{_NUMBER}\s*[%％]")
_LEVEL = re.compile(
    rf"{_NUMBER}\s*(%|万吨标准煤|吨标准煤|亿千瓦时|万千瓦时|千瓦时|万平方米|平方米|亿元|万元|元|万吨|吨|"
    r"万人|人|户|家|个|张|套|亩|项)"
)


@dataclass(frozen=True)
class Name:
    """A name the catalog knows: the codes its level and its growth feed."""

    text: str
    level: str | None
    growth: str | None
    percent_level: bool  # the level itself is a percentage (a rate such as 失业率)


def read_sentences(
    paragraphs: list[str], region: str | None, period: str | None
) -> tuple[list[DropRow], list[DropFinding]]:
    """Figures of every sentence that names an indicator; findings for those without one."""
    rows: list[DropRow] = []
    findings: list[DropFinding] = []
    names = catalog_names()
    for number, paragraph in enumerate(paragraphs, start=1):
        for sentence in _SENTENCE.findall(paragraph):
            for name, scope in named_in(sentence.strip(), names):
                found = figures(name, scope, sentence.strip(), number, region, period)
                rows += found
                if not found:
                    findings.append(_no_figure(number, name))
    return rows, findings


def _no_figure(number: int, name: Name) -> DropFinding:
    return DropFinding(
        number,
        None,
        name.text,
        f"提到了指标（{name.text}），但读不出数字",
        f"named ({name.text}) but no figure can be read",
    )


@cache
def catalog_names(catalog: Catalog | None = None) -> dict[str, Name]:
    """Normalised name → Name, from the shared indicators and bureau rows of the catalog."""
    catalog = catalog or load_catalog()
    names: dict[str, Name] = {}
    for indicator in catalog.indicators:
        percent = indicator.unit == "%"
        for text in indicator.names:
            if re.search(r"[\u4e00-\u9fff]", text):
                names[normalize_name(text)] = Name(text, indicator.code, None, percent)
    for row in catalog.bureau_rows:
        percent = row.value is not None and catalog.indicator(row.value).unit == "%"
        for text in row.names:
            names[normalize_name(text)] = Name(text, row.value, row.growth, percent)
    return names


def named_in(sentence: str, names: dict[str, Name]) -> list[tuple[Name, str]]:
    """(name, the text its figures are read from) for each whole name in the sentence."""
    text = normalize_name(sentence)
    spans = _spans(text, names)
    out = []
    for index, (start, end, name) in enumerate(spans):
        if _is_part(text, start):
            continue
        stop = spans[index + 1][0] if index + 1 < len(spans) else len(text)
        scope = text[end:stop]
        cut = [m.start() for m in (_STOP.search(scope), _PART.search(scope)) if m]
        out.append((name, scope[: min(cut)] if cut else scope))
    return out


def _spans(text: str, names: dict[str, Name]) -> list[tuple[int, int, Name]]:
    """Non-overlapping occurrences of names in text, longer names first, in text order."""
    taken = [False] * len(text)
    spans = []
    for key in sorted(names, key=len, reverse=True):
        start = text.find(key)
        while start >= 0:
            if not any(taken[start : start + len(key)]):
                taken[start : start + len(key)] = [True] * len(key)
                spans.append((start, start + len(key), names[key]))
            start = text.find(key, start + 1)
    return sorted(spans, key=lambda span: span[0])


def _is_part(text: str, start: int) -> bool:
    """Whether the name at start is about a part: its clause holds a qualifier before it
    ("其中，限额以上社会消费品零售总额…"); a name opening its clause is an indicator of its own."""
    clause_start = max(text.rfind(p, 0, start) for p in ",;:。") + 1
    return _LEAD.fullmatch(text[clause_start:start]) is None


def figures(
    name: Name, scope: str, sentence: str, number: int, region: str | None, period: str | None
) -> list[DropRow]:
    """DropRows of a named indicator's level and growth read from scope (the sentence kept)."""
    growth = _growth(scope)
    taken = growth[1] if growth else (0, 0)
    level = next(
        (m for m in _LEVEL.finditer(scope) if m.end() <= taken[0] or m.start() >= taken[1]), None
    )
    out = []
    if level is not None and (level[2] != "%" or name.percent_level or name.growth is None):
        value, unit = float(level[1].replace(",", "")), level[2]
        out.append(_row(number, name.text, "value", unit, value, sentence, (region, period)))
    if growth is None or (out and name.growth is None):
        return out
    if name.growth is not None:
        out.append(_row(number, name.text, "growth", "%", growth[0], sentence, (region, period)))
    elif name.level is not None:  # 居民消费价格上涨2.1%: the increase itself, by its code
        out.append(_row(number, name.level, "value", "%", growth[0], sentence, (region, period)))
    return out


def _growth(scope: str) -> tuple[float, tuple[int, int]] | None:
    up, down = _GROWTH.search(scope), _DECLINE.search(scope)
    first = min((m for m in (up, down) if m), key=lambda m: m.start(), default=None)
    if first is None:
        return None
    value = float(first[2].replace(",", ""))
    return (value if first is up else -value), first.span()


def _row(
    number: int,
    name: str,
    role: str,
    unit: str,
    value: float,
    sentence: str,
    where: tuple[str | None, str | None],
) -> DropRow:
    column = "增长" if role == "growth" else "数值"
    region, period = where
    return DropRow(
        number, column, role, name, unit, region, period, sentence, value, None, source=sentence
    )
