"""Fuzz the ingest (SPEC §4.5): truncated, bit-flipped and random files of every format.

Each example mutates one real drop of every format (csv in GBK, a long csv for the columnar
path, tsv, Excel's UTF-16 "Unicode text", xlsx, xls, docx) and puts them all through the real
ingest (new_files → read_and_check → write) on a real DuckDB file of its own. Whatever the bytes,
the ingest returns and every file ends loaded or quarantined with a reason in both languages.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from expectations.catalog import load_catalog
from flows import ingest
from tests.data import real_drops
from warehouse.catalog_tables import load_catalog_tables
from warehouse.connection import open_writer
from warehouse.marts import build_all
from warehouse.migrate import migrate

LONG = (
    "region_code,indicator,period,value,unit\n"
    "430202,new_urban_jobs,2022-03,2310,人\n430202,gdp_growth,2022-Q1,6.3,%\n"
)
SEEDS: dict[str, bytes] = {
    "bureau.csv": real_drops.bureau_month_ytd(),
    "long.csv": LONG.encode(),
    "long.tsv": LONG.replace(",", "\t").encode(),
    "unicode.txt": real_drops.unicode_export(),
    "city.xlsx": real_drops.city_districts(),
    "bureau.xls": real_drops.bureau_xls(3, real_drops.XLS_FIRST_QUARTER, date(2022, 4, 18)),
    "bulletin.docx": real_drops.bulletin(),
}


def mutated(data: bytes, mutation: tuple) -> bytes:
    """data truncated at a fraction, with bits flipped, or random bytes after its magic number."""
    kind, detail = mutation
    if kind == "truncate":
        return data[: int(len(data) * detail)]
    if kind == "flip":
        out = bytearray(data)
        for where, bit in detail:
            out[int(where * (len(out) - 1))] ^= 1 << bit
        return bytes(out)
    return data[:8] + detail


MUTATIONS = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0, 1)),
    st.tuples(
        st.just("flip"),
        st.lists(st.tuples(st.floats(0, 1), st.integers(0, 7)), min_size=1, max_size=16),
    ),
    st.tuples(st.just("random"), st.binary(max_size=2048)),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A migrated warehouse with the catalog loaded, copied for every example."""
    path = tmp_path_factory.mktemp("fuzz") / "template.duckdb"
    con = open_writer(path)
    migrate(con)
    build_all(con)
    load_catalog_tables(con, load_catalog())
    con.close()
    return path


@settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.fixed_dictionaries({name: MUTATIONS for name in SEEDS}))
def test_any_bytes_of_any_format_end_loaded_or_quarantined_with_a_reason(
    template, tmp_path_factory, mutations
) -> None:
    root = tmp_path_factory.mktemp("example")
    inbox = root / "inbox"
    inbox.mkdir()
    written = {}
    for name, mutation in mutations.items():
        written[name] = mutated(SEEDS[name], mutation)
        (inbox / name).write_bytes(written[name])
    warehouse = root / "w.duckdb"
    shutil.copy(template, warehouse)
    con = open_writer(warehouse)
    try:
        files = ingest.new_files(con, ingest.discover(inbox))
        ingest.read_and_check(con, files, load_catalog(), ["430202"], date(2022, 12, 31))
        ingest.write(con, files, "fuzz", root / "quarantine")
        ledger = con.execute("select file_name, state, reason, reason_zh from raw.files").fetchall()
    finally:
        con.close()
    assert {name for name, *_ in ledger} == set(SEEDS)
    for name, state, reason, reason_zh in ledger:
        if state == "duplicate":  # two mutations gave the same bytes (both empty, say)
            assert list(written.values()).count(written[name]) > 1
        elif state == "quarantined":
            assert reason.startswith(f"{name}: ") and reason_zh.startswith(f"文件 {name}")
        else:
            assert (state, reason, reason_zh) == ("loaded", None, None)
