"""The columnar path for plain long-layout csv files gives what the row-by-row path gives.

Each case is ingested twice into warehouses of its own, once with `columnar=True` (the default)
and once with every file read row by row; ledger states and reasons, findings, raw rows and
observations must be equal. The cases cover what the readers' rules handle: spaces, signs,
missing markers, full-width digits, percent signs, unit conversion, unknown units, unmapped
names, worded periods, encodings and line endings, and files the columnar path must refuse.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from unittest.mock import patch

import pytest

from expectations.catalog import load_catalog
from flows import batch, ingest
from flows.readers.columnar import read_long_csv
from warehouse.catalog_tables import load_catalog_tables
from warehouse.connection import open_writer
from warehouse.migrate import migrate

DEMO = Path(__file__).parents[2] / "demo" / "inbox"
H = "region_code,indicator,period,value,unit\n"

# name: (text, encoding, whether the columnar path takes the file; the others are read row
# by row, and the result must be the same either way)
CASES: dict[str, tuple[str, str, bool]] = {
    "plain": (
        H + "430202,new_urban_jobs,2022-03,2310,人\n430202,gdp_growth,2022-Q1,6.3,%\n",
        "utf-8",
        True,
    ),
    "messy_cells": (
        H
        + " 430202 , 城镇新增就业 ,2022-3, +2310 , 人 \n"
        + "430202,gdp_growth,2022Q1,6.30%,%\n"
        + "430202,fai_growth,2022年3月,－,%\n"
        + "430202,retail_sales_growth,202203,—,\n"
        + "430202,industrial_va_growth,2022-03,７.５,％\n"
        + "430202,budget_revenue_growth,2022-03,1e1,%\n"
        + "430202,unknown_thing,2022-03,5,%\n"
        + ",,,,\n"
        + "430202,,2022-03,5,%\n",
        "utf-8",
        True,
    ),
    "units": (
        H
        + "430202,fai_total,2022-03,61234,万元\n"
        + "430202,fai_total,2022-04,61234.5,亿元\n"
        + "430202,new_urban_jobs,2022-04,0.3,万人\n"
        + "430202,new_urban_jobs,2022-05,3000,kg\n"
        + "430202,new_urban_jobs,2022-06,12345678.25,人\n"
        + "430202,gdp_growth,2022-Q2,5.123456789012,%\n",
        "utf-8",
        True,
    ),
    "bad_number": (H + "430202,new_urban_jobs,2022-03,23x0,人\n", "utf-8", True),
    "gbk_crlf": (
        "region_code,indicator,period,value,unit,as_of,source\r\n"
        + "430202,城镇新增就业,2022年4月,3100,人,2022-05-10,区人社局\r\n"
        + "430202,地区生产总值增长,2022年一季度,6.1,%,,\r\n",
        "gbk",
        True,
    ),
    "bom_columns_moved": (
        "\ufeffValue,Period,Indicator,Region_Code\n2310,2022-03,new_urban_jobs,430202\n",
        "utf-8",
        True,
    ),
    "future_and_region": (
        H + "430202,new_urban_jobs,2023-03,2310,人\n999999,new_urban_jobs,2022-03,10,人\n",
        "utf-8",
        True,
    ),
    "conflicting_duplicate": (
        H + "430202,gdp_growth,2022-Q1,6.3,%\n430202,gdp_growth,2022-Q1,6.5,%\n",
        "utf-8",
        True,
    ),
    "same_duplicate": (
        H + "430202,gdp_growth,2022-Q2,6.3,%\n430202,gdp_growth,2022-Q2,6.3,%\n",
        "utf-8",
        True,
    ),
    "bad_period": (
        H + "430202,new_urban_jobs,2022-03,1,人\n430202,gdp_growth,Q5,6,%\n",
        "utf-8",
        True,
    ),
    "quoted": (H + '430202,new_urban_jobs,2022-03,"2,310",人\n', "utf-8", False),
    # a blank line is a row of empty cells to Arrow: skipped, and the numbering holds
    "blank_lines": (
        H + "430202,new_urban_jobs,2022-03,2310,人\n\n430202,gdp_growth,2022-Q1,x,%\n\n\n",
        "utf-8",
        True,
    ),
    "whitespace_line": (
        H + "430202,new_urban_jobs,2022-03,2310,人\n   \n430202,gdp_growth,2022-Q1,x,%\n",
        "utf-8",
        False,
    ),
    "notes": (H + "430202,new_urban_jobs,2022-03,2310,人\n注：数据为初步统计\n", "utf-8", False),
    "short_row": (H + "430202,new_urban_jobs,2022-03\n", "utf-8", False),
    "title_above": ("荷塘区统计\n" + H + "430202,new_urban_jobs,2022-03,2310,人\n", "utf-8", False),
    "unicode_spaces": (
        H
        + "430202,new_urban_jobs,2022-03,\u30002310\u2003,人\n"
        + "\xa0430202\x1c,\u3000城镇新增就业\u3000,2022-04\u205f,2400, 人\u3000\n"
        + "430202,gdp_growth,2022-Q1,6\u3000.3,%\n",
        "utf-8",
        True,
    ),
}


def ingest_all(root: Path, files: dict[str, bytes], columnar: bool) -> dict[str, list]:
    inbox = root / "inbox"
    inbox.mkdir(parents=True)
    for tick, (name, data) in enumerate(files.items()):
        path = inbox / name
        path.write_bytes(data)
        os.utime(path, (1_650_000_000 + 60 * tick,) * 2)
    con = open_writer(root / "w.duckdb")
    try:
        migrate(con)
        catalog = load_catalog()
        load_catalog_tables(con, catalog)
        new = ingest.new_files(con, ingest.discover(inbox))
        # Row by row: the columnar reader takes no file.
        reader = read_long_csv if columnar else lambda source: None
        with patch.object(ingest, "read_long_csv", reader):
            ingest.read_and_check(con, new, catalog, ["430202"], date(2022, 12, 31))
        cells = {
            n.path.name: batch.cells_of(con, key).to_pylist()
            for key, n in enumerate(new)
            if n.drop is not None
        }
        ingest.write(con, new, "run", root / "quarantine")

        def rows(sql: str) -> list:
            return con.execute(sql).fetchall()

        return {
            "cells": cells,
            "files": rows(
                "select file_name, state, reason, layout, encoding, title, region_code, period "
                "from raw.files order by file_id"
            ),
            "findings": rows(
                "select file_name, row_number, column_name, rule, message, quarantined "
                "from core.dq_findings order by all"
            ),
            "raw_rows": rows("select * from raw.rows order by all"),
            "observations": rows(
                "select * exclude (loaded_at) from core.observations order by all"
            ),
        }
    finally:
        con.close()


def all_files() -> dict[str, bytes]:
    """The demo drops and every case, in one inbox."""
    files = {p.name: p.read_bytes() for p in sorted(DEMO.iterdir())}
    files |= {f"zz_{n}.csv": t.encode(e) for n, (t, e, _) in sorted(CASES.items())}
    # the same key in two plain files: the second gets vintage 2
    files["zz_revision.csv"] = (H + "430202,gdp_growth,2022-Q1,6.4,%\n").encode()
    return files


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> tuple[dict, dict]:
    """Everything ingested once each way: (columnar, row by row)."""
    root = tmp_path_factory.mktemp("columnar")
    files = all_files()
    return (
        ingest_all(root / "columnar", files, columnar=True),
        ingest_all(root / "rows", files, columnar=False),
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_columnar_path_gives_the_same_cells(tmp_path, both, case):
    text, encoding, plain = CASES[case]
    path = tmp_path / f"{case}.csv"
    path.write_bytes(text.encode(encoding))
    assert (read_long_csv(path) is not None) == plain
    name = f"zz_{case}.csv"
    columnar, row_by_row = ({k: _of(result[k], name) for k in result} for result in both)
    assert columnar == row_by_row
    assert columnar["cells"] or columnar["files"][0][1] == "quarantined"


def _of(rows: dict | list, name: str) -> list:
    """The cells, ledger row or findings of one file."""
    if isinstance(rows, dict):
        return rows.get(name, [])
    return [r for r in rows if r and r[0] == name]


def test_whole_demo_inbox_and_all_cases_together(both):
    """Every table equal, across all files: file keys, raw rows and vintages included."""
    columnar, row_by_row = both
    assert columnar == row_by_row
    states = {name: state for name, state, *_ in columnar["files"]}
    assert states["zz_plain.csv"] == "loaded" and states["zz_bad_period.csv"] == "quarantined"
    assert any(o[6] == 2 for o in columnar["observations"])  # a vintage 2 exists
    assert len(columnar["observations"]) > 400
