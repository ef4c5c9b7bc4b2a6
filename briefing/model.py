"""The monthly briefing (通报) as data: what the writers print, filled from the marts by the caller.

The model holds figures as the marts give them (SPEC §5, §7): `actual`, `target_value` and
`expected` in the target's unit, shares (`time_progress`, `progress_ratio`) as fractions of 1.
It is checked when built, so a writer never meets a status it cannot name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

Status = Literal["on_track", "at_risk", "shortfall", "no_data"]
Kind = Literal["rate", "cumulative", "relative", "external", "milestone"]
Direction = Literal["min", "max"]
Severity = Literal["warning", "critical"]
ResponseState = Literal["awaiting", "responded", "overdue"]

STATUSES: tuple[Status, ...] = get_args(Status)
STATUS_ZH: dict[Status, str] = {
    "on_track": "达标",
    "at_risk": "预警",
    "shortfall": "未达标",
    "no_data": "无数据",
}
STATUS_EN: dict[Status, str] = {
    "on_track": "On track",
    "at_risk": "At risk",
    "shortfall": "Shortfall",
    "no_data": "No data",
}
# The dashboard's colours (dashboard/shaping.py), so a printed briefing reads like the screen.
STATUS_COLOURS: dict[Status, str] = {
    "on_track": "#2e7d32",
    "at_risk": "#ef8f00",
    "shortfall": "#c62828",
    "no_data": "#9e9e9e",
}
SEVERITY_ZH: dict[Severity, str] = {"warning": "黄色预警", "critical": "红色预警"}
RESPONSE_STATE_ZH: dict[ResponseState, str] = {
    "awaiting": "待反馈",
    "responded": "已反馈",
    "overdue": "逾期未反馈",
}
# The catalog's sections (expectations/catalog/*.yaml), in the order of the work report.
SECTION_ZH: dict[str, str] = {
    "development": "主要发展目标",
    "task": "量化任务",
    "milestone": "重点工程",
}


def _check_choice(value: str, choices: tuple[str, ...], field: str, where: str) -> None:
    if value not in choices:
        raise ValueError(
            f"{where}：{field} 取值“{value}”无效，应为 {' / '.join(choices)}；"
            f"{where}: {field} {value!r} is not one of {', '.join(choices)}"
        )


@dataclass(frozen=True)
class ScoreRow:
    """One target's line of the scorecard for the briefing's period."""

    target_code: str
    name_zh: str
    name_en: str
    section: str
    kind: Kind
    unit: str
    status: Status
    actual: float | None
    target_value: float | None
    expected: float | None
    time_progress: float | None
    progress_ratio: float | None
    gap: float | None
    rank_text: str | None
    department: str | None
    direction: Direction = "min"

    def __post_init__(self) -> None:
        where = f"目标 {self.target_code}"
        _check_choice(self.status, STATUSES, "status", where)
        _check_choice(self.kind, get_args(Kind), "kind", where)
        _check_choice(self.direction, get_args(Direction), "direction", where)


@dataclass(frozen=True)
class LaggingRow:
    """A target whose alert is open: who answers for it and what they answered."""

    target_code: str
    name: str
    department: str | None
    leader: str | None
    status: Status
    severity: Severity
    lag_periods: int
    escalated: bool
    escalation_reason: str | None
    message: str
    response_state: ResponseState
    response_due: date | None
    explanation: str | None = None
    measures: str | None = None
    responded_by: str | None = None

    def __post_init__(self) -> None:
        where = f"滞后目标 {self.target_code}"
        _check_choice(self.status, STATUSES, "status", where)
        _check_choice(self.severity, get_args(Severity), "severity", where)
        _check_choice(self.response_state, get_args(ResponseState), "response_state", where)
        if self.lag_periods < 0:
            raise ValueError(
                f"{where}：lag_periods 不能为负数（{self.lag_periods}）；"
                f"{where}: lag_periods must not be negative ({self.lag_periods})"
            )


@dataclass(frozen=True)
class ChartPoint:
    """One period of a chart: its label, the month it ends in, the actual and what was expected."""

    period_label: str
    month: int
    actual: float | None
    expected: float | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(
                f"图表期别“{self.period_label}”的月份 {self.month} 不在1-12之间；"
                f"chart period {self.period_label!r}: month {self.month} is not within 1-12"
            )


@dataclass(frozen=True)
class ChartSeries:
    """A lagging target's series for its chart.

    `target_value` is the annual target: the target line of a rate, the end of the
    time-progress path (value × month/12) of a cumulative task. A point's `expected` is the
    mart's expected value for its period (the on-track threshold, or GDP growth for `relative`).
    """

    target_code: str
    name_zh: str
    unit: str
    kind: Kind
    points: tuple[ChartPoint, ...]
    target_value: float | None
    direction: Direction = "min"

    def __post_init__(self) -> None:
        _check_choice(self.kind, get_args(Kind), "kind", f"图表 {self.target_code}")


@dataclass(frozen=True)
class Briefing:
    """The briefing of one region and period; `counts` are derived from the scorecard."""

    region_code: str
    region_name: str
    year: int
    period: str
    period_label: str
    as_of: date
    issued: date
    synthetic: bool
    targets: tuple[ScoreRow, ...]
    lagging: tuple[LaggingRow, ...] = ()
    charts: tuple[ChartSeries, ...] = ()
    issuer: str | None = None

    @property
    def counts(self) -> dict[Status, int]:
        """Targets by status, every status present (0 where none)."""
        seen = Counter(row.status for row in self.targets)
        return {status: seen[status] for status in STATUSES}

    def rows_with(self, status: Status) -> list[ScoreRow]:
        """The scorecard rows of one status, in scorecard order."""
        return [row for row in self.targets if row.status == status]
