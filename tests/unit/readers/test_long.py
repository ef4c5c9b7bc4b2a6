"""The long layout: one observation a row, periods per row, region codes as text."""

from __future__ import annotations

from datetime import datetime

import pytest

from flows.readers import DropReadError, read_drop

from .conftest import MakeCsv, MakeXlsx

HEADER = "region_code,indicator,period,value,unit,as_of,source"


@pytest.mark.parametrize(
    ("cell", "period"),
    [
        ("2022-03", "2022-03"),
        ("2022-3", "2022-03"),
        ("202203", "2022-03"),
        ("2022-Q1", "2022-Q1"),
        ("2022Q1", "2022-Q1"),
        ("2022年3月", "2022-03"),
        ("2022", "2022"),
    ],
)
def test_period_per_row(make_csv: MakeCsv, cell: str, period: str) -> None:
    drop = read_drop(make_csv([HEADER, f"430202,gdp_growth,{cell},6.3,%,,"]))
    assert [(r.period, r.value) for r in drop.rows] == [(period, 6.3)]


def test_rows_as_written(make_csv: MakeCsv) -> None:
    lines = [
        "indicator,value,period,region_code,unit,note",
        "新增城镇就业 ,2310,2022-03,430202,人,x",
        "gdp_growth,8.x,2022-Q1,430202,%,",
        ",1,2022-03,430202,,",
        "cpi_increase,—,2022-03,,,",
        "数据来源：合成演示数据",
    ]
    drop = read_drop(make_csv(lines, encoding="gbk"))
    got = [
        (
            r.row_number,
            r.column,
            r.indicator_name,
            r.region_code,
            r.unit,
            r.raw_value,
            r.value,
            r.error,
        )
        for r in drop.rows
    ]
    assert got == [
        (2, "value", "新增城镇就业", "430202", "人", "2310", 2310.0, None),
        (3, "value", "gdp_growth", "430202", "%", "8.x", None, "'8.x' is not a number"),
        (5, "value", "cpi_increase", None, None, "—", None, None),
    ]
    assert {(r.role, r.as_of, r.source) for r in drop.rows} == {("value", None, None)}


def test_region_code_keeps_leading_zeros(make_csv: MakeCsv) -> None:
    drop = read_drop(make_csv([HEADER, "043020,gdp_growth,2022-Q1,6.3,%,2022-04-20,区统计局"]))
    row = drop.rows[0]
    assert (row.region_code, row.as_of, row.source) == ("043020", "2022-04-20", "区统计局")


def test_xlsx_numbers_and_dates(make_xlsx: MakeXlsx) -> None:
    rows: list[list[object]] = [
        HEADER.split(","),
        [430202, "new_urban_jobs", datetime(2022, 3, 1), 2310, "人", datetime(2022, 4, 10), None],
        [430202, "gdp", "2022-Q1", 98.52, "亿元", None, "区统计局"],
    ]
    drop = read_drop(make_xlsx(rows, title="荷塘区长表", formats={"C3": "yyyy-mm"}))
    got = [
        (r.row_number, r.region_code, r.period, r.raw_value, r.value, r.as_of) for r in drop.rows
    ]
    assert got == [
        (3, "430202", "2022-03", "2310", 2310.0, "2022-04-10"),
        (4, "430202", "2022-Q1", "98.52", 98.52, None),
    ]


@pytest.mark.parametrize("cell", ["2022-13", "三月", ""])
def test_unparseable_period_stops_the_file(make_csv: MakeCsv, cell: str) -> None:
    path = make_csv(
        [HEADER, "430202,gdp_growth,2022-Q1,6.3,%,,", f"430202,gdp_growth,{cell},6.3,%,,"],
        "long.csv",
    )
    with pytest.raises(DropReadError) as caught:
        read_drop(path)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("long.csv", 3, "period")
    assert str(caught.value).startswith(
        f"long.csv: row 3, column 'period': '{cell}' is not a period"
    )


def test_quoted_source_with_comma(make_csv: MakeCsv) -> None:
    drop = read_drop(
        make_csv([HEADER, '430202,new_urban_jobs,2022-03,"2,310",人,,"区人社局,快报"'])
    )
    assert [(r.raw_value, r.value, r.source) for r in drop.rows] == [
        ("2,310", 2310.0, "区人社局,快报")
    ]
