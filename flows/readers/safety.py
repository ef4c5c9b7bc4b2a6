"""Safety before parsing: size and entity checks on a drop's bytes, and the one refusal they raise.

A hostile (or merely broken) drop must never cost more than a bounded amount of memory and time,
and must never fail the nightly run. So a zip-based file (xlsx, docx) is judged from its central
directory before any part is expanded: the total declared size, the compression ratio of each
part, and the prolog of every XML part (a DOCTYPE or ENTITY declaration is refused, which stops
"billion laughs" before a parser sees it). Python's `zipfile` never inflates a part past its
declared size (it stops there and the CRC check fails), so checking the declared sizes bounds
what openpyxl and python-docx, which read through `zipfile`, can expand. Readers then count rows
and cells as they go (`ReadBudget`) and stop at the limits instead of materialising everything.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass

from flows.readers.base import DropReadError

MB = 1_000_000


@dataclass(frozen=True)
class Limits:
    """How much one drop may cost; every limit is a setting, the defaults suit office drops."""

    max_bytes: int = 100 * MB  # a zip's parts in total, as declared; an .xls or text file itself
    max_ratio: float = 1000.0  # a part inflating more than this many times its packed size ...
    ratio_floor_bytes: int = 10 * MB  # ... is refused once it would exceed this size
    max_parts: int = 10_000  # parts of one zip
    xml_head_bytes: int = 64 * 1024  # how much of each XML part is inflated to read its prolog
    max_rows: int = 1_048_576  # rows of one sheet (Excel's own limit)
    max_cells: int = 5_000_000  # cells of one document, blank ones included


DEFAULT_LIMITS = Limits()


class FileRefused(DropReadError):
    """A drop this system will not read, with what was found in English and in Chinese.

    kind is one of: empty, image, pdf, archive, doc, ole_other, other_binary (what the bytes
    are), too_large (sizes, ratios, rows, cells), entities (XML DOCTYPE/ENTITY), unreadable
    (damaged files and any error a parser raised).
    """

    def __init__(
        self,
        kind: str,
        message_en: str,
        message_zh: str,
        file: str = "",
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        super().__init__(file, row, column, message_en)
        # args mirror this constructor so the error survives pickling (Prefect task results).
        self.args = (kind, message_en, message_zh, file, sheet, row, column)
        self.kind = kind
        self.message_en = message_en
        self.message_zh = message_zh
        self.sheet = sheet

    def reason(self, language: str = "en") -> str:
        """The whole reason in "en" or "zh": file, sheet, row and column where known, then what."""
        if language == "zh":
            parts = [f"文件 {self.file}" if self.file else None]
            parts.append(f"工作表“{self.sheet}”" if self.sheet is not None else None)
            parts.append(f"第 {self.row} 行" if self.row is not None else None)
            parts.append(f"{self.column} 列" if self.column is not None else None)
            where = "，".join(p for p in parts if p)
            return f"{where}：{self.message_zh}" if where else self.message_zh
        parts = [self.file or None]
        parts.append(f"sheet {self.sheet!r}" if self.sheet is not None else None)
        parts.append(f"row {self.row}" if self.row is not None else None)
        parts.append(f"column {self.column}" if self.column is not None else None)
        where = ", ".join(p for p in parts if p)
        return f"{where}: {self.message_en}" if where else self.message_en

    def __str__(self) -> str:
        return self.reason("en")


def megabytes(size: float) -> str:
    """A byte count as people say it: 288 MB, 0.5 MB."""
    return f"{size / MB:.3g} MB"


def check_file_size(file: str, size: int, limits: Limits) -> None:
    """Refuse a file (an .xls or text drop) larger than the limit before it is parsed."""
    if size > limits.max_bytes:
        raise FileRefused(
            "too_large",
            f"a file of {megabytes(size)}, above the {megabytes(limits.max_bytes)} limit",
            f"文件大小 {megabytes(size)}，超过 {megabytes(limits.max_bytes)} 上限",
            file,
        )


def check_zip(file: str, archive: zipfile.ZipFile, limits: Limits, noun: tuple[str, str]) -> None:
    """Refuse a zip-based drop from its directory and XML prologs, before any part is expanded.

    noun names the thing in messages, e.g. ("workbook", "工作簿").
    """
    parts = archive.infolist()
    if len(parts) > limits.max_parts:
        raise FileRefused(
            "too_large",
            f"a {noun[0]} of {len(parts)} parts, above the limit of {limits.max_parts}",
            f"{noun[1]}含 {len(parts)} 个部件，超过 {limits.max_parts} 个上限",
            file,
        )
    total = sum(part.file_size for part in parts)
    if total > limits.max_bytes:
        inflated, limit = megabytes(total), megabytes(limits.max_bytes)
        raise FileRefused(
            "too_large",
            f"a {noun[0]} whose parts would inflate to {inflated}, above the {limit} limit; "
            "refused before expanding",
            f"{noun[1]}解压后将达 {inflated}，超过 {limit} 上限，未解压即拒收",
            file,
        )
    for part in parts:
        _check_ratio(file, part, limits)
    for part in parts:
        _check_xml_prolog(file, archive, part, limits)


def _check_ratio(file: str, part: zipfile.ZipInfo, limits: Limits) -> None:
    ratio = part.file_size / max(part.compress_size, 1)
    if ratio > limits.max_ratio and part.file_size > limits.ratio_floor_bytes:
        size = megabytes(part.file_size)
        raise FileRefused(
            "too_large",
            f"part {part.filename} would inflate {ratio:.0f}:1 to {size} (a zip bomb?); "
            "refused before expanding",
            f"部件 {part.filename} 压缩比达 {ratio:.0f}:1（解压后 {size}），疑为压缩炸弹，未解压即拒收",
            file,
        )


_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_PROLOG_NOISE = re.compile(r"<!--.*?-->|<\?.*?\?>", re.DOTALL)
_ELEMENT_START = re.compile(r"<[A-Za-z_:]")


def _check_xml_prolog(
    file: str, archive: zipfile.ZipFile, part: zipfile.ZipInfo, limits: Limits
) -> None:
    """Refuse an XML part that declares entities, reading no more than its first few KB.

    A DOCTYPE (the only place an ENTITY may be declared) can stand only before the first
    element, so the prolog is read up to that element; a prolog longer than the window is
    refused too, since it could hide one further on.
    """
    if part.is_dir():
        return
    with archive.open(part) as stream:
        head = stream.read(limits.xml_head_bytes)
    text = _xml_text(head)
    if text is None:
        return
    if _DECLARATION.search(text):
        raise FileRefused(
            "entities",
            f"XML part {part.filename} declares entities (DOCTYPE/ENTITY); refused before parsing",
            f"XML 部件 {part.filename} 声明了实体（DOCTYPE/ENTITY），未解析即拒收",
            file,
        )
    if len(head) < part.file_size and not _prolog_ended(text):
        window = f"{limits.xml_head_bytes // 1024} KB"
        raise FileRefused(
            "entities",
            f"XML part {part.filename} has no element in its first {window} (its prolog could "
            "hide a DOCTYPE); refused before parsing",
            f"XML 部件 {part.filename} 前 {window} 内没有元素（序言中可能藏有 DOCTYPE），未解析即拒收",
            file,
        )


def _xml_text(head: bytes) -> str | None:
    """The start of a part as text if it looks like XML (UTF-8 or UTF-16), else None."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head[:2] in (b"<\0", b"\0<"):
        encoding = "utf-16-be" if head.startswith((codecs.BOM_UTF16_BE, b"\0<")) else "utf-16-le"
        text = head.decode(encoding, errors="replace")
    else:
        text = head.decode("utf-8", errors="replace")
    text = text.lstrip("\ufeff \t\r\n")
    return text if text.startswith("<") else None


