"""Fill a `Briefing` from the published snapshot's marts (SPEC §7): the scorecard, the lagging
targets with their departments and answers, and a chart per lagging indicator."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from briefing.model import Briefing, ChartPoint, ChartSeries, LaggingRow, ScoreRow, Status
from warehouse import sql
from warehouse.connection import reading

# Where a region's peers are, by the level of their common parent: 居全市第6位/9.
PEERS_WORD = {"city": "全市", "province": "全省"}


class NothingToBrief(ValueError):
    """The snapshot has no figures for the region, year or period asked for."""


def _frame(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    return sql.execute(con, f"queries/{name}", **params).df()


def _value(value: Any) -> Any:
    """None for SQL NULL (None, NaN, NaT or NA in a frame), the value otherwise."""
    if value is None or (not isinstance(value, str | bytes | list | tuple) and pd.isna(value)):
        return None
    return value


def _choose(
    con: duckdb.DuckDBPyConnection, region: str | None, year: int | None, period: str | None
) -> tuple[str, int, str, str]:
    """(region, year, period, period label): the asked ones, else the latest with figures."""
    if region is None:
        row = con.execute("select min(region_code) from mart.targets").fetchone()
        region = row[0] if row else None
    years = [year] if year is not None else _target_years(con, region)
    if region is None or not years:
        raise NothingToBrief("没有可通报的目标 / no targets in the warehouse to brief on")
    for chosen in years:  # by default the latest year of targets that has figures yet
        periods = _frame(con, "periods", region=region, year=chosen)
        if not periods.empty:
            break
    if periods.empty:
        raise NothingToBrief(
            f"{region} {chosen}年尚无统计数据 / no figures for {region} in {chosen}"
        )
    labels = dict(zip(periods["period"], periods["label"], strict=True))
    period = period or str(periods["period"].iloc[-1])
    if period not in labels:
        raise NothingToBrief(f"{region} {year}年无 {period} 的数据 / no figures for {period}")
    return region, chosen, period, str(labels[period])


def _target_years(con: duckdb.DuckDBPyConnection, region: str | None) -> list[int]:
    """The years the region has targets for, latest first."""
    query = "select distinct year from mart.targets where region_code = ? order by year desc"
    return [y for (y,) in con.execute(query, [region]).fetchall()] if region else []


def _score_row(row: Any) -> ScoreRow:
    rank_text = None
    peers = _value(row.peers)
    if _value(row.rank) is not None and peers is not None and peers > 1:  # alone: no rank
        word = PEERS_WORD.get(_value(row.peers_level) or "", "全国")
        rank_text = f"居{word}第{int(row.rank)}位/{int(peers)}"
    status: Status = row.status if row.status in ("on_track", "at_risk", "shortfall") else "no_data"
    cumulative = row.kind == "cumulative"
    return ScoreRow(
        target_code=row.target_code,
        name_zh=row.name_zh,
        name_en=row.name_en,
        section=row.section,
        kind=row.kind,
        unit=row.unit or "",
        status=status,
        actual=_value(row.actual),
        target_value=_value(row.target_value)
        if _value(row.target_value) is not None
        else _value(row.catalog_value),
        expected=_value(row.expected),
        time_progress=_value(row.elapsed) if cumulative else None,
        progress_ratio=_value(row.progress_ratio) if cumulative else None,
        gap=_value(row.gap),
        rank_text=rank_text,
        department=_value(row.department),
        direction=row.direction,
    )


def escalation_words(reason: str | None, lag_periods: int) -> str | None:
    """mart.alerts.escalation_reason (`lag`, `overdue`) in the office's words."""
    words = {"lag": f"连续{lag_periods}期预警或未达标", "overdue": "逾期未反馈"}
    parts = [words.get(code, code) for code in (reason or "").split(",") if code]
    return "、".join(parts) or None


def _lagging_row(row: Any) -> LaggingRow:
    status: Status = row.status if row.status in ("at_risk", "shortfall") else "at_risk"
    due = _value(row.response_due)
    return LaggingRow(
        target_code=row.target_code,
        name=row.name_zh,
        department=_value(row.department),
        leader=_value(row.leader),
        status=status,
        severity=row.severity,
        lag_periods=int(row.lag_periods),
        escalated=bool(row.escalated),
        escalation_reason=escalation_words(_value(row.escalation_reason), int(row.lag_periods)),
        message=row.message,
        response_state=row.response_state,
        response_due=pd.Timestamp(due).date() if due is not None else None,
        explanation=_value(row.explanation),
        measures=_value(row.measures),
        responded_by=_value(row.responded_by),
    )


def _chart(con: duckdb.DuckDBPyConnection, target: ScoreRow, key: dict[str, Any]) -> ChartSeries:
    series = _frame(con, "progress_series", target=target.target_code, **key)
    observed = series[series["actual"].notna()]
    points = tuple(
        ChartPoint(
            str(r.period_label), max(1, round(float(r.elapsed) * 12)), r.actual, _value(r.expected)
        )
        for r in observed.itertuples()
    )
    return ChartSeries(
        target_code=target.target_code,
        name_zh=target.name_zh,
        unit=target.unit,
        kind=target.kind,
        points=points,
        target_value=target.target_value,
        direction=target.direction,
    )


def compose(
    snapshot: Path,
    region: str | None = None,
    year: int | None = None,
    period: str | None = None,
    issued: date | None = None,
) -> Briefing:
    """The briefing of one region and period (default: the latest with figures)."""
    with reading(snapshot) as con:
        region, year, period, label = _choose(con, region, year, period)
        key = {"region": region, "year": year, "period": period}
        scorecard = tuple(_score_row(r) for r in _frame(con, "scorecard", **key).itertuples())
        lagging = tuple(
            _lagging_row(r) for r in _frame(con, "lagging", region=region, year=year).itertuples()
        )
        by_code = {row.target_code: row for row in scorecard}
        charts = tuple(
            _chart(con, by_code[row.target_code], key)
            for row in lagging
            if row.target_code in by_code and by_code[row.target_code].kind != "milestone"
        )
        name = con.execute(
            "select name_zh from mart.regions where region_code = ?", [region]
        ).fetchone()
        last_run = con.execute("select max(as_of) from mart.runs").fetchone()
        synthetic = bool(sql.execute(con, "queries/is_demo").fetchone()[0])  # type: ignore[index]
    as_of = last_run[0] if last_run and last_run[0] else date.today()
    return Briefing(
        region_code=region,
        region_name=name[0] if name else region,
        year=year,
        period=period,
        period_label=label,
        as_of=as_of,
        issued=issued or as_of,
        synthetic=synthetic,
        targets=scorecard,
        lagging=lagging,
        charts=charts,
    )
