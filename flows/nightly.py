"""The nightly flow: prepare → ingest → build marts → validate → judge → publish → brief → notify.

The flow only orchestrates; each stage is one task over functions that know nothing of Prefect.
The run works on a copy of the working warehouse, in two DuckDB transactions: prepare and
ingest (the batch's loads), then marts, validation and judgement. Only a completed run replaces
the working file and publishes the read-only snapshot for the dashboard and `hetang sql`; a run
that fails or is killed at any point leaves the warehouse as it was (the copy is dropped).
"""

from __future__ import annotations

import contextlib
import ctypes
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
from filelock import FileLock, Timeout
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from expectations import targets as target_suite
from expectations.catalog import Catalog, load_catalogs
from flows import alerts, ingest, notify, supervision
from flows.readers.safety import Limits
from hetang.settings import Settings, WarehousePaths
from warehouse import connection, marts, migrate, publish, sql
from warehouse.catalog_tables import load_catalog_tables
from warehouse.responses import load_responses
from warehouse.reviews import load_reviews


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
    # Supervision events of the run: answer_requested, responded, overdue, red_supervision.
    supervision: dict[str, int] = field(default_factory=dict)
    notified: int = 0
    duration_s: float = 0.0
    reasons: list[str] = field(default_factory=list)
    briefings: list[str] = field(default_factory=list)


@task(cache_policy=NO_CACHE)
def prepare(con: duckdb.DuckDBPyConnection, catalogs: tuple[Catalog, ...]) -> None:
    """Bring the schema to the latest version, open the run's transaction, load the catalogs."""
    migrate.migrate(con)
    con.execute("begin transaction")
    load_catalog_tables(con, *catalogs)


@task(cache_policy=NO_CACHE)
def ingest_drops(
    con: duckdb.DuckDBPyConnection,
    catalogs: tuple[Catalog, ...],
    inbox: Path,
    as_of: date,
    run_id: str,
    paths: WarehousePaths,
    limits: Limits,
) -> ingest.IngestSummary:
    """Load every new drop of the inbox into raw and core; quarantine the bad ones."""
    return ingest.ingest(con, catalogs, inbox, as_of, run_id, paths.quarantine, limits)


