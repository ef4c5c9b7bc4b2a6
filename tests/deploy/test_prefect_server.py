"""The nightly run scheduled for real: a Prefect server, deploy/prefect.yaml, a worker, `hetang serve`.

Each test starts its own `prefect server start` on a free loopback port with a temporary
PREFECT_HOME, so nothing touches the developer's Prefect profile. Timings go to
test-artifacts/prefect-server-timings.json for the closing note.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pytest
import yaml

from deploy import oneoff
from deploy.serve import port_is_free, stop_process, wait_for_health
from hetang.settings import WarehousePaths

PROJECT = Path(__file__).resolve().parents[2]
DEMO_INBOX = PROJECT / "demo" / "inbox"
DEMO_AS_OF = "2023-02-01"
BIN = Path(sys.executable).parent
PREFECT = BIN / "prefect"
HETANG = BIN / "hetang"
DEPLOYMENT = "hetang-nightly/hetang-nightly"
POOL = "hetang-process"
SHANGHAI = ZoneInfo("Asia/Shanghai")
# A fresh server migrates its database before /api/health answers: 20-50 s on this 2-core box.
SERVER_TIMEOUT_S = 150.0
TIMINGS = PROJECT / "test-artifacts" / "prefect-server-timings.json"

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]


# ---------------------------------------------------------------- helpers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prefect_env(home: Path, api_url: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of every subprocess: no Prefect or hetang setting of the developer's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "HETANG_"))}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return {**env, **extra}


@contextmanager
def prefect_server(port: int, env: dict[str, str], log_path: Path) -> Iterator[float]:
    """`prefect server start` on 127.0.0.1:port until the block ends; yields its startup time."""
    command = [
        str(PREFECT),
        "server",
        "start",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--analytics-off",
    ]
    with log_path.open("wb") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield wait_for_health(f"http://127.0.0.1:{port}/api", SERVER_TIMEOUT_S, server)
        finally:
            stop_process(server)


def prefect_cli(args: list[str], env: dict[str, str], timeout: float = 240) -> str:
    """Run the `prefect` CLI from the project root; fail the test with its output."""
    result = subprocess.run(
        [str(PREFECT), *args], env=env, cwd=PROJECT, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"prefect {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@contextmanager
def api_client(api_url: str) -> Iterator[Any]:
    """A synchronous Prefect client of the test's server."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with (
        temporary_settings(updates={PREFECT_API_URL: api_url}),
        get_client(sync_client=True) as client,
    ):
        yield client


def wait_until(
    check: Callable[[], Any], timeout_s: float, what: str, log: Path | None = None
) -> Any:
    """Poll `check` until it returns something truthy."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(1)
    tail = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
    pytest.fail(f"{what}: not after {timeout_s:.0f} s\n{tail}")


def runs_of(client: Any, deployment_id: Any, state: str) -> list[Any]:
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    return client.read_flow_runs(
        deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
        flow_run_filter=FlowRunFilter(
            state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType(state)]))
        ),
    )


def deployment_or_none(client: Any) -> Any:
    from prefect.exceptions import ObjectNotFound

    try:
        return client.read_deployment_by_name(DEPLOYMENT)
    except ObjectNotFound:
        return None


def processes_with_env(marker: str) -> list[int]:
    """Pids of live processes whose environment holds `marker` (our unique PREFECT_HOME)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes() and not _is_zombie(entry):
                found.append(int(entry.name))
        except OSError:
            continue  # exited meanwhile, or not ours to read
    return found


def kill_leftovers(marker: str) -> None:
    """SIGKILL what a failed test left running: only processes carrying our unique marker."""
    for pid in processes_with_env(marker):
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _is_zombie(proc_dir: Path) -> bool:
    return ") Z " in (proc_dir / "stat").read_text()


def snapshot(warehouse: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(WarehousePaths(warehouse).snapshot), read_only=True)


def demo_inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    shutil.copytree(DEMO_INBOX, inbox)
    return inbox


def record_timings(test: str, timings: dict[str, float]) -> None:
    TIMINGS.parent.mkdir(exist_ok=True)
    recorded = json.loads(TIMINGS.read_text()) if TIMINGS.exists() else {}
    recorded[test] = {k: round(v, 1) for k, v in timings.items()}
    TIMINGS.write_text(json.dumps(recorded, indent=2) + "\n")
    print(f"\n{test}: {recorded[test]}")


def prefect_file_for_checkout(tmp_path: Path) -> Path:
    """deploy/prefect.yaml with its install path replaced by this checkout."""
    config = yaml.safe_load((PROJECT / "deploy" / "prefect.yaml").read_text(encoding="utf-8"))
    (deployment,) = config["deployments"]
    (step,) = deployment["pull"]
    step["prefect.deployments.steps.set_working_directory"]["directory"] = str(PROJECT)
    path = tmp_path / "prefect.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------- deploy/prefect.yaml + a worker


