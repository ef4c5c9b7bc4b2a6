"""The format layer: from a drop's bytes (never its name) decide what it is and read it as text.

`read_document(name, data)` gives a `Document`: the sheets of a workbook (every sheet, with its
name, rows of cell text as a spreadsheet displays them, and merged ranges), a text table, or a
Word document's paragraphs and tables in document order. Anything else, and anything that goes
wrong inside a parser, is a `FileRefused` with a reason in English and Chinese. The checks of
`flows.readers.safety` run before any parser sees a byte.

Libraries, and why:
- xlsx: openpyxl in read-only mode (streams rows, gives number formats, so "8.5%" displays as in
  Excel; it parses XML through defusedxml when installed). Read-only sheets carry no merged
  ranges, so those come from a streaming defusedxml SAX pass over the same sheet part.
- xls: xlrd with formatting_info=True (number formats and merged ranges; python-calamine gives
  neither formats nor the same display rule). xlrd's compound-file reader also names the streams
  of any OLE2 file, which tells a workbook from an old Word .doc.
- docx: python-docx (paragraph styles, tables in body order).
- text: decoding as `flows.readers.text.decode` does (BOM, UTF-8, GB18030, charset-normalizer),
  then the csv module, so a quoted multi-line cell stays one row and record i is row i + 1.
- .ods, .xlsb and other zips are refused (SPEC §4.6 lists none of them; calamine would read ods,
  but without number formats, and through a zip reader that does not stop at declared sizes).
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import islice
from typing import Any
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import AttributesImpl

import defusedxml.sax
import docx
import openpyxl
import xlrd
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from openpyxl.utils.cell import range_boundaries
from xlrd.compdoc import CompDoc

from flows.readers.base import DropReadError
from flows.readers.safety import (
    DEFAULT_LIMITS,
    FileRefused,
    Limits,
    ReadBudget,
    check_file_size,
    check_zip,
)
from flows.readers.text import decode

__all__ = [
    "DEFAULT_LIMITS",
    "Document",
    "FileRefused",
    "Limits",
    "Paragraph",
    "Sheet",
    "display_text",
    "read_document",
    "sniff",
    "spread_merged",
]

Range = tuple[int, int, int, int]  # first_row, first_col, last_row, last_col; 0-based, inclusive


@dataclass(frozen=True)
class Sheet:
    """One table of a document: rows[i] is spreadsheet row i + 1 (a blank row is [])."""

    name: str | None  # the workbook's sheet name; None for a text file; "表1", "表2" … in a docx
    rows: list[list[str]]
    merged: list[Range] = field(default_factory=list)  # the value sits in the top-left cell
    position: int = 0  # sheet index in a workbook; block index in a docx body
    hidden: bool = False  # a workbook sheet hidden from view (kept: SPEC reads every sheet)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of prose: a docx paragraph with its style, or a non-blank line of text."""

    text: str
    style: str | None  # "Title", "Heading 1", "Normal" …; None for a text file
    position: int  # block index in a docx body (shared with its tables); line index in text


@dataclass(frozen=True)
class Document:
    """A drop read into text: its format, how text was decoded, its tables and its prose."""

    format: str  # "text" | "xlsx" | "xls" | "docx"
    encoding: str | None  # "utf-8", "utf-8-sig", "gb18030", "utf-16" …; None for binary formats
    delimiter: str | None  # "," "\t" or ";" for text
    sheets: list[Sheet]
    paragraphs: list[Paragraph]

    def blocks(self) -> list[Paragraph | Sheet]:
        """Paragraphs and tables together in document order."""
        return sorted([*self.paragraphs, *self.sheets], key=lambda block: block.position)


# ---- sniffing ---------------------------------------------------------------------------------

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = [
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
]
_ARCHIVES = [(b"7z\xbc\xaf\x27\x1c", "7z"), (b"Rar!\x1a\x07", "RAR"), (b"\x1f\x8b", "gzip")]
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1a\x1b")
KINDS = (
    "empty", "xlsx", "docx", "archive", "xls", "doc", "ole_other", "pdf", "image",
    "other_binary", "text", "damaged",
)  # fmt: skip


def sniff(data: bytes) -> str:
    """What the bytes are: one of KINDS ("damaged": a zip or OLE2 file whose directory is broken)."""
    return _sniff(data)[0]


