"""The briefing as a Word document (python-docx), laid out like an office's 通报.

A4 with the margins of GB/T 9704 (the national layout of official documents), a centred title in
a Song-style serif (the role 方正小标宋 plays in office documents), the summary, the scorecard with
status shading, the lagging targets with their answers, one chart per lagging target and page
numbers. python-docx's `font.name` sets only the Latin font, so every style here also sets
`w:eastAsia` and drops the theme fonts that would otherwise win for Chinese text.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.table import _Cell

from briefing.charts import briefing_charts
from briefing.model import SECTION_ZH, STATUS_COLOURS, Briefing, ChartSeries, Status
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

TITLE_FONT = "Noto Serif CJK SC"
BODY_FONT = "Noto Sans CJK SC"
TEXT_WIDTH_CM = 15.6  # A4 less the GB/T 9704 margins (2.8 cm left, 2.6 cm right)
SCORECARD_WIDTHS_CM = (0.7, 3.1, 0.9, 1.5, 1.6, 1.6, 1.2, 1.6, 1.1, 2.3)
LAGGING_WIDTHS_CM = (0.7, 2.2, 1.1, 3.6, 1.9, 0.9, 1.6, 3.6)
HEADER_COLOUR = "#455a64"
_THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _set_fonts(rpr: CT_RPr, latin: str, east_asia: str) -> None:
    """Name the Latin and the East Asian font of a run-properties element, without theme fonts."""
    fonts = rpr.get_or_add_rFonts()
    for attribute in _THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _style_fonts(style: BaseStyle, font: str) -> None:
    _set_fonts(style.element.get_or_add_rPr(), font, font)


def _paragraph_style(
    document: DocumentObject, name: str, font: str, size: float, bold: bool = False
) -> None:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(size)
    style.font.bold = bold
    _style_fonts(style, font)


def _set_up_styles(document: DocumentObject) -> None:
    """Chinese fonts on the document defaults and on every style the briefing uses."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(default_rpr, BODY_FONT, BODY_FONT)
    default_rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    normal = document.styles["Normal"]
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.25
    _style_fonts(normal, BODY_FONT)
    _paragraph_style(document, "Briefing Title", TITLE_FONT, 22, bold=True)
    title = document.styles["Briefing Title"].paragraph_format
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.space_before, title.space_after = Pt(12), Pt(12)
    _paragraph_style(document, "Briefing Heading", BODY_FONT, 14, bold=True)
    heading = document.styles["Briefing Heading"].paragraph_format
    heading.space_before, heading.keep_with_next = Pt(10), True
    _paragraph_style(document, "Briefing Table", BODY_FONT, 9)
    table = document.styles["Briefing Table"].paragraph_format
    table.space_after, table.line_spacing = Pt(0), 1.0


def _set_up_page(document: DocumentObject) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    page = OxmlElement("w:fldSimple")
    page.set(qn("w:instr"), "PAGE")
    number = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    number.append(text)
    page.append(number)
    footer._p.append(page)
    footer.add_run(" —")


