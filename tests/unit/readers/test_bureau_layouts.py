"""Bureau tables as offices publish them (SPEC §4.7): headers, units, month/YTD, sub-items, notes."""

from __future__ import annotations

import pytest

from .layout_helpers import cells, grid, unmapped, values

TITLE = "荷塘区2022年1-9月主要经济指标"


@pytest.mark.parametrize("indicator", ["项目", "指标", "指标名称"])
@pytest.mark.parametrize("ytd", ["本年累计", "本月止累计", "1-本月", "累计", "1-9月"])
@pytest.mark.parametrize("growth", ["±%", "增减(%)", "比上年同期±%", "比上年同期增长(%)"])
def test_header_wording_variants(indicator: str, ytd: str, growth: str) -> None:
    drop = grid(
        [[TITLE], [indicator, "单位", ytd, growth], ["地区生产总值", "亿元", "318.75", "7.1"]]
    )
    assert values(drop) == {"gdp": 318.75, "gdp_growth": 7.1}


@pytest.mark.parametrize("month", ["本月", "当月", "9月"])
def test_month_beside_ytd_columns_ytd_is_the_observation(month: str) -> None:
    drop = grid(
        [
            [TITLE],
            ["项目", month, "比去年同月增长(%)", "1-本月", "比去年同期增长(%)"],
            ["规模以上工业增加值(亿元)", "12.31", "9.5", "98.76", "8.8"],
            ["城镇调查失业率(%)", "5.2", "——", "5.4", "——"],
            ["居民消费价格指数(上年同期=100)", "102.8", "/", "102.4", "/"],
        ]
    )
    # Trap: the month's unemployment rate (5.2), not the 1-9月 average (5.4), beside YTD growth;
    # the price index's 1-本月 column is its average, increase = index − 100.
    assert values(drop) == {
        "industrial_va": 98.76,
        "industrial_va_growth": 8.8,
        "urban_unemployment_rate": 5.2,
        "cpi_increase": 2.4,
    }
    roles = {c.role for c in cells(drop)}
    assert roles == {"ytd_value", "ytd_growth", "month_value", "month_growth"}


def test_month_only_table_reads_the_month_as_the_period() -> None:
    drop = grid(
        [["荷塘区2022年3月主要经济指标"], ["指标", "本月", "增速"], ["城镇调查失业率", "5.2", ""]]
    )
    assert (drop.period, values(drop)) == ("2022-03", {"urban_unemployment_rate": 5.2})


def test_two_row_merged_header_spread() -> None:
    rows = [
        [TITLE] * 5,
        ["指标名称", "计量单位", "1-9月", "1-9月", "上年同期"],
        ["指标名称", "计量单位", "绝对量", "比上年同期增长(%)", "上年同期"],
        ["社会消费品零售总额", "亿元", "152.36", "7.3%", "141.99"],
    ]
    drop = grid(rows)
    assert values(drop) == {"retail_sales": 152.36, "retail_sales_growth": 7.3}
    assert [r.column for r in drop.rows] == ["1-9月 绝对量", "1-9月 比上年同期增长(%)"]


@pytest.mark.parametrize(
    "label",
    ["地方一般公共预算收入(万元)", "地方一般公共预算收入（万元）", "地方一般公共预算收入 （万元）"],
)
def test_unit_in_the_row_label_is_converted(label: str) -> None:
    drop = grid([[TITLE], ["项目", "1-9月", "增长%"], [label, "198,765", "7.5"]])
    assert values(drop) == {"budget_revenue": 19.8765, "budget_revenue_growth": 7.5}
    assert drop.rows[0].indicator_name == "地方一般公共预算收入"


def test_unit_in_the_header_is_converted() -> None:
    drop = grid(
        [[TITLE], ["指标", "1-9月(万元)", "增速(%)"], ["地方一般公共预算收入", "198765", "7.5"]]
    )
    assert values(drop) == {"budget_revenue": 19.8765, "budget_revenue_growth": 7.5}


@pytest.mark.parametrize(
    "sub",
    [
        "其中：限额以上社会消费品零售总额",
        "其中:限额以上社会消费品零售总额",
        "#限额以上社会消费品零售总额",
        "  限额以上社会消费品零售总额",
        "\u3000\u3000限额以上社会消费品零售总额",
        "其中：社会消费品零售总额(限额以上)",
        "#社会消费品零售总额（限额以上）",
    ],
)
def test_sub_item_never_stands_for_its_parent(sub: str) -> None:
    # Trap: "其中：限额以上…" under 社会消费品零售总额.
    drop = grid(
        [[TITLE], ["指标", "单位", "1-9月", "增长%"], ["社会消费品零售总额", "亿元", "152.36", "7.3"],
         [sub, "亿元", "61.08", "9.6"]]
    )  # fmt: skip
    assert values(drop) == {"retail_sales": 152.36, "retail_sales_growth": 7.3}
    assert {r.part_of for r in drop.rows if r.row_number == 4} == {"社会消费品零售总额"}


