"""The scale benchmark's code path at a small size (3 regions, 3 months), for correctness only.

The real nightly flow loads the generated drops; then the benchmark's two validation paths (the
GE suite and one DuckDB query over mart.target_measures) must give the same status to every
(region, year, target, period). No timing is asserted here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import duckdb
import pytest

PROJECT = Path(__file__).resolve().parents[2]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from bench import generate, run  # noqa: E402
from expectations.catalog import load_catalog  # noqa: E402
from hetang.settings import WarehousePaths  # noqa: E402
from warehouse.connection import open_writer  # noqa: E402
from warehouse.marts import build_all  # noqa: E402
from warehouse.migrate import migrate  # noqa: E402

REGIONS, MONTHS = 3, 3


@pytest.fixture(scope="module")
def small(prefect_harness, tmp_path_factory) -> dict:
    """The small set generated, seeded and run once through the real nightly flow."""
    from flows.nightly import nightly

    root = tmp_path_factory.mktemp("bench")
    inbox = root / "inbox"
    counts = generate.generate(REGIONS, inbox, months=MONTHS)
    paths = WarehousePaths(root / "hetang.duckdb")
    con = open_writer(paths.working)
    migrate(con)
    build_all(con)
    generate.seed_warehouse(con, load_catalog(), generate.region_codes(REGIONS))
    con.close()
    os.environ["HETANG_BRIEF_FORMATS"] = ".docx"  # the briefing stage runs, in one format
    try:
        summary = nightly(inbox=str(inbox), warehouse=str(paths.working), as_of=generate.RUN_AS_OF)
    finally:
        os.environ["HETANG_BRIEF_FORMATS"] = ""
    return {"root": root, "inbox": inbox, "counts": counts, "paths": paths, "summary": summary}


def test_generator_is_deterministic_and_national(tmp_path):
    codes = generate.region_codes(generate.TOTAL_REGIONS)
    assert len(set(codes)) == 2844 and codes[0] == "430202"
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    first, second = tmp_path / "a", tmp_path / "b"
    generate.generate(2, first, months=2)
    generate.generate(2, second, months=2)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert all((first / n).read_bytes() == (second / n).read_bytes() for n in names)


def test_every_generated_drop_loads(small):
    counts, summary = small["counts"], small["summary"]
    assert len(summary.loaded) == counts["long_files"] + counts["bureau_files"] == 12
    assert summary.quarantined == [] and summary.duplicate == []
    assert summary.observations > 0


def test_ge_path_and_sql_query_give_identical_statuses(small):
    result = run.compare_validation(small["paths"].working, small["root"] / "docs")
    assert result["rows"] == result["sql_rows"] > 0
    assert result["mismatches"] == 0 and result["identical"]
    assert len(result["statuses"]) >= 2  # a check that can only pass with one status proves little


def test_statuses_the_flow_stored_match_the_sql_query(small):
    con = duckdb.connect(str(small["paths"].snapshot), read_only=True)
    try:
        con.execute(run.STATUS_SQL)
        stored, differ = con.execute(
            """
            select
                (select count(*) from judged.target_checks),
                (select count(*) from (
                    (select * from judged.target_checks except all select * from sql_statuses)
                    union all
                    (select * from sql_statuses except all select * from judged.target_checks)
                ))
            """
        ).fetchone()
    finally:
        con.close()
    assert stored > 0 and differ == 0


def test_duckdb_baseline_reads_every_row_of_the_same_files(small):
    baseline = run.duckdb_ingest_baseline(small["inbox"], small["root"] / "baseline.duckdb")
    assert baseline["rows"] == small["counts"]["long_rows"] + small["counts"]["bureau_rows"]


def test_duckdb_baseline_in_its_own_process_reports_its_peak_memory(small):
    baseline = run.baseline_in_child(small["inbox"], small["root"] / "baseline2.duckdb")
    assert baseline["rows"] == small["counts"]["long_rows"] + small["counts"]["bureau_rows"]
    assert 10 < baseline["maxrss_mb"] < 2000


def test_overview_query_returns_every_target_of_a_region(small):
    regions = generate.region_codes(REGIONS)
    overview = run.overview_queries(small["paths"].snapshot, regions, 2022, "2022-03")
    assert overview["rows"] == 40


def test_noop_run_loads_nothing(small):
    from flows.nightly import nightly

    again = nightly(
        inbox=str(small["inbox"]), warehouse=str(small["paths"].working), as_of=generate.RUN_AS_OF
    )
    assert again.loaded == [] and again.duplicate == [] and again.observations == 0


def test_the_run_briefs_only_its_catalogs_region_though_the_warehouse_holds_three(small):
    """Targets of three regions are seeded; the bundled catalog is Hetang's alone, so the nightly
    run writes Hetang's briefing only (a national warehouse must not brief 2,844 regions)."""
    con = duckdb.connect(str(small["paths"].snapshot), read_only=True)
    try:
        [(regions,)] = con.execute(
            "select count(distinct region_code) from mart.targets"
        ).fetchall()
    finally:
        con.close()
    assert regions == 3
    written = [Path(p).name for p in small["summary"].briefings]
    assert written == ["430202_2022-03.docx"]
