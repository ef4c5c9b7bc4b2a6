"""The nightly Prefect flow: ingest → marts → validate → alerts → publish → notify.

The flow only orchestrates; each stage is one task over functions that know nothing of Prefect.
The run works on a copy of the working warehouse, in one DuckDB transaction; only a completed
run replaces the working file and publishes the read-only snapshot for the dashboard and
`hetang sql`. A run that fails or is killed at any point leaves the warehouse as it was.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from expectations import targets as target_suite
from expectations.catalog import Catalog, load_catalog
from flows import alerts, ingest, notify
from warehouse import connection
from warehouse.catalog_tables import load_catalog_tables
from warehouse.reviews import load_reviews
from warehouse.settings import Settings, WarehousePaths


@dataclass
class RunSummary:
    """What one nightly run did; printed by `hetang run` and kept in core.runs."""

    run_id: str
    as_of: date
    inbox: str
    warehouse: str
    loaded: list[str] = field(default_factory=list)
    quarantined: list[str] = field(default_factory=list)
    duplicate: list[str] = field(default_factory=list)
    observations: int = 0
    status_counts: dict[str, int] = field(default_factory=dict)
    # The run whose validation still stands when nothing the statuses depend on has changed.
    statuses_of: str | None = None
    opened: int = 0
    escalated: int = 0
    resolved: int = 0
    acknowledged: int = 0
    notified: int = 0
    duration_s: float = 0.0
    reasons: list[str] = field(default_factory=list)


@task(cache_policy=NO_CACHE)
def prepare(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    """Bring the schema to the latest version and the catalog into core."""
    connection.migrate(con)
    con.execute("begin transaction")
    load_catalog_tables(con, catalog)


@task(cache_policy=NO_CACHE)
def ingest_drops(
    con: duckdb.DuckDBPyConnection,
    catalog: Catalog,
    inbox: Path,
    as_of: date,
    run_id: str,
    paths: WarehousePaths,
) -> ingest.IngestSummary:
    """Load every new drop of the inbox; quarantine the bad ones."""
    files = ingest.new_files(con, ingest.discover(inbox))
    regions = [r for (r,) in con.execute("select region_code from core.regions").fetchall()]
    ingest.read_and_check(files, catalog, regions, as_of)
    return ingest.write(con, files, run_id, paths.quarantine)


@task(cache_policy=NO_CACHE)
def validate_targets(
    con: duckdb.DuckDBPyConnection, catalog: Catalog, run_id: str, data_docs: Path
) -> tuple[dict[str, int], str | None]:
    """Validate every figure against its target with GE; store statuses and results.

    When the inputs of the statuses (target and observation rows, catalog, marts and suite
    code) are those of the latest validation, its statuses stand and GE is not run again:
    returns the status counts and the run whose validation stands (None when this run
    validated).
    """
    fingerprint = target_suite.inputs_fingerprint(con)
    kept = con.execute(
        "select run_id, status_counts from core.validation_state where fingerprint = ?",
        [fingerprint],
    ).fetchall()
    if kept:
        (validated_by, counts_json), *_ = kept
        return json.loads(counts_json), validated_by
    frame = target_suite.measures_frame(con)
    result = target_suite.validate_targets(frame, catalog, data_docs)
    target_suite.save_statuses(con, result.statuses)
    target_suite.store(con, run_id, target_suite.SUITE, result.outcomes)
    counts = dict(
        con.execute(
            "select status, count(*) from mart.target_status group by all order by all"
        ).fetchall()
    )
    con.execute("delete from core.validation_state")
    con.execute(
        "insert into core.validation_state values (?, ?, ?, ?)",
        [fingerprint, run_id, datetime.now(UTC).replace(tzinfo=None), json.dumps(counts)],
    )
    return counts, None


@task(cache_policy=NO_CACHE)
def follow_alerts(
    con: duckdb.DuckDBPyConnection, run_id: str, reviews_path: Path, statuses_changed: bool
) -> alerts.AlertChanges:
    """Open, escalate, acknowledge and resolve alerts (only apply reviews when the statuses
    are those the alerts already follow)."""
    alerts.mirror_reviews(con, load_reviews(reviews_path))
    return alerts.update_alerts(con, run_id, follow_statuses=statuses_changed)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def publish(paths: WarehousePaths) -> None:
    """Publish the finished run as the readers' snapshot and the new working warehouse."""
    connection.finish_run_copy(paths.run_copy, paths.working, paths.snapshot)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def send_notifications(working: Path, urls: list[str]) -> int:
    """Send new and escalated alerts once each to the configured Apprise URLs."""
    if not urls:
        return 0
    con = connection.open_writer(working)
    try:
        return notify.send_pending(con, urls)
    finally:
        con.close()


