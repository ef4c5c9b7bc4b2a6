"""`hetang users` (add with the password on stdin, list, disable, demo) and the dashboard's address."""

from __future__ import annotations

import shutil
from datetime import timedelta

from typer.testing import CliRunner

from access import audit, store, users
from hetang.cli import _loopback, app
from hetang.settings import WarehousePaths

NOW_FAR = store.utcnow()


def invoke(*args: str, stdin: str | None = None):
    return CliRunner().invoke(app, ["users", *args], input=stdin)


def test_add_list_disable_with_the_password_from_stdin(tmp_path):
    warehouse = str(tmp_path / "hetang.duckdb")
    added = invoke("--warehouse", warehouse, "add", "renshe", "--role", "department",
                   "--department", "区人社局", stdin="s3cret-pass\n")  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "added renshe (department, 区人社局)" in added.output
    reviews = WarehousePaths(tmp_path / "hetang.duckdb").reviews
    ok = users.sign_in(reviews, "renshe", "s3cret-pass", now=NOW_FAR, max_failures=5,
                       lock_for=timedelta(minutes=15))  # fmt: skip
    assert ok.user is not None and ok.user.department == "区人社局"
    assert invoke("--warehouse", warehouse, "list").output == "renshe\tdepartment\t区人社局\n"
    assert invoke("--warehouse", warehouse, "disable", "renshe").exit_code == 0
    assert (
        invoke("--warehouse", warehouse, "list").output == "renshe\tdepartment\t区人社局 disabled\n"
    )
    assert [e.detail for e in reversed(audit.load(reviews))] == [
        "add renshe department 区人社局",
        "disable renshe",
    ]


def test_bad_users_are_refused_with_a_message(tmp_path, monkeypatch):
    monkeypatch.setenv("HETANG_WAREHOUSE", str(tmp_path / "hetang.duckdb"))
    no_department = invoke("add", "x", "--role", "department", stdin="long-password\n")
    assert no_department.exit_code == 1 and "--department" in no_department.output
    assert invoke("add", "x", "--role", "boss", stdin="long-password\n").exit_code == 1
    assert invoke("disable", "nobody").exit_code == 1


def test_demo_users_only_on_the_demo_warehouse(demo_run, tmp_path):
    refused = invoke("--warehouse", str(tmp_path / "real.duckdb"), "demo")
    assert refused.exit_code == 1 and "not the demo warehouse" in refused.output
    paths = WarehousePaths(tmp_path / "hetang.duckdb")
    shutil.copy(WarehousePaths(demo_run["warehouse"]).snapshot, paths.snapshot)
    made = invoke("--warehouse", str(paths.working), "demo")
    assert made.exit_code == 0, made.output
    assert [(u.name, u.role.value, u.department) for u in users.list_users(paths.reviews)] == [
        ("admin", "admin", None),
        ("renshe", "department", "区人社局"),
        ("reviewer", "reviewer", None),
        ("viewer", "viewer", None),
    ]
    assert invoke("--warehouse", str(paths.working), "demo").exit_code == 0  # again: no change


def test_the_dashboard_listens_on_loopback_unless_an_address_is_given():
    assert _loopback(["--server.port", "8600"]) == [
        "--server.address", "127.0.0.1", "--server.port", "8600",
    ]  # fmt: skip
    assert _loopback(["--server.address", "0.0.0.0"]) == ["--server.address", "0.0.0.0"]
    assert _loopback(["--server.address=10.0.0.5"]) == ["--server.address=10.0.0.5"]
