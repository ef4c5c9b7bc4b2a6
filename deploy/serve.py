"""`hetang serve`: keep the nightly schedule on one machine with nothing else installed.

The ephemeral Prefect API that `hetang run` uses runs no scheduler, so a schedule needs a real
server. This module starts `prefect server start` on 127.0.0.1 as a child process (its database
in its own PREFECT_HOME beside the warehouse), waits for its health check, serves the nightly
flow against it on a cron schedule in the office's timezone, and on Ctrl-C or SIGTERM stops
the flow runner first (so it can pause its schedule on a live server) and then the server.

For an installation with a long-lived server and a worker, use `deploy/` instead.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEPLOYMENT = "hetang-nightly"
HOST = "127.0.0.1"  # loopback only: the Prefect API has no authentication
# A fresh server migrates its SQLite database first; on a busy 2-core machine that took ~50 s.
HEALTH_TIMEOUT_S = 120.0
STOP_GRACE_S = 15.0
# In PREFECT_HOME while `hetang serve` runs: its API URL, for one-off `hetang run`s to use.
SERVER_MARKER = "hetang-serve-api-url"


class ServeError(RuntimeError):
    """The local Prefect server could not be started."""


@dataclass(frozen=True)
class ServeOptions:
    """Everything `hetang serve` needs, resolved to absolute paths."""

    cron: str
    timezone: str
    inbox: Path
    warehouse: Path
    port: int
    prefect_home: Path

    @property
    def ui_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.ui_url}/api"

    @property
    def parameters(self) -> dict[str, str]:
        """Flow parameters: absolute paths, so a run never depends on the runner's cwd."""
        return {"inbox": str(self.inbox), "warehouse": str(self.warehouse)}


def check_schedule(cron: str, timezone: str) -> None:
    """Raise ValueError for a cron string or timezone Prefect would refuse."""
    from prefect.schedules import Cron

    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown timezone {timezone!r} (use an IANA name)") from exc
    Cron(cron, timezone=timezone)  # validates the cron string (five fields, no H/R)


def nightly_schedule(cron: str, timezone: str) -> Any:
    """The nightly run's schedule as a Prefect schedule object."""
    from prefect.schedules import Cron

    check_schedule(cron, timezone)
    return Cron(cron, timezone=timezone)


def default_prefect_home(warehouse: Path) -> Path:
    """PREFECT_HOME if the operator set one, else a folder beside the warehouse."""
    configured = os.environ.get("PREFECT_HOME")
    return Path(configured).expanduser() if configured else warehouse.parent / "prefect"


def make_options(cron: str, timezone: str, inbox: Path, warehouse: Path, port: int) -> ServeOptions:
    """Validate the command line and resolve every path."""
    check_schedule(cron, timezone)
    if not 0 < port < 65536:
        raise ValueError(f"port {port} out of range")
    warehouse = warehouse.expanduser().resolve()
    return ServeOptions(
        cron=cron,
        timezone=timezone,
        inbox=inbox.expanduser().resolve(),
        warehouse=warehouse,
        port=port,
        prefect_home=default_prefect_home(warehouse).resolve(),
    )


def server_command(port: int) -> list[str]:
    """`prefect server start` from this interpreter, so it works without the venv on PATH."""
    return [
        sys.executable,
        "-m",
        "prefect",
        "server",
        "start",
        "--host",
        HOST,
        "--port",
        str(port),
        "--analytics-off",
    ]


def server_env(prefect_home: Path) -> dict[str, str]:
    """The server's environment: its own home; a client API URL would only confuse it."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(prefect_home)
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    return env


def port_is_free(port: int) -> bool:
    """True when nothing listens on 127.0.0.1:port (else our health check would lie)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As uvicorn does: connections of a server stopped a moment ago (TIME_WAIT) don't count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def wait_for_health(
    api_url: str, timeout_s: float, process: subprocess.Popen | None = None
) -> float:
    """Poll /api/health until the server answers; return the seconds it took.

    Also used by the worker's systemd unit (ExecStartPre) to wait for the server.
    """
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        if process is not None and process.poll() is not None:
            raise ServeError(f"Prefect server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except (urllib.error.URLError, OSError):
            pass  # not listening yet
        time.sleep(0.5)
    raise ServeError(f"Prefect server at {api_url} not healthy after {timeout_s:.0f} s")


def is_healthy(api_url: str, timeout_s: float = 2.0) -> bool:
    """True when a Prefect API answers /health at `api_url` now."""
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=timeout_s) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def api_for_one_off_run(warehouse: Path) -> str | None:
    """The Prefect API a one-off `hetang run` should report to: PREFECT_API_URL if it answers,
    else the server `hetang serve` keeps for this warehouse (its SERVER_MARKER), if it answers;
    None when neither does (the run then starts Prefect's temporary server, as before)."""
    from prefect.settings import get_current_settings

    candidates = [get_current_settings().api.url]
    marker = default_prefect_home(warehouse.expanduser().resolve()) / SERVER_MARKER
    if marker.is_file():
        candidates.append(marker.read_text(encoding="utf-8").strip())
    return next((url for url in candidates if url and is_healthy(url)), None)


