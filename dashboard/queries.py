"""Every query the dashboard makes, on the published snapshot (SQL: `warehouse/queries/`).

Each function opens one short read-only connection (`warehouse.connection.reading`) and closes it
before returning: a cached connection would keep showing the snapshot of an earlier night, and
the working file belongs to the nightly writer. Values reach SQL as bound parameters only. The
dashboard reads the mart views; the one exception is `is_demo` (`queries/is_demo.sql`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from warehouse import sql
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

# The formats the nightly run writes (briefing.WRITERS) and their media types, in page order.
BRIEFING_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
}
BRIEFING_SUFFIXES = tuple(BRIEFING_TYPES)


@dataclass(frozen=True)
class Contents:
    """How much the snapshot holds; without the mart views it is not a built warehouse."""

    views_present: bool
    runs: int = 0
    observations: int = 0


def frame(snapshot: Path, name: str, **params: Any) -> pd.DataFrame:
    """Run the named query (`warehouse/queries/<name>.sql`) on a fresh read-only connection."""
    with reading(snapshot) as con:
        return sql.execute(con, f"queries/{name}", **params).df()


def _scalar(snapshot: Path, name: str, **params: Any) -> Any:
    with reading(snapshot) as con:
        row = sql.execute(con, f"queries/{name}", **params).fetchone()
    return None if row is None else row[0]


def contents(snapshot: Path) -> Contents:
    """Whether the mart views exist and how many runs and observations they hold."""
    with reading(snapshot) as con:
        views = {name for (name,) in sql.execute(con, "queries/mart_views").fetchall()}
        if not views >= REQUIRED_VIEWS:
            return Contents(views_present=False)
        counts = sql.execute(con, "queries/contents").fetchone()
    runs, observations = counts or (0, 0)
    return Contents(True, runs, observations)


def is_demo(snapshot: Path) -> bool:
    """True when any loaded drop is the bundled synthetic demo data."""
    return bool(_scalar(snapshot, "is_demo"))


def catalog_years(snapshot: Path) -> pd.DataFrame:
    """Every (region, year) with a catalog and the region's names (region_code, year, name_zh,
    name_en), latest year first within a region."""
    return frame(snapshot, "catalog_years")


def periods(snapshot: Path, region: str, year: int) -> pd.DataFrame:
    """The periods of `year` that have figures in `region`, oldest first (period, label, sort_key)."""
    return frame(snapshot, "periods", region=region, year=year)


def targets(snapshot: Path, region: str, year: int) -> pd.DataFrame:
    """The catalog's targets of one region and year, in catalog order."""
    return frame(snapshot, "targets", region=region, year=year).sort_values("catalog_order")


def scorecard(snapshot: Path, region: str, year: int, period: str) -> pd.DataFrame:
    """Every target with its status at or before `period` (no_data when it has none yet)."""
    return frame(snapshot, "scorecard", region=region, year=year, period=period)


def freshness(snapshot: Path, region: str) -> pd.DataFrame:
    """The latest period of every indicator of `region`, and the target that reads it."""
    return frame(snapshot, "freshness", region=region)


def last_run(snapshot: Path) -> dict[str, Any] | None:
    """The latest run in the snapshot, or None."""
    with reading(snapshot) as con:
        rows = con.execute("select * from mart.runs order by started_at desc limit 1").df()
    return None if rows.empty else rows.iloc[0].to_dict()


def alerts(snapshot: Path, region: str, year: int) -> pd.DataFrame:
    """Every alert of one region and year, with its target's names."""
    return frame(snapshot, "alerts", region=region, year=year)


def alert_history(snapshot: Path, alert_id: str) -> pd.DataFrame:
    """Every recorded change of one alert, oldest first."""
    return frame(snapshot, "alert_history", alert_id=alert_id)


def progress_series(
    snapshot: Path, region: str, year: int, target_code: str, period: str
) -> pd.DataFrame:
    """One target's rows of mart.target_progress up to `period`, oldest first."""
    return frame(
        snapshot, "progress_series", region=region, year=year, target=target_code, period=period
    )


def vintages(
    snapshot: Path, region: str, year: int, indicators: list[str], period: str
) -> pd.DataFrame:
    """Every vintage of the given indicators up to `period` (current ones flagged)."""
    return frame(
        snapshot, "vintages", region=region, year=year, indicators=indicators, period=period
    )


def files(snapshot: Path) -> pd.DataFrame:
    """Every file seen, quarantined first, newest first."""
    return frame(snapshot, "files")


def unmapped_indicators(snapshot: Path) -> pd.DataFrame:
    """Indicator names that match nothing in the catalog."""
    with reading(snapshot) as con:
        return con.execute(
            "select * from mart.unmapped_indicators order by loaded_at desc, file_name, first_row"
        ).df()


def dq_findings(snapshot: Path) -> pd.DataFrame:
    """Data-quality findings of every run, newest run first."""
    return frame(snapshot, "dq_findings")


def runs(snapshot: Path) -> pd.DataFrame:
    """Every run, newest first."""
    with reading(snapshot) as con:
        return con.execute("select * from mart.runs order by started_at desc").df()


def region_ranking(snapshot: Path, region: str, indicator: str, period: str) -> pd.DataFrame:
    """The peers ranked with `region` on `indicator` at `period` (mart.region_ranks), best first."""
    return frame(snapshot, "region_ranking", region=region, indicator=indicator, period=period)


def period_labels(snapshot: Path, periods: list[str]) -> dict[str, str]:
    """The Chinese wording of each period (core.period_label)."""
    if not periods:
        return {}
    found = frame(snapshot, "period_labels", periods=periods)
    return dict(zip(found["period"], found["label"], strict=True))


@dataclass(frozen=True)
class BriefingFile:
    """One briefing the nightly run wrote: `<region>_<period><suffix>` (briefing.briefing_path)."""

    path: Path
    region: str
    period: str
    suffix: str


def briefing_files(folder: Path, region: str) -> list[BriefingFile]:
    """The briefings of `region` in `folder` (.docx, .xlsx, .pdf), newest period first."""
    if not folder.is_dir():
        return []
    found = [
        BriefingFile(path, region, path.stem.removeprefix(f"{region}_"), path.suffix.lower())
        for path in folder.glob(f"{region}_*")
        if path.is_file() and path.suffix.lower() in BRIEFING_SUFFIXES
    ]
    written: dict[str, float] = {}
    for item in found:  # a period is as new as the newest of its files
        written[item.period] = max(written.get(item.period, 0.0), item.path.stat().st_mtime)
    order = {suffix: i for i, suffix in enumerate(BRIEFING_SUFFIXES)}
    return sorted(found, key=lambda f: (-written[f.period], f.period, order[f.suffix]))