def _shade(cell: _Cell, colour: str) -> None:
    """Fill a cell with a status colour and write its text in bold white."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shading)
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.font.bold = True
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def _write_cell(cell: _Cell, text: str, width_cm: float, style: ParagraphStyle) -> None:
    cell.width = Cm(width_cm)
    lines = text.split("\n")
    cell.paragraphs[0].style = style
    cell.paragraphs[0].add_run(lines[0])
    for line in lines[1:]:
        cell.add_paragraph(line, style=style)


class _BriefingTable:
    """A grid table whose header row repeats on every page, in fixed column widths."""

    def __init__(
        self, document: DocumentObject, headers: Sequence[str], widths: Sequence[float]
    ) -> None:
        # The style object, not its name: python-docx finds a name by scanning every style.
        self.style = document.styles["Briefing Table"]
        self.widths = widths
        self.table = document.add_table(rows=1, cols=len(headers))
        self.table.style = document.styles["Table Grid"]
        self.table.alignment = WD_TABLE_ALIGNMENT.CENTER
        self.table.autofit = False
        header = self.table.rows[0]
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for cell, text, width in zip(header.cells, headers, widths, strict=True):
            _write_cell(cell, text, width, self.style)
            _shade(cell, HEADER_COLOUR)

    def add_row(self, cells: Sequence[str], status: Status, status_column: int) -> None:
        row = self.table.add_row()
        for cell, text, width in zip(row.cells, cells, self.widths, strict=True):
            _write_cell(cell, text, width, self.style)
        _shade(row.cells[status_column], STATUS_COLOURS[status])

    def add_section_row(self, label: str) -> None:
        row = self.table.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        _write_cell(merged, label, sum(self.widths), self.style)
        merged.paragraphs[0].runs[0].font.bold = True


def _scorecard(document: DocumentObject, briefing: Briefing) -> None:
    table = _BriefingTable(document, SCORECARD_HEADERS, SCORECARD_WIDTHS_CM)
    status_column = SCORECARD_HEADERS.index("状态")
    section = None
    for number, row in enumerate(briefing.targets, start=1):
        if row.section != section:
            section = row.section
            table.add_section_row(SECTION_ZH.get(section, section))
        table.add_row(scorecard_cells(number, row), row.status, status_column)


def _lagging(document: DocumentObject, briefing: Briefing) -> None:
    table = _BriefingTable(document, LAGGING_HEADERS, LAGGING_WIDTHS_CM)
    status_column = LAGGING_HEADERS.index("状态")
    for number, row in enumerate(briefing.lagging, start=1):
        table.add_row(lagging_cells(number, row), row.status, status_column)


def _charts(document: DocumentObject, charts: list[tuple[ChartSeries, bytes]]) -> None:
    caption_style = document.styles["Briefing Table"]
    for number, (series, png) in enumerate(charts, start=1):
        document.add_picture(io.BytesIO(png), width=Cm(TEXT_WIDTH_CM - 0.6))
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption = document.add_paragraph(f"图{number}　{series.name_zh}", style=caption_style)
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _front_matter(document: DocumentObject, briefing: Briefing) -> None:
    subject, period = title_lines(briefing)
    title = document.add_paragraph(subject, style="Briefing Title")
    title.add_run().add_break()
    title.add_run(period)
    issued = f"{briefing.issuer}　　" if briefing.issuer else ""
    dates = f"{issued}{format_date(briefing.issued)}（数据截至{format_date(briefing.as_of)}）"
    document.add_paragraph(dates).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if briefing.synthetic:
        notice = document.add_paragraph().add_run(SYNTHETIC_NOTICE)
        notice.font.bold = True
        notice.font.color.rgb = RGBColor.from_string("C62828")


def _summary(document: DocumentObject, briefing: Briefing) -> None:
    summary = document.add_paragraph(summary_text(briefing))
    summary.paragraph_format.first_line_indent = Pt(24)  # two characters, as offices indent


def write_docx(briefing: Briefing, out: Path) -> None:
    """Write the briefing as a .docx file."""
    document = Document()
    _set_up_styles(document)
    _set_up_page(document)
    document.core_properties.title = briefing_title(briefing)
    document.core_properties.language = "zh-CN"
    _front_matter(document, briefing)
    parts: list[tuple[str, Callable[[], None]]] = [
        ("总体情况", lambda: _summary(document, briefing)),
        ("目标任务推进情况一览", lambda: _scorecard(document, briefing)),
    ]
    if briefing.lagging:
        parts.append(("滞后目标及督办反馈情况", lambda: _lagging(document, briefing)))
    charts = briefing_charts(briefing)
    if charts:
        parts.append(("滞后指标走势", lambda: _charts(document, charts)))
    for number, (heading, write_part) in enumerate(parts):
        document.add_paragraph(numbered_heading(number, heading), style="Briefing Heading")
        write_part()
    document.save(str(out))
