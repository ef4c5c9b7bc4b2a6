"""Data classes shared by the drop readers, and the one error they raise."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class DropRow:
    """One cell of a drop that carries a figure, with what the file says about it."""

    row_number: int
    column: str
    role: str
    indicator_name: str
    unit: str | None
    region_code: str | None
    period: str | None
    raw_value: str
    value: float | None
    error: str | None
    as_of: str | None = None
    source: str | None = None
    sheet: str | None = None  # the workbook sheet (or docx table "表1") the row is on
    department: str | None = None  # a progress table's 责任单位
    part_of: str | None = None  # a sub-item's parent row ("其中：…", "#…", indented)


@dataclass(frozen=True)
class DropFinding:
    """Something a reader noticed that does not stop the file (SPEC §4.10: a sentence naming an
    indicator whose figure cannot be read), in Chinese and in English."""

    row_number: int | None
    column: str | None
    indicator_name: str
    message_zh: str
    message_en: str
    sheet: str | None = None


@dataclass(frozen=True)
class Drop:
    """A whole drop file, parsed: its layout, how it was decoded, its title and rows."""

    path: Path
    layout: str
    encoding: str
    title: str | None
    region_code: str | None
    period: str | None
    rows: list[DropRow]
    sheet: str | None = None
    findings: list[DropFinding] = field(default_factory=list)


class DropReadError(ValueError):
    """A drop that cannot be read; the message names the file, and the row and column if known."""

    def __init__(self, file: str, row: int | None, column: str | None, message: str) -> None:
        # args hold the constructor arguments so the error survives pickling (Prefect task results).
        super().__init__(file, row, column, message)
        self.file = file
        self.row = row
        self.column = column
        self.message = message

    def __str__(self) -> str:
        parts = [f"row {self.row}" if self.row is not None else None]
        parts.append(f"column {self.column!r}" if self.column is not None else None)
        where = ", ".join(p for p in parts if p)
        return f"{self.file}: {where}: {self.message}" if where else f"{self.file}: {self.message}"


class NoLayoutError(DropReadError):
    """A table in which no header row of a known layout was found: a sheet to skip, not a bad file."""
