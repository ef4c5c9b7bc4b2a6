"""Every query the dashboard makes, on the published snapshot.

Each function opens one short read-only connection (`warehouse.connection.reading`) and closes it
before returning: a cached connection would keep showing the snapshot of an earlier night, and
the working file belongs to the nightly writer. Values reach SQL as bound parameters only. The
dashboard reads the mart views; the one exception is `is_demo`, see there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from warehouse.connection import reading

# The views the pages read; a snapshot without them was not built by `hetang run`.
REQUIRED_VIEWS = frozenset(
    {
        "targets",
        "observations",
        "observation_vintages",
        "target_progress",
        "target_status",
        "alerts",
        "alert_history",
        "files",
        "unmapped_indicators",
        "dq_findings",
        "runs",
    }
)


@dataclass(frozen=True)
class Contents:
    """How much the snapshot holds; without the mart views it is not a built warehouse."""

    views_present: bool
    runs: int = 0
    observations: int = 0


def frame(snapshot: Path, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    """Run one query on a fresh read-only connection and return its rows."""
    with reading(snapshot) as con:
        return con.execute(sql, list(params)).df()


def _scalar(snapshot: Path, sql: str, params: Sequence[Any] = ()) -> Any:
    with reading(snapshot) as con:
        row = con.execute(sql, list(params)).fetchone()
    return None if row is None else row[0]


def contents(snapshot: Path) -> Contents:
    """Whether the mart views exist and how many runs and observations they hold."""
    with reading(snapshot) as con:
        views = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'mart'"
            ).fetchall()
        }
        if not views >= REQUIRED_VIEWS:
            return Contents(views_present=False)
        counts = con.execute(
            "select (select count(*) from mart.runs), (select count(*) from mart.observations)"
        ).fetchone()
    runs, observations = counts or (0, 0)
    return Contents(True, runs, observations)


def is_demo(snapshot: Path) -> bool:
    """True when any loaded drop is the bundled synthetic demo data.

    The demo generator labels every office table title 合成演示数据 and every long-layout row
    source 'synthetic demo data' (demo/README.md). mart.files carries neither the title nor the
    source, so this one check reads raw.files / raw.rows.
    """
    sql = """
        select exists (
            select 1 from raw.files
            where state = 'loaded'
                and (title like '%合成演示数据%' or lower(title) like '%synthetic demo data%')
        ) or exists (
            select 1 from raw.rows
            inner join raw.files using (file_id)
            where raw.files.state = 'loaded'
                and (raw.rows.source like '%合成演示数据%'
                    or lower(raw.rows.source) like '%synthetic demo data%')
        )
    """
    return bool(_scalar(snapshot, sql))


def regions(snapshot: Path) -> list[str]:
    """Region codes that have targets."""
    rows = frame(snapshot, "select distinct region_code from mart.targets order by region_code")
    return rows["region_code"].tolist()


def target_year(snapshot: Path, region: str) -> int | None:
    """The latest year the catalog has targets for in `region`."""
    year = _scalar(snapshot, "select max(year) from mart.targets where region_code = ?", [region])
    return None if year is None else int(year)


def periods(snapshot: Path, region: str, year: int) -> pd.DataFrame:
    """The periods of `year` that have figures in `region`, oldest first (period, label, sort_key)."""
    sql = """
        select distinct
            period,
            core.period_label(period) as label,
            core.period_sort_key(period) as sort_key
        from mart.observations
        where region_code = ? and core.period_year(period) = ?
        order by sort_key
    """
    return frame(snapshot, sql, [region, year])


def targets(snapshot: Path, region: str, year: int) -> pd.DataFrame:
    """The catalog's targets of one region and year, in catalog order."""
    sql = """
        select row_number() over () as catalog_order, *
        from mart.targets
        where region_code = ? and year = ?
    """
    return frame(snapshot, sql, [region, year]).sort_values("catalog_order")


def scorecard(snapshot: Path, region: str, year: int, period: str) -> pd.DataFrame:
    """Every target with its status at or before `period` (no_data when it has none yet)."""
    sql = """
        with targets as (
            select row_number() over () as catalog_order, *
            from mart.targets
            where region_code = ? and year = ?
        ),

        progress as (
            select *
            from mart.target_progress
            where region_code = ? and year = ?
                -- same end month = same time: 1-3月 shows figures reported for 一季度 too
                and period_sort_key // 10 <= core.period_sort_key(?) // 10
            qualify row_number() over (
                partition by target_code order by period_sort_key desc
            ) = 1
        )

        select
            targets.catalog_order,
            targets.target_code,
            targets.name_zh,
            targets.name_en,
            targets.section,
            targets.kind,
            targets.direction,
            targets.unit,
            targets.value_2021,
            targets.target_value as catalog_value,
            progress.period,
            core.period_label(progress.period) as period_label,
            progress.actual,
            progress.target_value,
            progress.expected,
            progress.gap,
            progress.progress_ratio,
            progress.elapsed,
            progress.time_progress_gap,
            progress.projection,
            coalesce(progress.status, 'no_data') as status
        from targets
        left join progress using (target_code)
        order by targets.catalog_order
    """
    return frame(snapshot, sql, [region, year, region, year, period])


