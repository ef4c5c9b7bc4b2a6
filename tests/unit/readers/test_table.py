"""Files to rows of cell text: csv parsing, xlsx display values, row numbers, notes rows."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl

from flows.readers.table import cell, data_rows, read_table

from .conftest import MakeCsv, MakeXlsx


def test_csv_quoted_field_with_comma(make_csv: MakeCsv) -> None:
    table = read_table(
        make_csv(["指标,单位,1-3月", '"社会消费品零售总额(含批发,零售)",亿元,"12,345.6"'])
    )
    assert table.rows == [
        ["指标", "单位", "1-3月"],
        ["社会消费品零售总额(含批发,零售)", "亿元", "12,345.6"],
    ]


def test_csv_row_numbers_follow_the_spreadsheet(make_csv: MakeCsv) -> None:
    lines = ["标题", "", '指标,"备注', '两行"', "地区生产总值,1"]
    table = read_table(make_csv(lines))
    # A quoted cell spanning two lines is one spreadsheet row; a blank line is a row of its own.
    assert table.rows == [["标题"], [], ["指标", "备注\r\n两行"], ["地区生产总值", "1"]]


def test_csv_encoding_is_detected_from_bytes_not_name(make_csv: MakeCsv) -> None:
    table = read_table(make_csv(["指标,本月", "地区生产总值,1"], "drop_utf8.csv", encoding="gbk"))
    assert table.encoding == "gb18030"
    assert table.rows[1] == ["地区生产总值", "1"]


def test_xlsx_values_as_displayed(make_xlsx: MakeXlsx) -> None:
    row = [
        430202,
        12.0,
        98.52,
        0.085,
        None,
        date(2022, 3, 31),
        datetime(2022, 4, 1, 8, 30),
        True,
        " x ",
    ]
    path = make_xlsx([row], formats={"D1": "0.0%"})
    assert read_table(path).rows == [
        ["430202", "12", "98.52", "8.5%", "", "2022-03-31", "2022-04-01 08:30:00", "TRUE", " x "]
    ]


def test_xlsx_formula_shows_its_cached_value_not_its_text(make_xlsx: MakeXlsx) -> None:
    # openpyxl saves no computed value, so the cell reads as empty, never as "=SUM(A1:B1)".
    assert read_table(make_xlsx([[1, 2, "=SUM(A1:B1)"]])).rows == [["1", "2", ""]]


def test_xlsx_merged_title_and_first_sheet_only(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.append(["荷塘区2022年1-3月主要经济指标"])
    first.merge_cells("A1:C1")
    first.append(["指标名称", "计量单位", "1-3月"])
    workbook.create_sheet("其他").append(["ignored"])
    workbook.active = 1  # the first sheet is read even when another one is active
    workbook.save(tmp_path / "drop.xlsx")
    table = read_table(tmp_path / "drop.xlsx")
    assert table.encoding == "xlsx"
    assert table.rows == [
        ["荷塘区2022年1-3月主要经济指标", "", ""],
        ["指标名称", "计量单位", "1-3月"],
    ]


def test_data_rows_skip_blank_and_notes_rows() -> None:
    rows = [
        ["指标", "本月"],
        ["地区生产总值", "1"],
        ["", ""],
        ["注册资本", "2"],
        ["注：1.本表为初步统计数。", ""],
        ["2.规模工业为可比价。", ""],
        ["数据来源：荷塘区统计局"],
        ["进出口总额", "3"],
    ]
    assert list(data_rows(rows, 1)) == [
        (2, ["地区生产总值", "1"]),
        (4, ["注册资本", "2"]),
        (8, ["进出口总额", "3"]),
    ]


def test_cell_is_stripped_and_tolerates_short_rows() -> None:
    assert cell([" 地区生产总值\u3000", "1"], 0) == "地区生产总值"
    assert cell(["a"], 3) == ""
    assert cell(["a"], None) == ""