def stop_process(process: subprocess.Popen, grace_s: float = STOP_GRACE_S) -> None:
    """SIGTERM, wait for a clean exit, SIGKILL if it does not come."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(grace_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def die_with_parent() -> Callable[[], None] | None:
    """A preexec hook: the child gets SIGTERM when `hetang serve` dies, even by kill -9.

    Linux only. libc is loaded here in the parent: after fork the child only makes one call.
    """
    if sys.platform != "linux":
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    pr_set_pdeathsig = 1
    return lambda: prctl(pr_set_pdeathsig, signal.SIGTERM)


@contextmanager
def local_server(options: ServeOptions, log: IO[bytes]) -> Iterator[float]:
    """A Prefect server on 127.0.0.1 for the duration of the block; yields its startup time."""
    if not port_is_free(options.port):
        raise ServeError(f"port {options.port} is in use; choose another with --port")
    options.prefect_home.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        server_command(options.port),
        env=server_env(options.prefect_home),
        stdout=log,
        stderr=subprocess.STDOUT,
        # Own session: a terminal's Ctrl-C reaches only us, and we stop the server last.
        start_new_session=True,
        preexec_fn=die_with_parent(),
    )
    try:
        yield wait_for_health(options.api_url, HEALTH_TIMEOUT_S, process)
    finally:
        stop_process(process)


@contextmanager
def stop_signals_interrupt() -> Iterator[None]:
    """Make SIGINT and SIGTERM raise KeyboardInterrupt here.

    SIGINT explicitly: a shell starts background jobs with SIGINT ignored, and Python keeps
    that. SIGTERM: until Prefect's runner installs its own graceful handler, the default
    would kill us and leave the server orphaned.
    """

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def serve_nightly(options: ServeOptions) -> None:
    """Create the deployment on the local server and run its scheduled runs until stopped;
    meanwhile keep the warm worker of one-off runs (`deploy.oneoff`)."""
    from prefect.runner import Runner
    from prefect.settings import PREFECT_API_URL, PREFECT_HOME, temporary_settings
    from prefect.types.entrypoint import EntrypointType

    from deploy import oneoff
    from flows.nightly import nightly

    # Settings, not os.environ: Prefect has read the environment already, and the runner
    # passes the current settings on to every flow-run subprocess.
    updates = {
        PREFECT_API_URL: options.api_url,
        PREFECT_HOME: str(options.prefect_home),
        "results.local_storage_path": oneoff.storage_path(options.prefect_home),
        # The one-off task's own log lines have no flow run to go to (the flow's lines do).
        "logging.to_api.when_missing_flow": "ignore",
    }
    with temporary_settings(updates=updates):
        # What `nightly.serve()` does, but with Ctrl-C routed to the runner's graceful stop.
        runner = Runner(name=DEPLOYMENT, pause_on_shutdown=True, limit=1)  # DuckDB: one writer
        runner.add_flow(
            nightly,
            name=DEPLOYMENT,
            schedules=[nightly_schedule(options.cron, options.timezone)],
            parameters=options.parameters,
            # The project is installed in the venv: a module path works from any directory.
            entrypoint_type=EntrypointType.MODULE_PATH,
        )
        signal.signal(signal.SIGINT, graceful_stop(runner))
        asyncio.run(_run_with_worker(runner, options))


async def _run_with_worker(runner: Any, options: ServeOptions) -> None:
    """The runner until it stops, and beside it the task worker of one-off runs."""
    from prefect.task_worker import TaskWorker

    from deploy import oneoff

    worker = TaskWorker(oneoff.one_off_run, limit=1)  # one run at a time, as the runner
    listening = asyncio.create_task(worker.astart())
    # Let the worker install its SIGTERM handler (it exits at once) before the runner installs
    # its graceful one, which must win.
    await asyncio.sleep(0)
    try:
        await runner.start()
    finally:
        listening.cancel()
        with suppress(asyncio.CancelledError):
            await listening


def graceful_stop(runner: Any) -> Callable[[int, Any], None]:
    """A SIGINT handler that stops the runner the way its own SIGTERM handler does.

    `Flow.serve` lets KeyboardInterrupt tear the runner down instead: a run in progress then
    outlives the server and retries its logs against it (measured: 70 s before we could exit).
    The graceful stop cancels the run, pauses the schedule, and only then returns.
    """

    def handler(signum: int, frame: Any) -> None:
        if runner.started and not runner.stopping:
            runner.handle_sigterm()
        else:
            raise KeyboardInterrupt

    return handler


def banner(options: ServeOptions, startup_s: float) -> str:
    """What `hetang serve` prints once the schedule is live."""
    return "\n".join(
        [
            f"Prefect server up on {options.ui_url} in {startup_s:.1f} s "
            f"(PREFECT_HOME={options.prefect_home}).",
            f"Serving {DEPLOYMENT}/{DEPLOYMENT}: cron {options.cron!r} in {options.timezone}.",
            f"  inbox     {options.inbox}",
            f"  warehouse {options.warehouse}",
            f"Prefect UI: {options.ui_url}",
            f"Run now:    PREFECT_API_URL={options.api_url} prefect deployment run "
            f"{DEPLOYMENT}/{DEPLOYMENT}",
            "Ctrl-C stops the schedule and the server.",
        ]
    )


def serve(options: ServeOptions, echo: Any = print) -> None:
    """Start the local server, serve the nightly flow, stop both on Ctrl-C or SIGTERM."""
    log_path = options.prefect_home / "server.log"
    options.prefect_home.mkdir(parents=True, exist_ok=True)
    echo(f"Starting a Prefect server on {options.ui_url} (log: {log_path}) ...")
    with stop_signals_interrupt(), log_path.open("ab") as log:
        try:
            with local_server(options, log) as startup_s:
                echo(banner(options, startup_s))
                marker = options.prefect_home / SERVER_MARKER
                marker.write_text(options.api_url, encoding="utf-8")
                try:
                    serve_nightly(options)
                finally:
                    marker.unlink(missing_ok=True)
        except KeyboardInterrupt:
            pass  # Ctrl-C or SIGTERM while the server was starting: the server is stopped
    echo("hetang serve stopped.")
