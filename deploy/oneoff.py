"""A one-off `hetang run` on the warm worker that `hetang serve` keeps: no imports to pay again.

A one-off run in its own process spends most of its wall time importing (GE about 2.5 s,
Prefect about 1 s) before a run of about 2 s on the demo. `hetang serve` has imported all of
it already, so it also serves `one_off_run` as a Prefect background task (a task worker in
that process, beside its runner: `prefect.task_worker.TaskWorker`). `hetang run` hands the
run to that worker when the server lists it, and waits for the summary; otherwise it runs the
flow itself.

Both sides keep the task's parameters and result in the same folder, `storage_path(home)` in
the PREFECT_HOME of `hetang serve`, the folder where its SERVER_MARKER says which server it
keeps.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

from prefect import task

from deploy.serve import SERVER_MARKER, default_prefect_home


def storage_path(prefect_home: Path) -> Path:
    """Where the worker and `hetang run` keep the one-off run's parameters and result."""
    return prefect_home / "one-off-runs"


# refresh_cache: the task worker gives a task without a cache policy Prefect's default one
# (inputs and code), which would answer a second run with the same options from the first.
@task(name="hetang-one-off-run", refresh_cache=True)
def one_off_run(inbox: str, warehouse: str, as_of: str | None, catalogs: str, demo: bool) -> str:
    """The nightly flow once, in the process of `hetang serve`; the summary `hetang run` prints."""
    from flows.nightly import nightly
    from hetang.summary import render_summary

    summary = nightly(inbox=inbox, warehouse=warehouse, as_of=as_of, catalogs=catalogs)
    return render_summary(summary, demo=demo)


def listening_home(api_url: str, warehouse: Path) -> Path | None:
    """The PREFECT_HOME of the `hetang serve` kept for `warehouse`, when its marker names
    `api_url` and that server lists a worker for this very task (same code); else None."""
    home = default_prefect_home(warehouse.expanduser().resolve())
    marker = home / SERVER_MARKER
    if not marker.is_file() or marker.read_text(encoding="utf-8").strip() != api_url:
        return None
    body = json.dumps({"task_worker_filter": {"task_keys": [one_off_run.task_key]}}).encode()
    request = urllib.request.Request(
        f"{api_url}/task_workers/filter", data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            workers = json.loads(response.read())
    except (urllib.error.URLError, OSError, ValueError):
        return None
    return home if workers else None


def run_on_worker(
    api_url: str,
    prefect_home: Path,
    *,
    inbox: str,
    warehouse: str,
    as_of: str | None,
    catalogs: str,
    demo: bool,
) -> str:
    """Hand one run to the warm worker and wait for its summary (its exception if it failed)."""
    from prefect.settings import temporary_settings

    updates = {
        "api.url": api_url,
        "results.local_storage_path": storage_path(prefect_home),
    }
    with temporary_settings(updates=updates):
        future = one_off_run.delay(inbox, warehouse, as_of, catalogs, demo)
        return future.result()
