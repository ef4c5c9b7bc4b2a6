"""The words of the briefing, written from the model's figures as a supervision office writes them.

The title, the period wording (截至10月底, 截至一季度末, 全年), the summary paragraph and the
table cells that the Word and PDF writers share. No sentence carries a figure of its own: every
number comes from the `Briefing` it is given.
"""

from __future__ import annotations

import re
from datetime import date

from briefing.model import (
    RESPONSE_STATE_ZH,
    STATUS_ZH,
    Briefing,
    LaggingRow,
    ScoreRow,
    Status,
)

_QUARTER_ZH = {1: "一", 2: "二", 3: "三", 4: "四"}
_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])))?$")
_COUNT_WORDS: dict[Status, str] = {
    "on_track": "达标",
    "at_risk": "预警",
    "shortfall": "未达标",
    "no_data": "暂无数据",
}

SCORECARD_HEADERS = (
    "序号",
    "目标任务",
    "单位",
    "目标",
    "完成",
    "应达（时序进度）",
    "差距",
    "排名",
    "状态",
    "责任单位",
)
LAGGING_HEADERS = (
    "序号",
    "目标任务",
    "状态",
    "滞后情况",
    "责任单位",
    "连续滞后",
    "督办",
    "反馈情况",
)
HEADING_NUMERALS = "一二三四五六七八九十"
SYNTHETIC_NOTICE = (
    "本通报使用演示用模拟数据，不是官方统计数据。 / Synthetic demo data, not official statistics."
)


def format_number(value: float, min_decimals: int = 0) -> str:
    """A figure as an office prints it: up to two decimals, no trailing zeros, no separators."""
    whole, _, decimals = f"{value:.2f}".partition(".")
    decimals = decimals.rstrip("0").ljust(min_decimals, "0")
    text = f"{whole}.{decimals}" if decimals else whole
    return text.removeprefix("-") if float(text) == 0 else text


def display_unit(row: ScoreRow) -> str:
    """The unit a row's figures are read in (a `relative` target compares two growth rates)."""
    return "%" if row.kind == "relative" else row.unit


def _row_number(row: ScoreRow, value: float) -> str:
    """A figure of a row in its table cell: rates with one decimal at least (8.0, 6.3)."""
    return format_number(value, 1 if display_unit(row) in ("%", "pp") else 0)


def format_value(value: float | None, unit: str) -> str:
    """A figure with its unit, e.g. `6.3%`, `8.0%`, `8500户`, `1.2个百分点`; `—` when missing."""
    if value is None:
        return "—"
    if unit in ("%", "pp"):  # rates keep one decimal, as the work report writes 8.0%
        return format_number(value, 1) + ("%" if unit == "%" else "个百分点")
    return f"{format_number(value)}{unit}"


def format_share(fraction: float | None) -> str:
    """A share of 1 as a percentage with one decimal, e.g. 0.8333 → `83.3%`."""
    return "—" if fraction is None else f"{fraction * 100:.1f}%"


def format_date(day: date) -> str:
    """A date the Chinese way, e.g. `2022年11月8日`."""
    return f"{day.year}年{day.month}月{day.day}日"


def _period_parts(period: str) -> tuple[int, int | None, int | None]:
    match = _PERIOD.match(period)
    if match is None:
        raise ValueError(
            f"期别“{period}”无法识别，应为 2022-10、2022-Q2 或 2022；"
            f"period {period!r} is not of the form 2022-10, 2022-Q2 or 2022"
        )
    month, quarter = match["month"], match["quarter"]
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"期别“{period}”的月份无效；period {period!r} has no such month")
    return int(match["year"]), int(month) if month else None, int(quarter) if quarter else None


def period_phrase(period: str) -> str:
    """How the office opens its figures: 2022-10 → 截至10月底, 2022-Q1 → 截至一季度末, 2022 → 全年."""
    _, month, quarter = _period_parts(period)
    if month == 12 or quarter == 4 or (month is None and quarter is None):
        return "全年"
    if quarter == 2:
        return "截至6月底"
    if quarter is not None:
        return f"截至{_QUARTER_ZH[quarter]}季度末"
    return f"截至{month}月底"


def numbered_heading(index: int, heading: str) -> str:
    """A part's heading numbered the Chinese way from 0: `一、总体情况`."""
    return f"{HEADING_NUMERALS[index]}、{heading}"


