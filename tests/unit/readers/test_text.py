"""Decoding, numbers, periods and regions as written in drops."""

from __future__ import annotations

import pytest

from flows.readers import DropReadError
from flows.readers.text import (
    decode,
    find_year,
    is_note,
    parse_number,
    parse_period,
    period_from_text,
    region_from_text,
)

REGIONS = {"荷塘区": "430202", "株洲市荷塘区": "430202", "芦淞区": "430203"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("98.52", 98.52),
        ("61234", 61234.0),
        ("８．５", 8.5),
        ("８５", 85.0),
        ("8.5%", 8.5),
        ("8.5％", 8.5),
        (" 8.5 % ", 8.5),
        ("12,345", 12345.0),
        ("12,345.6", 12345.6),
        ("1，234，567", 1234567.0),
        ("+3.2", 3.2),
        ("-3.2", -3.2),
        ("－3.2", -3.2),
        ("−3.2", -3.2),
        ("0", 0.0),
        (".5", 0.5),
        ("1e-05", 0.00001),
    ],
)
def test_parse_number_reads_figures(text: str, expected: float) -> None:
    assert parse_number(text) == (expected, None)


@pytest.mark.parametrize(
    "text", ["", "  ", "—", "——", "–", "-", "--", "－", "…", "……", "...", "/", "／"]
)
def test_parse_number_missing_markers(text: str) -> None:
    assert parse_number(text) == (None, None)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("8.x", "'8.x' is not a number"),
        ("约8.5", "'约8.5' is not a number"),
        ("1,2345", "'1,2345' is not a number"),
        ("%", "'%' is not a number"),
        ("nan", "'nan' is not a number"),
        ("inf", "'inf' is not a number"),
        ("1_000", "'1_000' is not a number"),
        ("#DIV/0!", "'#DIV/0!' is not a number"),
        (" 8.x ", "'8.x' is not a number"),
    ],
)
def test_parse_number_reports_unreadable_text(text: str, error: str) -> None:
    assert parse_number(text) == (None, error)


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("2022年1-3月", "2022-03"),
        ("2022年1-2月", "2022-02"),
        ("2022年1～3月", "2022-03"),
        ("2022年1~3月", "2022-03"),
        ("2022年1—3月", "2022-03"),
        ("2022年1－3月", "2022-03"),
        ("2022年1至3月", "2022-03"),
        ("2022年1-6月", "2022-06"),
        ("2022年１－３月", "2022-03"),
        ("2022年3月", "2022-03"),
        ("2022年12月", "2022-12"),
        ("2022年三月", "2022-03"),
        ("2022年一季度", "2022-Q1"),
        ("2022年第一季度", "2022-Q1"),
        ("2022年1季度", "2022-Q1"),
        ("2022年第二季度", "2022-Q2"),
        ("2022年上半年", "2022-Q2"),
        ("2022年前三季度", "2022-Q3"),
        ("2022年前两个季度", "2022-Q2"),
        ("2022年前三个月", "2022-03"),
        ("2022年1-3季度", "2022-Q3"),
        ("2022年全年", "2022"),
        ("2022年度", "2022"),
        ("2022年1-12月", "2022-12"),
        ("荷塘区2022年1-3月主要经济指标（合成演示数据，非官方统计）", "2022-03"),
        ("荷塘区2022年重点工作任务完成情况(截至3月底)", "2022-03"),
        ("荷塘区2022年重点工作任务完成情况（截至2022年6月底）", "2022-06"),
        ("荷塘区2022年重点工作 截止6月末", "2022-06"),
        ("2022年度重点工作(截至9月底)", "2022-09"),
        ("荷塘区 2022 年 1-3 月 主要经济指标", "2022-03"),
        ("荷塘区主要经济指标 2022-03", "2022-03"),
        ("株洲市荷塘区2022年一季度主要经济指标", "2022-Q1"),
    ],
)
def test_period_from_title(title: str, period: str) -> None:
    assert period_from_text(title) == period


@pytest.mark.parametrize(
    "title",
    [
        "荷塘区2022年主要经济指标",
        "荷塘区主要经济指标",
        "荷塘区2022年2-3月主要经济指标",
        "2022年13月",
    ],
)
def test_title_without_a_period(title: str) -> None:
    assert period_from_text(title) is None


