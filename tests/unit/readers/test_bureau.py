"""Bureau monthly reports: header wording, cell oddities, title and file-name periods."""

from __future__ import annotations

import pytest

from flows.readers import DropReadError, read_drop
from flows.readers.bureau import match_header

from .conftest import MakeCsv, MakeXlsx

TITLE = "荷塘区2022年1-3月主要经济指标"


@pytest.mark.parametrize("indicator", ["指标", "指标名称", "指 标", "指标名称 "])
@pytest.mark.parametrize("unit", ["单位", "计量单位"])
@pytest.mark.parametrize(
    "value", ["本月", "1-3月", "1～3月", "1—3月", "3月", "累计", "本期", "绝对值", "本年累计"]
)
def test_header_value_wording(indicator: str, unit: str, value: str) -> None:
    assert match_header([indicator, unit, value, "增速"]) == {
        "indicator": 0,
        "unit": 1,
        "value": 2,
        "growth": 3,
    }


@pytest.mark.parametrize(
    "growth",
    [
        "同比增长(%)",
        "同比增长（%）",
        "增长%",
        "增长％",
        "比上年同期增长(%)",
        "增速",
        "同比±%",
        "比上年增长",
        "增幅(%)",
    ],
)
def test_header_growth_wording(growth: str) -> None:
    assert match_header(["指标名称", "计量单位", "1-3月", growth]) == {
        "indicator": 0,
        "unit": 1,
        "value": 2,
        "growth": 3,
    }


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["指标", "增长%"], {"indicator": 0, "growth": 1}),
        (["指标", "1-3月"], {"indicator": 0, "value": 1}),
        (
            ["指标", "单位", "本月", "增长%", "1-3月", "增长%"],
            {
                "indicator": 0,
                "unit": 1,
                "value": 4,
                "growth": 5,
                "month_value": 2,
                "month_growth": 3,
            },
        ),
        (["指标", "1-3月", "本月"], {"indicator": 0, "value": 1, "month_value": 2}),
        (["指标", "单位"], None),
        (["名称", "1-3月", "增速"], None),
        (["指标", "2-3月", "完成率(%)"], None),
    ],
)
def test_header_columns_chosen(cells: list[str], expected: dict[str, int] | None) -> None:
    assert match_header(cells) == expected


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_cell_oddities_csv(make_csv: MakeCsv, encoding: str) -> None:
    lines = [
        TITLE,
        "指标名称,计量单位,1-3月,同比增长(%)",
        "地区生产总值,亿元,—,-",
        "规模工业增加值,亿元,…,８．５",
        "固定资产投资,亿元,,8.5%",
        '进出口总额,万元,"12,345",+3.2',
        "工业用电量,万千瓦时,--,...",
        "社零总额,亿元,/,8.x",
    ]
    drop = read_drop(make_csv(lines, encoding=encoding))
    got = [(r.row_number, r.column, r.raw_value, r.value, r.error) for r in drop.rows]
    assert got == [
        (3, "1-3月", "—", None, None),
        (3, "同比增长(%)", "-", None, None),
        (4, "1-3月", "…", None, None),
        (4, "同比增长(%)", "８．５", 8.5, None),
        (5, "1-3月", "", None, None),
        (5, "同比增长(%)", "8.5%", 8.5, None),
        (6, "1-3月", "12,345", 12345.0, None),
        (6, "同比增长(%)", "+3.2", 3.2, None),
        (7, "1-3月", "--", None, None),
        (7, "同比增长(%)", "...", None, None),
        (8, "1-3月", "/", None, None),
        (8, "同比增长(%)", "8.x", None, "'8.x' is not a number"),
    ]


