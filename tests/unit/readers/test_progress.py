"""Task progress reports: header wording, 截至 periods, annual target and done columns."""

from __future__ import annotations

import pytest

from flows.readers import read_drop
from flows.readers.progress import match_header

from .conftest import MakeCsv, MakeXlsx

SPEC_4_3 = [
    "荷塘区2022年重点工作任务完成情况(截至3月底)",
    "指标,单位,全年目标,累计完成",
    "新增城镇就业,人,8800,2310",
    "新增市场主体,户,8500,2050",
]


def test_spec_example_gbk(make_csv: MakeCsv) -> None:
    drop = read_drop(make_csv(SPEC_4_3, encoding="gbk"))
    assert (drop.layout, drop.encoding, drop.region_code, drop.period) == (
        "progress",
        "gb18030",
        "430202",
        "2022-03",
    )
    got = [(r.row_number, r.column, r.role, r.indicator_name, r.unit, r.value) for r in drop.rows]
    assert got == [
        (3, "全年目标", "annual_target", "新增城镇就业", "人", 8800.0),
        (3, "累计完成", "value", "新增城镇就业", "人", 2310.0),
        (4, "全年目标", "annual_target", "新增市场主体", "户", 8500.0),
        (4, "累计完成", "value", "新增市场主体", "户", 2050.0),
    ]


@pytest.mark.parametrize("indicator", ["指标", "指标名称", "项目", "任务"])
@pytest.mark.parametrize("target", ["全年目标", "年度目标", "目标"])
@pytest.mark.parametrize("done", ["累计完成", "完成", "完成数"])
def test_header_wording(indicator: str, target: str, done: str) -> None:
    assert match_header([indicator, "单位", target, done, "完成率(%)"]) == {
        "indicator": 0,
        "unit": 1,
        "annual_target": 2,
        "value": 3,
    }


@pytest.mark.parametrize(
    "cells",
    [
        ["指标", "全年目标"],
        ["指标", "累计完成"],
        ["全年目标", "累计完成"],
        ["指标", "1-3月", "增速"],
    ],
)
def test_not_a_progress_header(cells: list[str]) -> None:
    assert match_header(cells) is None


def test_progress_wins_over_bureau_and_extra_columns_ignored(make_csv: MakeCsv) -> None:
    lines = [
        "荷塘区2022年重点项目推进情况（截止6月末）",
        "任务,计量单位,年度目标,完成数,完成率(%),增速",
        "实施重点项目,个,131,70,53.4,",
    ]
    drop = read_drop(make_csv(lines))
    assert (drop.layout, drop.period) == ("progress", "2022-06")
    assert [(r.column, r.role, r.value) for r in drop.rows] == [
        ("年度目标", "annual_target", 131.0),
        ("完成数", "value", 70.0),
    ]


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("荷塘区2022年重点工作任务完成情况(截至3月底)", "2022-03"),
        ("荷塘区重点工作任务完成情况（截至2022年6月底）", "2022-06"),
        ("荷塘区2022年重点工作任务完成情况(截止6月末)", "2022-06"),
        ("荷塘区2022年度重点工作任务完成情况(截至9月底)", "2022-09"),
        ("荷塘区2022年重点工作任务完成情况(截至一季度末)", "2022-Q1"),
        ("荷塘区2022年重点工作任务全年完成情况", "2022"),
    ],
)
def test_up_to_wording(make_csv: MakeCsv, title: str, period: str) -> None:
    drop = read_drop(make_csv([title, *SPEC_4_3[1:]]))
    assert drop.period == period


def test_xlsx_with_merged_title(make_xlsx: MakeXlsx) -> None:
    rows: list[list[object]] = [
        ["指标", "单位", "全年目标", "累计完成"],
        ["新增城镇就业", "人", 8800, 2310.0],
    ]
    drop = read_drop(make_xlsx(rows, title=SPEC_4_3[0]))
    assert (drop.title, drop.period) == (SPEC_4_3[0], "2022-03")
    assert [(r.row_number, r.raw_value, r.value) for r in drop.rows] == [
        (3, "8800", 8800.0),
        (3, "2310", 2310.0),
    ]
