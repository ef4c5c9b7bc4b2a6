"""Shared fixtures: one Prefect test harness per session, and one demo-year warehouse."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import flows  # noqa: F401  (sets the Prefect environment before Prefect is imported)

# Nightly runs of the tests write no briefing (seconds each); the demo year's run does, once.
os.environ["HETANG_BRIEF_FORMATS"] = ""

PROJECT = Path(__file__).resolve().parent.parent
DEMO_INBOX = PROJECT / "demo" / "inbox"
DEMO_AS_OF = "2023-02-01"


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect API for the whole session (starting one costs seconds)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def demo_run(prefect_harness, tmp_path_factory) -> dict:
    """The bundled demo year run once through the real nightly flow; tests must not write to it."""
    from flows.nightly import nightly

    root = tmp_path_factory.mktemp("demo")
    inbox = root / "inbox"
    shutil.copytree(DEMO_INBOX, inbox)
    warehouse = root / "hetang.duckdb"
    os.environ["HETANG_BRIEF_FORMATS"] = ".docx,.xlsx,.pdf"
    try:
        summary = nightly(inbox=str(inbox), warehouse=str(warehouse), as_of=DEMO_AS_OF)
    finally:
        os.environ["HETANG_BRIEF_FORMATS"] = ""
    return {"summary": summary, "warehouse": warehouse, "inbox": inbox, "root": root}


@pytest.fixture()
def fresh_run(prefect_harness, tmp_path):
    """Run the real nightly flow on an inbox of the test's own; returns a runner."""
    from flows.nightly import nightly

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    warehouse = tmp_path / "hetang.duckdb"

    def run(as_of: str = DEMO_AS_OF):
        return nightly(inbox=str(inbox), warehouse=str(warehouse), as_of=as_of)

    run.inbox = inbox
    run.warehouse = warehouse
    return run
