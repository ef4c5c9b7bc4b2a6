"""Fixtures that write small drop files into tmp_path: csv in a chosen encoding, or xlsx."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

DROPS = Path(__file__).parents[2] / "data" / "drops"

MakeCsv = Callable[..., Path]
MakeXlsx = Callable[..., Path]


@pytest.fixture
def make_csv(tmp_path: Path) -> MakeCsv:
    """make_csv(lines, name="drop.csv", encoding="utf-8"): lines joined with CRLF, encoded."""

    def make(lines: list[str], name: str = "drop.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
        return path

    return make


@pytest.fixture
def make_xlsx(tmp_path: Path) -> MakeXlsx:
    """make_xlsx(rows, name="drop.xlsx", title=None, formats=None): title merged over row 1."""

    def make(
        rows: list[list[object]],
        name: str = "drop.xlsx",
        title: str | None = None,
        formats: dict[str, str] | None = None,
    ) -> Path:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        if title is not None:
            sheet.append([title])
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
        for row in rows:
            sheet.append(row)
        for ref, number_format in (formats or {}).items():
            sheet[ref].number_format = number_format
        path = tmp_path / name
        workbook.save(path)
        return path

    return make
