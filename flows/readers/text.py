"""Text helpers for drops: byte decoding, cell numbers, periods and regions written in words."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable, Mapping

import charset_normalizer

from flows.readers.base import DropReadError

# Written for "no figure": dashes of every width (－ becomes "-" under NFKC), ellipses, "/", 无.
MISSING_MARKERS = frozenset(
    {"", "-", "--", "—", "——", "–", "――", "―", "…", "……", "...", "......", "/", "无"}
)
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_DASHES = str.maketrans({c: "-" for c in "—–‐‑‒―−~〜"})
# First two digits of a mainland/HK/Macau administrative code; keeps dates such as 202203 out.
_PROVINCES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64"}
    | {"65", "71", "81", "82"}
)
_NOTE = re.compile(r"(注|说明|数据来源|资料来源|备注)\s*\d*\s*[:.、]")


def decode(data: bytes, file: str) -> tuple[str, str]:
    """Decode csv bytes: BOM → utf-8-sig, utf-8, gb18030, then charset-normalizer's best guess."""
    candidates = ["utf-8-sig"] if data.startswith(codecs.BOM_UTF8) else []
    for encoding in [*candidates, "utf-8", "gb18030"]:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise DropReadError(file, None, None, "cannot decode: not UTF-8 or GB18030 text")
    return str(best), best.encoding


