"""Child process of the bomb test: the real ingest of one inbox on a fresh DuckDB file.

Prints one JSON line: each file's state and reason, the seconds the ingest took (imports and
the warehouse's set-up excluded) and this process's peak resident memory in KB (VmHWM, its own
peak; ru_maxrss is printed too). Usage: bomb_child.py INBOX WAREHOUSE
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

from expectations.catalog import load_catalog
from flows import ingest
from warehouse.catalog_tables import load_catalog_tables
from warehouse.connection import open_writer
from warehouse.marts import build_all
from warehouse.migrate import migrate


def main(inbox: Path, warehouse: Path) -> None:
    con = open_writer(warehouse)
    migrate(con)
    build_all(con)
    catalog = load_catalog()
    load_catalog_tables(con, catalog)
    started = time.perf_counter()
    ingest.ingest(con, (catalog,), inbox, date(2022, 12, 31), "bomb-run", warehouse.parent / "q")
    seconds = time.perf_counter() - started
    files = con.execute("select file_name, state, reason from mart.files order by 1").fetchall()
    status = Path("/proc/self/status").read_text()
    peak_kb = int(
        next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    )
    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps({"files": files, "seconds": seconds, "peak_kb": peak_kb, "maxrss_kb": maxrss_kb})
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