def _sniff(data: bytes) -> tuple[str, str | None]:
    """The kind and a detail for messages (image type, archive type, OLE2 content)."""
    if not data:
        return "empty", None
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if data.startswith(_OLE2):
        return _ole_kind(data)
    if b"%PDF-" in data[:1024]:
        return "pdf", None
    for magic, detail in _IMAGES:
        if data.startswith(magic):
            return "image", detail
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image", "WebP"
    if data.startswith(b"BM") and data[6:10] == b"\0\0\0\0":
        return "image", "BMP"
    for magic, detail in _ARCHIVES:
        if data.startswith(magic):
            return "archive", detail
    return ("text", None) if _looks_like_text(data) else ("other_binary", None)


def _looks_like_text(data: bytes) -> bool:
    """UTF-16 with a BOM, or bytes without NUL and with hardly any control characters.

    UTF-8 and GB18030 never use bytes below 0x20 inside a character, so control bytes are real.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = data[:65536]
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return b"\0" not in sample and controls * 100 <= len(sample)


def _zip_kind(data: bytes) -> tuple[str, str | None]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = _read_head(archive, "mimetype") if "mimetype" in names else b""
    except Exception:  # zipfile raises many error types for a broken directory; all mean this
        return "damaged", "zip"
    if {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        return "xlsx", None
    if "word/document.xml" in names:
        return "docx", None
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return "archive", "ods"
    if "xl/workbook.bin" in names:
        return "archive", "xlsb"
    return "archive", "ZIP"


def _read_head(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as stream:
        return stream.read(200)


def _ole_kind(data: bytes) -> tuple[str, str | None]:
    try:
        streams = {entry.name for entry in CompDoc(data, logfile=io.StringIO()).dirlist}
    except Exception:  # xlrd's compound-file reader raises CompDocError, IndexError … alike
        return "damaged", "OLE2"
    if streams & {"Workbook", "Book"}:
        return "xls", None
    if "WordDocument" in streams:
        return "doc", None
    if "EncryptedPackage" in streams:
        return "ole_other", "encrypted"
    if "PowerPoint Document" in streams:
        return "ole_other", "PowerPoint"
    return "ole_other", None


# ---- refusals by kind ------------------------------------------------------------------------


def _kind_refusal(file: str, kind: str, detail: str | None) -> FileRefused:
    """The refusal for a file whose kind this system does not read."""
    en, zh = _KIND_MESSAGES.get((kind, detail)) or _KIND_MESSAGES[(kind, None)]
    refused_kind = "unreadable" if kind == "damaged" else kind
    return FileRefused(refused_kind, en.format(detail=detail), zh.format(detail=detail), file)


_NOT_READ_EN = "not a table or document this system reads"
_NOT_READ_ZH = "不是本系统能读取的表格或文档"
_KIND_MESSAGES: dict[tuple[str, str | None], tuple[str, str]] = {
    ("empty", None): ("an empty file (0 bytes)", "空文件（0 字节）"),
    ("image", None): (
        f"an image ({{detail}}), {_NOT_READ_EN}",
        f"这是图片（{{detail}}），{_NOT_READ_ZH}",
    ),
    ("pdf", None): (
        f"a PDF document, {_NOT_READ_EN}: send the table as .xlsx, .xls or .csv",
        f"这是 PDF 文件，{_NOT_READ_ZH}：请以 .xlsx、.xls 或 .csv 格式报送表格",
    ),
    ("archive", None): (
        f"a compressed archive ({{detail}}), {_NOT_READ_EN}: unpack it and drop the files inside",
        f"这是压缩包（{{detail}}），{_NOT_READ_ZH}：请解压后报送其中的文件",
    ),
    ("archive", "ods"): (
        "an OpenDocument spreadsheet (.ods): save it as .xlsx",
        "这是 OpenDocument 表格（.ods）：请另存为 .xlsx 后报送",
    ),
    ("archive", "xlsb"): (
        "an Excel binary workbook (.xlsb): save it as .xlsx",
        "这是 Excel 二进制工作簿（.xlsb）：请另存为 .xlsx 后报送",
    ),
    ("doc", None): (
        "an old Word .doc (Word 97-2003): save it as .docx",
        "这是旧版 Word 文档（.doc，Word 97-2003）：请另存为 .docx 后报送",
    ),
    ("ole_other", None): (
        f"an Office 97-2003 file that is neither an Excel workbook nor a Word document, {_NOT_READ_EN}",
        f"这是既非 Excel 工作簿也非 Word 文档的 Office 97-2003 文件，{_NOT_READ_ZH}",
    ),
    ("ole_other", "PowerPoint"): (
        f"a PowerPoint presentation, {_NOT_READ_EN}",
        f"这是 PowerPoint 演示文稿，{_NOT_READ_ZH}",
    ),
    ("ole_other", "encrypted"): (
        "a password-protected (encrypted) Office file: remove the password and send it again",
        "这是设有密码（加密）的 Office 文件：请取消密码后重新报送",
    ),
    ("other_binary", None): (
        f"a binary file of an unknown kind, {_NOT_READ_EN}",
        f"这是未知类型的二进制文件，{_NOT_READ_ZH}",
    ),
    ("damaged", None): (
        "a damaged or incomplete {detail} file (cut short while copying?): send it again",
        "文件已损坏或不完整（{detail} 格式，可能复制时中断）：请重新报送",
    ),
}


# ---- reading ---------------------------------------------------------------------------------

_ERROR_TEXT_CHARS = 300  # a parser's message, cut so that a ledger reason stays readable


def read_document(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a drop's bytes into a Document, whatever its name says; FileRefused if it cannot be.

    name is used only in messages. No other exception escapes: an error inside a parser
    becomes FileRefused(kind="unreadable") carrying the error's text.
    """
    kind = "file"
    try:
        kind, detail = _sniff(data)
        reader = _READERS.get(kind)
        if reader is None:
            raise _kind_refusal(name, kind, detail)
        return reader(name, data, limits)
    except FileRefused:
        raise
    except Exception as exc:  # nothing a file contains may fail the run (SPEC §4.5)
        text = f"{type(exc).__name__}: {exc}"[:_ERROR_TEXT_CHARS]
        raise FileRefused(
            "unreadable",
            f"cannot be read as {kind}: {text}",
            f"无法按 {kind} 格式读取：{text}",
            name,
        ) from exc


