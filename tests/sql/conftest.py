"""Fixtures for the `hetang sql` tests: the demo snapshot, a second run on a copy, the CLI."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from hetang.settings import Settings, WarehousePaths
from hetang.sqlshell import run_shell

PROJECT = Path(__file__).resolve().parents[2]

# A drop for the second run: a restated December FAI growth (7.6 %, now on track, so its alert
# resolves) and an indicator name the catalog does not know (listed as unmapped).
EXTRA_DROP_NAME = "20230205_long_2022-12_extra.csv"
EXTRA_DROP = (
    "region_code,indicator,period,value,unit\n"
    "430202,fai_growth,2022-12,7.6,%\n"
    "430202,夜间经济营业额,2022-12,12.5,亿元\n"
)
UNMAPPED_NAME = "夜间经济营业额"


def snapshot_of(warehouse: Path) -> Path:
    return WarehousePaths(warehouse).snapshot


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_demo(demo_run: dict, root: Path) -> tuple[Path, Path]:
    """Copy the demo run's working warehouse and inbox, for runs of a test's own."""
    root.mkdir(parents=True, exist_ok=True)
    source = Path(demo_run["warehouse"])
    warehouse = root / source.name
    paths = WarehousePaths(source)
    for path in (source, paths.snapshot, paths.reviews):
        if path.exists():
            shutil.copy2(path, root / path.name)
    inbox = root / "inbox"
    shutil.copytree(demo_run["inbox"], inbox)
    return warehouse, inbox


@pytest.fixture(scope="session")
def demo_warehouse(demo_run) -> Path:
    return Path(demo_run["warehouse"])


@pytest.fixture(scope="session")
def demo_snapshot(demo_run) -> Path:
    return snapshot_of(Path(demo_run["warehouse"]))


@pytest.fixture(scope="session")
def second_run(demo_run, tmp_path_factory) -> dict:
    """The demo year plus one more drop and a second nightly run, on a copy."""
    from flows.nightly import nightly

    warehouse, inbox = copy_demo(demo_run, tmp_path_factory.mktemp("sql_second_run"))
    (inbox / EXTRA_DROP_NAME).write_text(EXTRA_DROP, encoding="utf-8")
    summary = nightly(inbox=str(inbox), warehouse=str(warehouse), as_of="2023-02-08")
    return {"summary": summary, "warehouse": warehouse, "snapshot": snapshot_of(warehouse)}


class Result:
    """What one run_shell call printed and returned."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json_rows(self) -> list[dict]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


def shell(
    warehouse: Path,
    query: str | None,
    fmt: str = "table",
    stdin: str | io.StringIO | None = None,
    **settings,
) -> Result:
    """run_shell in this process with captured output."""
    out, err = io.StringIO(), io.StringIO()
    source = io.StringIO(stdin) if isinstance(stdin, str) else stdin
    code = run_shell(
        Settings(warehouse=warehouse, **settings), query, fmt, stdin=source, stdout=out, stderr=err
    )
    return Result(code, out.getvalue(), err.getvalue())


def rows(warehouse: Path, query: str) -> list[dict]:
    """QUERY's rows as dicts through run_shell --json, asserting it succeeded."""
    result = shell(warehouse, query, "json")
    assert result.code == 0, result.err
    assert result.err == ""
    return result.json_rows()


def hetang_command() -> list[str]:
    """The installed `hetang` script beside this interpreter, else `python -m flows.cli`."""
    script = Path(sys.executable).with_name("hetang")
    return [str(script)] if script.exists() else [sys.executable, "-m", "hetang.cli"]


def cli_env(**extra: str) -> dict[str, str]:
    """The environment without HETANG_* settings of the caller, plus EXTRA."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HETANG_")}
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env
