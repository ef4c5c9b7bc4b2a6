"""Bulletins and report prose (SPEC §4.10): figures from sentences, parts never the whole."""

from __future__ import annotations

import pytest

from .layout_helpers import grid, prose, values

TITLE = "荷塘区2022年国民经济和社会发展统计公报"


def test_second_industry_clause_after_gdp_never_feeds_gdp() -> None:
    # Trap: "第二产业增加值…增长7.8%" after the GDP sentence.
    drop = prose(
        [TITLE, "初步核算，全年地区生产总值441.26亿元，比上年增长7.6%。其中，第一产业增加值12.30亿元，"
         "增长3.1%；第二产业增加值178.45亿元，增长7.8%。"]
    )  # fmt: skip
    assert (drop.region_code, drop.period) == ("430202", "2022")
    assert values(drop) == {"gdp": 441.26, "gdp_growth": 7.6}


def test_decline_is_negative_except_for_an_indicator_that_is_the_decline() -> None:
    # Trap: "下降2.4%" as −2.4.
    drop = prose(
        [TITLE, "全年进出口总额15.87亿元，比上年下降2.4%。全年单位地区生产总值能耗下降2.4%。"]
    )
    assert values(drop) == {
        "imports_exports": 15.87,
        "imports_exports_growth": -2.4,
        "energy_intensity_decline": 2.4,
    }


def test_part_clauses_and_own_indicators_after_qizhong() -> None:
    drop = prose(
        [TITLE, "全年社会消费品零售总额182.63亿元，比上年增长7.4%。其中，限额以上社会消费品零售总额73.05亿元，增长9.2%。",
         "全年规模以上工业增加值比上年增长9.1%。分行业看，制造业增加值增长9.6%。",
         "全年全体居民人均可支配收入52846元，比上年增长7.9%。其中，城镇居民人均可支配收入58321元，增长7.5%。"]
    )  # fmt: skip
    assert values(drop) == {
        "retail_sales": 182.63,
        "retail_sales_growth": 7.4,
        "industrial_va_growth": 9.1,
        "disposable_income": 52846,
        "disposable_income_growth": 7.9,
        "urban_disposable_income": 58321,
        "urban_disposable_income_growth": 7.5,
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("全年居民消费价格比上年上涨2.1%。", {"cpi_increase": 2.1}),
        ("年末城镇调查失业率为5.3%。", {"urban_unemployment_rate": 5.3}),
        ("全年综合能源消费量48.6万吨标准煤。", {"energy_consumption_total": 48.6}),
        (
            "全年地方一般公共预算收入265800万元，增长7.7%。",
            {"budget_revenue": 26.58, "budget_revenue_growth": 7.7},
        ),
    ],
)
def test_level_rate_and_growth_wordings(sentence: str, expected: dict[str, float]) -> None:
    assert values(prose([TITLE, sentence])) == expected


def test_each_figure_keeps_its_sentence_and_unreadable_ones_are_findings() -> None:
    drop = prose(
        [
            TITLE,
            "全年粮食总产量保持稳定，完成省、市下达的目标任务。全年固定资产投资比上年增长6.2%。",
        ]
    )
    assert [(r.indicator_name, r.raw_value) for r in drop.rows] == [
        ("固定资产投资", "全年固定资产投资比上年增长6.2%。")
    ]
    assert [(f.row_number, f.indicator_name) for f in drop.findings] == [(2, "粮食总产量")]


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("荷塘区2022年1-6月经济运行情况", "2022-06"),
        ("荷塘区2022年上半年国民经济运行情况", "2022-Q2"),
        ("荷塘区2022年统计公报", "2022"),
    ],
)
def test_period_from_the_title(title: str, period: str) -> None:
    assert prose([title, "全年固定资产投资比上年增长6.2%。"]).period == period


def test_a_table_in_the_bulletin_loads_with_the_bulletin_period() -> None:
    table = [
        ["2022年重点民生指标完成情况"] * 4,
        ["指标", "单位", "全年目标", "累计完成"],
        ["新增城镇就业", "人", "8800", "9120"],
    ]
    assert values(prose([TITLE], [table])) == {"new_urban_jobs": 9120}
    assert grid(table[1:], "荷塘区_2022Q2.csv").period == "2022-Q2"


def test_bulletin_leads_before_a_name() -> None:
    drop = prose(
        [
            "荷塘区2022年1-9月经济运行简况",
            "1-9月，全区规模以上工业增加值同比增长8.8%。前三季度荷塘区地区生产总值增长7.1%。",
        ]
    )
    assert values(drop) == {"industrial_va_growth": 8.8, "gdp_growth": 7.1}
    assert drop.period == "2022-09"
