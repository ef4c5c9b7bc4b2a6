"""The briefing as an Excel workbook (xlsxwriter): one formatted sheet per part of the briefing.

概况 (title, summary, counts by status), 目标一览 (the scorecard), 滞后目标 (lagging targets with
their answers) and 图表数据 (the series behind the charts). Figures are numbers, not text, so an
office can sort and sum them; shares are Excel percentages.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from briefing.model import (
    RESPONSE_STATE_ZH,
    SECTION_ZH,
    SEVERITY_ZH,
    STATUS_COLOURS,
    STATUS_EN,
    STATUS_ZH,
    Briefing,
    Status,
)
from briefing.text import (
    SYNTHETIC_NOTICE,
    briefing_title,
    display_unit,
    escalation_words,
    format_date,
    summary_text,
)

Cell = str | float | int | date | None
FONT = "Noto Sans CJK SC"
HEADER_COLOUR = "#455a64"
MAX_COLUMN_WIDTH = 48
OVERVIEW_LINE_WIDTH = 90  # the summary spans columns A-F, 15 characters wide each
SCORECARD_HEADERS = (
    "序号", "目标代码", "目标任务", "英文名称", "类别", "单位", "状态", "实际完成", "目标值",
    "应达", "时序进度", "完成率", "差距", "排名", "责任单位",
)  # fmt: skip
LAGGING_HEADERS = (
    "序号", "目标任务", "状态", "预警级别", "滞后情况", "责任单位", "分管领导", "连续滞后期数",
    "红色督办", "督办原因", "反馈状态", "反馈期限", "情况说明", "整改措施", "反馈人",
)  # fmt: skip
CHART_HEADERS = ("目标代码", "目标任务", "单位", "期别", "月份", "实际完成", "应达", "全年目标")
_SHARE_COLUMNS = {"时序进度", "完成率", "占比"}


class _Formats:
    """The workbook's cell formats, made once per distinct set of properties."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._made: dict[tuple[tuple[str, Any], ...], Format] = {}

    def get(self, **properties: Any) -> Format:
        key = tuple(sorted({"font_name": FONT, "valign": "vcenter", **properties}.items()))
        if key not in self._made:
            self._made[key] = self._workbook.add_format(dict(key))
        return self._made[key]

    def status(self, status: Status) -> Format:
        return self.get(
            bg_color=STATUS_COLOURS[status], font_color="#ffffff", bold=True, align="center"
        )

    def header(self) -> Format:
        return self.get(
            bg_color=HEADER_COLOUR, font_color="#ffffff", bold=True, text_wrap=True, border=1
        )