def freshness(snapshot: Path, region: str) -> pd.DataFrame:
    """The latest period of every indicator of `region`, and the target that reads it."""
    sql = """
        with latest as (
            select
                indicator_code,
                max_by(period, core.period_sort_key(period)) as period,
                max(loaded_at) as loaded_at,
                max_by(source_file, loaded_at) as source_file
            from mart.observations
            where region_code = ?
            group by all
        ),

        users as (
            select
                indicator_code,
                string_agg(name_zh, '、' order by target_code) as name_zh,
                string_agg(name_en, '; ' order by target_code) as name_en
            from mart.targets
            where region_code = ?
            group by all
        )

        select latest.*, core.period_label(latest.period) as period_label, users.name_zh, users.name_en
        from latest
        left join users using (indicator_code)
        order by core.period_sort_key(latest.period) desc, latest.indicator_code
    """
    return frame(snapshot, sql, [region, region])


def last_run(snapshot: Path) -> dict[str, Any] | None:
    """The latest run in the snapshot, or None."""
    rows = frame(snapshot, "select * from mart.runs order by started_at desc limit 1")
    return None if rows.empty else rows.iloc[0].to_dict()


def alerts(snapshot: Path, region: str, year: int) -> pd.DataFrame:
    """Every alert of one region and year, with its target's names."""
    sql = """
        select
            alerts.*,
            core.period_label(alerts.period) as period_label,
            targets.name_zh,
            targets.name_en,
            targets.unit
        from mart.alerts as alerts
        left join mart.targets as targets using (region_code, year, target_code)
        where alerts.region_code = ? and alerts.year = ?
    """
    return frame(snapshot, sql, [region, year])


def alert_history(snapshot: Path, alert_id: str) -> pd.DataFrame:
    """Every recorded change of one alert, oldest first."""
    sql = """
        select *, core.period_label(period) as period_label
        from mart.alert_history
        where alert_id = ?
        order by changed_at, event
    """
    return frame(snapshot, sql, [alert_id])


def progress_series(
    snapshot: Path, region: str, year: int, target_code: str, period: str
) -> pd.DataFrame:
    """One target's rows of mart.target_progress up to `period`, oldest first."""
    sql = """
        select *, core.period_label(period) as period_label
        from mart.target_progress
        where region_code = ? and year = ? and target_code = ?
            and period_sort_key <= core.period_sort_key(?)
        order by period_sort_key
    """
    return frame(snapshot, sql, [region, year, target_code, period])


def vintages(
    snapshot: Path, region: str, year: int, indicators: list[str], period: str
) -> pd.DataFrame:
    """Every vintage of the given indicators up to `period` (current ones flagged)."""
    sql = """
        select
            *,
            core.period_label(period) as period_label,
            core.period_elapsed(period) as elapsed
        from mart.observation_vintages
        where region_code = ?
            and core.period_year(period) = ?
            and list_contains(?, indicator_code)
            and core.period_sort_key(period) <= core.period_sort_key(?)
        order by indicator_code, core.period_sort_key(period), vintage
    """
    return frame(snapshot, sql, [region, year, indicators, period])


def files(snapshot: Path) -> pd.DataFrame:
    """Every file seen, quarantined first, newest first."""
    sql = """
        select *
        from mart.files
        order by state = 'quarantined' desc, loaded_at desc, file_name
    """
    return frame(snapshot, sql)


def unmapped_indicators(snapshot: Path) -> pd.DataFrame:
    """Indicator names that match nothing in the catalog."""
    sql = "select * from mart.unmapped_indicators order by loaded_at desc, file_name, first_row"
    return frame(snapshot, sql)


def dq_findings(snapshot: Path) -> pd.DataFrame:
    """Data-quality findings of every run, newest run first."""
    sql = """
        select *
        from mart.dq_findings
        order by run_started_at desc, quarantined desc, file_name, row_number
    """
    return frame(snapshot, sql)


def runs(snapshot: Path) -> pd.DataFrame:
    """Every run, newest first."""
    return frame(snapshot, "select * from mart.runs order by started_at desc")
