"""read_drop on the committed fixture drops (every layout × encoding) and on layout detection."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from flows.readers import DropReadError, DropRow, read_drop

from .conftest import DROPS, MakeCsv

GROWTH = "比上年同期增长(%)"
# (row_number, column, role, indicator, unit, raw_value, value): SPEC §4.2 verbatim.
BUREAU_ROWS = [
    (3, "1-3月", "value", "地区生产总值", "亿元", "98.52", 98.52),
    (3, GROWTH, "growth", "地区生产总值", "亿元", "6.3", 6.3),
    (4, "1-3月", "value", "规模以上工业增加值", "亿元", "", None),
    (4, GROWTH, "growth", "规模以上工业增加值", "亿元", "8.9", 8.9),
    (5, "1-3月", "value", "固定资产投资", "亿元", "", None),
    (5, GROWTH, "growth", "固定资产投资", "亿元", "9.1", 9.1),
    (6, "1-3月", "value", "社会消费品零售总额", "亿元", "45.67", 45.67),
    (6, GROWTH, "growth", "社会消费品零售总额", "亿元", "7.8", 7.8),
    (7, "1-3月", "value", "地方一般公共预算收入", "万元", "61234", 61234.0),
    (7, GROWTH, "growth", "地方一般公共预算收入", "万元", "10.2", 10.2),
    (8, "1-3月", "value", "城镇调查失业率", "%", "5.2", 5.2),
    (8, GROWTH, "growth", "城镇调查失业率", "%", "", None),
    (9, "1-3月", "value", "居民消费价格指数(上年同期=100)", None, "102.1", 102.1),
    (9, GROWTH, "growth", "居民消费价格指数(上年同期=100)", None, "", None),
    (10, "1-3月", "value", "全体居民人均可支配收入", "元", "12345", 12345.0),
    (10, GROWTH, "growth", "全体居民人均可支配收入", "元", "7.5", 7.5),
]
# SPEC §4.3 verbatim.
PROGRESS_ROWS = [
    (3, "全年目标", "annual_target", "新增城镇就业", "人", "8800", 8800.0),
    (3, "累计完成", "value", "新增城镇就业", "人", "2310", 2310.0),
    (4, "全年目标", "annual_target", "新增市场主体", "户", "8500", 8500.0),
    (4, "累计完成", "value", "新增市场主体", "户", "2050", 2050.0),
]
# (row_number in the csv, indicator, unit, period, raw_value, value, as_of, source)
LONG_ROWS = [
    (2, "gdp_growth", "%", "2022-Q1", "6.3", 6.3, "2022-04-20", "区统计局"),
    (3, "新增城镇就业", "人", "2022-03", "2310", 2310.0, "2022-04-10", "区人社局,快报"),
    (4, "industrial_va_growth", "%", "2022-03", "8.9", 8.9, None, None),
    (5, "grain_output_assigned", "吨", "2022", "52000", 52000.0, None, None),
]
ENCODINGS = [("_utf8.csv", "utf-8"), ("_utf8_bom.csv", "utf-8-sig"), ("_gbk.csv", "gb18030")]
ENCODINGS += [(".xlsx", "xlsx")]


def wide(rows: list[DropRow]) -> list[tuple[object, ...]]:
    return [
        (r.row_number, r.column, r.role, r.indicator_name, r.unit, r.raw_value, r.value)
        for r in rows
    ]


@pytest.mark.parametrize(("suffix", "encoding"), ENCODINGS)
def test_bureau_fixture_drops(suffix: str, encoding: str) -> None:
    drop = read_drop(DROPS / f"bureau{suffix}")
    assert (drop.layout, drop.encoding) == ("bureau", encoding)
    assert drop.title == "荷塘区2022年1-3月主要经济指标"
    assert (drop.region_code, drop.period) == ("430202", "2022-03")
    assert wide(drop.rows) == BUREAU_ROWS
    assert {(r.region_code, r.period, r.error) for r in drop.rows} == {("430202", "2022-03", None)}


@pytest.mark.parametrize(("suffix", "encoding"), ENCODINGS)
def test_progress_fixture_drops(suffix: str, encoding: str) -> None:
    drop = read_drop(DROPS / f"progress{suffix}")
    assert (drop.layout, drop.encoding) == ("progress", encoding)
    assert drop.title == "荷塘区2022年重点工作任务完成情况(截至3月底)"
    assert (drop.region_code, drop.period) == ("430202", "2022-03")
    assert wide(drop.rows) == PROGRESS_ROWS
    assert {(r.region_code, r.period, r.error) for r in drop.rows} == {("430202", "2022-03", None)}


@pytest.mark.parametrize(("suffix", "encoding"), ENCODINGS)
def test_long_fixture_drops(suffix: str, encoding: str) -> None:
    drop = read_drop(DROPS / f"long{suffix}")
    offset = 1 if encoding == "xlsx" else 0  # the xlsx has a merged title row above the header
    assert (drop.layout, drop.encoding) == ("long", encoding)
    assert drop.title == ("荷塘区2022年统计数据(长表)" if offset else None)
    assert (drop.region_code, drop.period) == (None, None)
    got = [
        (r.row_number, r.indicator_name, r.unit, r.period, r.raw_value, r.value, r.as_of, r.source)
        for r in drop.rows
    ]
    assert got == [(row[0] + offset, *row[1:]) for row in LONG_ROWS]
    assert {(r.column, r.role, r.region_code, r.error) for r in drop.rows} == {
        ("value", "value", "430202", None)
    }


def test_fixture_bytes_are_what_their_names_say() -> None:
    gbk = (DROPS / "bureau_gbk.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    assert gbk.decode("gbk").startswith("荷塘区2022年1-3月")
    assert (DROPS / "bureau_utf8_bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    sheet = openpyxl.load_workbook(DROPS / "bureau.xlsx").worksheets[0]
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:D1"]
    assert isinstance(sheet["C3"].value, float) and isinstance(sheet["C7"].value, int)


def test_no_recognisable_header_names_the_file(make_csv: MakeCsv) -> None:
    path = make_csv(["荷塘区2022年1-3月主要经济指标", "名称,数值", "地区生产总值,98.52"], "odd.csv")
    with pytest.raises(DropReadError) as caught:
        read_drop(path)
    assert str(caught.value).endswith(
        "no header row recognised (long, bureau, progress or regional layout)"
    )
    assert str(caught.value).startswith("odd.csv: 未识别到表头行")
    assert caught.value.file == "odd.csv"


def test_empty_file_has_no_header(make_csv: MakeCsv) -> None:
    path = make_csv([], "empty.csv")
    with pytest.raises(
        DropReadError, match=r"^empty\.csv: 未识别到表头行.* / no header row recognised"
    ):
        read_drop(path)


def test_header_found_below_blank_lines_and_subtitle(make_csv: MakeCsv) -> None:
    lines = ["", ",,,", "荷塘区2022年3月主要经济指标,,,", "单位：亿元", "指标,单位,本月,增速"]
    drop = read_drop(make_csv([*lines, "地区生产总值,亿元,30.1,6.0"]))
    assert (drop.layout, drop.title, drop.period) == (
        "bureau",
        "荷塘区2022年3月主要经济指标",
        "2022-03",
    )
    assert [(r.row_number, r.column, r.value) for r in drop.rows] == [
        (6, "本月", 30.1),
        (6, "增速", 6.0),
    ]


def test_long_header_in_any_order_with_title(make_csv: MakeCsv) -> None:
    lines = [
        "荷塘区数据",
        "Value,Period,Indicator,Region_Code",
        "8.9,2022-03,industrial_va_growth,430202",
    ]
    drop = read_drop(make_csv(lines))
    assert (drop.layout, drop.title, drop.region_code, drop.period) == (
        "long",
        "荷塘区数据",
        None,
        None,
    )
    row = drop.rows[0]
    assert (row.row_number, row.column, row.period, row.value, row.unit) == (
        3,
        "Value",
        "2022-03",
        8.9,
        None,
    )


def test_unsupported_extension() -> None:
    with pytest.raises(DropReadError, match=r"^drop\.xls: unsupported file type '\.xls'"):
        read_drop(Path("drop.xls"))


def test_csv_suffix_is_case_insensitive(make_csv: MakeCsv) -> None:
    drop = read_drop(make_csv(["指标,1-3月", "地区生产总值,98.52"], "荷塘区2022Q1.CSV"))
    assert (drop.layout, drop.region_code, drop.period) == ("bureau", "430202", "2022-Q1")
    assert drop.rows[0].value == 98.52


def test_xlsx_renamed_csv_is_not_an_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_text("指标,1-3月\n", encoding="utf-8")
    with pytest.raises(DropReadError, match=r"^bad\.xlsx: cannot open as xlsx"):
        read_drop(path)


def test_missing_file_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(DropReadError, match=r"^gone\.csv: cannot read file"):
        read_drop(tmp_path / "gone.csv")