def _display_width(text: str) -> int:
    """Columns a text needs: a Chinese character is as wide as two Latin ones."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _number_format(header: str, value: float, unit: str | None) -> str:
    if header in _SHARE_COLUMNS:
        return "0.0%"
    if unit in ("%", "pp"):
        return "0.0#"
    return "#,##0" if float(value).is_integer() else "#,##0.0#"


def _write_table(
    sheet: Worksheet,
    formats: _Formats,
    first_row: int,
    headers: Sequence[str],
    rows: Sequence[tuple[Sequence[Cell], str | None]],
) -> None:
    """A header row and data rows (each with its unit), in column widths that fit the text."""
    sheet.write_row(first_row, 0, headers, formats.header())
    widths = [_display_width(header) for header in headers]
    for offset, (cells, unit) in enumerate(rows, start=1):
        for column, value in enumerate(cells):
            header = headers[column]
            if isinstance(value, date):
                sheet.write_datetime(
                    first_row + offset,
                    column,
                    value,
                    formats.get(num_format="yyyy-mm-dd", border=1),
                )
            elif isinstance(value, int | float) and not isinstance(value, bool):
                number = formats.get(num_format=_number_format(header, value, unit), border=1)
                sheet.write_number(first_row + offset, column, value, number)
            else:
                sheet.write(
                    first_row + offset, column, value, formats.get(border=1, text_wrap=True)
                )
            shown = format_date(value) if isinstance(value, date) else str(value or "")
            widths[column] = max(widths[column], _display_width(shown))
    for column, width in enumerate(widths):
        sheet.set_column(column, column, min(width + 2, MAX_COLUMN_WIDTH))


def _colour_statuses(
    sheet: Worksheet, formats: _Formats, first_row: int, column: int, statuses: Sequence[Status]
) -> None:
    for offset, status in enumerate(statuses, start=1):
        sheet.write(first_row + offset, column, STATUS_ZH[status], formats.status(status))


def _overview(workbook: Workbook, formats: _Formats, briefing: Briefing) -> None:
    sheet = workbook.add_worksheet("概况")
    sheet.merge_range(0, 0, 0, 5, briefing_title(briefing), formats.get(bold=True, font_size=16))
    issued = f"{briefing.issuer}　" if briefing.issuer else ""
    sheet.write(
        1, 0, f"{issued}{format_date(briefing.issued)}（数据截至{format_date(briefing.as_of)}）"
    )
    if briefing.synthetic:
        sheet.write(2, 0, SYNTHETIC_NOTICE, formats.get(bold=True, font_color="#c62828"))
    summary = summary_text(briefing)
    sheet.merge_range(4, 0, 4, 5, summary, formats.get(text_wrap=True, valign="top"))
    sheet.set_row(4, 16 * (1 + _display_width(summary) // OVERVIEW_LINE_WIDTH))
    counts = briefing.counts
    total = sum(counts.values())
    rows: list[tuple[Sequence[Cell], str | None]] = [
        ((STATUS_ZH[s], STATUS_EN[s], n, n / total if total else 0.0), None)
        for s, n in counts.items()
    ]
    rows.append((("合计", "Total", total, 1.0 if total else 0.0), None))
    _write_table(sheet, formats, 6, ("状态", "Status", "项数", "占比"), rows)
    _colour_statuses(sheet, formats, 6, 0, list(counts))
    sheet.set_column(0, 5, OVERVIEW_LINE_WIDTH / 6)


def _scorecard(workbook: Workbook, formats: _Formats, briefing: Briefing) -> None:
    sheet = workbook.add_worksheet("目标一览")
    rows: list[tuple[Sequence[Cell], str | None]] = [
        (
            (
                number,
                row.target_code,
                row.name_zh,
                row.name_en,
                SECTION_ZH.get(row.section, row.section),
                display_unit(row),
                STATUS_ZH[row.status],
                row.actual,
                row.target_value,
                row.expected,
                row.time_progress,
                row.progress_ratio,
                row.gap,
                row.rank_text,
                row.department,
            ),
            display_unit(row),
        )  # fmt: skip
        for number, row in enumerate(briefing.targets, start=1)
    ]
    _write_table(sheet, formats, 0, SCORECARD_HEADERS, rows)
    status_column = SCORECARD_HEADERS.index("状态")
    _colour_statuses(sheet, formats, 0, status_column, [row.status for row in briefing.targets])
    sheet.freeze_panes(1, 3)
    sheet.autofilter(0, 0, len(rows), len(SCORECARD_HEADERS) - 1)


def _lagging(workbook: Workbook, formats: _Formats, briefing: Briefing) -> None:
    sheet = workbook.add_worksheet("滞后目标")
    rows: list[tuple[Sequence[Cell], str | None]] = [
        (
            (
                number,
                row.name,
                STATUS_ZH[row.status],
                SEVERITY_ZH[row.severity],
                row.message,
                row.department,
                row.leader,
                row.lag_periods,
                "是" if row.escalated else "否",
                escalation_words(row) if row.escalated else None,
                RESPONSE_STATE_ZH[row.response_state],
                row.response_due,
                row.explanation,
                row.measures,
                row.responded_by,
            ),
            None,
        )  # fmt: skip
        for number, row in enumerate(briefing.lagging, start=1)
    ]
    _write_table(sheet, formats, 0, LAGGING_HEADERS, rows)
    sheet.freeze_panes(1, 2)
    status_column = LAGGING_HEADERS.index("状态")
    _colour_statuses(sheet, formats, 0, status_column, [row.status for row in briefing.lagging])


def _chart_data(workbook: Workbook, formats: _Formats, briefing: Briefing) -> None:
    sheet = workbook.add_worksheet("图表数据")
    rows: list[tuple[Sequence[Cell], str | None]] = [
        (
            (
                series.target_code,
                series.name_zh,
                series.unit,
                point.period_label,
                point.month,
                point.actual,
                point.expected,
                series.target_value,
            ),
            series.unit,
        )  # fmt: skip
        for series in briefing.charts
        for point in series.points
    ]
    _write_table(sheet, formats, 0, CHART_HEADERS, rows)
    sheet.freeze_panes(1, 0)


def write_xlsx(briefing: Briefing, out: Path) -> None:
    """Write the briefing as an .xlsx workbook."""
    workbook = xlsxwriter.Workbook(str(out))
    workbook.set_properties({"title": briefing_title(briefing), "author": briefing.issuer or ""})
    formats = _Formats(workbook)
    _overview(workbook, formats, briefing)
    _scorecard(workbook, formats, briefing)
    _lagging(workbook, formats, briefing)
    _chart_data(workbook, formats, briefing)
    workbook.close()