def test_sub_item_of_its_own_name_loads_and_indent_under_a_heading_is_no_sub_item() -> None:
    drop = grid(
        [[TITLE], ["指标", "单位", "1-9月", "增长%"], ["一、收入", "", "", ""],
         ["  全体居民人均可支配收入", "元", "39472", "6.4"],
         ["  其中：城镇居民人均可支配收入", "元", "45678", "6.1"]]
    )  # fmt: skip
    assert values(drop) == {
        "disposable_income": 39472,
        "disposable_income_growth": 6.4,
        "urban_disposable_income": 45678,
        "urban_disposable_income_growth": 6.1,
    }


@pytest.mark.parametrize("mark", ["―", "－", "——", "–", "/", "无", "—", "…"])
def test_empty_marks(mark: str) -> None:
    drop = grid([[TITLE], ["指标", "1-9月", "增长%"], ["固定资产投资", mark, "6.5"]])
    assert values(drop) == {"fai_growth": 6.5}
    assert all(c.problem is None for c in cells(drop))


@pytest.mark.parametrize(
    "note",
    [
        "注：本表为初步数。",
        "说明：增速按可比价计算",
        "备注：",
        "数据来源：区统计局",
        "资料来源：区统计局",
    ],
)
def test_notes_rows_kept_not_data_not_unmapped(note: str) -> None:
    drop = grid(
        [[TITLE], ["指标", "1-9月", "增长%"], ["固定资产投资", "", "6.5"], [note], ["2. 续行"]]
    )
    assert [(r.role, r.raw_value) for r in drop.rows if r.role == "note"] == [
        ("note", note),
        ("note", "2. 续行"),
    ]
    assert unmapped(drop) == []
    assert values(drop) == {"fai_growth": 6.5}


def test_rank_and_last_year_columns_are_not_figures() -> None:
    drop = grid(
        [[TITLE], ["指标", "1-9月", "增长%", "上年同期", "全市排位"], ["地区生产总值", "318.75", "7.1", "297.62", "3"]]
    )  # fmt: skip
    assert [r.column for r in drop.rows] == ["1-9月", "增长%"]


def test_section_rows_merged_across_are_no_indicators() -> None:
    drop = grid(
        [[TITLE], ["指标", "1-9月", "增长%"], ["一、工业"] * 3, ["规模以上工业增加值", "98.76", "8.8"],
         ["二、投资", "", ""], ["固定资产投资", "", "6.5"]]
    )  # fmt: skip
    assert values(drop) == {"industrial_va": 98.76, "industrial_va_growth": 8.8, "fai_growth": 6.5}
    assert unmapped(drop) == []


@pytest.mark.parametrize(
    ("label", "value", "expected"),
    [
        ("居民消费价格总指数(CPI)", "102.4", {"cpi_increase": 2.4}),
        ("居民消费价格(上年同期=100)", "102.4", {"cpi_increase": 2.4}),
        ("规上工业增加值", "98.76", {"industrial_va": 98.76}),
        ("城镇新增就业(人)", "7336", {"new_urban_jobs": 7336}),
        ("新增城镇就业", "7336", {"new_urban_jobs": 7336}),
    ],
)
def test_names_offices_use(label: str, value: str, expected: dict[str, float]) -> None:
    assert values(grid([[TITLE], ["指标", "1-9月"], [label, value]])) == expected


def test_period_in_a_subtitle_and_two_row_month_and_ytd_groups() -> None:
    rows = [
        ["荷塘区主要经济指标"],
        ["（2022年1-9月）"],
        ["指标", "单位", "本月", "本月", "1-9月", "1-9月"],
        ["指标", "单位", "绝对量", "增长(%)", "绝对量", "增长(%)"],
        ["规模以上工业增加值", "亿元", "12.31", "9.5", "98.76", "8.8"],
        ["城镇调查失业率", "%", "5.2", "", "5.4", ""],
    ]
    drop = grid(rows)
    assert (drop.title, drop.period) == ("荷塘区主要经济指标", "2022-09")
    assert values(drop) == {
        "industrial_va": 98.76,
        "industrial_va_growth": 8.8,
        "urban_unemployment_rate": 5.2,
    }