def title_lines(briefing: Briefing) -> tuple[str, str]:
    """The title in the two lines an office sets it: the subject, then the period in brackets."""
    subject = f"{briefing.region_name}{briefing.year}年主要目标任务推进情况通报"
    return subject, f"（{briefing.period_label}）"


def briefing_title(briefing: Briefing) -> str:
    """The title, e.g. `荷塘区2022年主要目标任务推进情况通报（1-10月）`."""
    return "".join(title_lines(briefing))


def _is_about(row: ScoreRow) -> bool:
    """A "左右" target: its on-track threshold differs from its stated value."""
    return (
        row.kind == "rate"
        and row.expected is not None
        and row.target_value is not None
        and round(row.expected, 4) != round(row.target_value, 4)
    )


def target_cell(row: ScoreRow) -> str:
    """The target as the work report states it: `8.0以上`, `5.5以内`, `8.0左右`, `8500`."""
    if row.kind == "milestone":
        return "年内完成"
    if row.kind == "relative":
        return "高于经济增长"
    if row.target_value is None:
        return "—"
    value = _row_number(row, row.target_value)
    if row.kind == "cumulative":
        return value
    if _is_about(row):
        return f"{value}左右"
    return f"{value}以内" if row.direction == "max" else f"{value}以上"


def _cumulative_finding(row: ScoreRow) -> str:
    done = f"完成{format_value(row.actual, row.unit)}"
    if row.progress_ratio is None:
        return done
    text = f"{done}，占全年目标{format_share(row.progress_ratio)}"
    if row.time_progress is None:
        return text
    points = (row.progress_ratio - row.time_progress) * 100
    word = "超" if points >= 0 else "低于"
    return f"{text}，{word}时序进度{abs(points):.1f}个百分点"


def _rate_finding(row: ScoreRow) -> str:
    unit = display_unit(row)
    actual = format_value(row.actual, unit)
    if row.kind == "relative":
        gdp = format_value(row.expected, unit)
        verb = "高于" if row.status == "on_track" else "未高于"
        return f"居民收入增长{actual}，{verb}经济增长{gdp}"
    target = format_value(row.target_value, unit)
    issuer = "省、市下达" if row.kind == "external" else ""
    if _is_about(row):
        target = f"{target}左右"
    if row.status == "on_track":
        return f"{actual}，达到{issuer}目标{target}"
    if row.direction == "max":
        bound = "目标" if _is_about(row) else "上限"
        return f"{actual}，高于{issuer}{bound}{target}"
    return f"{actual}，低于{issuer}目标{target}"


def target_finding(row: ScoreRow) -> str:
    """What a target's figure says, e.g. `6.3%，低于目标7.5%` or `完成6120户，占全年目标72.0%…`."""
    if row.status == "no_data" or (row.actual is None and row.kind != "milestone"):
        return "暂无数据"
    if row.kind == "milestone":
        return "已完成" if row.actual == 1 else "尚未完成"
    if row.kind == "cumulative":
        return _cumulative_finding(row)
    return _rate_finding(row)


def escalation_words(row: LaggingRow) -> str:
    """Why a target is under red supervision (红色督办): the warehouse's reason, else its facts."""
    if row.escalation_reason:
        return row.escalation_reason
    reasons = []
    if row.lag_periods >= 2:
        reasons.append(f"连续{row.lag_periods}期滞后")
    if row.response_state == "overdue":
        reasons.append("逾期未反馈")
    return "、".join(reasons) or f"滞后{row.lag_periods}期"


def _counts_sentence(briefing: Briefing) -> str:
    counts = briefing.counts
    parts = [f"{_COUNT_WORDS[s]}{n}项" for s, n in counts.items() if n]
    opening = period_phrase(briefing.period)
    shares = {row.time_progress for row in briefing.targets if row.time_progress is not None}
    if opening != "全年" and len(shares) == 1:
        opening += f"（时序进度{format_share(shares.pop())}）"
    total = sum(counts.values())
    return f"{opening}，{total}项目标中{'、'.join(parts)}。" if parts else f"{opening}，暂无目标。"