def _read_text(name: str, data: bytes, limits: Limits) -> Document:
    check_file_size(name, len(data), limits)
    text, encoding = _decode(name, data)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise FileRefused("empty", "a text file with no text", "文本文件中没有内容", name)
    delimiter = _sniff_delimiter(text, tab_first=encoding == "utf-16")
    rows = _csv_rows(name, text, delimiter, ReadBudget(name, limits))
    paragraphs = [
        Paragraph(line.strip(), None, index)
        for index, line in enumerate(text.splitlines())
        if line.strip()
    ]
    return Document("text", encoding, delimiter, [Sheet(None, rows)], paragraphs)


def _decode(name: str, data: bytes) -> tuple[str, str]:
    """UTF-16 by its BOM; else as text.decode: UTF-8 BOM, UTF-8, GB18030, charset-normalizer.

    GBK is a subset of GB18030, so GBK files read as "gb18030".
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise _undecodable(name) from exc
    try:
        return decode(data, name)
    except DropReadError as exc:
        raise _undecodable(name) from exc


def _undecodable(name: str) -> FileRefused:
    return FileRefused(
        "unreadable",
        "text in an unknown encoding (not UTF-8, GB18030/GBK or UTF-16)",
        "文本编码无法识别（不是 UTF-8、GB18030/GBK 或 UTF-16）",
        name,
    )


def _sniff_delimiter(text: str, tab_first: bool) -> str:
    """The delimiter giving the most records of one width (> 1) among the first 50 records.

    Titles and notes are one-cell rows under every delimiter, so they do not vote; a tie keeps
    the first candidate (tab for Excel's UTF-16 "Unicode text", else comma).
    """
    candidates = ["\t", ",", ";"] if tab_first else [",", "\t", ";"]
    best, best_score = candidates[0], (0, 0)
    for delimiter in candidates:
        reader = csv.reader(io.StringIO(text[:65536], newline=""), delimiter=delimiter)
        try:
            widths = [len(record) for record in islice(reader, 50) if len(record) > 1]
        except csv.Error:
            continue
        if widths:
            width, count = Counter(widths).most_common(1)[0]
            if (count, width) > best_score:
                best, best_score = delimiter, (count, width)
    return best


def _csv_rows(name: str, text: str, delimiter: str, budget: ReadBudget) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        # csv yields [] for a blank line and one record for a quoted multi-line cell, so a
        # record's index is the row number a spreadsheet would show.
        for record in reader:
            budget.take_row(None, len(rows) + 1, len(record))
            rows.append(record)
    except csv.Error as exc:
        raise FileRefused(
            "unreadable",
            f"malformed text table: {exc}",
            f"文本表格格式错误：{exc}",
            name,
            row=len(rows) + 1,
        ) from exc
    return rows


# ---- xlsx ------------------------------------------------------------------------------------


def _read_xlsx(name: str, data: bytes, limits: Limits) -> Document:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        check_zip(name, archive, limits, ("workbook", "工作簿"))
        # data_only: a formula cell shows its last computed value, as a spreadsheet displays it.
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
        try:
            budget = ReadBudget(name, limits)
            sheets = [
                Sheet(
                    sheet.title,
                    _xlsx_rows(sheet, budget),
                    # openpyxl's read-only sheets drop merged ranges; its parser knows the part.
                    _xlsx_merged(archive, sheet._worksheet_path),
                    position,
                    sheet.sheet_state != "visible",
                )
                for position, sheet in enumerate(workbook.worksheets)
            ]
        finally:
            workbook.close()
    return Document("xlsx", None, None, sheets, [])


def _xlsx_rows(sheet: Any, budget: ReadBudget) -> list[list[str]]:
    """A read-only sheet's rows as display text, trailing blank cells dropped."""
    # The stored dimension may be wrong (some writers leave "A1"); without it every row is read.
    sheet.reset_dimensions()
    rows: list[list[str]] = []
    for cells in sheet.iter_rows():
        budget.take_row(sheet.title, len(rows) + 1, len(cells))
        rows.append(_trimmed([display_text(c.value, c.number_format) for c in cells]))
    return rows


class _MergedCells(ContentHandler):
    """Collects the ref of every <mergeCell> of a worksheet part, keeping nothing else."""

    def __init__(self) -> None:
        super().__init__()
        self.ranges: list[Range] = []

    def startElement(self, name: str, attrs: AttributesImpl) -> None:  # noqa: N802 (SAX API)
        if name.rpartition(":")[2] == "mergeCell":
            first_col, first_row, last_col, last_row = range_boundaries(attrs["ref"])
            self.ranges.append((first_row - 1, first_col - 1, last_row - 1, last_col - 1))


def _xlsx_merged(archive: zipfile.ZipFile, part: str) -> list[Range]:
    handler = _MergedCells()
    with archive.open(part) as stream:
        defusedxml.sax.parse(stream, handler)
    return handler.ranges


def display_text(value: object, number_format: str | None) -> str:
    """A cell's value as text the way a spreadsheet displays it.

    A percent format shows 0.085 as "8.5%", whole numbers lose ".0", dates are ISO
    ("2022-03-31", "2022-04-01 08:30:00"), booleans TRUE/FALSE; the same rule for xlsx and xls.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int | float):
        if "%" in (number_format or ""):
            return _number_text(round(value * 100, 10)) + "%"
        return _number_text(value)
    return str(value)


def _number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _trimmed(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


# ---- xls -------------------------------------------------------------------------------------


def _read_xls(name: str, data: bytes, limits: Limits) -> Document:
    check_file_size(name, len(data), limits)
    book = xlrd.open_workbook(
        file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO()
    )
    try:
        budget = ReadBudget(name, limits)
        sheets = []
        for position in range(book.nsheets):
            sheet = book.sheet_by_index(position)
            rows = [_trimmed(cells) for cells in _xls_rows(book, sheet, budget)]
            merged = [(rlo, clo, rhi - 1, chi - 1) for rlo, rhi, clo, chi in sheet.merged_cells]
            sheets.append(Sheet(sheet.name, rows, merged, position, sheet.visibility != 0))
            book.unload_sheet(position)
    finally:
        book.release_resources()
    return Document("xls", None, None, sheets, [])


def _xls_rows(book: Any, sheet: Any, budget: ReadBudget) -> Iterator[list[str]]:
    for index in range(sheet.nrows):
        width = sheet.row_len(index)
        budget.take_row(sheet.name, index + 1, width)
        yield [_xls_text(book, sheet.cell(index, column)) for column in range(width)]


def _xls_text(book: Any, cell: Any) -> str:
    """An .xls cell as display text, by the same rule as xlsx (display_text)."""
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return display_text(bool(cell.value), None)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERR")
    if cell.ctype == xlrd.XL_CELL_DATE:
        year, month, day, hour, minute, second = xlrd.xldate_as_tuple(cell.value, book.datemode)
        if year == 0:
            return display_text(time(hour, minute, second), None)
        return display_text(datetime(year, month, day, hour, minute, second), None)
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return display_text(cell.value, _xls_number_format(book, cell.xf_index))
    return "" if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) else str(cell.value)


def _xls_number_format(book: Any, xf_index: int | None) -> str | None:
    if xf_index is None or xf_index >= len(book.xf_list):
        return None
    number_format = book.format_map.get(book.xf_list[xf_index].format_key)
    return number_format.format_str if number_format is not None else None


# ---- docx ------------------------------------------------------------------------------------


def _read_docx(name: str, data: bytes, limits: Limits) -> Document:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        check_zip(name, archive, limits, ("document", "文档"))
    document = docx.Document(io.BytesIO(data))
    budget = ReadBudget(name, limits)
    paragraphs: list[Paragraph] = []
    sheets: list[Sheet] = []
    for position, block in enumerate(document.iter_inner_content()):
        if isinstance(block, DocxParagraph):
            if block.text.strip():
                style = block.style.name if block.style is not None else None
                paragraphs.append(Paragraph(block.text.strip(), style, position))
        elif isinstance(block, DocxTable):
            table_name = f"表{len(sheets) + 1}"
            rows, merged = _docx_table(block, table_name, budget)
            sheets.append(Sheet(table_name, rows, merged, position))
    return Document("docx", None, None, sheets, paragraphs)


def _docx_table(
    table: DocxTable, name: str, budget: ReadBudget
) -> tuple[list[list[str]], list[Range]]:
    """A Word table's rows of cell text; a merged cell's text only in its top-left position.

    python-docx repeats a merged cell at every grid position it covers, always with the same
    <w:tc> element, so the positions of each element give its range.
    """
    spans: dict[Any, list[tuple[int, int]]] = {}
    texts: dict[Any, str] = {}
    widths = []
    for r, row in enumerate(table.rows):
        cells = row.cells
        budget.take_row(name, r + 1, row.grid_cols_before + len(cells))
        for c, cell in enumerate(cells, start=row.grid_cols_before):
            spans.setdefault(cell._tc, []).append((r, c))
            if cell._tc not in texts:
                texts[cell._tc] = cell.text.strip()
        widths.append(row.grid_cols_before + len(cells))
    rows = [[""] * width for width in widths]
    merged: list[Range] = []
    for tc, positions in spans.items():
        (first_row, first_col), (last_row, last_col) = min(positions), max(positions)
        rows[first_row][first_col] = texts[tc]
        if len(positions) > 1:
            merged.append((first_row, first_col, last_row, last_col))
    return [_trimmed(row) for row in rows], sorted(merged)


# ---- helpers for layout readers --------------------------------------------------------------


def spread_merged(rows: list[list[str]], ranges: list[Range]) -> list[list[str]]:
    """A copy of rows with each merged range's top-left text in every cell of the range.

    So a group header "1-9月" merged over two columns reads "1-9月" over both, and a label
    merged over two header rows reads in both rows. Ranges are clipped to the table (its rows
    and its widest row), so a title merged across a whole sheet row costs nothing.
    """
    width = max((len(row) for row in rows), default=0)
    out = [list(row) for row in rows]
    for first_row, first_col, last_row, last_col in ranges:
        if first_row >= len(out) or first_col >= len(out[first_row]):
            continue
        text = out[first_row][first_col]
        for r in range(first_row, min(last_row, len(out) - 1) + 1):
            row = out[r]
            end = min(last_col, width - 1) + 1
            row.extend([""] * (end - len(row)))
            for c in range(first_col, end):
                row[c] = text
    return out


_READERS: dict[str, Callable[[str, bytes, Limits], Document]] = {
    "text": _read_text,
    "xlsx": _read_xlsx,
    "xls": _read_xls,
    "docx": _read_docx,
}