@task(cache_policy=NO_CACHE)
def build_marts(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the rule macros and the mart views over raw and core."""
    marts.build_marts(con)


@task(cache_policy=NO_CACHE)
def validate_targets(
    con: duckdb.DuckDBPyConnection, catalogs: tuple[Catalog, ...], run_id: str, data_docs: Path
) -> target_suite.Validation:
    """Validate every figure against its target with GE (unless the inputs are unchanged)."""
    return target_suite.validate(con, catalogs, run_id, data_docs)


@dataclass(frozen=True)
class Judgement:
    """What the judge stage found: status counts, alert changes and supervision events."""

    status_counts: dict[str, int]
    changes: alerts.AlertChanges
    supervision: dict[str, list[str]]


@task(cache_policy=NO_CACHE)
def judge(
    con: duckdb.DuckDBPyConnection,
    validation: target_suite.Validation,
    summary: RunSummary,
    reviews_path: Path,
    settings: Settings,
) -> Judgement:
    """Build the judged marts, count the statuses, follow the alerts, reviews and answers."""
    marts.build_judged(con)
    marts.store_marts(con, inputs_unchanged=validation.kept_by is not None)
    counts = target_suite.status_counts(con, validation, summary.run_id)
    alerts.mirror_reviews(con, load_reviews(reviews_path))
    # Statuses the alerts already follow change nothing: only reviews are applied then.
    changes = alerts.update_alerts(con, summary.run_id, follow_statuses=validation.kept_by is None)
    supervision.mirror_responses(con, load_responses(reviews_path))
    events = supervision.follow(
        con,
        summary.run_id,
        summary.as_of,
        settings.response_working_days,
        settings.escalate_after_periods,
    )
    return Judgement(counts, changes, events)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def publish_snapshot(paths: WarehousePaths) -> None:
    """Publish the finished run as the readers' snapshot and the new working warehouse."""
    publish.finish_run_copy(paths.run_copy, paths.working, paths.snapshot)


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


@task(cache_policy=NO_CACHE)
def write_briefings(paths: WarehousePaths, suffixes: list[str], regions: list[str]) -> list[str]:
    """Write the latest briefing (通报) of every catalog region beside the snapshot."""
    if not suffixes:
        return []
    import briefing  # its writers (WeasyPrint, matplotlib) cost seconds to import: only when used

    try:
        written = briefing.write_briefings(paths.snapshot, paths.briefings, suffixes, regions)
    except Exception as exc:  # the run is published; a briefing that fails is said, not fatal
        get_run_logger().warning("could not write the briefing: %s", exc)
        return [f"FAILED: {type(exc).__name__}: {exc}"]
    return [str(path) for path in written]


def _record_failure(flow, flow_run, state) -> None:  # noqa: ANN001 (Prefect hook signature)
    """on_failure hook: keep a record of the failed run in the warehouse."""
    params = flow_run.parameters
    path = Path(params.get("warehouse") or Settings().warehouse)
    try:
        con = connection.open_writer(path)
    except connection.WarehouseError:
        return
    try:
        migrate.migrate(con)
        sql.execute(
            con,
            "statements/runs/record_failed",
            run_id=str(flow_run.id),
            at=datetime.now(UTC).replace(tzinfo=None),
            inbox=str(params.get("inbox")),
            message=str(state.message)[:2000],
        )
    finally:
        con.close()


@flow(name="hetang-nightly", on_failure=[_record_failure], log_prints=False)
def nightly(
    inbox: str | None = None,
    warehouse: str | None = None,
    as_of: str | None = None,
    catalogs: str | None = None,
) -> RunSummary:
    """One nightly run over the inbox into the warehouse, judged as of `as_of` (default today),
    against every catalog of the `catalogs` folder (default: HETANG_CATALOGS, else the bundled)."""
    settings = Settings()
    inbox_path = Path(inbox) if inbox else settings.inbox
    # Absolute: GE writes Data Docs only to an absolute folder.
    paths = WarehousePaths((Path(warehouse) if warehouse else settings.warehouse).resolve())
    run_date = date.fromisoformat(as_of) if as_of else date.today()
    started = _now()
    summary = RunSummary(_run_id(), run_date, str(inbox_path), str(paths.working))
    catalog_set = load_catalogs(Path(catalogs) if catalogs else settings.catalogs)
    with _one_run_at_a_time(paths):
        con = publish.start_run_copy(
            paths.working, paths.run_copy, settings.run_memory_limit or connection.RUN_MEMORY_LIMIT
        )
        try:
            prepare(con, catalog_set)
            _stages(con, catalog_set, inbox_path, paths, summary, settings)
            summary.duration_s = round((_now() - started).total_seconds(), 3)
            _record_run(con, summary, started)
            con.execute("commit")
        except BaseException:
            _rollback(con)
            raise
        finally:
            con.close()
        publish_snapshot(paths)
        regions = sorted({catalog.region.code for catalog in catalog_set})
        summary.briefings = write_briefings(paths, settings.brief_suffixes, regions)
        summary.notified = send_notifications(paths.working, settings.notify_urls)
    _artifact(summary)
    return summary


class RunInProgress(RuntimeError):
    """Another run is writing this warehouse."""


@contextlib.contextmanager
def _one_run_at_a_time(paths: WarehousePaths) -> Iterator[None]:
    """Hold the warehouse's run lock (an OS file lock: gone with its process, even by kill -9),
    or refuse at once: a second run would replace the first one's run copy under it."""
    paths.working.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(paths.run_lock, blocking=False)
    try:
        lock.acquire()
    except Timeout as exc:
        raise RunInProgress(
            f"another run is writing {paths.working} (it holds {paths.run_lock}); "
            f"run again when it has finished / 另一次运行正在写入该数据仓库，请待其结束后再运行"
        ) from exc
    try:
        yield
    finally:
        lock.release()


def _stages(
    con: duckdb.DuckDBPyConnection,
    catalogs: tuple[Catalog, ...],
    inbox: Path,
    paths: WarehousePaths,
    summary: RunSummary,
    settings: Settings,
) -> None:
    """ingest → build marts → validate → judge, in the run copy's two transactions."""
    loaded = ingest_drops(
        con, catalogs, inbox, summary.as_of, summary.run_id, paths, settings.read_limits
    )
    summary.loaded, summary.quarantined = loaded.loaded, loaded.quarantined
    summary.duplicate, summary.observations = loaded.duplicate, loaded.observations
    summary.reasons = [
        reason
        for (reason,) in sql.execute(
            con, "statements/runs/quarantine_reasons", run_id=summary.run_id
        ).fetchall()
    ]
    _commit_batch(con)
    _give_back_memory()
    build_marts(con)
    validation = validate_targets(con, catalogs, summary.run_id, paths.data_docs)
    _give_back_memory()
    summary.statuses_of = validation.kept_by
    judgement = judge(con, validation, summary, paths.reviews, settings)
    changes = judgement.changes
    summary.status_counts = judgement.status_counts
    summary.opened, summary.escalated = len(changes.opened), len(changes.escalated)
    summary.resolved, summary.acknowledged = len(changes.resolved), len(changes.acknowledged)
    summary.supervision = {event: len(ids) for event, ids in judgement.supervision.items()}


def _commit_batch(con: duckdb.DuckDBPyConnection) -> None:
    """Commit the batch's loads into the run copy and open the judgement's transaction.

    The copy is published only when the whole run completes, so a failure later still leaves
    the warehouse as it was; the transaction no longer holds the batch's millions of new rows in
    memory through validation and judgement (about 600 MB at 2,844 regions)."""
    con.execute("commit")
    con.execute("begin transaction")


def _give_back_memory() -> None:
    """Return to the system what a stage freed but the allocators keep (Arrow's pool, glibc's
    heap): the next stage's DuckDB work then starts from what is live. At 2,844 regions the
    judge stage peaked at 2.39 GB without this and at 2.01 GB with it (bench/RESULTS.md)."""
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # glibc only (not musl, not macOS)
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # no transaction was open
        con.execute("rollback")


def _record_run(con: duckdb.DuckDBPyConnection, s: RunSummary, started: datetime) -> None:
    sql.execute(
        con,
        "statements/runs/record_completed",
        run_id=s.run_id,
        started_at=started,
        finished_at=_now(),
        as_of=s.as_of,
        inbox=s.inbox,
        loaded=len(s.loaded),
        quarantined=len(s.quarantined),
        duplicate=len(s.duplicate),
        opened=s.opened,
        escalated=s.escalated,
        resolved=s.resolved,
        duration_s=s.duration_s,
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