def test_title_period_without_year_takes_the_default_year() -> None:
    assert period_from_text("荷塘区1-3月主要经济指标", default_year="2022") == "2022-03"
    assert period_from_text("荷塘区1-3月主要经济指标") is None


@pytest.mark.parametrize(
    ("stem", "period"),
    [
        ("bureau_2022-03", "2022-03"),
        ("bureau_430202_202203", "2022-03"),
        ("荷塘区2022年1-3月主要经济指标", "2022-03"),
        ("hetang_2022Q1", "2022-Q1"),
        ("hetang_2022q1", "2022-Q1"),
        ("hetang-2022-Q1", "2022-Q1"),
        ("2022年一季度", "2022-Q1"),
        ("monthly_20220331", "2022-03"),
    ],
)
def test_period_from_file_name(stem: str, period: str) -> None:
    assert period_from_text(stem) == period


@pytest.mark.parametrize(
    ("cell", "period"),
    [
        ("2022-03", "2022-03"),
        ("2022-3", "2022-03"),
        ("202203", "2022-03"),
        ("2022/03", "2022-03"),
        ("2022-03-01", "2022-03"),
        ("2022-Q1", "2022-Q1"),
        ("2022Q1", "2022-Q1"),
        ("2022q4", "2022-Q4"),
        ("2022年3月", "2022-03"),
        ("2022年1-3月", "2022-03"),
        ("2022年上半年", "2022-Q2"),
        ("2022", "2022"),
        ("2022年", "2022"),
        (" 2022-12 ", "2022-12"),
    ],
)
def test_parse_period_cells(cell: str, period: str) -> None:
    assert parse_period(cell) == period


@pytest.mark.parametrize("cell", ["", "2022-13", "2022-Q5", "202213", "3月", "Q1", "soon"])
def test_parse_period_rejects(cell: str) -> None:
    assert parse_period(cell) is None


@pytest.mark.parametrize(
    ("text", "year"),
    [("荷塘区2022年", "2022"), ("x_202203", "2022"), ("20220331", "2022"), ("430202", None)],
)
def test_find_year(text: str, year: str | None) -> None:
    assert find_year(text) == year


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("荷塘区2022年1-3月主要经济指标", "430202"),
        ("株洲市荷塘区2022年1-3月", "430202"),
        ("芦淞区2022年1-3月", "430203"),
        ("430202主要经济指标", "430202"),
        ("drop_430202_2022-03", "430202"),
        ("2022年1-3月主要经济指标", None),
        ("monthly_202203", None),
        ("monthly_20220331", None),
    ],
)
def test_region_from_text(text: str, code: str | None) -> None:
    assert region_from_text(text, REGIONS) == code


def test_decode_by_bytes() -> None:
    text = "指标,1-3月\r\n"
    assert decode(text.encode("utf-8-sig"), "a.csv") == (text, "utf-8-sig")
    assert decode(text.encode("utf-8"), "a.csv") == (text, "utf-8")
    assert decode(text.encode("gbk"), "a.csv") == (text, "gb18030")
    assert decode("指标,1–3月\r\n".encode("gb18030"), "a.csv") == ("指标,1–3月\r\n", "gb18030")


def test_decode_falls_back_to_charset_normalizer() -> None:
    text = "指标名称,计量单位,1-3月\r\n地区生产总值,亿元,98.52\r\n"
    decoded, encoding = decode(text.encode("utf-16"), "a.csv")
    assert encoding.replace("_", "-").startswith("utf-16")
    assert decoded.lstrip("\ufeff") == text


def test_decode_gives_up_with_a_read_error(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoGuess:
        def best(self) -> None:
            return None

    monkeypatch.setattr("charset_normalizer.from_bytes", lambda data: NoGuess())
    with pytest.raises(DropReadError) as caught:
        decode(b"\x80\xff\x80", "bin.csv")
    assert str(caught.value) == "bin.csv: cannot decode: not UTF-8 or GB18030 text"


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("注：本表数据为初步统计", True),
        ("注:1. 规模工业", True),
        ("注1：", True),
        ("说明：", True),
        ("数据来源：荷塘区统计局", True),
        ("资料来源:区统计局", True),
        ("注册资本", False),
        ("地区生产总值", False),
    ],
)
def test_is_note(text: str, note: bool) -> None:
    assert is_note(text) is note
