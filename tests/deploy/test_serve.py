"""Unit tests of `hetang serve`'s pieces that need no Prefect server (deploy/serve.py)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from deploy import serve as serving
from hetang import cli


def _options(tmp_path: Path, **changes) -> serving.ServeOptions:
    args = {
        "cron": "0 2 * * *",
        "timezone": "Asia/Shanghai",
        "inbox": tmp_path / "inbox",
        "warehouse": tmp_path / "var" / "hetang.duckdb",
        "port": 4321,
    }
    return serving.make_options(**{**args, **changes})


def test_nightly_schedule_keeps_cron_and_timezone():
    schedule = serving.nightly_schedule("0 2 * * *", "Asia/Shanghai")
    assert (schedule.cron, schedule.timezone, schedule.active) == (
        "0 2 * * *",
        "Asia/Shanghai",
        True,
    )


@pytest.mark.parametrize(
    ("cron", "timezone", "message"),
    [
        ("0 2 * *", "Asia/Shanghai", "Invalid cron string"),
        ("H 2 * * *", "Asia/Shanghai", "Invalid cron string"),
        ("0 25 * * *", "Asia/Shanghai", "Invalid cron string"),
        ("0 2 * * *", "Asia/Beijing", "unknown timezone 'Asia/Beijing'"),
        ("0 2 * * *", "../etc/passwd", "unknown timezone"),
    ],
)
def test_bad_cron_or_timezone_is_refused(cron, timezone, message):
    with pytest.raises(ValueError, match=message):
        serving.check_schedule(cron, timezone)


def test_options_resolve_paths_and_put_prefect_home_beside_the_warehouse(tmp_path, monkeypatch):
    monkeypatch.delenv("PREFECT_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    options = serving.make_options("* * * * *", "UTC", Path("inbox"), Path("var/h.duckdb"), 4300)
    assert options.inbox == tmp_path / "inbox"
    assert options.warehouse == tmp_path / "var" / "h.duckdb"
    assert options.prefect_home == tmp_path / "var" / "prefect"
    assert options.parameters == {
        "inbox": str(tmp_path / "inbox"),
        "warehouse": str(tmp_path / "var" / "h.duckdb"),
    }
    assert (options.ui_url, options.api_url) == (
        "http://127.0.0.1:4300",
        "http://127.0.0.1:4300/api",
    )


def test_prefect_home_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "ph"))
    assert _options(tmp_path).prefect_home == tmp_path / "ph"


@pytest.mark.parametrize("port", [0, 65536, -1])
def test_port_out_of_range_is_refused(tmp_path, port):
    with pytest.raises(ValueError, match="out of range"):
        _options(tmp_path, port=port)


def test_server_command_listens_on_loopback_only():
    command = serving.server_command(4321)
    assert command == [
        sys.executable,
        "-m",
        "prefect",
        "server",
        "start",
        "--host",
        "127.0.0.1",
        "--port",
        "4321",
        "--analytics-off",
    ]


def test_server_env_has_its_own_home_and_no_client_url(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://elsewhere:4200/api")
    monkeypatch.setenv("HETANG_INBOX", "/srv/inbox")
    env = serving.server_env(tmp_path / "ph")
    assert env["PREFECT_HOME"] == str(tmp_path / "ph")
    assert env["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert "PREFECT_API_URL" not in env
    assert env["HETANG_INBOX"] == "/srv/inbox"


def test_port_is_free_sees_a_listener():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        assert not serving.port_is_free(port)
    assert serving.port_is_free(port)


def test_port_is_free_right_after_a_server_closed_its_connections():
    # The side that closes first keeps the port in TIME_WAIT for a minute: a restarted
    # `hetang serve` must not call that port busy (the e2e test caught it).
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn's does
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port)) as client:
            connection, _ = listener.accept()
            connection.close()
            client.recv(1)
    assert serving.port_is_free(port)


def test_wait_for_health_reports_a_server_that_died():
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    process.wait()
    with pytest.raises(serving.ServeError, match="exited with code 3"):
        serving.wait_for_health("http://127.0.0.1:9/api", 5, process)


def test_wait_for_health_gives_up_after_the_timeout():
    with pytest.raises(serving.ServeError, match="not healthy after 1 s"):
        serving.wait_for_health("http://127.0.0.1:9/api", 1)


def test_stop_process_kills_what_ignores_sigterm():
    stubborn = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ready', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
    )
    assert stubborn.stdout.readline() == b"ready\n"  # SIGTERM is ignored from here on
    serving.stop_process(stubborn, grace_s=0.5)
    assert stubborn.returncode == -signal.SIGKILL


def test_stop_signals_raise_keyboard_interrupt_and_are_restored():
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt), serving.stop_signals_interrupt():
        signal.raise_signal(signal.SIGTERM)
    assert signal.getsignal(signal.SIGTERM) == before


def test_banner_names_the_ui_and_the_schedule(tmp_path):
    text = serving.banner(_options(tmp_path), 12.34)
    assert "Prefect UI: http://127.0.0.1:4321" in text
    assert "cron '0 2 * * *' in Asia/Shanghai" in text
    assert "in 12.3 s" in text


def test_cli_serve_passes_its_options_on(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(serving, "serve", lambda options, echo: seen.append(options))
    args = [
        "serve",
        "--cron",
        "30 1 * * 1-5",
        "--timezone",
        "UTC",
        "--port",
        "4400",
        "--inbox",
        str(tmp_path / "in"),
        "--warehouse",
        str(tmp_path / "w.duckdb"),
    ]
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    (options,) = seen
    assert (options.cron, options.timezone, options.port) == ("30 1 * * 1-5", "UTC", 4400)
    assert (options.inbox, options.warehouse) == (tmp_path / "in", tmp_path / "w.duckdb")


def test_cli_serve_refuses_a_bad_timezone_before_starting_anything(monkeypatch):
    monkeypatch.setattr(serving, "serve", lambda options, echo: pytest.fail("must not start"))
    result = CliRunner().invoke(cli.app, ["serve", "--timezone", "Mars/Olympus"])
    assert result.exit_code == 2
    assert "unknown timezone 'Mars/Olympus'" in result.output


def test_cli_serve_reports_a_busy_port(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "ph"))
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        result = CliRunner().invoke(
            cli.app, ["serve", "--port", str(port), "--warehouse", str(tmp_path / "w.duckdb")]
        )
    assert result.exit_code == 1
    assert f"port {port} is in use" in result.output