def test_cell_oddities_xlsx_with_merged_title(make_xlsx: MakeXlsx) -> None:
    rows: list[list[object]] = [
        ["指标名称", "计量单位", "1-3月", "增长%"],
        ["地区生产总值", "亿元", 98.52, "—"],
        ["规模工业增加值", "亿元", None, "８．５"],
        ["社零总额", "亿元", "8.x", 0.078],
    ]
    drop = read_drop(make_xlsx(rows, title=TITLE, formats={"D5": "0.0%"}))
    assert (drop.encoding, drop.title, drop.period) == ("xlsx", TITLE, "2022-03")
    got = [(r.row_number, r.column, r.role, r.raw_value, r.value, r.error) for r in drop.rows]
    assert got == [
        (3, "1-3月", "value", "98.52", 98.52, None),
        (3, "增长%", "growth", "—", None, None),
        (4, "1-3月", "value", "", None, None),
        (4, "增长%", "growth", "８．５", 8.5, None),
        (5, "1-3月", "value", "8.x", None, "'8.x' is not a number"),
        (5, "增长%", "growth", "7.8%", 7.8, None),
    ]


def test_headings_and_empty_indicators_skipped_notes_as_notes(make_csv: MakeCsv) -> None:
    lines = [
        TITLE,
        "指标,单位,本年累计,增速",
        "一、工业,,,",
        "  规模工业增加值  ,亿元,12.3,8.9",
        ",亿元,1,2",
        ",,,",
        "注：本表为合成演示数据。,,,",
        "2. 增速按可比价计算。",
    ]
    drop = read_drop(make_csv(lines))
    got = [(r.row_number, r.indicator_name, r.unit, r.role, r.value) for r in drop.rows]
    assert got == [  # the section row "一、工业" carries no figure and is no indicator
        (4, "规模工业增加值", "亿元", "value", 12.3),
        (4, "规模工业增加值", "亿元", "growth", 8.9),
        (7, "注：本表为合成演示数据。", None, "note", None),  # kept as a raw row, not data
        (8, "2. 增速按可比价计算。", None, "note", None),
    ]


def test_growth_only_report_without_unit_column(make_csv: MakeCsv) -> None:
    drop = read_drop(make_csv(["荷塘区2022年一季度主要指标增速", "指标,增速", "地区生产总值,6.3"]))
    assert (drop.period, drop.region_code) == ("2022-Q1", "430202")
    assert [(r.role, r.column, r.unit, r.value) for r in drop.rows] == [
        ("growth", "增速", None, 6.3)
    ]


def test_names_kept_as_written(make_csv: MakeCsv) -> None:
    lines = [TITLE, "指标,1-3月", "居民消费价格指数(上年同期=100),102.1", "社零总额,45.67"]
    drop = read_drop(make_csv(lines))
    assert [r.indicator_name for r in drop.rows] == ["居民消费价格指数(上年同期=100)", "社零总额"]


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("荷塘区2022年1-3月主要经济指标（合成演示数据，非官方统计）", "2022-03"),
        ("荷塘区2022年1-2月主要经济指标", "2022-02"),
        ("荷塘区2022年1～3月主要经济指标", "2022-03"),
        ("荷塘区2022年1—3月主要经济指标", "2022-03"),
        ("荷塘区2022年3月主要经济指标", "2022-03"),
        ("荷塘区2022年一季度主要经济指标", "2022-Q1"),
        ("荷塘区2022年第一季度主要经济指标", "2022-Q1"),
        ("荷塘区2022年1季度主要经济指标", "2022-Q1"),
        ("荷塘区2022年上半年主要经济指标", "2022-Q2"),
        ("荷塘区2022年前三季度主要经济指标", "2022-Q3"),
        ("荷塘区2022年1-3季度主要经济指标", "2022-Q3"),
        ("荷塘区2022年1-6月主要经济指标", "2022-06"),
        ("荷塘区2022年1-12月主要经济指标", "2022-12"),
        ("荷塘区2022年全年主要经济指标", "2022"),
        ("荷塘区2022年度主要经济指标", "2022"),
    ],
)
def test_period_from_title(make_csv: MakeCsv, title: str, period: str) -> None:
    drop = read_drop(make_csv([title, "指标名称,1-3月", "地区生产总值,98.52"], "monthly.csv"))
    assert (drop.title, drop.period, drop.rows[0].period) == (title, period, period)


