"""The scale benchmark: the real nightly flow against DuckDB-native baselines (see bench/README.md).

    python bench/run.py                        # 1, 100 and 2,844 regions; updates bench/RESULTS.md
    python bench/run.py --regions 100          # one size (the other sizes' results are kept)
    python bench/run.py --regions 100 --profile   # plus pyinstrument profiles of both runs

Each size runs in a fresh child process of its own, and every number of that size is measured in
that one process and one run (so its peak memory is that size's). What the child measures:

1. DuckDB baseline: `read_csv` of every drop file into a table of a scratch DuckDB file.
2. Full run: the real `nightly` flow on a fresh working warehouse seeded with the national
   regions and targets (`generate.seed_warehouse`), over the whole inbox.
3. No-op run: the same flow again; no file is new.
4. Validation: on the working warehouse, the real GE path of the `validate_targets` task
   (measures frame → GE suite → judged.target_checks and judged.validation_results) against one
   DuckDB query computing the statuses from mart.target_measures; both must agree row for row.
   Done inside a transaction that is rolled back.
5. Overview: the dashboard's scorecard query on the published snapshot, for a sample of regions.

Stage times inside the flow come from timers wrapped, in this process only, around the functions
the flow's tasks call (ingest.new_files, ingest.read_and_check, …); the flow itself is unchanged.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench import generate  # noqa: E402

DEFAULT_SIZES = (1, 100, generate.TOTAL_REGIONS)
RESULTS_DIR = PROJECT / "bench" / "results"
RESULTS_MD = PROJECT / "bench" / "RESULTS.md"
ONEOFF_JSON = RESULTS_DIR / "oneoff.json"
BEGIN, END = "<!-- bench:begin (written by bench/run.py) -->", "<!-- bench:end -->"
OVERVIEW_CALLS = 20

STATUS_SQL = """
create or replace temp table sql_statuses as
select
    region_code, year, target_code, period,
    case
        when score >= on_track_min then 'on_track'
        when score >= at_risk_min then 'at_risk'
        else 'shortfall'
    end as status
