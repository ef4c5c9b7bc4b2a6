"""Safety before parsing: zip sizes and ratios, XML entity declarations, row and cell budgets."""

from __future__ import annotations

import io
import json
import pickle
import struct
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import defusedxml
import openpyxl
import pytest

from flows.readers.formats import DEFAULT_LIMITS, FileRefused, Limits, read_document
from flows.readers.safety import MB, ReadBudget, check_zip
from tests.data import real_drops

ENTITY_SHEET = (
    b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY x "x">]>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
)


@pytest.fixture(scope="module")
def inflating(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bombs") / "inflating.xlsx"
    path.write_bytes(real_drops.inflating_xlsx())
    return path


@pytest.fixture(scope="module")
def laughs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bombs") / "billion_laughs.xlsx"
    path.write_bytes(real_drops.billion_laughs_xlsx())
    return path


@pytest.fixture(scope="module")
def workbook() -> bytes:
    """A small genuine workbook (the city comparison table)."""
    return real_drops.city_districts()


def refusal(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> FileRefused:
    with pytest.raises(FileRefused) as refused:
        read_document(name, data, limits)
    return refused.value


def repacked(data: bytes, replace: dict[str, bytes], level: int = 6) -> bytes:
    """data (a zip) with some parts replaced or added, deflated at level."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {entry.filename: source.read(entry) for entry in source.infolist()}
    parts |= replace
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


# ---- zip bombs -------------------------------------------------------------------------------


def test_inflating_workbook_is_refused_at_once_without_expanding(inflating: Path) -> None:
    data = inflating.read_bytes()
    assert len(data) < 2 * MB  # small on disk ...
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # ... 288 MB declared
        assert sum(part.file_size for part in archive.infolist()) > 288 * MB
    started = time.perf_counter()
    error = refusal("inflating.xlsx", data)
    assert time.perf_counter() - started < 1.0
    assert error.kind == "too_large"
    assert "inflate to 288 MB, above the 100 MB limit" in error.message_en


def test_billion_laughs_is_refused_before_any_parser(laughs: Path) -> None:
    started = time.perf_counter()
    error = refusal("billion_laughs.xlsx", laughs.read_bytes())
    assert time.perf_counter() - started < 1.0
    assert (error.kind, error.message_en) == (
        "entities",
        "XML part xl/worksheets/sheet1.xml declares entities (DOCTYPE/ENTITY); refused before parsing",
    )


def test_openpyxl_itself_refuses_entities_too(laughs: Path) -> None:
    # Defence in depth: openpyxl parses through defusedxml when it is installed.
    assert openpyxl.DEFUSEDXML is True
    with pytest.raises(ValueError) as raised:
        openpyxl.load_workbook(laughs, read_only=True)
    assert isinstance(raised.value.__context__, defusedxml.EntitiesForbidden)


PEAK = """
import json, sys, time
from pathlib import Path
from flows.readers.formats import FileRefused, read_document
kinds = []
for name in sys.argv[1:]:
    try:
        read_document(name, Path(name).read_bytes())
    except FileRefused as refused:
        kinds.append(refused.kind)
# VmHWM: this process's own peak (ru_maxrss after exec keeps the forking parent's peak).
status = Path("/proc/self/status").read_text()
peak_kb = int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM:")))
print(json.dumps({"kinds": kinds, "peak_kb": peak_kb}))
"""


def test_bombs_keep_peak_memory_low(inflating: Path, laughs: Path) -> None:
    command = [sys.executable, "-c", PEAK, str(inflating), str(laughs)]
    result = json.loads(subprocess.run(command, capture_output=True, check=True, text=True).stdout)
    assert result["kinds"] == ["too_large", "entities"]
    assert result["peak_kb"] < 250_000  # VmHWM is in KB: under 250 MB, not 4 GB


def test_part_with_an_absurd_ratio_is_refused(workbook: bytes) -> None:
    data = repacked(workbook, {"xl/media/image1.png": b"\0" * (3 * MB)}, level=9)
    limits = Limits(max_ratio=200, ratio_floor_bytes=1 * MB)
    error = refusal("bomb.xlsx", data, limits)
    assert error.kind == "too_large"
    assert error.message_en.startswith("part xl/media/image1.png would inflate ")
    assert "压缩炸弹" in error.message_zh
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        check_zip("bomb.xlsx", archive, Limits(), ("workbook", "工作簿"))  # 3 MB: under the floor


def test_total_size_and_part_count_limits(workbook: bytes) -> None:
    assert refusal("w.xlsx", workbook, Limits(max_bytes=1000)).message_zh.startswith(
        "工作簿解压后将达"
    )
    error = refusal("w.xlsx", workbook, Limits(max_parts=3))
    assert (error.kind, error.message_en.startswith("a workbook of ")) == ("too_large", True)


def test_a_lying_directory_cannot_inflate_past_its_declared_size(workbook: bytes) -> None:
    """The checks trust declared sizes because zipfile stops there (and fails the CRC check)."""
    name = b"xl/worksheets/sheet1.xml"
    data = bytearray(repacked(workbook, {name.decode(): b"<x/>" * 250_000}))
    entry = data.find(b"PK\x01\x02")  # central directory entries; the name sits at offset 46
    while data[entry + 46 : entry + 46 + len(name)] != name:
        entry = data.find(b"PK\x01\x02", entry + 4)
    data[entry + 24 : entry + 28] = struct.pack("<I", 100)  # the declared uncompressed size
    with (
        zipfile.ZipFile(io.BytesIO(bytes(data))) as archive,
        archive.open(name.decode()) as part,
        pytest.raises(zipfile.BadZipFile, match="Bad CRC-32"),
    ):
        part.read()  # inflation stops at the 100 declared bytes, whose CRC then fails
    assert refusal("liar.xlsx", bytes(data)).kind == "unreadable"


# ---- XML prologs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "content"),
    [
        ("xl/worksheets/sheet1.xml", ENTITY_SHEET),
        (
            "_rels/.rels",
            b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://x/r.dtd"><Relationships/>',
        ),
        ("xl/worksheets/sheet1.xml", b"\xff\xfe" + ENTITY_SHEET.decode().encode("utf-16-le")),
        ("xl/styles.xml", b"<!-- " + b"<a> " * 10 + b"-->\n<!doctype s [<!ENTITY y 'y'>]><s/>"),
    ],
)
def test_entity_declarations_are_refused_in_any_part(
    workbook: bytes, part: str, content: bytes
) -> None:
    error = refusal("w.xlsx", repacked(workbook, {part: content}))
    assert error.kind == "entities"
    assert part in error.message_en and part in error.message_zh


def test_a_prolog_longer_than_the_window_is_refused(workbook: bytes) -> None:
    padded = b'<?xml version="1.0"?>\n<!-- ' + b"<a> padding " * 10_000 + b"-->" + ENTITY_SHEET
    error = refusal("w.xlsx", repacked(workbook, {"xl/worksheets/sheet1.xml": padded}))
    assert error.kind == "entities"
    assert "no element in its first 64 KB" in error.message_en


def test_a_docx_declaring_entities_is_refused() -> None:
    data = repacked(real_drops.bulletin(), {"word/document.xml": ENTITY_SHEET})
    assert refusal("b.docx", data).kind == "entities"


def test_genuine_workbooks_pass_the_checks(workbook: bytes) -> None:
    for data in (workbook, real_drops.bureau_notes_sheet(), real_drops.bulletin()):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip("ok.xlsx", archive, Limits(), ("workbook", "工作簿"))


# ---- row and cell budgets --------------------------------------------------------------------


def test_rows_are_bounded_while_reading_text() -> None:
    data = "\r\n".join(f"行{n},{n}" for n in range(10)).encode()
    error = refusal("long.csv", data, Limits(max_rows=5))
    assert (error.kind, error.sheet, error.row) == ("too_large", None, 6)
    assert read_document("long.csv", data, Limits(max_rows=10)).sheets[0].rows[9] == ["行9", "9"]


def test_cells_are_bounded_per_file_and_name_the_sheet(workbook: bytes) -> None:
    error = refusal("city.xlsx", workbook, Limits(max_cells=30))
    assert (error.kind, error.sheet, error.row) == ("too_large", "1-10月", 6)
    assert error.reason("en") == (
        "city.xlsx, sheet '1-10月', row 6: more than 30 cells in the file; reading stopped"
    )
    assert (
        error.reason("zh")
        == "文件 city.xlsx，工作表“1-10月”，第 6 行：文件单元格超过 30 个，已停止读取"
    )


def test_xls_cells_are_bounded_too() -> None:
    data = real_drops.bureau_xls(6, real_drops.XLS_HALF_YEAR, date(2022, 7, 15))
    error = refusal("bureau.xls", data, Limits(max_cells=12))
    assert (error.kind, error.sheet) == ("too_large", "主要指标")


def test_text_and_xls_files_are_bounded_by_their_size() -> None:
    data = ("指标,值\r\n" * 20).encode()
    error = refusal("big.csv", data, Limits(max_bytes=100))
    assert (error.kind, error.message_en) == (
        "too_large",
        "a file of 0.00024 MB, above the 0.0001 MB limit",
    )


def test_budget_counts_rows_per_sheet_and_cells_per_file() -> None:
    budget = ReadBudget("f.xlsx", Limits(max_rows=2, max_cells=5))
    budget.take_row("A", 1, 2)
    budget.take_row("B", 2, 2)
    with pytest.raises(FileRefused) as refused:
        budget.take_row("B", 3, 0)
    assert refused.value.row == 3
    budget = ReadBudget("f.xlsx", Limits(max_rows=2, max_cells=5))
    budget.take_row("A", 1, 3)
    with pytest.raises(FileRefused):
        budget.take_row("B", 1, 3)


def test_refusals_survive_pickling_with_both_messages() -> None:
    error = FileRefused("too_large", "too big", "太大", "a.xlsx", "表1", 3, "C")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.kind, copy.message_en, copy.message_zh, copy.sheet, copy.row, copy.column) == (
        "too_large", "too big", "太大", "表1", 3, "C",
    )  # fmt: skip
    assert str(copy) == "a.xlsx, sheet '表1', row 3, column C: too big"
    assert copy.reason("zh") == "文件 a.xlsx，工作表“表1”，第 3 行，C 列：太大"