def _prolog_ended(text: str) -> bool:
    """Whether an element starts in text once comments and processing instructions are removed."""
    body = _PROLOG_NOISE.sub("", text)
    for opener in ("<!--", "<?"):  # one cut off at the end of the window: nothing after counts
        cut = body.find(opener)
        if cut >= 0:
            body = body[:cut]
    return _ELEMENT_START.search(body) is not None


class ReadBudget:
    """Counts rows of a sheet and cells of a document while a reader reads; refuses past limits."""

    def __init__(self, file: str, limits: Limits) -> None:
        self.file = file
        self.limits = limits
        self.cells = 0

    def take_row(self, sheet: str | None, row_number: int, width: int) -> None:
        """Account for row row_number (1-based) of sheet holding width cells."""
        if row_number > self.limits.max_rows:
            limit = self.limits.max_rows
            raise FileRefused(
                "too_large",
                f"more than {limit} rows in one sheet; reading stopped",
                f"单个工作表超过 {limit} 行，已停止读取",
                self.file,
                sheet,
                row_number,
            )
        self.cells += width
        if self.cells > self.limits.max_cells:
            limit = self.limits.max_cells
            raise FileRefused(
                "too_large",
                f"more than {limit} cells in the file; reading stopped",
                f"文件单元格超过 {limit} 个，已停止读取",
                self.file,
                sheet,
                row_number,
            )
