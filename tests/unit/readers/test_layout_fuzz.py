"""Any table or prose reaches a Drop or a DropReadError, never another exception (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.readers.base import DropReadError

from .layout_helpers import cells, grid, prose

# Words the readers look for, so that generated tables often pass header detection.
WORDS = ["指标", "项目", "单位", "1-9月", "本月", "1-本月", "增长%", "比去年同月增长(%)", "县市区",
         "工作任务", "全年目标", "完成情况", "责任单位", "全市", "荷塘区", "高新区", "其中：", "#",
         "　　", "注：", "地区生产总值(亿元)", "城镇调查失业率", "―", "无", "7.5", "1,260", "已建成",
         "完成7336人", "荷塘区2022年1-9月主要经济指标", "增长7.6%", "下降2.4%", "。", "，", "其中，"]  # fmt: skip
CELL = st.one_of(st.sampled_from(WORDS), st.text(max_size=8))
ROWS = st.lists(st.lists(CELL, max_size=7), max_size=8)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(ROWS)
def test_any_table_is_a_drop_or_a_read_error(rows: list[list[str]]) -> None:
    try:
        drop = grid(rows, "荷塘区_202209.csv", "Sheet1")
    except DropReadError as exc:
        assert exc.file == "荷塘区_202209.csv"
        assert " / " in exc.message  # Chinese and English
        return
    cells(drop)  # and its cells map without an exception


@SETTINGS
@given(st.lists(st.lists(CELL, max_size=12).map("".join), max_size=6))
def test_any_prose_is_a_drop_or_a_read_error(paragraphs: list[str]) -> None:
    try:
        drop = prose(["荷塘区2022年统计公报", *paragraphs])
    except DropReadError:
        return
    cells(drop)
