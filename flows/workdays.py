"""China's working-day calendar, for response deadlines (SPEC §7: as-of date + N working days).

Public holidays and the weekend days worked in their place (调休) come from the maintained
`chinese-calendar` package, which knows each year once the State Council has published its
schedule (usually in the November before). For a year it does not know yet, the calendar falls
back to Monday-Friday for that year and logs one warning per year and process: a deadline in
such a year may then fall on a holiday, and upgrading `chinese-calendar` fixes it.
"""

from __future__ import annotations

import functools
import logging
from datetime import date, timedelta

import chinese_calendar

log = logging.getLogger(__name__)


@functools.cache
def holiday_schedule_known(year: int) -> bool:
    """Whether `chinese-calendar` has the official holiday schedule of `year`."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        log.warning(
            "chinese-calendar 不含%d年的法定节假日安排，该年按周一至周五计算工作日；"
            "chinese-calendar has no holiday schedule for %d: counting Monday-Friday as working "
            "days for that year (upgrade chinese-calendar once the schedule is published)",
            year,
            year,
        )
        return False
    return True


def is_working_day(day: date) -> bool:
    """Whether `day` is a working day in China (holidays off, make-up weekend days worked)."""
    if holiday_schedule_known(day.year):
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (day 1 is the first working day after it; n=0: start)."""
    if n < 0:
        raise ValueError(
            f"工作日数不能为负数（{n}）；the number of working days must not be negative ({n})"
        )
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        counted += is_working_day(day)
    return day