def nfkc(text: str) -> str:
    """Unicode NFKC: full-width digits, letters and punctuation become their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


def squeeze(text: str) -> str:
    """NFKC, every dash variant as "-", no whitespace nor BOM: for matching words in text.

    Whitespace between two digits stays (as one space) so "430202 2022年" keeps two numbers.
    """
    text = re.sub(r"\s+", _space_between_digits, nfkc(text).replace("\ufeff", ""))
    return text.translate(_DASHES)


def _space_between_digits(match: re.Match[str]) -> str:
    before = match.string[match.start() - 1 : match.start()]
    after = match.string[match.end() : match.end() + 1]
    return " " if before.isdigit() and after.isdigit() else ""


def norm_header(text: str) -> str:
    """A header cell reduced for matching: squeezed and lower-cased."""
    return squeeze(text).lower()


def is_note(text: str) -> bool:
    """Whether a first cell opens a notes line such as "注：..." or "数据来源：..."."""
    return _NOTE.match(nfkc(text).strip()) is not None


# A unit as offices write it in a label's trailing parentheses: "(亿元)", "（%）", "(万千瓦时)".
_UNIT = re.compile(
    r"%|‰|百分点|个百分点|元/人|[万亿千百]?(?:元|人|户|家|个|张|套|亩|项|吨|吨标准煤|千瓦时|平方米|"
    r"辆|件|台|所|座|公里|米|人次|床|间|处|宗|期)"
)
_TRAILING_PARENTHESES = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")


def split_unit(label: str) -> tuple[str, str | None]:
    """A label and the unit in its trailing parentheses, ASCII or full-width:
    "社会消费品零售总额（亿元）" → ("社会消费品零售总额", "亿元"); a parenthetical that is no unit
    ("(上年同期=100)") stays in the label."""
    text = label.strip()
    match = _TRAILING_PARENTHESES.match(nfkc(text))
    if match is None or _UNIT.fullmatch(match[2].strip()) is None:
        return text, None
    opening = max(text.rfind("("), text.rfind("（"))
    return text[:opening].rstrip(), match[2].strip()


def indent_of(text: str) -> int:
    """How far a label is indented: leading spaces, a full-width space counting as two."""
    stripped = text.lstrip(" \t\u3000\xa0")
    lead = text[: len(text) - len(stripped)]
    return sum(2 if c == "\u3000" else 1 for c in lead)


def parse_number(text: str) -> tuple[float | None, str | None]:
    """Parse a figure as written; (None, None) when marked missing, (None, reason) when unreadable."""
    cleaned = re.sub(r"\s+", "", nfkc(text)).replace("−", "-")
    if cleaned in MISSING_MARKERS:
        return None, None
    cleaned = cleaned.removesuffix("%").removeprefix("+")
    if "," in cleaned and _GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    if _NUMBER.fullmatch(cleaned):
        return float(cleaned), None
    return None, f"'{text.strip()}' is not a number"


# ---- periods -------------------------------------------------------------------------------

_CN_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
_CN_NUMBERS |= {"九": 9, "十": 10, "十一": 11, "十二": 12}
_N = r"((?<!\d)\d{1,2}|十[一二]?|[一二两三四五六七八九])"
_TO = r"(?:-+|至|到)"
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\d{2}){0,2}(?!\d)")


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _CN_NUMBERS[word]


def _month(year: str, month: int) -> str | None:
    return f"{year}-{month:02d}" if 1 <= month <= 12 else None


def _quarter(year: str, quarter: int) -> str | None:
    return f"{year}-Q{quarter}" if 1 <= quarter <= 4 else None


def _cumulative(make: Callable[[str, int], str | None]) -> Callable[[str, re.Match], str | None]:
    """A "1-N" range counts only when it starts in January / the first quarter (cumulative)."""
    return lambda y, m: make(y, _number(m[2])) if _number(m[1]) == 1 else None


# Tried in order; the first pattern found decides (so "1-3月" is never read as the bare "3月").
_WORDED: list[tuple[re.Pattern[str], Callable[[str, re.Match], str | None]]] = [
    (re.compile(rf"{_N}{_TO}{_N}月"), _cumulative(_month)),
    (re.compile(rf"{_N}{_TO}{_N}季度?"), _cumulative(_quarter)),
    (re.compile(rf"前{_N}个月"), lambda y, m: _month(y, _number(m[1]))),
    (re.compile(rf"前{_N}个?季度?"), lambda y, m: _quarter(y, _number(m[1]))),
    (re.compile(r"上半年"), lambda y, m: _quarter(y, 2)),
    (re.compile(rf"第?{_N}季度?"), lambda y, m: _quarter(y, _number(m[1]))),
    (re.compile(r"全年|\d{4}年度|年[底末]"), lambda y, m: y),
    (re.compile(rf"{_N}月"), lambda y, m: _month(y, _number(m[1]))),
]
_COMPACT: list[tuple[re.Pattern[str], Callable[[re.Match], str | None]]] = [
    (
        re.compile(r"(?<!\d)((?:19|20)\d{2})[-_]?q([1-4])(?!\d)", re.I),
        lambda m: _quarter(m[1], int(m[2])),
    ),
    (re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{1,2})(?!\d)"), lambda m: _month(m[1], int(m[2]))),
    (
        re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})?(?!\d)"),
        lambda m: _month(m[1], int(m[2])),
    ),
]
_CELL: list[tuple[re.Pattern[str], Callable[[re.Match], str | None]]] = [
    (re.compile(r"(\d{4})(?:年度?)?"), lambda m: m[1]),
    (re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?"), lambda m: _month(m[1], int(m[2]))),
    (re.compile(r"(\d{4})(\d{2})"), lambda m: _month(m[1], int(m[2]))),
    (re.compile(r"(\d{4})-?q([1-4])", re.I), lambda m: _quarter(m[1], int(m[2]))),
]


def find_year(text: str) -> str | None:
    """The first four-digit year (1900-2099) in text, also inside 202203 or 20220331."""
    match = _YEAR.search(squeeze(text))
    return match[1] if match else None


def _worded_period(text: str, year: str | None) -> str | None:
    for pattern, make in _WORDED:
        match = pattern.search(text)
        if match:
            return make(year, match) if year else None
    return None


def _compact_period(text: str) -> str | None:
    for pattern, make in _COMPACT:
        match = pattern.search(text)
        if match:
            return make(match)
    return None


def period_from_text(text: str, default_year: str | None = None) -> str | None:
    """The period a title or file name speaks of ("2022年1-3月" → "2022-03"), or None.

    A bare "2022年" is not a period. "截至/截止 …" wins over any other wording in the text.
    default_year is used when the text names a period but no year.
    """
    text = squeeze(text)
    year = find_year(text) or default_year
    up_to = re.search(r"截[至止]到?(.+)", text)
    if up_to:
        found = _worded_period(up_to[1], find_year(up_to[1]) or year)
        if found:
            return found
    return _worded_period(text, year) or _compact_period(text)


def parse_period(text: str) -> str | None:
    """A period cell of the long layout ("2022-3", "202203", "2022Q1", "2022年3月", "2022") or None."""
    cleaned = squeeze(text)
    for pattern, make in _CELL:
        match = pattern.fullmatch(cleaned)
        if match:
            return make(match)
    return period_from_text(cleaned) if find_year(cleaned) else None


def region_from_text(text: str, regions: Mapping[str, str]) -> str | None:
    """The region code a title or file name names: a name from regions, else a six-digit code."""
    text = squeeze(text)
    for name in sorted(regions, key=len, reverse=True):
        if squeeze(name) in text:
            return regions[name]
    for code in re.findall(r"(?<!\d)\d{6}(?!\d)", text):
        if code[:2] in _PROVINCES:
            return code
    return None