def test_deployment_from_prefect_yaml_runs_on_a_worker(tmp_path):
    started = time.monotonic()
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = prefect_env(tmp_path / "prefect", api_url)
    inbox, warehouse = demo_inbox(tmp_path), tmp_path / "var" / "hetang.duckdb"
    # As in production, the worker's environment says where the data is (deploy/systemd/hetang.env).
    worker_env = {
        **env,
        "HETANG_INBOX": str(inbox),
        "HETANG_WAREHOUSE": str(warehouse),
        "HETANG_NOTIFY": "",
    }
    marker = f"PREFECT_HOME={tmp_path / 'prefect'}"
    try:
        result = deploy_trigger_and_work(port, env, worker_env, tmp_path)
        left = processes_with_env(marker)
    finally:
        kill_leftovers(marker)
    result.timings["total_s"] = time.monotonic() - started
    record_timings("deploy_prefect_yaml_and_worker", result.timings)

    assert not left, f"processes left behind: {left}"
    assert result.flow_run.state.is_completed(), result.flow_run.state
    assert result.flow_run.parameters == {"as_of": DEMO_AS_OF}
    deployment = result.deployment
    schedule = deployment.schedules[0].schedule
    assert (schedule.cron, schedule.timezone) == ("0 2 * * *", "Asia/Shanghai")
    assert deployment.work_pool_name == POOL
    assert deployment.pull_steps == [
        {"prefect.deployments.steps.set_working_directory": {"directory": str(PROJECT)}}
    ]
    # 02:00 in Shanghai is 18:00 UTC: the schedule kept its timezone all the way to the runs.
    starts = {
        r.expected_start_time.astimezone(SHANGHAI).strftime("%H:%M") for r in result.scheduled
    }
    assert starts == {"02:00"}

    with snapshot(warehouse) as con:
        runs = con.execute(
            "select state, inbox, as_of::varchar, files_loaded, files_quarantined, alerts_opened"
            " from mart.runs"
        ).fetchall()
        (open_alerts,) = con.execute(
            "select count(*) from mart.alerts where state = 'open'"
        ).fetchone()
    assert runs == [("completed", str(inbox), DEMO_AS_OF, 30, 1, 11)]
    assert open_alerts == 11


@dataclass
class DeployResult:
    deployment: Any
    flow_run: Any
    scheduled: list[Any]
    timings: dict[str, float]


def deploy_trigger_and_work(
    port: int, env: dict[str, str], worker_env: dict[str, str], tmp_path: Path
) -> DeployResult:
    """README steps 3 and 5: server, work pool, deploy, a run through the API, a worker."""
    from prefect.deployments import run_deployment

    timings: dict[str, float] = {}
    api_url = f"http://127.0.0.1:{port}/api"
    server_log = tmp_path / "server.log"
    with prefect_server(port, env, server_log) as timings["server_start_s"]:
        step = time.monotonic()
        prefect_cli(["work-pool", "create", POOL, "--type", "process"], env)
        timings["work_pool_create_s"] = time.monotonic() - step

        step = time.monotonic()
        prefect_file = prefect_file_for_checkout(tmp_path)
        prefect_cli(["--no-prompt", "deploy", "--all", "--prefect-file", str(prefect_file)], env)
        timings["deploy_s"] = time.monotonic() - step

        with api_client(api_url) as client:
            deployment = client.read_deployment_by_name(DEPLOYMENT)
            triggered = run_deployment(DEPLOYMENT, parameters={"as_of": DEMO_AS_OF}, timeout=0)

        step = time.monotonic()
        worker = ["worker", "start", "--pool", POOL, "--run-once", "--install-policy", "never"]
        prefect_cli(worker, worker_env, timeout=300)
        timings["worker_run_once_s"] = time.monotonic() - step

        with api_client(api_url) as client:
            flow_run = client.read_flow_run(triggered.id)
            scheduled = wait_until(
                lambda: runs_of(client, deployment.id, "SCHEDULED"),
                60,
                "the scheduler created the nightly runs",
                server_log,
            )
    return DeployResult(deployment, flow_run, scheduled, timings)


# ---------------------------------------------------------------- hetang serve


