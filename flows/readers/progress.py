"""The task progress report (重点工作进度): 指标, 单位, 全年目标, 累计完成."""

from __future__ import annotations

from flows.readers.bureau import UNIT_HEADERS
from flows.readers.text import norm_header

INDICATOR_HEADERS = frozenset({"指标", "指标名称", "项目", "项目名称", "任务", "任务名称"})
TARGET_HEADERS = frozenset({"全年目标", "年度目标", "目标", "全年目标任务"})
DONE_HEADERS = frozenset({"累计完成", "完成", "完成数", "累计完成数"})
# Column key → the role of the figures it holds (flows.readers.bureau.wide_rows).
ROLES = (("annual_target", "annual_target"), ("value", "value"))
_COLUMNS = {
    "indicator": INDICATOR_HEADERS,
    "unit": UNIT_HEADERS,
    "annual_target": TARGET_HEADERS,
    "value": DONE_HEADERS,
}


def match_header(cells: list[str]) -> dict[str, int] | None:
    """Indicator, unit, annual-target and done column indices, if cells are a progress header."""
    columns: dict[str, int] = {}
    for index, text in enumerate(cells):
        name = norm_header(text)
        for key, accepted in _COLUMNS.items():
            if name in accepted:
                columns.setdefault(key, index)
    required = ("indicator", "annual_target", "value")
    return columns if all(key in columns for key in required) else None