@pytest.mark.parametrize(
    ("name", "period"),
    [
        ("hetang_2022-03.csv", "2022-03"),
        ("hetang_202203.csv", "2022-03"),
        ("荷塘区2022年1-3月主要经济指标.csv", "2022-03"),
        ("hetang_2022Q1.csv", "2022-Q1"),
        ("hetang_2022-Q1.csv", "2022-Q1"),
        ("荷塘区2022年一季度.csv", "2022-Q1"),
    ],
)
def test_period_from_file_name_when_title_has_none(
    make_csv: MakeCsv, name: str, period: str
) -> None:
    drop = read_drop(
        make_csv(["荷塘区2022年主要经济指标", "指标,本期", "地区生产总值,98.52"], name)
    )
    assert (drop.period, drop.region_code) == (period, "430202")


def test_period_from_file_name_when_there_is_no_title(make_csv: MakeCsv) -> None:
    drop = read_drop(make_csv(["指标,本期", "地区生产总值,98.52"], "430202_2022-06.csv"))
    assert (drop.title, drop.region_code, drop.period) == (None, "430202", "2022-06")


def test_title_month_with_year_from_file_name(make_csv: MakeCsv) -> None:
    drop = read_drop(
        make_csv(["荷塘区1-3月主要经济指标", "指标,本期", "地区生产总值,98.52"], "月报2022.csv")
    )
    assert drop.period == "2022-03"


def test_title_wins_over_file_name(make_csv: MakeCsv) -> None:
    drop = read_drop(make_csv([TITLE, "指标,本期", "地区生产总值,98.52"], "hetang_2021-12.csv"))
    assert drop.period == "2022-03"


def test_missing_period_names_file_and_title_row(make_csv: MakeCsv) -> None:
    path = make_csv(
        ["", "荷塘区2022年主要经济指标", "指标,本期", "地区生产总值,98.52"], "monthly.csv"
    )
    with pytest.raises(DropReadError) as caught:
        read_drop(path)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("monthly.csv", 2, None)
    assert str(caught.value) == (
        "monthly.csv: row 2: 缺少时期：标题和文件名都未给出 / period is missing: title '荷塘区2022年主要经济指标', "
        "and the file name gives none"
    )


def test_missing_period_without_title(make_csv: MakeCsv) -> None:
    with pytest.raises(
        DropReadError, match=r"^monthly\.csv: 缺少时期.* / period is missing: no title"
    ):
        read_drop(make_csv(["指标,本期", "地区生产总值,98.52"], "monthly.csv"))


@pytest.mark.parametrize(
    ("title", "name", "region"),
    [
        ("株洲市荷塘区2022年1-3月主要经济指标", "m.csv", "430202"),
        ("430202 2022年1-3月主要经济指标", "m.csv", "430202"),
        ("2022年1-3月主要经济指标", "荷塘区_m.csv", "430202"),
        ("2022年1-3月主要经济指标", "430202_m.csv", "430202"),
        ("2022年1-3月主要经济指标", "m_202203.csv", None),
        ("芦淞区2022年1-3月主要经济指标", "m.csv", "430203"),  # through the register
    ],
)
def test_region_from_title_then_file_name(
    make_csv: MakeCsv, title: str, name: str, region: str | None
) -> None:
    drop = read_drop(make_csv([title, "指标,本期", "地区生产总值,98.52"], name))
    assert (drop.region_code, drop.rows[0].region_code) == (region, region)


def test_regions_mapping_is_used(make_csv: MakeCsv) -> None:
    path = make_csv(["芦淞区2022年1-3月主要经济指标", "指标,本期", "地区生产总值,98.52"])
    assert read_drop(path, regions={"芦淞区": "430203"}).region_code == "430203"
