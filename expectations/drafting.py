"""Draft a target catalog from a government work report (SPEC §9): report text in, draft YAML out.

The draft is for a person to finish; it never guesses what the report does not say. The rules by
which the report language is read:

Passages. Only targets are drafted. A heading naming the past (成就, 回顾, 过去, 去年, 上年, 一年来,
or the year before the report's year) starts a review section, which the next heading naming the
future (未来, 展望, 今年, 目标, 安排, 计划, 任务, 思路, or the report's year) ends; other headings keep
the section as it is. A sentence opening with 去年 / 这一年 / 过去一年 / 一年来 / 上年 / <year-1>年
turns the rest of its paragraph into review. A sentence with a past verb (完成了, 新增了 …) is review
too, and a sentence with 预计 / 预估 / 估计 (an estimate of the current period) gives nothing. Figures
of review passages are kept as the previous year's value of the target with the same indicator and
unit. The report's year, when not given, is the latest "20YY年" followed by 将 / 要 / 目标 / 工作 /
安排 / 计划.

Sections. A run of list lines (bullets; Word list paragraphs) next to a heading naming 目标 (or
to a line naming 目标 that ends in a colon), and a sentence with 主要预期目标 / 发展目标 …是: give
`development` targets; milestones are `milestone`; every other target is `task`.

Kinds and directions.
* 完成省、市下达/既定目标 → `external` (value null); its subjects, split at 、, are looked up in
  `name_groups` first (能耗"双控" stands for energy total, dir max, and intensity decline, dir min),
  then in the names.
* A 高于 / 快于 / 同步于 / 不低于 B without a number, or A 与 B 同步 → `relative`, unit pp,
  compare_with B (nothing when neither A nor B is an indicator name).
* 建成 / 完成 / 启动 / 开工 / 竣工 + a thing, with no number → `milestone`, value 1, due <year>-12.
* A figure in % → `rate`; a figure in any other known unit → `cumulative`, when the sentence has
  a task verb (新增, 实施, 引进, 完成, 建成, 改造, 成立, 投资, 融资, 力争 …) or the figure a
  direction word (a count in a description, 协同发展的两个增长点, is no target).
* 以上 / 不低于 / 不少于 / 达到 / 确保 / 力争 → `min`; 以内 / 以下 / 不超过 / 控制在 → `max`;
  超过 / 高于 → `min` with `strict: true`; 低于 → `max` with `strict: true` (and a note: SPEC §3
  knows strict only for at-least targets); 左右 → about: tolerance 0.5 on a % target (a non-%
  target gets a note), direction `min` unless a max word is present. A cumulative figure without
  a direction word is `min` (SPEC §2.2); an at-most cumulative one gets a note.

Numbers. 8,800 → 8800; Chinese numerals with a unit (一百三十一个 → 131 个, by cn2an; a lone 一 is the
article "a", 一批 is no number); numbers in quotation marks (“三类500强”, “28条”), ordinals (第N) and
dates (2022年, 2月) are names, not figures. A 万/亿 stays in the unit when the word is a unit of the
catalog or this module (亿元, 万元, 万平方米, 万吨标准煤, 万千瓦时 …: 17.5万平方米 → 17.5 万平方米);
otherwise it multiplies the number (2万套 → 20000 套). A number followed by a long word is part of a
name (601片区, 15分钟便民生活圈) and is no figure.

Flags (written as FLAG comments, never drafted): a range (7%-7.5%), two values for one target
(增长7%以上、力争8%), a growth or rate with no direction word (增长8%), a number with no known unit
(300根), a figure with no name before it, contradicting direction words.

Names. The indicator is the longest tail of the phrase that is a name in `names` (normalised with
the catalog's `normalize_name`); failing that, a name whose words the phrase abbreviates, every
left-out part of it being written earlier in the same sentence (城区覆盖率 after 生活垃圾分类 →
城区生活垃圾分类覆盖率; 年度投资 after 重点项目 → 重点项目年度投资).

Frequency. external → annual; a development `rate` → monthly (the bureau's monthly report), but
quarterly for what is accounted by quarter (地区生产总值, GDP, 经济增长, 居民…收入); everything else
(relative, task rates, cumulative, milestones) → quarterly, as the progress reports come.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import charset_normalizer
import cn2an
import docx
import yaml
from docx.table import Table
from docx.text.paragraph import Paragraph

from expectations.catalog import Indicator, normalize_name

__all__ = [
    "ABOUT_TOLERANCE",
    "NAME_GROUPS",
    "Draft",
    "DraftTarget",
    "Flag",
    "IndicatorPart",
    "ReportError",
    "draft_catalog",
    "draft_yaml",
    "indicator_names",
    "read_report",
    "report_year",
]

Direction = Literal["min", "max"]

ABOUT_TOLERANCE = 0.5  # 左右 on a % target (SPEC §2: 8.0%左右 → tolerance 0.5)
TODO = "TODO"


class ReportError(ValueError):
    """A work report that cannot be read; the message names the file."""


@dataclass(frozen=True)
class IndicatorPart:
    """One indicator a report word stands for, and the direction of a target set on it."""

    indicator: str
    direction: Direction = "min"
    label: str = ""


# Report words that stand for indicators under another name, or for several at once. This is data
# meant for the shared indicator list (see the module's report); it is passed in as `name_groups`.
NAME_GROUPS: Mapping[str, tuple[IndicatorPart, ...]] = {
    "能耗“双控”": (
        IndicatorPart("energy_consumption_total", "max", "总量"),
        IndicatorPart("energy_intensity_decline", "min", "强度"),
    ),
    "经济增长": (IndicatorPart("gdp_growth"),),
}


@dataclass(frozen=True)
class DraftTarget:
    """One drafted target: the catalog fields, where it was read, and what a person must check."""

    code: str | None
    indicator: str | None
    compare_with: str | None
    name_zh: str
    name_en: str | None
    wording: str
    section: str
    kind: str
    direction: Direction
    value: float | None
    tolerance: float
    strict: bool
    unit: str | None
    frequency: str
    due_period: str | None
    source_quote: str
    line: int
    matched: str | None = None
    previous_value: float | None = None
    previous_note: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Flag:
    """A phrase that looks like a target but cannot be read without guessing."""

    phrase: str
    reason: str
    source_quote: str
    line: int


@dataclass(frozen=True)
class Draft:
    """A drafted catalog: targets and flagged phrases in report order."""

    region: str | None
    year: int | None
    source: str | None
    items: tuple[DraftTarget | Flag, ...]

    @property
    def targets(self) -> tuple[DraftTarget, ...]:
        return tuple(item for item in self.items if isinstance(item, DraftTarget))

    @property
    def flags(self) -> tuple[Flag, ...]:
        return tuple(item for item in self.items if isinstance(item, Flag))


# --------------------------------------------------------------------------- the report language

_BOUND_BEFORE: dict[str, tuple[Direction, bool]] = {
    "不低于": ("min", False),
    "不少于": ("min", False),
    "不超过": ("max", False),
    "不高于": ("max", False),
    "控制在": ("max", False),
    "达到": ("min", False),
    "超过": ("min", True),
    "高于": ("min", True),
    "低于": ("max", True),
}
_BOUND_AFTER: dict[str, Direction] = {"以上": "min", "以内": "max", "以下": "max"}
_ABOUT = "左右"
_INTENT = ("确保", "力争", "争取")
_BOUND_BEFORE_END = re.compile(rf"(?:{'|'.join(_BOUND_BEFORE)})\s*$")
_AFTER_WORD = re.compile(rf"^\s*({'|'.join([*_BOUND_AFTER, _ABOUT])})")

_TASK_VERB = re.compile(
    "新增|实施|引进|完成|建成|改造|成立|开工|竣工|融资|投资|投入|新建|改建|扩建|建设|打造|培育"
    "|创建|整治|招引|签约|培训|安置|发放|争取|力争|确保|达到|实现"
)
_EXTERNAL = re.compile(
    r"完成(?:[省市县区国家上级、,，]*)(?:下达|既定|确定)的?(?:各项)?(?:目标|任务)"
)
_RELATIVE = re.compile(r"^(?P<a>.+?)(?:不低于|高于|快于|同步于)(?P<b>.+)$")
_IN_STEP = re.compile(r"^(?P<a>.+?)与(?P<b>.+?)(?:基本)?同步$")
_MILESTONE = re.compile(
    r"^(?:确保|力争|争取|年内|全年|如期|基本)*(?:建成|完成|启动|开工|竣工)(?!了)(?P<thing>.{2,})$"
)
_GENERIC_THING = re.compile(r"(?:目标|任务)$")

_REVIEW_HEADING = re.compile(r"成就|回顾|过去|去年|上年|一年来|五年来")
_FUTURE_HEADING = re.compile(r"未来|展望|今年|明年|目标|安排|计划|任务|思路|打算")
_PAST_START = re.compile(r"^(?:去年|这一年|过去一年|过去的一年|一年来|上年|过去五年|五年来)")
_PAST_VERB = re.compile(r"(?:完成|建成|新增|实现|实施|引进|启动|开工|竣工|达到|增长|获评)了")
_ESTIMATE = re.compile(r"预计|预估|估计")
_DEVELOPMENT_SENTENCE = re.compile(r"(?:主要预期目标|预期目标|发展目标|主要目标)(?:是|为)?[:：]")
_YEAR_AHEAD = re.compile(
    r"(?<![到至\d])(20\d\d)年[^。!?！？\n]{0,12}?(?:将|要|目标|工作|安排|计划)"
)

_QUARTERLY_NAME = re.compile(
    r"地区生产总值|生产总值|gdp|经济增长|居民.*收入|可支配收入", re.IGNORECASE
)

# Units a figure may carry; longest first so 万平方米 wins over 平方米 and 个百分点 over 个.
_UNITS = (
    "%", "个百分点", "百分点", "个", "人", "户", "家", "张", "套", "亩", "项", "所", "座", "条",
    "名", "台", "辆", "处", "栋", "元", "万元", "亿元", "平方米", "万平方米", "公顷", "公里",
    "千米", "米", "吨", "万吨", "吨标准煤", "万吨标准煤", "立方米", "万立方米", "千瓦时",
    "万千瓦时", "亿千瓦时",
)  # fmt: skip
_UNIT_ALIASES = {"个百分点": "pp", "百分点": "pp"}
_PERCENT_UNITS = frozenset({"%", "pp"})
_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}

_ARABIC = r"\d{1,3}(?:,\d{3})+(?:[.．]\d+)?|\d+(?:[.．]\d+)?"
_CHINESE_DIGITS = "零〇一二两三四五六七八九"
_CHINESE = rf"[{_CHINESE_DIGITS}十百千万亿]+(?:点[{_CHINESE_DIGITS}]+)?"
_NUMBER = re.compile(rf"(?P<arabic>{_ARABIC})|(?P<chinese>{_CHINESE})")
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|『[^』]*』|\"[^\"]*\"")
_TIME_TAIL = re.compile(r"^(?:个月|年|月|日|号|时|周年|季度|天|岁|周)")
_WORD_TAIL = re.compile(r"^[\u4e00-\u9fffA-Za-z]*")
_RANGE_DASH = r"\s*[-~～—–至到]\s*$"

_FINAL = "。！？!?"
_CLOSERS = "”’」』)）】"
_CLAUSE_PUNCT = "，,、；;：:"
_HEADING_MAX = 40
# The number of a heading: 一、 二. （三） (a heading's 、 is no list of clauses).
_HEADING_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])\s*"
)
_BULLET = re.compile(r"^(?:[-–•·●▪◆*]|\d{1,2}[.、](?!\d))\s*")
_SENTENCE = re.compile(rf"[^{_FINAL}]+(?:[{_FINAL}]+[{_CLOSERS}]*)?")
_CLAUSE_SEPARATOR = re.compile(r"[，；;：:]|(?<!\d),|,(?!\d{3}(?!\d))")

_REASONS = {
    "range": "数值是一个区间 / the figure is a range: decide the target by hand",
    "two values": "一个目标有两个数值 / two values for one target: decide which one is the target",
    "no direction": "没有方向词(以上、左右、以内…) / no direction word (以上, 左右, 以内 …): "
    "decide whether it is at least or at most",
    "no unit": "数字后没有已知单位 / a number with no known unit",
    "no name": "数值前没有指标名称 / a figure with no indicator name before it",
    "conflict": "方向词互相矛盾 / direction words contradict each other",
}


# --------------------------------------------------------------------------- reading the file


def read_report(path: Path) -> str:
    """The text of a work report: a .docx (paragraphs and table cells in order) or text.

    The content decides, not the name: a zip is read as .docx; other bytes are decoded as text
    (a BOM, then UTF-8, then GB18030, then charset-normalizer's best guess). Word list paragraphs
    come out as "- " lines, like the bullets of a text report.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(f"无法读取工作报告 / cannot read the work report {path}: {exc}") from exc
    if data.startswith(b"PK\x03\x04"):
        return _docx_text(path)
    if data.startswith((b"%PDF", b"\xd0\xcf\x11\xe0")):
        raise ReportError(
            f"工作报告只能是 .txt 或 .docx / the work report {path.name} must be .txt or .docx"
            " (this is a PDF or an old .doc file)"
        )
    return _decode_report(data, path.name)


def _decode_report(data: bytes, name: str) -> str:
    boms = {
        codecs.BOM_UTF8: "utf-8-sig",
        codecs.BOM_UTF16_LE: "utf-16",
        codecs.BOM_UTF16_BE: "utf-16",
    }
    encodings = [encoding for bom, encoding in boms.items() if data.startswith(bom)]
    for encoding in [*encodings, "utf-8", "gb18030"]:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ReportError(
            f"工作报告不是 UTF-8 或 GB18030 文本 / the work report {name} is not UTF-8 or GB18030 text"
        )
    return str(best)


def _docx_text(path: Path) -> str:
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise ReportError(
            f"无法读取 Word 文件 / cannot read the Word file {path.name}: {exc}"
        ) from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.append(_paragraph_line(block))
    return "\n".join(lines)


def _paragraph_line(paragraph: Paragraph) -> str:
    properties = paragraph._p.pPr
    numbered = properties is not None and properties.numPr is not None
    style = (paragraph.style.name if paragraph.style is not None else None) or ""
    is_list = numbered or style.startswith("List")
    return f"- {paragraph.text}" if is_list and paragraph.text.strip() else paragraph.text


def _table_lines(table: Table) -> Iterator[str]:
    seen: set[int] = set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                continue
            seen.add(id(cell._tc))
            yield from (paragraph.text for paragraph in cell.paragraphs)


# --------------------------------------------------------------------------- passages


@dataclass(frozen=True)
class _Paragraph:
    starts: tuple[tuple[int, int], ...]  # (offset in text, report line) of each joined line
    text: str
    kind: Literal["heading", "item", "prose"]

    @property
    def line(self) -> int:
        return self.starts[0][1]

    def line_at(self, offset: int) -> int:
        """The report line on which the character at ``offset`` of the paragraph stands."""
        return next(line for start, line in reversed(self.starts) if start <= offset)


@dataclass(frozen=True)
class _Sentence:
    text: str
    line: int
    review: bool
    development: bool
    heading: str


def _paragraphs(text: str) -> list[_Paragraph]:
    """Non-blank lines as paragraphs; a prose line broken before its end joins the next line."""
    paragraphs: list[_Paragraph] = []
    pending: tuple[tuple[tuple[int, int], ...], str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().replace("\u3000", " ")
        if not line:
            continue
        if _BULLET.match(line):
            if pending:
                paragraphs.append(_paragraph(*pending))
                pending = None
            paragraphs.append(_Paragraph(((0, number),), _BULLET.sub("", line, count=1), "item"))
            continue
        starts, joined = pending if pending else ((), "")
        starts, joined = (*starts, (len(joined), number)), joined + line
        pending = None
        if _continues(joined):
            pending = (starts, joined)
        else:
            paragraphs.append(_paragraph(starts, joined))
    if pending:
        paragraphs.append(_paragraph(*pending))
    return paragraphs


def _continues(line: str) -> bool:
    """A prose line that stops without a sentence end (a page break in a newspaper column)."""
    line = _HEADING_NUMBER.sub("", line)  # 一、 of a numbered heading is no clause mark
    has_punctuation = any(mark in line for mark in _CLAUSE_PUNCT + _FINAL)
    return has_punctuation and line.rstrip(_CLOSERS)[-1:] not in _FINAL


def _paragraph(starts: tuple[tuple[int, int], ...], text: str) -> _Paragraph:
    plain = not any(mark in _HEADING_NUMBER.sub("", text) for mark in _CLAUSE_PUNCT + _FINAL)
    return _Paragraph(starts, text, "heading" if plain and len(text) <= _HEADING_MAX else "prose")


def _development_items(paragraphs: Sequence[_Paragraph]) -> set[int]:
    """Indexes of list lines in a run next to a heading naming 目标 (before or after the run)."""
    found: set[int] = set()
    index = 0
    while index < len(paragraphs):
        if paragraphs[index].kind != "item":
            index += 1
            continue
        end = index
        while end + 1 < len(paragraphs) and paragraphs[end + 1].kind == "item":
            end += 1
        neighbours = [paragraphs[i] for i in (index - 1, end + 1) if 0 <= i < len(paragraphs)]
        if any(_introduces_targets(p) for p in neighbours):
            found.update(range(index, end + 1))
        index = end + 1
    return found


def _introduces_targets(paragraph: _Paragraph) -> bool:
    """A heading naming 目标, or a line naming 目标 that ends in a colon (…主要预期目标是：)."""
    if "目标" not in paragraph.text:
        return False
    return paragraph.kind == "heading" or paragraph.text.rstrip().endswith((":", "："))


def _sentences(text: str, year: int | None) -> Iterator[_Sentence]:
    """Every sentence of the report with its line, section and review state."""
    paragraphs = _paragraphs(text)
    development = _development_items(paragraphs)
    past_year = f"{year - 1}年" if year else None
    review, heading = False, ""
    for index, paragraph in enumerate(paragraphs):
        if paragraph.kind == "heading":
            review, heading = _heading_state(paragraph.text, review, heading, year)
            continue
        if paragraph.kind == "item":
            yield _Sentence(paragraph.text, paragraph.line, review, index in development, heading)
            continue
        in_review = review
        for match in _SENTENCE.finditer(paragraph.text):
            sentence = match.group().strip()
            if not sentence:
                continue
            line = paragraph.line_at(
                match.start() + len(match.group()) - len(match.group().lstrip())
            )
            opens_past = _PAST_START.match(sentence) or (
                past_year and sentence.startswith(past_year)
            )
            in_review = in_review or bool(opens_past)
            past = in_review or bool(_PAST_VERB.search(sentence))
            is_development = bool(_DEVELOPMENT_SENTENCE.search(sentence))
            yield _Sentence(sentence, line, past, is_development, heading)


def _heading_state(text: str, review: bool, heading: str, year: int | None) -> tuple[bool, str]:
    """(review, section label) after a heading: review words first, then future words."""
    label = re.sub(r"^[A-Za-z一二三四五六七八九十]+[、.． ]\s*", "", text).strip()
    if _REVIEW_HEADING.search(text) or (year and f"{year - 1}年" in text):
        return True, label
    if _FUTURE_HEADING.search(text) or (year and f"{year}年" in text):
        return False, label
    return review, heading


def report_year(text: str) -> int | None:
    """The year a report sets targets for: the latest "20YY年" followed by 将/要/目标/工作/安排/计划
    (not 到20YY年, a horizon); None when there is none."""
    years = [int(match.group(1)) for match in _YEAR_AHEAD.finditer(text)]
    return max(years) if years else None


# --------------------------------------------------------------------------- clauses and numbers


@dataclass(frozen=True)
class _Quantity:
    start: int
    end: int
    value: float
    unit: str
    written_unit: str
    after_word: str | None
    approx: bool


@dataclass(frozen=True)
class _Figures:
    quantities: tuple[_Quantity, ...]
    unitless: bool


def _clauses(sentence: str) -> list[str]:
    clauses = (part.strip() for part in _CLAUSE_SEPARATOR.split(sentence.rstrip(_FINAL + _CLOSERS)))
    return [clause for clause in clauses if clause]


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _QUOTED.finditer(text)]


def _figures(text: str, units: Sequence[str]) -> _Figures:
    """The figures (number + known unit) of a clause, and whether a number has no known unit."""
    quoted = _quoted_spans(text)
    quantities: list[_Quantity] = []
    unitless = False
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        if any(a <= start < b for a, b in quoted) or text[start - 1 : start] == "第":
            continue
        if re.match(r"[A-Za-z]", text[start - 1 : start]) or _TIME_TAIL.match(text[end:]):
            continue
        quantity = _quantity(text, match, units)
        if quantity is not None:
            quantities.append(quantity)
        elif match.group("arabic") and _is_short_tail(text[end:]):
            unitless = True
    return _Figures(tuple(quantities), unitless)


def _is_short_tail(rest: str) -> bool:
    """A number followed by at most two letters up to the clause end: an unknown unit."""
    word = _WORD_TAIL.match(rest)
    tail = word.group() if word else ""
    for after in (*_BOUND_AFTER, _ABOUT):
        tail = tail.removesuffix(after)
    return len(tail) <= 2 and len(rest.strip()) == len(word.group() if word else "")


def _quantity(text: str, match: re.Match[str], units: Sequence[str]) -> _Quantity | None:
    number, start = match.group(), match.start()
    chinese = match.group("chinese") is not None
    if chinese:
        number = _trim_unit_prefix(number, text[match.end() :], units)
        if not any(digit in number for digit in _CHINESE_DIGITS + "十") or number == "一":
            return None
    position = start + len(number)
    approx = text[position : position + 1] in ("余", "多")
    position += approx
    unit = _unit_at(text, position, units)
    multiplier = 1
    if unit is None and text[position : position + 1] in _MULTIPLIERS:
        unit = _unit_at(text, position + 1, units)
        multiplier, position = _MULTIPLIERS[text[position]], position + 1
    if unit is None or (chinese and unit == "%"):
        return None
    value = _number_value(number, chinese)
    if value is None:
        return None
    end = position + len(unit)
    after = _AFTER_WORD.match(text[end:])
    end += after.end() if after else 0
    total = value * multiplier
    if multiplier > 1 and float(round(total, 6)).is_integer():
        total = int(round(total))  # 1.2万人 → 12000 人, not 12000.000000000002
    normal_unit = _UNIT_ALIASES.get(unit, unit)
    return _Quantity(
        start, end, total, normal_unit, unit, after.group(1) if after else None, approx
    )


def _trim_unit_prefix(number: str, rest: str, units: Sequence[str]) -> str:
    """五万平方米 → 五 (unit 万平方米): a trailing 万/亿 that begins a unit belongs to the unit."""
    if number[-1:] in _MULTIPLIERS and _unit_at(number[-1] + rest, 0, units):
        return number[:-1]
    return number


def _unit_at(text: str, position: int, units: Sequence[str]) -> str | None:
    for unit in units:
        if unicodedata.normalize("NFKC", text[position : position + len(unit)]) == unit:
            return unit
    return None


def _number_value(number: str, chinese: bool) -> float | None:
    if not chinese:
        plain = unicodedata.normalize("NFKC", number).replace(",", "")
        return float(plain) if "." in plain else int(plain)
    try:
        value = cn2an.cn2an(number.replace("两", "二").replace("〇", "零"), "normal")
    except (ValueError, KeyError, IndexError):
        return None
    return float(value) if isinstance(value, float) else int(value)


def _is_range(text: str, quantity: _Quantity) -> bool:
    unit = re.escape(quantity.written_unit)
    before = text[: quantity.start]
    return bool(re.search(rf"(?:{_ARABIC})\s*(?:{unit})?{_RANGE_DASH}", before))


# --------------------------------------------------------------------------- readings


@dataclass(frozen=True)
class _Reading:
    """What one phrase says, before its names are looked up."""

    kind: str
    wording: str
    subject: str
    context: str
    direction: Direction = "min"
    value: float | None = None
    tolerance: float = 0.0
    strict: bool = False
    unit: str | None = None
    compare: str | None = None
    predicate: str = ""
    notes: tuple[str, ...] = ()


def _segments(clause: str, figures: _Figures) -> list[str] | None:
    """A clause with several figures cut at the 、 between them; None when there is none."""
    cuts = []
    for left, right in zip(figures.quantities, figures.quantities[1:], strict=False):
        gap = clause[left.end : right.start]
        if "、" not in gap:
            return None
        cuts.append(left.end + gap.rindex("、"))
    edges = [-1, *cuts, len(clause)]
    return [clause[a + 1 : b] for a, b in zip(edges, edges[1:], strict=False)]


def _clause_items(
    clause: str, context: str, sentence: str, units: Sequence[str]
) -> list[_Reading | str]:
    """Readings of one clause, or flag reasons (keys of _REASONS) where it cannot be read."""
    figures = _figures(clause, units)
    if not figures.quantities:
        if figures.unitless and _TASK_VERB.search(sentence):
            return ["no unit"]
        reading = _wordy_reading(clause, context)
        return [reading] if reading else []
    if any(_is_range(clause, quantity) for quantity in figures.quantities):
        return ["range"]
    if len(figures.quantities) == 1:
        read = _figure_reading(clause, figures.quantities[0], context, sentence)
        return [read] if read else []
    segments = _segments(clause, figures)
    if segments is None:
        return ["two values"]
    items: list[_Reading | str] = []
    for index, segment in enumerate(segments):
        inner = context + "".join(segments[:index])
        items.extend(_clause_items(segment, inner, sentence, units))
    return items


def _wordy_reading(clause: str, context: str) -> _Reading | None:
    """A target without a figure: external, relative or milestone."""
    external = _EXTERNAL.search(clause)
    if external and external.start() > 0:
        subject = clause[: external.start()]
        return _Reading("external", clause, subject, context, predicate=clause[external.start() :])
    relative = _RELATIVE.match(clause) or _IN_STEP.match(clause)
    if relative:
        a, b = relative.group("a"), relative.group("b")
        return _Reading("relative", clause, a, context, compare=b, unit="pp")
    milestone = _MILESTONE.match(clause)
    if milestone and not _GENERIC_THING.search(milestone.group("thing")):
        return _Reading("milestone", clause, clause, context, value=1, unit="项")
    return None


def _figure_reading(
    clause: str, quantity: _Quantity, context: str, sentence: str
) -> _Reading | str | None:
    """A target with one figure: rate (%) or cumulative; a flag reason where it is unclear."""
    percent = quantity.unit in _PERCENT_UNITS
    before = clause[: quantity.start]
    bound = _BOUND_BEFORE_END.search(before)
    bound_word = bound.group().strip() if bound else None
    worded = bound_word or quantity.after_word or _TASK_VERB.search(sentence)
    if not percent and not worded:
        return None  # a count in a description (协同发展的两个增长点) is no task
    subject = (before[: bound.start()] if bound else before) + clause[quantity.end :]
    if not _has_name(subject):
        return "no name"
    direction, problem = _direction(bound_word, quantity, before, percent)
    if direction is None:
        return problem
    strict = bound_word is not None and _BOUND_BEFORE[bound_word][1]
    return _Reading(
        kind="rate" if percent else "cumulative",
        wording=clause,
        subject=subject,
        context=context,
        direction=direction,
        value=quantity.value,
        tolerance=ABOUT_TOLERANCE if percent and quantity.after_word == _ABOUT else 0.0,
        strict=strict,
        unit=quantity.unit,
        notes=_figure_notes(quantity, percent, direction, strict),
    )


def _direction(
    bound: str | None, quantity: _Quantity, before: str, percent: bool
) -> tuple[Direction, None] | tuple[None, str]:
    """(min or max, None) from the words around the figure; else (None, flag reason)."""
    words: set[Direction] = set()
    if bound:
        words.add(_BOUND_BEFORE[bound][0])
    if quantity.after_word in _BOUND_AFTER:
        words.add(_BOUND_AFTER[quantity.after_word])
    if len(words) > 1:
        return None, "conflict"
    if words:
        return words.pop(), None
    if quantity.after_word == _ABOUT or quantity.approx or any(w in before for w in _INTENT):
        return "min", None
    return (None, "no direction") if percent else ("min", None)


def _figure_notes(
    quantity: _Quantity, percent: bool, direction: str, strict: bool
) -> tuple[str, ...]:
    notes = []
    if strict and direction == "max":
        notes.append(
            "“低于”为严格上限 / 低于 is strictly below: SPEC §3 knows strict only for at-least"
            " targets; decide how to judge it"
        )
    if quantity.after_word == _ABOUT and not percent:
        notes.append("“左右”用于非百分比目标 / 左右 on a non-% target: set tolerance by hand")
    if quantity.approx:
        notes.append("报告写作“余” / the report writes 余 (more than): check the value")
    if not percent and direction == "max":
        notes.append(
            "累计目标为上限 / an at-most cumulative target: SPEC §3 judges cumulative targets"
            " as at least; decide how to judge it"
        )
    return tuple(notes)


def _has_name(subject: str) -> bool:
    text = subject
    for word in (*_INTENT, "全年", "要"):
        text = text.replace(word, "")
    return bool(re.search(r"[\u4e00-\u9fffA-Za-z]", text))


# --------------------------------------------------------------------------- names


@dataclass(frozen=True)
class _Vocabulary:
    names: Mapping[str, str]
    groups: Mapping[str, tuple[IndicatorPart, ...]]
    indicators: Mapping[str, Indicator]
    units: tuple[str, ...]


@dataclass(frozen=True)
class _Match:
    parts: tuple[IndicatorPart, ...]
    written: str


def indicator_names(indicators: Iterable[Indicator]) -> dict[str, str]:
    """Every normalised code, Chinese name and alias of ``indicators`` → its indicator code."""
    return {normalize_name(name): ind.code for ind in indicators for name in ind.names}


def _vocabulary(
    names: Mapping[str, str],
    indicators: Iterable[Indicator],
    groups: Mapping[str, Sequence[IndicatorPart]],
) -> _Vocabulary:
    by_code = {indicator.code: indicator for indicator in indicators}
    units = {*_UNITS, *(ind.unit for ind in by_code.values() if ind.unit)}
    ordered = tuple(sorted(units, key=len, reverse=True))
    normal_groups = {normalize_name(name): tuple(parts) for name, parts in groups.items()}
    return _Vocabulary(names, normal_groups, by_code, ordered)


def _look_up(subject: str, context: str, vocabulary: _Vocabulary) -> _Match | None:
    """The longest tail of ``subject`` that is a group or a name; else an abbreviated name."""
    for start in range(len(subject)):
        key = normalize_name(subject[start:])
        if len(key) < 2:
            break
        if key in vocabulary.groups:
            return _Match(vocabulary.groups[key], subject[start:])
        if key in vocabulary.names:
            return _Match((IndicatorPart(vocabulary.names[key]),), subject[start:])
    return _abbreviated(subject, context, vocabulary.names)


def _abbreviated(subject: str, context: str, names: Mapping[str, str]) -> _Match | None:
    """A name the subject abbreviates, each left-out part written earlier in the sentence."""
    written = normalize_name(context)
    for start in range(len(subject)):
        tail = normalize_name(subject[start:])
        if len(tail) < 2:
            return None
        codes = {code for name, code in names.items() if _abbreviates(tail, name, written)}
        if len(codes) == 1:
            return _Match((IndicatorPart(codes.pop()),), subject[start:])
        if codes:
            return None
    return None


def _abbreviates(tail: str, name: str, written: str) -> bool:
    """``tail`` is ``name`` with parts left out (matched from the end), each part in ``written``."""
    if len(name) <= len(tail) or name[-1] != tail[-1]:
        return False
    gaps, gap, position = [], "", len(name) - 1
    for char in reversed(tail):
        while position >= 0 and name[position] != char:
            gap = name[position] + gap
            position -= 1
        if position < 0:
            return False
        if gap:
            gaps.append(gap)
            gap = ""
        position -= 1
    if position >= 0:
        gaps.append(name[: position + 1])
    return all(part in written for part in gaps)


# --------------------------------------------------------------------------- drafting


def draft_catalog(
    text: str,
    names: Mapping[str, str],
    region: str | None,
    year: int | None,
    *,
    indicators: Iterable[Indicator] = (),
    name_groups: Mapping[str, Sequence[IndicatorPart]] = NAME_GROUPS,
    source: str | None = None,
) -> Draft:
    """Draft one target per target phrase of a work report, in report order, plus flags.

    ``names`` maps normalised indicator names and aliases to codes (see ``indicator_names``);
    ``indicators`` (optional) gives units and English names; ``name_groups`` maps report words to
    the indicators they stand for; ``year`` defaults to ``report_year(text)``.
    """
    vocabulary = _vocabulary(names, indicators, name_groups)
    year = year if year is not None else report_year(text)
    items: list[DraftTarget | Flag] = []
    previous: dict[str, tuple[float, str, str]] = {}
    for sentence in _sentences(text, year):
        if _ESTIMATE.search(sentence.text):
            continue
        if sentence.review:
            _collect_previous(sentence, vocabulary, previous)
        else:
            items.extend(_sentence_items(sentence, vocabulary, year))
    return Draft(region, year, source, tuple(_finished(items, previous)))


def _sentence_items(
    sentence: _Sentence, vocabulary: _Vocabulary, year: int | None
) -> list[DraftTarget | Flag]:
    readings: list[_Reading | Flag] = []
    context = ""
    for clause in _clauses(sentence.text):
        for item in _clause_items(clause, context, sentence.text, vocabulary.units):
            if isinstance(item, _Reading):
                readings.append(item)
            else:
                readings = _with_flag(readings, clause, item, sentence)
        context += clause
    items: list[DraftTarget | Flag] = []
    for reading in readings:
        if isinstance(reading, Flag):
            items.append(reading)
        else:
            items.extend(_targets(reading, sentence, vocabulary, year))
    return items


def _with_flag(
    readings: list[_Reading | Flag], clause: str, reason: str, sentence: _Sentence
) -> list[_Reading | Flag]:
    """Add a flag; a figure without a name after a figure of the same sentence is a second value."""
    last = readings[-1] if readings else None
    if reason == "no name" and isinstance(last, _Reading) and last.value is not None:
        phrase = clause if last.wording in clause else f"{last.wording}，{clause}"
        flag = Flag(phrase, _REASONS["two values"], sentence.text, sentence.line)
        return [*readings[:-1], flag]
    return [*readings, Flag(clause, _REASONS[reason], sentence.text, sentence.line)]


def _targets(
    reading: _Reading, sentence: _Sentence, vocabulary: _Vocabulary, year: int | None
) -> list[DraftTarget]:
    if reading.kind == "external":
        return [
            target
            for subject in reading.subject.split("、")
            for target in _external_targets(reading, subject, sentence, vocabulary)
        ]
    match = _look_up(reading.subject, reading.context, vocabulary)
    part = match.parts[0] if match and len(match.parts) == 1 else None
    target = _target(reading, sentence, vocabulary, part, match.written if match else None)
    if reading.kind == "milestone":
        due = f"{year}-12" if year else None
        return [replace(target, section="milestone", due_period=due)]
    if reading.kind != "relative":
        return [target]
    other = _look_up(reading.compare or "", reading.context, vocabulary)
    compare = other.parts[0].indicator if other and len(other.parts) == 1 else None
    if part is None and compare is None:
        return []  # 质量高于… : neither side is an indicator, so no target comparison
    notes = target.notes if compare else (*target.notes, _unknown(reading.compare))
    return [replace(target, compare_with=compare, notes=notes)]


def _external_targets(
    reading: _Reading, subject: str, sentence: _Sentence, vocabulary: _Vocabulary
) -> list[DraftTarget]:
    match = _look_up(subject, reading.context, vocabulary)
    if match is None:
        return [_target(replace(reading, subject=subject), sentence, vocabulary, None, None)]
    targets = []
    for part in match.parts:
        name = f"{subject}({part.label})" if part.label else subject
        narrowed = replace(reading, subject=subject, wording=name + reading.predicate)
        target = _target(narrowed, sentence, vocabulary, part, match.written)
        indicator = vocabulary.indicators.get(part.indicator)
        unit = indicator.unit if indicator else None
        name_zh = name if part.label or indicator is None else indicator.name_zh
        targets.append(replace(target, direction=part.direction, unit=unit, name_zh=name_zh))
    return targets


def _target(
    reading: _Reading,
    sentence: _Sentence,
    vocabulary: _Vocabulary,
    part: IndicatorPart | None,
    written: str | None,
) -> DraftTarget:
    """The DraftTarget of a reading whose indicator is ``part`` (None: not in the names)."""
    code = part.indicator if part else None
    indicator = vocabulary.indicators.get(code) if code else None
    name_zh = reading.wording
    if reading.kind not in ("milestone", "relative"):
        name_zh = indicator.name_zh if indicator is not None else (written or reading.subject)
    section = "development" if sentence.development else "task"
    notes = reading.notes if code else (*reading.notes, _unknown(reading.subject))
    if indicator and reading.unit and reading.kind != "relative" and indicator.unit != reading.unit:
        notes = (*notes, _unit_note(reading.unit, indicator))
    return DraftTarget(
        code=code,
        indicator=code,
        compare_with=None,
        name_zh=name_zh.strip(),
        name_en=indicator.name_en if indicator and reading.kind != "relative" else None,
        wording=reading.wording,
        section=section,
        kind=reading.kind,
        direction=reading.direction,
        value=reading.value,
        tolerance=reading.tolerance,
        strict=reading.strict,
        unit=reading.unit,
        frequency=_frequency(reading.kind, section, name_zh),
        due_period=None,
        source_quote=sentence.text,
        line=sentence.line,
        matched=written,
        notes=notes,
    )


def _unknown(words: str | None) -> str:
    return f"指标清单中没有这个名称 / not a name in the indicator list: {words}"


def _unit_note(unit: str, indicator: Indicator) -> str:
    return (
        f"报告单位与指标单位不同 / the report writes {unit}, indicator {indicator.code} is in"
        f" {indicator.unit}: convert the value or the unit"
    )


def _frequency(kind: str, section: str, name: str) -> str:
    if kind == "external":
        return "annual"
    if kind == "rate" and section == "development" and not _QUARTERLY_NAME.search(name):
        return "monthly"
    return "quarterly"


def _collect_previous(
    sentence: _Sentence, vocabulary: _Vocabulary, previous: dict[str, tuple[float, str, str]]
) -> None:
    """Figures of a review sentence, kept as last year's value of the same indicator."""
    context = ""
    for clause in _clauses(sentence.text):
        for item in _clause_items(clause, context, sentence.text, vocabulary.units):
            if not isinstance(item, _Reading) or item.value is None or item.unit is None:
                continue
            match = _look_up(item.subject, item.context, vocabulary)
            if match and len(match.parts) == 1:
                label = sentence.heading or "回顾"
                note = f"{label}:{item.wording}"
                previous.setdefault(match.parts[0].indicator, (item.value, item.unit, note))
        context += clause


def _finished(
    items: Iterable[DraftTarget | Flag], previous: Mapping[str, tuple[float, str, str]]
) -> Iterator[DraftTarget | Flag]:
    """Items with last year's values attached and a note on a second target of one indicator."""
    first_line: dict[str, int] = {}
    for item in items:
        code = item.code if isinstance(item, DraftTarget) else None
        if not isinstance(item, DraftTarget) or code is None:
            yield item
            continue
        if code in first_line:
            note = (
                f"与第 {first_line[code]} 行的目标是同一指标 / same indicator as the target"
                f" from report line {first_line[code]}: keep one or give each its own code"
            )
            item = replace(item, notes=(*item.notes, note))
        first_line.setdefault(code, item.line)
        if code in previous and item.kind in ("cumulative", "rate"):
            value, unit, where = previous[code]
            if unit == item.unit:
                item = replace(item, previous_value=value, previous_note=where)
        yield item


# --------------------------------------------------------------------------- YAML

# The catalog fields that hold the year before's figure and where the report gives it.
_PREVIOUS_FIELDS = ("previous_value", "previous_value_note")


def _scalar(value: object) -> str:
    """One YAML scalar as PyYAML writes it (quoted where a plain one would read differently)."""
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def _comment(text: str) -> str:
    return " ".join(text.split())


def draft_yaml(draft: Draft, region_name: str | None = None) -> str:
    """The draft in the catalog's YAML form, with a header and TODO/FLAG comments to finish;
    ``region_name`` (from the register) fills the region's Chinese name."""
    lines = [
        "# 目标清单草稿 / DRAFT target catalog, written by `hetang catalog draft` from a report.",
        "# A person must finish it: replace every TODO, check each entry against its",
        "# source_quote (kind, direction, value, tolerance, unit, frequency), write the FLAG",
        "# phrases by hand, add new codes to the indicator list, then run",
        "# `hetang catalog check FILE`.",
        f"# {len(draft.targets)} targets drafted, {len(draft.flags)} phrases flagged.",
        "region:",
        f"  code: {_scalar(draft.region or TODO)}",
        f"  name_zh: {_scalar(region_name or TODO)}",
        f"  name_en: {TODO}",
        f"year: {_scalar(draft.year if draft.year is not None else TODO)}",
        f"source: {_scalar(draft.source or TODO)}",
        "targets:",
    ]
    for item in draft.items:
        lines.extend(_target_lines(item) if isinstance(item, DraftTarget) else _flag_lines(item))
    return "\n".join(lines) + "\n"


def _flag_lines(flag: Flag) -> list[str]:
    return [
        f"  # FLAG (report line {flag.line}): {_comment(flag.phrase)}",
        f"  #   {flag.reason}",
        f"  #   sentence: {_comment(flag.source_quote)}",
    ]


def _target_lines(target: DraftTarget) -> list[str]:
    lines = [f"  # NOTE: {_comment(note)}" for note in target.notes]
    matched = f"  # matched {_comment(target.matched)}" if target.matched else "  # TODO: its code"
    lines.append(f"  - code: {_scalar(target.code or TODO)}{matched}")
    fields = _target_fields(target)
    lines.extend(f"    {name}: {_scalar(value)}" for name, value in fields)
    return lines


def _target_fields(target: DraftTarget) -> list[tuple[str, object]]:
    fields: list[tuple[str, object]] = []
    if target.compare_with or target.kind == "relative":
        fields.append(("compare_with", target.compare_with or TODO))
    fields += [
        ("name_zh", target.name_zh),
        ("name_en", target.name_en or TODO),
        ("wording", target.wording),
        ("section", target.section),
        ("kind", target.kind),
        ("direction", target.direction),
        ("value", target.value),
        ("tolerance", target.tolerance if target.tolerance else 0),
    ]
    if target.strict:
        fields.append(("strict", True))
    fields += [("unit", target.unit or TODO), ("frequency", target.frequency)]
    if target.kind == "milestone":
        fields.append(("due_period", target.due_period or TODO))
    if target.previous_value is not None:
        fields += list(
            zip(_PREVIOUS_FIELDS, (target.previous_value, target.previous_note), strict=True)
        )
    fields.append(("source_quote", target.source_quote))
    return fields
