"""Child process for the kill -9 tests: a real nightly run that pauses inside one stage.

It runs the real flow with one function wrapped so that, once the stage has done part of its
work, the process prints PAUSED and waits to be killed. Usage: crash_child.py STAGE INBOX WAREHOUSE
"""

from __future__ import annotations

import sys
import time

import flows  # noqa: F401  (Prefect environment)
from expectations import targets as target_suite
from flows import ingest
from flows.nightly import nightly
from warehouse import publish


def pause_after(module, name: str) -> None:
    original = getattr(module, name)

    def paused(*args, **kwargs):
        result = original(*args, **kwargs)
        print("PAUSED", flush=True)
        time.sleep(600)
        return result

    setattr(module, name, paused)


STAGES = {
    # after the first file's observations are inserted, before the rest and the batch's commit
    "ingest": (ingest, "_observations"),
    # after the batch's commit into the run copy and GE's statuses, before alerts and the last commit
    "validate": (target_suite, "save_statuses"),
    # while publishing: the snapshot copy is written, nothing renamed yet
    "publish": (publish.shutil, "copyfile"),
}

if __name__ == "__main__":
    stage, inbox, warehouse = sys.argv[1:4]
    module, name = STAGES[stage]
    if stage == "publish":
        # copyfile also starts the run copy; pause only on the snapshot's copy
        original = publish.shutil.copyfile

        def copy_then_pause(src, dst, *a, **k):
            result = original(src, dst, *a, **k)
            if str(dst).endswith(".snapshot.duckdb.publishing"):
                print("PAUSED", flush=True)
                time.sleep(600)
            return result

        publish.shutil.copyfile = copy_then_pause
    else:
        pause_after(module, name)
    nightly(inbox=inbox, warehouse=warehouse, as_of="2023-02-01")