def _status_sentence(briefing: Briefing, status: Status) -> str:
    rows = briefing.rows_with(status)
    if not rows:
        return ""
    items = "、".join(f"{row.name_zh}（{target_finding(row)}）" for row in rows)
    return f"{STATUS_ZH[status]}的有：{items}。"


def _escalation_sentence(briefing: Briefing) -> str:
    rows = [row for row in briefing.lagging if row.escalated]
    if not rows:
        return ""
    items = "、".join(f"{row.name}（{escalation_words(row)}）" for row in rows)
    return f"其中{len(rows)}项列为红色督办：{items}。"


def _response_sentence(briefing: Briefing) -> str:
    if not briefing.lagging:
        return ""
    states = [row.response_state for row in briefing.lagging]
    parts = [
        f"{RESPONSE_STATE_ZH[state]}{states.count(state)}项"
        for state in ("responded", "awaiting", "overdue")
        if state in states
    ]
    text = f"对滞后目标，{'、'.join(parts)}"
    late = [
        row.department or row.name for row in briefing.lagging if row.response_state == "overdue"
    ]
    if late:
        text += f"；逾期未反馈的责任单位：{'、'.join(dict.fromkeys(late))}"
    return text + "。"


def summary_text(briefing: Briefing) -> str:
    """The summary paragraph: counts by status, what lags and by how much, supervision, answers."""
    sentences = [
        _counts_sentence(briefing),
        _status_sentence(briefing, "shortfall"),
        _status_sentence(briefing, "at_risk"),
        _escalation_sentence(briefing),
        _response_sentence(briefing),
    ]
    if not briefing.rows_with("shortfall") and not briefing.rows_with("at_risk"):
        sentences.append("有数据的目标均达到要求。")
    return "".join(sentences)


def _gap_cell(row: ScoreRow) -> str:
    if row.gap is None:
        return "—"
    sign = "+" if row.gap > 0 else ""
    return f"{sign}{_row_number(row, row.gap)}"


def _actual_cell(row: ScoreRow) -> str:
    if row.kind == "milestone":
        return "—" if row.actual is None else ("已完成" if row.actual == 1 else "未完成")
    if row.actual is None:
        return "—"
    actual = _row_number(row, row.actual)
    if row.kind == "cumulative" and row.progress_ratio is not None:
        return f"{actual}（{format_share(row.progress_ratio)}）"
    return actual


def _expected_cell(row: ScoreRow) -> str:
    if row.kind == "milestone" or row.expected is None:
        return "—"
    expected = _row_number(row, row.expected)
    if row.kind == "cumulative" and row.time_progress is not None:
        return f"{expected}（{format_share(row.time_progress)}）"
    return expected


def scorecard_cells(number: int, row: ScoreRow) -> tuple[str, ...]:
    """One scorecard line in the order of `SCORECARD_HEADERS`."""
    unit = display_unit(row)
    return (
        str(number),
        row.name_zh,
        "" if row.kind == "milestone" else ("个百分点" if unit == "pp" else unit),
        target_cell(row),
        _actual_cell(row),
        _expected_cell(row),
        _gap_cell(row),
        row.rank_text or "—",
        STATUS_ZH[row.status],
        row.department or "—",
    )


def response_cell(row: LaggingRow) -> str:
    """A lagging target's answer: the explanation and measures, or when it is due."""
    due = format_date(row.response_due) if row.response_due else "—"
    if row.response_state == "awaiting":
        return f"待反馈（{due}前）"
    if row.response_state == "overdue":
        return f"逾期未反馈（应于{due}前）"
    lines = [f"已反馈（{row.responded_by}）" if row.responded_by else "已反馈"]
    if row.explanation:
        lines.append(f"情况说明：{row.explanation}")
    if row.measures:
        lines.append(f"整改措施：{row.measures}")
    return "\n".join(lines)


def lagging_cells(number: int, row: LaggingRow) -> tuple[str, ...]:
    """One lagging-targets line in the order of `LAGGING_HEADERS` (cells may hold line breaks)."""
    department = row.department or "—"
    if row.leader:
        department += f"\n分管：{row.leader}"
    return (
        str(number),
        row.name,
        STATUS_ZH[row.status],
        row.message,
        department,
        f"{row.lag_periods}期",
        f"红色督办\n{escalation_words(row)}" if row.escalated else "—",
        response_cell(row),
    )
