"""The real-layout fixture drops (tests/data/real_drops.py) give their expected observations."""

from __future__ import annotations

import pytest

from expectations.catalog import load_catalog
from flows.readers.base import Drop, DropReadError
from flows.readers.detect import read_grid, read_prose
from flows.readers.formats import read_document, spread_merged
from flows.readers.normalize import normalize_drop
from flows.readers.regions import resolver_with
from tests.data import real_drops

CATALOG = load_catalog()
REGIONS = resolver_with({CATALOG.region.name_zh: CATALOG.region.code})
Observation = tuple[str | None, str, str | None, float]


def read_fixture(name: str) -> list[Drop]:
    """The drops of one fixture file: each sheet in a known layout, or the document's prose."""
    data = real_drops._drops()[name][1]()
    document = read_document(name, data)
    stem = name.rsplit(".", 1)[0]
    tables = [spread_merged(sheet.rows, sheet.merged) for sheet in document.sheets]
    if document.format == "docx":
        paragraphs = [p.text for p in document.paragraphs]
        return [read_prose(name, paragraphs, tables, REGIONS, stem)]
    drops = []
    for sheet, rows in zip(document.sheets, tables, strict=True):
        try:
            drops.append(read_grid(name, sheet.name, rows, REGIONS, stem))
        except DropReadError:
            continue  # a sheet with no table (说明, Sheet3): skipped, D1 notes it as a finding
    return drops


def observations(drops: list[Drop]) -> set[Observation]:
    """(region, indicator, period, value) of every cell that would load as an observation."""
    out = set()
    for drop in drops:
        for c in normalize_drop(0, drop, CATALOG):
            if c.indicator_code and c.value is not None and c.role != "annual_target":
                assert c.problem is None, (c.row_number, c.column, c.problem)
                out.add((c.region_code, c.indicator_code, c.period, round(c.value, 4)))
    return out


@pytest.mark.parametrize("name", sorted(real_drops.EXPECTED))
def test_fixture_gives_its_expected_observations(name: str) -> None:
    expected = {(r, i, p, round(v, 4)) for r, i, p, v in real_drops.EXPECTED[name]}
    assert observations(read_fixture(name)) == expected


@pytest.mark.parametrize(
    ("name", "sheets"),
    [
        ("bureau_notes_sheet.xlsx", ["主要指标"]),  # 说明 and Sheet3 hold no table
        ("bureau.xls", ["主要指标"]),
        ("city_districts.xlsx", ["1-10月"]),
        ("progress_departments.xlsx", ["重点工作"]),
    ],
)
def test_only_sheets_with_a_table_are_read_and_rows_name_their_sheet(
    name: str, sheets: list[str]
) -> None:
    drops = read_fixture(name)
    assert [d.sheet for d in drops] == sheets
    assert {r.sheet for d in drops for r in d.rows} == set(sheets)


def test_bulletin_finding_for_a_named_indicator_without_a_figure() -> None:
    (drop,) = read_fixture("bulletin_2022.docx")
    assert [(f.indicator_name, f.message_en) for f in drop.findings] == [
        ("粮食总产量", "named (粮食总产量) but no figure can be read")
    ]
    assert CATALOG.indicator_by_name(drop.findings[0].indicator_name).code == "grain_output"  # type: ignore[union-attr]
    assert drop.findings[0].message_zh == "提到了指标（粮食总产量），但读不出数字"


def test_bulletin_figures_keep_their_sentence() -> None:
    (drop,) = read_fixture("bulletin_2022.docx")
    gdp = [r for r in drop.rows if r.indicator_name == "地区生产总值"]
    assert [(r.role, r.value, r.unit) for r in gdp] == [
        ("value", 441.26, "亿元"),
        ("growth", 7.6, "%"),
    ]
    assert all(r.raw_value.startswith("初步核算，全年地区生产总值441.26亿元") for r in gdp)
    assert all(r.source == r.raw_value for r in gdp)


def test_progress_stated_target_and_department_kept() -> None:
    (drop,) = read_fixture("progress_departments.xlsx")
    cells = normalize_drop(0, drop, CATALOG)
    stated = [
        (c.indicator_code, c.value, c.catalog_target) for c in cells if c.role == "annual_target"
    ]
    assert ("new_above_scale_enterprises", 80.0, 70.0) in stated
    assert not [s for s in stated if s[0] in ("culture_center_library", "school_expansions")]
    departments = {r.indicator_name: r.department for r in drop.rows if r.role == "value"}
    assert departments["新增城镇就业"] == "区人社局"
    assert departments["建成区文化馆、图书馆"] == "区文旅广体局"


def test_notes_rows_are_kept_but_neither_data_nor_unmapped() -> None:
    (drop,) = read_fixture("bureau_notes_sheet.xlsx")
    notes = [r for r in drop.rows if r.role == "note"]
    assert [n.raw_value for n in notes] == [
        "注：1. 本表数据为初步统计数。",
        "2. 地区生产总值增速按可比价格计算。",
        "数据来源：区统计局",
    ]
    cells = [c for c in normalize_drop(0, drop, CATALOG) if c.role == "note"]
    assert all(c.name_known and c.indicator_code is None and c.value is None for c in cells)
