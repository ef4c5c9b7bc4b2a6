"""A nightly run while `hetang sql` is open: the run completes, the shell sees the new snapshot.

Each statement of the shell opens and closes its own connection, and the run never opens the
snapshot (it publishes a new file and renames it over the old one), so neither blocks the other.
"""

from __future__ import annotations

import os
import queue
import subprocess
import threading
import time
from pathlib import Path

import pytest

from .conftest import PROJECT, cli_env, copy_demo, hetang_command, snapshot_of

LONG_QUERY = "select count(*) from range(1000000000000)"


class Session:
    """A `hetang sql --csv` REPL subprocess fed through a pipe, answers read line by line."""

    def __init__(self, warehouse: Path, **env: str) -> None:
        self.proc = subprocess.Popen(
            [*hetang_command(), "sql", "--warehouse", str(warehouse), "--csv"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=PROJECT,
            env=cli_env(**env),
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def ask(self, sql: str, n_lines: int, timeout: float = 60) -> list[str]:
        """Send one statement; return the next N_LINES lines of output."""
        self.proc.stdin.write(sql + "\n")
        self.proc.stdin.flush()
        return [self.lines.get(timeout=timeout) for _ in range(n_lines)]

    def close(self) -> tuple[int, str]:
        self.proc.stdin.close()
        code = self.proc.wait(timeout=60)
        return code, self.proc.stderr.read()


def holds_open(pid: int, path: Path) -> bool:
    """True when process PID has PATH open (Linux /proc)."""
    fd_dir = Path(f"/proc/{pid}/fd")
    try:
        return any(os.path.realpath(fd) == str(path.resolve()) for fd in fd_dir.iterdir())
    except OSError:
        return False


def test_a_run_completes_while_hetang_sql_is_open(demo_run, tmp_path):
    from flows.nightly import nightly

    warehouse, inbox = copy_demo(demo_run, tmp_path / "wh")
    snapshot = snapshot_of(warehouse)
    session = Session(warehouse)
    reader = None
    try:
        assert session.ask("select count(*) as n from mart.runs;", 2) == ["n", "1"]

        # A second reader in the middle of a long query holds the snapshot open during the run.
        reader = subprocess.Popen(
            [*hetang_command(), "sql", "--warehouse", str(warehouse), LONG_QUERY],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=PROJECT,
            env=cli_env(HETANG_SQL_TIMEOUT_S="600"),
        )
        if Path("/proc").is_dir():
            deadline = time.monotonic() + 60
            while not holds_open(reader.pid, snapshot):
                assert reader.poll() is None, "the long query ended early"
                if time.monotonic() > deadline:
                    pytest.fail("the long query never opened the snapshot")
                time.sleep(0.1)

        summary = nightly(inbox=str(inbox), warehouse=str(warehouse), as_of="2023-02-09")

        assert reader.poll() is None, "the reader was still reading during the whole run"
        assert session.ask("select count(*) as n from mart.runs;", 2) == ["n", "2"]
        latest = session.ask("select run_id from mart.runs order by started_at desc limit 1;", 2)
        assert latest == ["run_id", summary.run_id]
    finally:
        if reader is not None and reader.poll() is None:
            reader.kill()
            reader.wait(timeout=30)
        code, err = session.close()
    assert (code, err) == (0, "")
