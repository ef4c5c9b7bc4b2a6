"""Regional comparison tables (SPEC §4.8): regions as rows through the register, indicators as columns."""

from __future__ import annotations

import pytest

from .layout_helpers import cells, grid, loaded, unmapped

TITLE = "株洲市2022年1-10月各县市区主要经济指标"
HEADER = ["县市区", "规模工业增加值增速(%)", "地方一般公共预算收入(万元)"]


@pytest.mark.parametrize("whole", ["全市", "合计", "全 市"])
def test_whole_city_row_is_the_title_region(whole: str) -> None:
    drop = grid([[TITLE], HEADER, [whole, "8.0", "2345678"], ["荷塘区", "8.8", "215432"]])
    assert (drop.layout, drop.region_code, drop.period) == ("regional", "430200", "2022-10")
    assert loaded(drop) == {
        ("430200", "industrial_va_growth", "2022-10"): 8.0,
        ("430200", "budget_revenue", "2022-10"): 234.5678,
        ("430202", "industrial_va_growth", "2022-10"): 8.8,
        ("430202", "budget_revenue", "2022-10"): 21.5432,
    }


def test_every_register_region_loads_and_an_unknown_name_is_one_unmapped_row() -> None:
    rows = [
        ["湖南省2022年1-10月各市州主要经济指标"],
        ["市州", "固定资产投资增速(%)"],
        ["全省", "6.6"],
        ["长沙市", "6.9"],
        ["株洲市", "7.1"],
        ["湘西土家族苗族自治州", "8.1"],
        ["湘江新区", "9.9"],  # not in the register
    ]
    drop = grid(rows)
    assert loaded(drop) == {
        ("430000", "fai_growth", "2022-10"): 6.6,
        ("430100", "fai_growth", "2022-10"): 6.9,
        ("430200", "fai_growth", "2022-10"): 7.1,
        ("433100", "fai_growth", "2022-10"): 8.1,
    }
    assert unmapped(drop) == ["湘江新区"]
    region_rows = [(r.row_number, r.role, r.raw_value) for r in drop.rows if r.role == "region"]
    assert region_rows[-1] == (7, "region", "湘江新区 9.9")


def test_counties_without_targets_and_short_names_inside_the_title_city() -> None:
    rows = [
        [TITLE],
        ["地区", "社会消费品零售总额增速(%)"],
        ["芦淞", "6.1"],
        ["攸县", "6.7"],
        ["醴陵市", "7.1"],
    ]
    assert loaded(grid(rows)) == {
        ("430203", "retail_sales_growth", "2022-10"): 6.1,
        ("430223", "retail_sales_growth", "2022-10"): 6.7,
        ("430281", "retail_sales_growth", "2022-10"): 7.1,
    }


def test_missing_cell_and_notes() -> None:
    rows = [[TITLE], HEADER, ["炎陵县", "—", "87654"], ["注：全市数据含市本级。"]]
    drop = grid(rows)
    assert loaded(drop) == {("430225", "budget_revenue", "2022-10"): 8.7654}
    assert [c.role for c in cells(drop)] == ["value", "value", "note"]


def test_two_row_header_groups_over_level_growth_and_rank() -> None:
    rows = [
        [TITLE] * 7,
        ["县市区", "规模工业增加值", "规模工业增加值", "地方一般公共预算收入", "地方一般公共预算收入",
         "地方一般公共预算收入", "固定资产投资增速(%)"],
        ["县市区", "增速(%)", "位次", "绝对值(万元)", "增长(%)", "位次", "固定资产投资增速(%)"],
        ["荷塘区", "8.8", "2", "215432", "7.6", "3", "6.6"],
    ]  # fmt: skip
    drop = grid(rows)
    assert loaded(drop) == {
        ("430202", "industrial_va_growth", "2022-10"): 8.8,
        ("430202", "budget_revenue", "2022-10"): 21.5432,
        ("430202", "budget_revenue_growth", "2022-10"): 7.6,
        ("430202", "fai_growth", "2022-10"): 6.6,
    }
    assert [r.column for r in drop.rows][:2] == [
        "规模工业增加值 增速(%)",
        "地方一般公共预算收入 绝对值(万元)",
    ]
