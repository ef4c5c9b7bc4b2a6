"""Progress tables as departments write them (SPEC §4.9): extra columns, text cells, status words."""

from __future__ import annotations

import pytest

from flows.readers.progress import completion

from .layout_helpers import cells, grid, values

TITLE = "荷塘区2022年重点工作任务完成情况（截至9月底）"


@pytest.mark.parametrize(
    ("raw", "unit", "value"),
    [
        ("完成7336人，完成率83.4%", "人", 7336),
        ("已完成380张", "张", 380),
        ("1,260（超额完成）", "个", 1260),
        ("完成投资98.6亿元，占年度计划的80.2%", "亿元", 98.6),
        ("完成率83.4%，完成7336人", "人", 7336),
        ("完成52家", None, 52),
        ("2310", "人", 2310),
        ("已建成", None, 1),
        ("已竣工", None, 1),
        ("已投入使用", None, 1),
        ("已开工", None, 1),
        ("正在推进", None, 0),
        ("主体完工", None, 0),
        ("前期工作", None, 0),
        ("未启动", None, 0),
        ("在建", None, 0),
    ],
)
def test_completion_cells(raw: str, unit: str | None, value: float) -> None:
    assert completion(raw, unit) == (value, None)


def test_completion_without_figure_or_status_word_is_unparseable() -> None:
    value, error = completion("情况良好", None)
    assert value is None
    assert error == "'情况良好' 读不出数字或完成状态 / has no figure or status word"


@pytest.mark.parametrize("task", ["工作任务", "任务名称", "项目名称"])
@pytest.mark.parametrize("done", ["完成情况", "完成进度", "进展情况"])
def test_header_wording_and_extra_columns(task: str, done: str) -> None:
    rows = [
        [TITLE],
        ["序号", task, "单位", "全年目标", done, "责任单位", "备注"],
        ["一、民生实事"] * 7,
        ["1", "新增城镇就业", "人", "8800", "完成7336人，完成率83.4%", "区人社局", "完成率83.4%"],
        ["2", "建成区文化馆、图书馆", "", "年内建成", "已建成", "区文旅广体局", "正在装修"],
    ]
    drop = grid(rows)
    assert (drop.layout, drop.period) == ("progress", "2022-09")
    assert values(drop) == {"new_urban_jobs": 7336, "culture_center_library": 1}
    assert {r.department for r in drop.rows} == {"区人社局", "区文旅广体局"}
    # A target in words ("年内建成") is no figure and no finding; a figure is compared.
    stated = [(c.indicator_code, c.value) for c in cells(drop) if c.role == "annual_target"]
    assert stated == [("new_urban_jobs", 8800.0)]


def test_status_words_are_catalog_data_and_no_catalog_themselves() -> None:
    from expectations.catalog import catalog_files, milestone_words
    from expectations.catalog.load import MILESTONE_WORDS

    words = milestone_words()
    assert {w: words[w] for w in ("已建成", "已启动", "主体完工", "正在推进")} == {
        "已建成": 1.0,
        "已启动": 1.0,
        "主体完工": 0.0,
        "正在推进": 0.0,
    }
    assert MILESTONE_WORDS.exists() and MILESTONE_WORDS not in catalog_files()
