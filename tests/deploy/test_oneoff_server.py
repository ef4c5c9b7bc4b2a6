"""A one-off `hetang run` reports to a running Prefect server when one answers (deploy/serve.py)."""

from __future__ import annotations

from pathlib import Path

from prefect.settings import temporary_settings

from deploy import serve as serving

DEAD = "http://127.0.0.1:9/api"  # the discard port: nothing answers there


def _marker(warehouse: Path, url: str) -> None:
    home = serving.default_prefect_home(warehouse.resolve())
    home.mkdir(parents=True, exist_ok=True)
    (home / serving.SERVER_MARKER).write_text(url, encoding="utf-8")


def test_no_server_answers_means_the_temporary_server(tmp_path, monkeypatch):
    monkeypatch.delenv("PREFECT_HOME", raising=False)
    warehouse = tmp_path / "var" / "hetang.duckdb"
    _marker(warehouse, DEAD)  # left by a `hetang serve` that was killed
    with temporary_settings(updates={"api.url": DEAD}):
        assert serving.api_for_one_off_run(warehouse) is None


def test_a_healthy_prefect_api_url_is_used(prefect_harness, tmp_path):
    from prefect.settings import get_current_settings

    live = get_current_settings().api.url
    assert live and serving.is_healthy(live)
    assert serving.api_for_one_off_run(tmp_path / "hetang.duckdb") == live


def test_the_server_hetang_serve_keeps_is_found_by_its_marker(
    prefect_harness, tmp_path, monkeypatch
):
    from prefect.settings import get_current_settings

    monkeypatch.delenv("PREFECT_HOME", raising=False)
    live = get_current_settings().api.url
    warehouse = tmp_path / "var" / "hetang.duckdb"
    _marker(warehouse, live)
    with temporary_settings(updates={"api.url": None}):
        assert serving.api_for_one_off_run(warehouse) == live
    with temporary_settings(updates={"api.url": DEAD}):
        assert serving.api_for_one_off_run(warehouse) == live


def test_the_warm_worker_is_used_only_when_announced_and_listed(
    prefect_harness, tmp_path, monkeypatch
):
    """`hetang run` hands its run to a worker only when the marker of `hetang serve` names this
    server and the server lists a worker for the one-off task: a stale marker or another
    server's marker means running in-process (the warm path itself:
    tests/deploy/test_prefect_server.py)."""
    from prefect.settings import get_current_settings

    from deploy import oneoff

    monkeypatch.delenv("PREFECT_HOME", raising=False)
    live = get_current_settings().api.url
    warehouse = tmp_path / "var" / "hetang.duckdb"
    assert oneoff.listening_home(live, warehouse) is None  # no marker
    _marker(warehouse, DEAD)
    assert oneoff.listening_home(live, warehouse) is None  # another server's marker
    _marker(warehouse, live)
    assert oneoff.listening_home(live, warehouse) is None  # a live server, but nobody listens
    _marker(warehouse, DEAD)
    assert oneoff.listening_home(DEAD, warehouse) is None  # a server that does not answer