from mart.target_measures
where score is not null
"""

# --- the child: one size, one process ---------------------------------------------------------


class StageTimer:
    """Accumulates wall time of named functions while they run inside the flow, and the peak
    resident memory of the process seen while each runs (sampled every 20 ms by a thread)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.peak_mb: dict[str, float] = defaultdict(float)
        self._stage: str | None = None
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        page_mb = os.sysconf("SC_PAGE_SIZE") / 2**20
        statm = Path("/proc/self/statm")
        while True:
            stage = self._stage
            if stage is not None:
                rss = int(statm.read_text().split()[1]) * page_mb
                self.peak_mb[stage] = max(self.peak_mb[stage], round(rss, 1))
            time.sleep(0.02)

    def wrap(self, owner: Any, name: str, stage: str) -> None:
        inner = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start, outer = time.perf_counter(), self._stage
            self._stage = stage
            try:
                return inner(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - start
                self._stage = outer

        setattr(owner, name, timed)

    def take(self) -> dict[str, float]:
        out = {k: round(v, 3) for k, v in self.seconds.items()}
        self.seconds.clear()
        return out

    def take_peaks(self) -> dict[str, float]:
        out = dict(self.peak_mb)
        self.peak_mb.clear()
        return out


def instrument() -> StageTimer:
    """Time the work of each task of the nightly flow (what it calls, not the Prefect overhead)."""
    import briefing
    import flows.nightly as nightly_module
    from expectations import targets
    from flows import alerts, ingest, supervision
    from warehouse import marts, migrate, publish

    timer = StageTimer()
    for name in ("discover", "new_files", "read_and_check", "write"):
        timer.wrap(ingest, name, "ingest")
    for name in (
        "inputs_fingerprint",
        "measures_frame",
        "validate_targets",
        "save_statuses",
        "store",
    ):
        timer.wrap(targets, name, "validate")
    # The judge stage: the judged marts, the stored statuses and ranks, alerts and supervision.
    for owner, name in (
        (marts, "build_judged"),
        (marts, "store_marts"),
        (targets, "status_counts"),
        (alerts, "mirror_reviews"),
        (alerts, "update_alerts"),
        (supervision, "follow"),
    ):
        timer.wrap(owner, name, "judge")
    timer.wrap(publish, "start_run_copy", "run_copy")
    timer.wrap(migrate, "migrate", "prepare")
    timer.wrap(nightly_module, "load_catalog_tables", "prepare")
    timer.wrap(marts, "build_marts", "marts")
    timer.wrap(publish, "finish_run_copy", "publish")
    timer.wrap(briefing, "write_briefings", "brief")
    return timer


def maxrss_mb() -> float:
    """The process's peak resident memory (MB): VmHWM, which starts again at exec. ru_maxrss
    keeps the peak of the forked parent across the exec (the baseline child read 556 MB for
    DuckDB's 168), so it is only the fallback where /proc is missing."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    [kib] = [line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")]
    return round(int(kib) / 1024, 1)


@contextlib.contextmanager
def clock(into: dict[str, Any], key: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    into[key] = round(time.perf_counter() - start, 3)


def drop_files(inbox: Path) -> tuple[list[str], list[str]]:
    """(long-layout files, bureau-layout files) of the inbox."""
    files = sorted(p for p in inbox.iterdir() if p.suffix == ".csv")
    long = [str(p) for p in files if p.name.endswith("_long.csv")]
    return long, [str(p) for p in files if not p.name.endswith("_long.csv")]


def duckdb_ingest_baseline(inbox: Path, scratch: Path) -> dict[str, Any]:
    """DuckDB's own read_csv of the same files into tables of a DuckDB file."""
    import duckdb

    scratch.unlink(missing_ok=True)
    long, bureau = drop_files(inbox)
    con = duckdb.connect(str(scratch))
    out: dict[str, Any] = {}
    with clock(out, "seconds"):
        con.execute(
            "create table long_rows as select * from read_csv(?, header = true, auto_detect = false, "
            "columns = {'region_code': 'VARCHAR', 'indicator': 'VARCHAR', 'period': 'VARCHAR', "
            "'value': 'DOUBLE', 'unit': 'VARCHAR', 'as_of': 'VARCHAR', 'source': 'VARCHAR'})",
            [long],
        )
        if bureau:
            con.execute(
                "create table bureau_rows as select * from read_csv(?, skip = 1, header = true, "
                "auto_detect = false, columns = {'indicator': 'VARCHAR', 'unit': 'VARCHAR', "
                "'value': 'VARCHAR', 'growth': 'VARCHAR'})",
                [bureau],
            )
    out["rows"] = con.execute(
        "select (select count(*) from long_rows)"
        + (" + (select count(*) from bureau_rows)" if bureau else "")
    ).fetchone()[0]
    con.close()
    scratch.unlink(missing_ok=True)
    out["maxrss_mb"] = maxrss_mb()
    return out


def baseline_in_child(inbox: Path, scratch: Path) -> dict[str, Any]:
    """The DuckDB baseline in a process of its own, so its peak memory is DuckDB's alone."""
    command = [sys.executable, str(Path(__file__).resolve()), "--baseline", str(inbox)]
    done = subprocess.run([*command, str(scratch)], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare_validation(working: Path, data_docs: Path) -> dict[str, Any]:
    """The GE path of the validate stage vs one SQL query; both on the same mart, then rolled back."""
    from expectations import targets
    from expectations.catalog import load_catalog
    from warehouse import connection

    catalog = load_catalog()
    con = connection.open_writer(working)
    out: dict[str, Any] = {}
    try:
        con.execute("begin transaction")
        with clock(out, "ge_seconds"):
            frame = targets.measures_frame(con)
            result = targets.validate_targets(frame, catalog, data_docs)
            targets.save_statuses(con, result.statuses)
            targets.store(con, "bench", targets.SUITE, result.outcomes)
        with clock(out, "sql_seconds"):
            con.execute(STATUS_SQL)
        (out["rows"], out["sql_rows"], out["mismatches"]) = con.execute(
            """
            select
                (select count(*) from judged.target_checks),
                (select count(*) from sql_statuses),
                (select count(*) from (
                    (select * from judged.target_checks except all select * from sql_statuses)
                    union all
                    (select * from sql_statuses except all select * from judged.target_checks)
                ))
            """
        ).fetchone()
        out["statuses"] = dict(
            con.execute(
                "select status, count(*) from sql_statuses group by all order by all"
            ).fetchall()
        )
    finally:
        con.execute("rollback")
        con.close()
    out["identical"] = out["mismatches"] == 0 and out["rows"] == out["sql_rows"]
    return out


def overview_queries(snapshot: Path, regions: list[str], year: int, period: str) -> dict[str, Any]:
    """The dashboard's scorecard for one region and period, timed per call (connection included)."""
    from dashboard.queries import scorecard

    sample = [regions[(i * 7919) % len(regions)] for i in range(OVERVIEW_CALLS)]
    times, rows = [], 0
    for region in [generate.HETANG, *sample]:
        start = time.perf_counter()
        rows = len(scorecard(snapshot, region, year, period))
        times.append((time.perf_counter() - start) * 1000)
    warm = sorted(times[1:])
    return {
        "source": "dashboard.queries.scorecard"
        if scorecard.__module__ == "dashboard.queries"
        else "bench copy",
        "first_ms": round(times[0], 1),
        "median_ms": round(statistics.median(warm), 1),
        "p95_ms": round(warm[int(0.95 * (len(warm) - 1))], 1),
        "max_ms": round(warm[-1], 1),
        "rows": rows,
        "region_year_period": [generate.HETANG, year, period],
    }


def run_flow(
    inbox: Path, warehouse: Path, timer: StageTimer, profile_to: Path | None
) -> dict[str, Any]:
    from prefect.settings import temporary_settings

    from flows.nightly import nightly

    out: dict[str, Any] = {}
    profiler = None
    if profile_to is not None:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    with temporary_settings(updates={"flows.heartbeat_frequency": None}), clock(out, "seconds"):
        summary = nightly(inbox=str(inbox), warehouse=str(warehouse), as_of=generate.RUN_AS_OF)
    if profiler is not None and profile_to is not None:
        profiler.stop()
        profile_to.write_text(profiler.output_text(unicode=False, color=False), encoding="utf-8")
    out["stages"] = timer.take()
    out["stage_peak_mb"] = timer.take_peaks()
    out["files_loaded"] = len(summary.loaded)
    out["files_quarantined"] = len(summary.quarantined)
    out["observations"] = summary.observations
    out["alerts_opened"] = summary.opened
    out["maxrss_mb"] = maxrss_mb()
    return out


def child(regions: int, workdir: Path, profile: bool) -> dict[str, Any]:
    """Measure one size in this process; return the results."""
    os.environ["PREFECT_HOME"] = str(workdir / "prefect-home")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    import flows  # noqa: F401  (Prefect environment before Prefect is imported)
    from expectations.catalog import load_catalog
    from hetang.settings import WarehousePaths
    from warehouse import connection, migrate

    inbox = dataset(regions, workdir)
    result: dict[str, Any] = {
        "regions": regions,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    result["dataset"] = json.loads((inbox.parent / "manifest.json").read_text(encoding="utf-8"))
    result["baseline_ingest"] = baseline_in_child(inbox, workdir / f"r{regions}-baseline.duckdb")

    run_dir = workdir / f"r{regions}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    paths = WarehousePaths(run_dir / "hetang.duckdb")
    catalog = load_catalog()
    with clock(result, "seed_seconds"):
        con = connection.open_writer(paths.working)
        migrate.migrate(con)
        generate.seed_warehouse(con, catalog, generate.region_codes(regions))
        con.close()

    timer = instrument()
    with clock(result, "prefect_start_seconds"):
        warm_up()
    profiles = workdir / "profiles" if profile else None
    if profiles is not None:
        profiles.mkdir(parents=True, exist_ok=True)
    result["full_run"] = run_flow(
        inbox, paths.working, timer, profiles and profiles / f"r{regions}-full.txt"
    )
    result["noop_run"] = run_flow(
        inbox, paths.working, timer, profiles and profiles / f"r{regions}-noop.txt"
    )
    result["warehouse_mb"] = round(paths.working.stat().st_size / 1e6, 1)
    result["validation"] = compare_validation(paths.working, run_dir / "bench-data-docs")
    result["overview"] = overview_queries(
        paths.snapshot,
        generate.region_codes(regions),
        generate.YEARS[-1],
        f"{generate.YEARS[-1]}-12",
    )
    result["maxrss_mb"] = maxrss_mb()
    result["load"] = uptime()
    result["ratios"] = ratios(result)
    return result


def warm_up() -> None:
    """Start Prefect's temporary API server before anything is timed."""
    from prefect import flow
    from prefect.settings import temporary_settings

    @flow(name="bench-warm-up")
    def ready() -> bool:
        return True

    with temporary_settings(updates={"flows.heartbeat_frequency": None}):
        ready()


def ratios(r: dict[str, Any]) -> dict[str, float]:
    ingest = r["full_run"]["stages"].get("ingest", 0.0)
    v = r["validation"]
    return {
        "ingest_vs_duckdb": round(ingest / r["baseline_ingest"]["seconds"], 1),
        "validation_ge_vs_sql": round(v["ge_seconds"] / v["sql_seconds"], 1),
        "noop_vs_full_pct": round(100 * r["noop_run"]["seconds"] / r["full_run"]["seconds"], 1),
        "overview_median_ms": r["overview"]["median_ms"],
        "memory_vs_duckdb": round(
            r["full_run"]["maxrss_mb"] / r["baseline_ingest"]["maxrss_mb"], 1
        ),
    }


def dataset(regions: int, workdir: Path, months: int = 36) -> Path:
    """The generated inbox of this size, made once and reused while the generator is unchanged."""
    folder = workdir / "data" / f"r{regions}-m{months}"
    manifest = folder / "manifest.json"
    stamp = generate.fingerprint()
    if (
        manifest.exists()
        and json.loads(manifest.read_text(encoding="utf-8")).get("generator") == stamp
    ):
        return folder / "inbox"
    start = time.perf_counter()
    counts = generate.generate(regions, folder / "inbox", months=months)
    counts |= {"generator": stamp, "generate_seconds": round(time.perf_counter() - start, 1)}
    counts["inbox_mb"] = round(sum(p.stat().st_size for p in (folder / "inbox").iterdir()) / 1e6, 1)
    manifest.write_text(json.dumps(counts, indent=1), encoding="utf-8")
    return folder / "inbox"


# --- the parent: sizes, the one-off runs, the table, RESULTS.md ------------------------------


def hetang_run_seconds(warehouse: Path, env: dict[str, str]) -> float:
    """Wall time of `hetang run` on the bundled demo inbox, as a user starts it."""
    command = [sys.executable, "-m", "hetang.cli", "run", "--warehouse", str(warehouse)]
    start = time.perf_counter()
    subprocess.run([*command, "--as-of", "2023-02-01"], check=True, env=env, capture_output=True)
    return round(time.perf_counter() - start, 2)


def oneoff_runs(folder: Path) -> dict[str, Any]:
    """`hetang run` on the demo with Prefect's temporary server, with a running server, and
    with `hetang serve` up (its warm worker runs it); each on a fresh warehouse."""
    from deploy import serve

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME")}
    env |= {"HETANG_BRIEF_FORMATS": ""}
    home = {"PREFECT_HOME": str(folder / "prefect")}
    out = {"temporary_server_s": hetang_run_seconds(folder / "a" / "hetang.duckdb", env | home)}
    port = next(p for p in range(4300, 4400) if serve.port_is_free(p))
    options = serve.make_options(
        "0 2 * * *", "Asia/Shanghai", PROJECT / "demo" / "inbox", folder / "b.duckdb", port
    )
    with (folder / "server.log").open("ab") as log, serve.local_server(options, log) as up_s:
        out["server_startup_s"] = round(up_s, 2)
        served = env | home | {"PREFECT_API_URL": options.api_url}
        out["running_server_s"] = hetang_run_seconds(folder / "b" / "hetang.duckdb", served)
    out["warm_worker_s"] = warm_worker_run_seconds(folder / "c", env)
    return out


def warm_worker_run_seconds(folder: Path, env: dict[str, str]) -> float:
    """`hetang run` while `hetang serve` is up for the same folder (its PREFECT_HOME beside
    the warehouse, where `hetang run` finds it): the serving process runs it."""
    from deploy import oneoff, serve

    warehouse = folder / "hetang.duckdb"
    port = next(p for p in range(4400, 4500) if serve.port_is_free(p))
    command = [sys.executable, "-m", "hetang.cli", "serve", "--cron", "0 2 1 1 *",
               "--inbox", str(PROJECT / "demo" / "inbox"), "--warehouse", str(warehouse),
               "--port", str(port)]  # fmt: skip
    folder.mkdir(parents=True)
    with (folder / "serve.log").open("ab") as log:
        serving = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            api_url = f"http://{serve.HOST}:{port}/api"
            deadline = time.monotonic() + serve.HEALTH_TIMEOUT_S
            while oneoff.listening_home(api_url, warehouse) is None:
                if time.monotonic() > deadline or serving.poll() is not None:
                    raise RuntimeError(f"no warm worker of hetang serve (see {log.name})")
                time.sleep(0.5)
            return hetang_run_seconds(warehouse, env)
        finally:
            serve.stop_process(serving)


# --- the parent: sizes, the table, RESULTS.md -------------------------------------------------


def machine() -> dict[str, str]:
    import duckdb
    import great_expectations
    import pandas
    import prefect

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "cpu": cpu,
        "nproc": str(len(os.sched_getaffinity(0))),
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": f"duckdb {duckdb.__version__}, pandas {pandas.__version__}, "
        f"great_expectations {great_expectations.__version__}, prefect {prefect.__version__}",
    }


def run_child(regions: int, workdir: Path, profile: bool) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        str(regions),
        "--workdir",
        str(workdir),
    ]
    if profile:
        command.append("--profile")
    out = workdir / f"r{regions}.json"
    out.unlink(missing_ok=True)
    subprocess.run(command, check=True)
    return json.loads(out.read_text(encoding="utf-8"))


# The rows of the results table: (label, how to read it from one size's results).
TABLE_ROWS: list[tuple[str, Callable[[dict[str, Any]], Any]]] = [
    (
        "drop files (long + bureau)",
        lambda r: f"{r['dataset']['long_files']} + {r['dataset']['bureau_files']}",
    ),
    (
        "rows in the drops",
        lambda r: f"{r['dataset']['long_rows'] + r['dataset']['bureau_rows']:,}",
    ),
    ("inbox size (MB)", lambda r: r["dataset"]["inbox_mb"]),
    ("**ingest: flow (s)**", lambda r: r["full_run"]["stages"].get("ingest")),
    ("ingest: DuckDB read_csv (s)", lambda r: r["baseline_ingest"]["seconds"]),
    ("**ingest ratio** (target ≤ 1.5)", lambda r: f"**{r['ratios']['ingest_vs_duckdb']}×**"),
    ("validation: GE path (s)", lambda r: r["validation"]["ge_seconds"]),
    ("validation: one SQL query (s)", lambda r: r["validation"]["sql_seconds"]),
    (
        "**validation ratio** (target ≤ 3)",
        lambda r: f"**{r['ratios']['validation_ge_vs_sql']}×**",
    ),
    (
        "statuses compared / identical",
        lambda r: f"{r['validation']['rows']:,} / {r['validation']['identical']}",
    ),
    ("full run (s)", lambda r: r["full_run"]["seconds"]),
    (
        "… run copy / ingest / marts / validate / judge / publish / brief (s)",
        lambda r: " / ".join(
            str(r["full_run"]["stages"].get(k, "–"))
            for k in ("run_copy", "ingest", "marts", "validate", "judge", "publish", "brief")
        ),
    ),
    ("no-op run (s)", lambda r: r["noop_run"]["seconds"]),
    (
        "… run copy / ingest / marts / validate / judge / publish / brief (s)",
        lambda r: " / ".join(
            str(r["noop_run"]["stages"].get(k, "–"))
            for k in ("run_copy", "ingest", "marts", "validate", "judge", "publish", "brief")
        ),
    ),
    ("**no-op / full** (target ≤ 10 %)", lambda r: f"**{r['ratios']['noop_vs_full_pct']} %**"),
    (
        "**overview query, median (ms)** (target ≤ 200)",
        lambda r: f"**{r['overview']['median_ms']}**",
    ),
    (
        "overview query, first / p95 / max (ms)",
        lambda r: (
            f"{r['overview']['first_ms']} / {r['overview']['p95_ms']} / {r['overview']['max_ms']}"
        ),
    ),
    ("observations loaded", lambda r: f"{r['full_run']['observations']:,}"),
    ("alerts opened by the full run", lambda r: f"{r['full_run']['alerts_opened']:,}"),
    ("working warehouse (MB)", lambda r: r["warehouse_mb"]),
    ("machine load at the end of this size", lambda r: r.get("load", "–")),
    ("peak memory of the process, maxrss (MB)", lambda r: r["maxrss_mb"]),
    ("peak memory after the full run (MB)", lambda r: r["full_run"]["maxrss_mb"]),
    (
        "… peak resident memory in ingest / validate / judge (MB)",
        lambda r: " / ".join(
            str(r["full_run"].get("stage_peak_mb", {}).get(k, "–"))
            for k in ("ingest", "validate", "judge")
        ),
    ),
    (
        "DuckDB read_csv's own peak, its process (MB)",
        lambda r: r["baseline_ingest"].get("maxrss_mb", "–"),
    ),
    (
        "**memory ratio**, full run / DuckDB (target ≤ 3, ≤ 2 GB)",
        lambda r: f"**{r['ratios'].get('memory_vs_duckdb', '–')}×**",
    ),
]


def table(results: list[dict[str, Any]]) -> list[str]:
    """The results table: a column per size, a row per TABLE_ROWS entry."""
    head = "| regions | " + " | ".join(f"{r['regions']:,}" for r in results) + " |"
    lines = [head, "| --- |" + " --- |" * len(results)]
    for label, get in TABLE_ROWS:
        lines.append(f"| {label} | " + " | ".join(str(get(r)) for r in results) + " |")
    return lines


def oneoff_lines() -> list[str]:
    """The one-off `hetang run` on the demo both ways (bench/results/oneoff.json)."""
    if not ONEOFF_JSON.exists():
        return []
    o = json.loads(ONEOFF_JSON.read_text(encoding="utf-8"))
    return [
        "| `hetang run` on the demo (wall, s; target ≤ 5 with a running server) | s |",
        "| --- | --- |",
        f"| Prefect's temporary server (no server running) | {o['temporary_server_s']} |",
        f"| a running server (PREFECT_API_URL) | {o['running_server_s']} |",
        f"| **`hetang serve` up: its warm worker runs it** | **{o.get('warm_worker_s', '–')}** |",
        f"| … that server's own start, once (not in the run) | {o['server_startup_s']} |",
        "",
    ]


def uptime() -> str:
    load = Path("/proc/loadavg").read_text().split()[:3]
    return f"load average {', '.join(load)} on {len(os.sched_getaffinity(0))} cores"


def write_results_md(results: list[dict[str, Any]]) -> None:
    info = machine()
    block = [
        BEGIN,
        "",
        f"Measured {max(r['started'] for r in results)[:10]} with `python bench/run.py` "
        f"(sizes {', '.join(str(r['regions']) for r in results)}).",
        "",
        f"Machine: {info['cpu']}, {info['nproc']} cores, {info['memory']} memory, {info['os']}; "
        f"Python {info['python']}; {info['versions']}.",
        "",
        *table(results),
        "",
        *oneoff_lines(),
        f"Load when the table was written: {uptime()}. The machine was shared with other "
        "engineers' tests while measuring; the times are upper bounds.",
        "",
        END,
    ]
    text = (
        RESULTS_MD.read_text(encoding="utf-8")
        if RESULTS_MD.exists()
        else f"# Scale benchmark results\n\n{BEGIN}\n{END}\n"
    )
    before, _, rest = text.partition(BEGIN)
    _, _, after = rest.partition(END)
    RESULTS_MD.write_text(before + "\n".join(block) + after, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The hetang-monitor scale benchmark.")
    parser.add_argument(
        "--regions", type=int, nargs="*", default=list(DEFAULT_SIZES), help="none: one-off only"
    )
    parser.add_argument("--workdir", type=Path, default=PROJECT / "var" / "bench")
    parser.add_argument("--profile", action="store_true", help="pyinstrument profiles of both runs")
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    parser.add_argument("--no-oneoff", action="store_true", help="skip timing `hetang run`")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--baseline", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.baseline is not None:
        print(json.dumps(duckdb_ingest_baseline(*args.baseline)))
        return
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    if args.child is not None:
        result = child(args.child, workdir, args.profile)
        (workdir / f"r{args.child}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
        return
    RESULTS_DIR.mkdir(exist_ok=True)
    for regions in args.regions:
        result = run_child(regions, workdir, args.profile)
        print(
            json.dumps({"regions": regions, **result["ratios"], "maxrss_mb": result["maxrss_mb"]}),
            flush=True,
        )
        if not args.no_write:
            (RESULTS_DIR / f"r{regions}.json").write_text(
                json.dumps(result, indent=1), encoding="utf-8"
            )
    if not args.no_oneoff:
        oneoff = oneoff_runs(workdir / "oneoff")
        print(json.dumps(oneoff), flush=True)
        if not args.no_write:
            ONEOFF_JSON.write_text(json.dumps(oneoff, indent=1), encoding="utf-8")
    stored = sorted(
        (json.loads(p.read_text(encoding="utf-8")) for p in RESULTS_DIR.glob("r[0-9]*.json")),
        key=lambda r: r["regions"],
    )
    print("\n".join(table(stored)))
    if not args.no_write:
        write_results_md(stored)


if __name__ == "__main__":
    main()