def _record_failure(flow, flow_run, state) -> None:  # noqa: ANN001 (Prefect hook signature)
    """on_failure hook: keep a record of the failed run in the warehouse."""
    params = flow_run.parameters
    settings = Settings()
    path = Path(params.get("warehouse") or settings.warehouse)
    try:
        con = connection.open_writer(path)
    except connection.WarehouseError:
        return
    try:
        connection.migrate(con)
        now = datetime.now(UTC).replace(tzinfo=None)
        con.execute(
            "insert into core.runs (run_id, started_at, finished_at, state, inbox, message) "
            "values (?, ?, ?, 'failed', ?, ?) on conflict do nothing",
            [str(flow_run.id), now, now, str(params.get("inbox")), str(state.message)[:2000]],
        )
    finally:
        con.close()


@flow(name="hetang-nightly", on_failure=[_record_failure], log_prints=False)
def nightly(
    inbox: str | None = None, warehouse: str | None = None, as_of: str | None = None
) -> RunSummary:
    """One nightly run over the inbox into the warehouse, judged as of `as_of` (default today)."""
    settings = Settings()
    inbox_path = Path(inbox) if inbox else settings.inbox
    # Absolute: GE writes Data Docs only to an absolute folder.
    paths = WarehousePaths.beside((Path(warehouse) if warehouse else settings.warehouse).resolve())
    run_date = date.fromisoformat(as_of) if as_of else date.today()
    started = datetime.now(UTC).replace(tzinfo=None)
    summary = RunSummary(_run_id(), run_date, str(inbox_path), str(paths.working))
    catalog = load_catalog()
    con = connection.start_run_copy(paths.working, paths.run_copy)
    try:
        prepare(con, catalog)
        _stages(con, catalog, inbox_path, run_date, paths, summary)
        summary.duration_s = round(
            (datetime.now(UTC).replace(tzinfo=None) - started).total_seconds(), 3
        )
        _record_run(con, summary, started)
        con.execute("commit")
    except BaseException:
        _rollback(con)
        raise
    finally:
        con.close()
    publish(paths)
    summary.notified = send_notifications(paths.working, settings.notify_urls)
    _artifact(summary)
    return summary


def _stages(
    con, catalog: Catalog, inbox: Path, run_date: date, paths: WarehousePaths, summary: RunSummary
) -> None:
    loaded = ingest_drops(con, catalog, inbox, run_date, summary.run_id, paths)
    summary.loaded, summary.quarantined, summary.duplicate = (
        loaded.loaded,
        loaded.quarantined,
        loaded.duplicate,
    )
    summary.observations = loaded.observations
    summary.reasons = [
        r
        for (r,) in con.execute(
            "select reason from raw.files where run_id = ? and state = 'quarantined' order by file_id",
            [summary.run_id],
        ).fetchall()
    ]
    summary.status_counts, summary.statuses_of = validate_targets(
        con, catalog, summary.run_id, paths.data_docs
    )
    changes = follow_alerts(con, summary.run_id, paths.reviews, summary.statuses_of is None)
    summary.opened, summary.escalated = len(changes.opened), len(changes.escalated)
    summary.resolved, summary.acknowledged = len(changes.resolved), len(changes.acknowledged)


def _run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # no transaction was open
        con.execute("rollback")


def _record_run(con: duckdb.DuckDBPyConnection, s: RunSummary, started: datetime) -> None:
    con.execute(
        "insert into core.runs values (?, ?, ?, 'completed', ?, ?, ?, ?, ?, ?, ?, ?, ?, null)",
        [
            s.run_id,
            started,
            datetime.now(UTC).replace(tzinfo=None),
            s.as_of,
            s.inbox,
            len(s.loaded),
            len(s.quarantined),
            len(s.duplicate),
            s.opened,
            s.escalated,
            s.resolved,
            s.duration_s,
        ],
    )


def _artifact(s: RunSummary) -> None:
    """A markdown summary of the run in Prefect's UI."""
    lines = [
        f"# Hetang nightly run {s.run_id} (as of {s.as_of})",
        "",
        "| status | targets |",
        "| --- | --- |",
        *[f"| {k} | {v} |" for k, v in sorted(s.status_counts.items())],
        "",
        *(
            [f"Inputs unchanged: the statuses validated by run {s.statuses_of} stand.", ""]
            if s.statuses_of
            else []
        ),
        f"Files: {len(s.loaded)} loaded, {len(s.quarantined)} quarantined, {len(s.duplicate)} duplicate.",
        f"Alerts: {s.opened} opened, {s.escalated} escalated, {s.resolved} resolved, "
        f"{s.acknowledged} acknowledged.",
    ]
    try:
        create_markdown_artifact(markdown="\n".join(lines), key="hetang-nightly-summary")
    except Exception as exc:  # an artifact is a courtesy; the run's work is already committed
        get_run_logger().warning("could not create the run artifact: %s", exc)
