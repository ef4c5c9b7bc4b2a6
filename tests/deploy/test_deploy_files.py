"""The files of deploy/: prefect.yaml says what the README promises, the units fit together."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[2]
DEPLOY = PROJECT / "deploy"


def _deployment() -> dict:
    config = yaml.safe_load((DEPLOY / "prefect.yaml").read_text(encoding="utf-8"))
    (deployment,) = config["deployments"]
    return deployment


def _unit(name: str) -> configparser.ConfigParser:
    # systemd units are ini-like; keys may repeat in principle, not in ours
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keep systemd's CamelCase keys
    parser.read(DEPLOY / "systemd" / name, encoding="utf-8")
    return parser


def test_deployment_runs_the_nightly_flow_at_two_in_shanghai():
    deployment = _deployment()
    assert deployment["name"] == "hetang-nightly"
    assert deployment["entrypoint"] == "flows/nightly.py:nightly"
    path, function = deployment["entrypoint"].split(":")
    assert f"def {function}(" in (PROJECT / path).read_text(encoding="utf-8")
    assert deployment["schedules"] == [
        {"cron": "0 2 * * *", "timezone": "Asia/Shanghai", "active": True}
    ]
    assert deployment["work_pool"]["name"] == "hetang-process"
    assert deployment["concurrency_limit"] == 1  # DuckDB: one writer


def test_deployment_takes_its_paths_from_the_environment_and_holds_no_secrets():
    deployment = _deployment()
    assert deployment["parameters"] == {}
    text = (DEPLOY / "prefect.yaml").read_text(encoding="utf-8")
    assert not re.search(r"(?i)(password|token|secret|api_key|auth)\s*:", text)


def test_pull_step_sets_the_documented_install_path():
    (step,) = _deployment()["pull"]
    assert step == {
        "prefect.deployments.steps.set_working_directory": {"directory": "/opt/hetang-monitor"}
    }
    assert "/opt/hetang-monitor" in (DEPLOY / "README.md").read_text(encoding="utf-8")


def test_worker_unit_needs_the_server_unit():
    server, worker = _unit("hetang-prefect-server.service"), _unit("hetang-prefect-worker.service")
    assert worker["Unit"]["After"] == "hetang-prefect-server.service"
    assert worker["Unit"]["Requires"] == "hetang-prefect-server.service"
    for unit in (server, worker):
        service = unit["Service"]
        assert service["User"] == "hetang"
        assert service["WorkingDirectory"] == "/opt/hetang-monitor"
        assert service["EnvironmentFile"] == "/etc/hetang/hetang.env"
        assert service["Restart"] == "on-failure"
    assert "--host 127.0.0.1 --port 4200" in server["Service"]["ExecStart"]
    assert "--pool hetang-process" in worker["Service"]["ExecStart"]


def test_env_example_points_the_worker_at_the_loopback_server():
    lines = (DEPLOY / "systemd" / "hetang.env").read_text(encoding="utf-8").splitlines()
    env = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    assert env["PREFECT_API_URL"] == "http://127.0.0.1:4200/api"
    assert {"HETANG_INBOX", "HETANG_WAREHOUSE", "HETANG_NOTIFY", "PREFECT_HOME"} <= env.keys()
    assert env["HETANG_NOTIFY"] == ""