def test_hetang_serve_runs_on_its_schedule_and_stops_on_sigint(tmp_path):
    started = time.monotonic()
    timings: dict[str, float] = {}
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    home = tmp_path / "prefect"
    inbox, warehouse = demo_inbox(tmp_path), tmp_path / "var" / "hetang.duckdb"
    command = [
        str(HETANG),
        "serve",
        "--cron",
        "* * * * *",
        "--timezone",
        "Asia/Shanghai",
        "--inbox",
        str(inbox),
        "--warehouse",
        str(warehouse),
        "--port",
        str(port),
    ]
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        serve = subprocess.Popen(
            command,
            cwd=tmp_path,
            env=prefect_env(home, HETANG_NOTIFY=""),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        timings["server_start_s"] = wait_for_health(api_url, SERVER_TIMEOUT_S, serve)
        ours = processes_with_env(f"PREFECT_HOME={home}")
        assert serve.pid in ours and len(ours) >= 2, ours  # hetang serve and its server

        with api_client(api_url) as client:
            deployment = wait_until(lambda: deployment_or_none(client), 120, "deployment", log_path)
            timings["deployment_s"] = time.monotonic() - started
            # One run a minute: the first starts at the next minute boundary.
            completed = wait_until(
                lambda: runs_of(client, deployment.id, "COMPLETED"),
                180,
                "a scheduled run completed",
                log_path,
            )
            timings["first_run_completed_s"] = time.monotonic() - started

        step = time.monotonic()
        serve.send_signal(signal.SIGINT)
        serve.wait(90)
        timings["stop_s"] = time.monotonic() - step
        wait_until(
            lambda: not processes_with_env(f"PREFECT_HOME={home}"),
            30,
            "every process of hetang serve gone",
            log_path,
        )
    finally:
        if serve.poll() is None:
            serve.kill()
        kill_leftovers(f"PREFECT_HOME={home}")
    timings["total_s"] = time.monotonic() - started
    record_timings("hetang_serve", timings)

    output = log_path.read_text(errors="replace")
    assert serve.returncode == 0, output[-4000:]
    assert f"Prefect UI: http://127.0.0.1:{port}" in output
    assert "hetang serve stopped." in output
    assert port_is_free(port)
    assert deployment.schedules[0].schedule.timezone == "Asia/Shanghai"
    assert completed[0].parameters == {"inbox": str(inbox), "warehouse": str(warehouse)}
    with snapshot(warehouse) as con:
        first = con.execute(
            "select state, files_loaded, files_quarantined from mart.runs order by started_at limit 1"
        ).fetchone()
    assert first == ("completed", 30, 1)


def one_off_task_runs(client: Any) -> list[Any]:
    from prefect.client.schemas.filters import TaskRunFilter, TaskRunFilterName

    return client.read_task_runs(
        task_run_filter=TaskRunFilter(name=TaskRunFilterName(any_=["hetang-one-off-run"]))
    )


def hetang_run(warehouse: Path, inbox: Path, env: dict[str, str], cwd: Path) -> tuple[str, float]:
    """`hetang run` as a user starts it, from `cwd`; its output and wall time."""
    step = time.monotonic()
    result = subprocess.run(
        [str(HETANG), "run", "--inbox", str(inbox), "--warehouse", str(warehouse),
         "--as-of", DEMO_AS_OF],
        env=env, cwd=cwd, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    return result.stdout, time.monotonic() - step


def test_hetang_run_goes_to_the_warm_worker_of_hetang_serve(tmp_path):
    """With `hetang serve` up, a one-off `hetang run` (no PREFECT_API_URL: found by the markers)
    runs in the serving process, whose imports are paid; relative paths still mean the
    caller's directory. SIGTERM then stops the worker, the runner and the server."""
    timings: dict[str, float] = {}
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    home = tmp_path / "var" / "prefect"  # beside the warehouse: where `hetang run` looks
    inbox, warehouse = demo_inbox(tmp_path), tmp_path / "var" / "hetang.duckdb"
    env = prefect_env(home, HETANG_NOTIFY="", HETANG_BRIEF_FORMATS="")
    env.pop("PREFECT_HOME")  # both find the home beside the warehouse themselves
    command = [
        str(HETANG), "serve", "--cron", "0 2 1 1 *", "--timezone", "Asia/Shanghai",
        "--inbox", str(inbox), "--warehouse", str(warehouse), "--port", str(port),
    ]  # fmt: skip
    log_path = tmp_path / "serve.log"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with log_path.open("wb") as log:
        serve = subprocess.Popen(command, cwd=elsewhere, env=env, stdout=log, stderr=log)
    try:
        timings["server_start_s"] = wait_for_health(api_url, SERVER_TIMEOUT_S, serve)
        wait_until(lambda: oneoff.listening_home(api_url, warehouse), 120, "worker", log_path)
        first, timings["first_run_s"] = hetang_run(
            Path("var/hetang.duckdb"), Path("inbox"), env, tmp_path
        )
        again, timings["second_run_s"] = hetang_run(warehouse, inbox, env, tmp_path)
        with api_client(api_url) as client:
            ran = [r.state.type.value for r in one_off_task_runs(client)]
        serve.send_signal(signal.SIGTERM)
        serve.wait(90)
        wait_until(lambda: not processes_with_env(str(tmp_path)), 30, "hetang serve gone", log_path)
    finally:
        if serve.poll() is None:
            serve.kill()
        kill_leftovers(str(tmp_path))
    record_timings("hetang_run_on_the_warm_worker", timings)

    output = log_path.read_text(errors="replace")
    assert serve.returncode == 0, output[-4000:]
    assert ran == ["COMPLETED", "COMPLETED"], output[-4000:]
    assert f"warehouse  {warehouse}\n" in first  # the caller's relative path, made absolute
    assert "files      30 loaded, 1 quarantined, 0 duplicate; 611 observations" in first
    assert "files      0 loaded, 0 quarantined, 0 duplicate; 0 observations" in again
    assert "inputs unchanged" in again
    assert not (home / "hetang-serve-api-url").exists()
    assert not (elsewhere / "var").exists()  # nothing written relative to the server's cwd
    with snapshot(warehouse) as con:
        runs = con.execute(
            "select state, files_loaded from mart.runs order by started_at"
        ).fetchall()
    assert runs == [("completed", 30), ("completed", 0)]
