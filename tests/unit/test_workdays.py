"""China's working-day calendar: holidays, make-up working days (调休) and the unknown-year fallback."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from flows.workdays import add_working_days, holiday_schedule_known, is_working_day


def test_national_day_2022_skips_the_holiday_and_counts_the_make_up_weekend() -> None:
    # Sep 30 (Fri) = 1; Oct 1-7 off; Oct 8 (Sat) = 2 and Oct 9 (Sun) = 3 worked; Oct 10 = 4.
    assert add_working_days(date(2022, 9, 29), 5) == date(2022, 10, 11)
    assert not is_working_day(date(2022, 10, 3))
    assert is_working_day(date(2022, 10, 8))
    assert is_working_day(date(2022, 10, 9))


def test_spring_festival_2023_skips_the_holiday_and_counts_the_make_up_weekend() -> None:
    # Jan 20 (Fri) = 1; Jan 21-27 off; Jan 28 (Sat) = 2, Jan 29 (Sun) = 3; Jan 30 (Mon) = 4.
    assert add_working_days(date(2023, 1, 19), 3) == date(2023, 1, 29)
    assert add_working_days(date(2023, 1, 20), 1) == date(2023, 1, 28)
    assert add_working_days(date(2023, 1, 19), 4) == date(2023, 1, 30)
    assert [is_working_day(date(2023, 1, day)) for day in range(21, 30)] == [False] * 7 + [True] * 2


def test_a_plain_week_counts_monday_to_friday() -> None:
    assert add_working_days(date(2022, 11, 7), 5) == date(2022, 11, 14)
    assert add_working_days(date(2022, 11, 11), 1) == date(2022, 11, 14)  # Friday → Monday
    assert add_working_days(date(2022, 11, 12), 1) == date(2022, 11, 14)  # from a Saturday


def test_zero_working_days_is_the_start_itself_even_on_a_holiday() -> None:
    assert add_working_days(date(2022, 10, 1), 0) == date(2022, 10, 1)
    assert add_working_days(date(2022, 11, 8), 0) == date(2022, 11, 8)


def test_a_negative_count_is_refused_in_both_languages() -> None:
    with pytest.raises(ValueError, match=r"不能为负数.*must not be negative \(-1\)"):
        add_working_days(date(2022, 11, 8), -1)


def test_a_year_the_package_does_not_know_falls_back_to_monday_friday_and_warns_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    holiday_schedule_known.cache_clear()
    with caplog.at_level(logging.WARNING, logger="flows.workdays"):
        # 2030's Spring Festival (about Feb 2-8) is not known: Feb 1 (Fri) = 1, Feb 4-7 = 2-5.
        assert add_working_days(date(2030, 1, 31), 5) == date(2030, 2, 7)
        assert not is_working_day(date(2030, 2, 2))  # a Saturday
        assert is_working_day(date(2030, 2, 4))  # a Monday, though it may be a holiday
        assert add_working_days(date(2030, 3, 1), 1) == date(2030, 3, 4)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "2030" in warnings[0].getMessage()
    assert "Monday-Friday" in warnings[0].getMessage()
    assert "周一至周五" in warnings[0].getMessage()
    assert holiday_schedule_known(2030) is False
    assert holiday_schedule_known(2022) is True
