"""The data-quality gate inside DuckDB decides exactly as the former pandas-frame gate did.

On the bench's 3-region set (bench/generate.py, 36 months, long and bureau files) plus copies of
its drops with bad cells of every rule, both gates run on the same parsed files: the new one
(GE's SQL datasource over DuckDB, `ingest._gate`) and the old one (a pandas frame of every cell,
`quality.check`). Quarantined files, reasons and every finding must be equal.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import pytest

from expectations import quality
from expectations.catalog import load_catalog
from flows import ingest
from warehouse.connection import open_writer
from warehouse.migrate import migrate

PROJECT = Path(__file__).resolve().parents[2]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from bench import generate  # noqa: E402

REGIONS = 3
AS_OF = date.fromisoformat(generate.RUN_AS_OF)


def _old_gate(work, files, catalog, known_regions, as_of) -> None:  # noqa: ANN001 (as ingest._gate)
    frame = ingest.quality_frame(work, catalog)
    key = as_of.year * 10000 + as_of.month * 100 + as_of.day
    findings, _ = quality.check(frame, known_regions, key)
    ingest.apply_findings(files, findings)


def _bad_copies(inbox: Path) -> None:
    """Copies of three long drops with bad cells appended (a file each, and one with all)."""
    longs = sorted(p for p in inbox.iterdir() if p.name.endswith("_long.csv"))
    header, first, *_ = longs[0].read_text(encoding="utf-8").splitlines()
    cells = first.split(",")
    columns = header.split(",")

    def row(**changes: str) -> str:
        return ",".join(changes.get(c, v) for c, v in zip(columns, cells, strict=True))

    bad = {
        "unknown_region": [row(region_code="999999")],
        "future": [row(period="2026-03")],
        "unparseable": [row(value="abc")],
        "range": [row(value="99999999")],
        "duplicate": [row(value="1.5"), row(value="2.5")],
        "repeat_same": [row(), row()],
        "no_period": [row(period="")],
    }
    for i, (name, lines) in enumerate(bad.items()):
        source = longs[1 + i % (len(longs) - 1)]
        text = source.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(lines) + "\n"
        (inbox / f"zz_{name}_{source.name}").write_text(text, encoding="utf-8")
    everything = [line for lines in bad.values() for line in lines]
    (inbox / "zz_all_bad_long.csv").write_text(
        "\n".join([header, *everything]) + "\n", encoding="utf-8"
    )
    for i, path in enumerate(sorted(inbox.glob("zz_*"))):
        os.utime(path, (2_000_000_000 + i, 2_000_000_000 + i))


@pytest.fixture(scope="module")
def gated(tmp_path_factory) -> dict:
    """Both gates over the same files: {"new": files, "old": files}."""
    root = tmp_path_factory.mktemp("gate")
    inbox = root / "inbox"
    generate.generate(REGIONS, inbox)
    _bad_copies(inbox)
    catalog = load_catalog()
    con = open_writer(root / "w.duckdb")
    migrate(con)
    regions = generate.region_codes(REGIONS)
    out = {}
    for name in ("new", "old"):
        files = ingest.new_files(con, ingest.discover(inbox))
        with pytest.MonkeyPatch.context() as patch:
            if name == "old":
                patch.setattr(ingest, "_gate", _old_gate)
            ingest.read_and_check(con, files, catalog, regions, AS_OF)
        out[name] = files
    con.close()
    return out


def _decisions(files: list[ingest.NewFile]) -> list[tuple]:
    return [(f.path.name, f.state, f.reason) for f in files]


def _findings(files: list[ingest.NewFile]) -> list[tuple]:
    return [
        (f.path.name, x.row_number, x.column, x.rule, x.message, x.quarantine)
        for f in files
        for x in f.findings
    ]


def test_same_quarantine_and_reasons(gated):
    new, old = _decisions(gated["new"]), _decisions(gated["old"])
    assert new == old
    quarantined = {name for name, state, _ in new if state == "quarantined"}
    assert quarantined == {
        name for name, _, _ in new if name.startswith("zz_") and "repeat_same" not in name
    }
    assert len(new) == 36 + 108 + 8


def test_same_findings_row_by_row(gated):
    new, old = _findings(gated["new"]), _findings(gated["old"])
    assert new == old
    rules = {rule for _, _, _, rule, _, _ in new}
    assert {
        "known_region",
        "period_not_future",
        "plausible_range",
        "no_conflicting_duplicate",
    } <= rules
    assert len(new) >= 6
