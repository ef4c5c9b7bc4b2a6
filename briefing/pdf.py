"""The briefing as a PDF: the Word document's content as HTML and CSS, laid out by WeasyPrint.

WeasyPrint finds the Noto CJK fonts through fontconfig and embeds the glyphs it uses, so the PDF
reads the same on a machine without Chinese fonts. Charts are embedded as PNG data URIs.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape
from pathlib import Path

from weasyprint import HTML

from briefing.charts import briefing_charts
from briefing.model import SECTION_ZH, Briefing, Status
from briefing.text import (
    LAGGING_HEADERS,
    SCORECARD_HEADERS,
    SYNTHETIC_NOTICE,
    briefing_title,
    format_date,
    lagging_cells,
    numbered_heading,
    scorecard_cells,
    summary_text,
    title_lines,
)
from briefing.word import LAGGING_WIDTHS_CM, SCORECARD_WIDTHS_CM

STYLESHEET = """
@page {
  size: A4;
  margin: 37mm 26mm 35mm 28mm;
  @bottom-center { content: "— " counter(page) " —"; font-size: 10pt; }
}
html { font-family: "Noto Sans CJK SC", sans-serif; font-size: 11pt; line-height: 1.5; }
h1 {
  font-family: "Noto Serif CJK SC", serif; font-weight: bold; font-size: 20pt;
  text-align: center; margin: 0 0 6pt;
}
h2 { font-size: 13pt; margin: 12pt 0 4pt; page-break-after: avoid; }
p.issued { text-align: center; margin: 0 0 8pt; }
p.synthetic { color: #c62828; font-weight: bold; }
p.summary { text-indent: 2em; text-align: justify; }
table { border-collapse: collapse; width: 100%; font-size: 7.5pt; line-height: 1.3; }
th { background: #455a64; color: #fff; }
th, td { border: 0.5pt solid #78909c; padding: 2pt 3pt; vertical-align: middle; }
tr { page-break-inside: avoid; }
tr.section td { font-weight: bold; background: #eceff1; }
td.status { color: #fff; font-weight: bold; text-align: center; white-space: nowrap; }
td.on_track { background: #2e7d32; }
td.at_risk { background: #ef8f00; }
td.shortfall { background: #c62828; }
td.no_data { background: #9e9e9e; }
figure { margin: 8pt 0; text-align: center; page-break-inside: avoid; }
figure img { width: 100%; }
figcaption { font-size: 9pt; }
"""


def _cell_html(text: str) -> str:
    return "<br>".join(escape(line) for line in text.split("\n"))


def _row_html(cells: Sequence[str], status: Status, status_column: int) -> str:
    tds = [
        f'<td class="status {status}">{_cell_html(text)}</td>'
        if column == status_column
        else f"<td>{_cell_html(text)}</td>"
        for column, text in enumerate(cells)
    ]
    return f"<tr>{''.join(tds)}</tr>"


def _table_html(headers: Sequence[str], widths_cm: Sequence[float], body: Sequence[str]) -> str:
    """A table in the Word document's column proportions."""
    total = sum(widths_cm)
    columns = "".join(f'<col style="width: {width / total:.1%}">' for width in widths_cm)
    head = "".join(f"<th>{escape(header)}</th>" for header in headers)
    return (
        f"<table><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _scorecard_html(briefing: Briefing) -> str:
    status_column = SCORECARD_HEADERS.index("状态")
    body, section = [], None
    for number, row in enumerate(briefing.targets, start=1):
        if row.section != section:
            section = row.section
            label = escape(SECTION_ZH.get(section, section))
            body.append(
                f'<tr class="section"><td colspan="{len(SCORECARD_HEADERS)}">{label}</td></tr>'
            )
        body.append(_row_html(scorecard_cells(number, row), row.status, status_column))
    return _table_html(SCORECARD_HEADERS, SCORECARD_WIDTHS_CM, body)


def _lagging_html(briefing: Briefing) -> str:
    status_column = LAGGING_HEADERS.index("状态")
    body = [
        _row_html(lagging_cells(number, row), row.status, status_column)
        for number, row in enumerate(briefing.lagging, start=1)
    ]
    return _table_html(LAGGING_HEADERS, LAGGING_WIDTHS_CM, body)


def _charts_html(briefing: Briefing) -> str:
    figures = []
    for number, (series, png) in enumerate(briefing_charts(briefing), start=1):
        source = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        caption = escape(f"图{number}　{series.name_zh}")
        figures.append(
            f'<figure><img src="{source}" alt="{caption}"><figcaption>{caption}</figcaption></figure>'
        )
    return "".join(figures)


def briefing_html(briefing: Briefing) -> str:
    """The briefing as one self-contained HTML page (the PDF's source)."""
    title = escape(briefing_title(briefing))
    heading = "<br>".join(escape(line) for line in title_lines(briefing))
    issuer = f"{escape(briefing.issuer)}　　" if briefing.issuer else ""
    dates = f"{format_date(briefing.issued)}（数据截至{format_date(briefing.as_of)}）"
    parts = [f"<h1>{heading}</h1>", f'<p class="issued">{issuer}{dates}</p>']
    if briefing.synthetic:
        parts.append(f'<p class="synthetic">{escape(SYNTHETIC_NOTICE)}</p>')
    sections = [
        ("总体情况", f'<p class="summary">{escape(summary_text(briefing))}</p>'),
        ("目标任务推进情况一览", _scorecard_html(briefing)),
    ]
    if briefing.lagging:
        sections.append(("滞后目标及督办反馈情况", _lagging_html(briefing)))
    charts = _charts_html(briefing)
    if charts:
        sections.append(("滞后指标走势", charts))
    for number, (heading, body) in enumerate(sections):
        parts.append(f"<h2>{numbered_heading(number, heading)}</h2>{body}")
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{STYLESHEET}</style></head><body>{''.join(parts)}</body></html>"
    )


def write_pdf(briefing: Briefing, out: Path) -> None:
    """Write the briefing as an A4 PDF with its fonts embedded."""
    HTML(string=briefing_html(briefing)).write_pdf(str(out))
