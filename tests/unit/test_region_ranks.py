"""mart.region_ranks (peer ranking, SPEC §7) and mart.growth_needed (the growth the rest of the
year needs) on small real DuckDB warehouses with the register loaded."""

from __future__ import annotations

import duckdb
import pytest

from expectations.catalog import load_catalog
from warehouse.catalog_tables import load_catalog_tables
from warehouse.marts import build_marts
from warehouse.migrate import migrate


@pytest.fixture()
def con(tmp_path):
    con = duckdb.connect(str(tmp_path / "ranks.duckdb"))
    migrate(con)
    load_catalog_tables(con, load_catalog())
    build_marts(con)
    yield con
    con.close()


def observe(con, rows: list[tuple[str, str, str, float]]) -> None:
    con.executemany(
        "insert into core.observations values (?, ?, ?, ?, '%', null, 1, 0, 'test', 1, now())",
        rows,
    )


def test_peers_share_a_parent_ties_share_the_better_rank(con):
    observe(
        con,
        [  # 株洲市's districts and the city's own total (ranked among Hunan's cities instead)
            ("430202", "industrial_va_growth", "2022-10", 8.8),  # 荷塘区
            ("430203", "industrial_va_growth", "2022-10", 7.2),  # 芦淞区
            ("430204", "industrial_va_growth", "2022-10", 8.8),  # 石峰区, a tie
            ("430211", "industrial_va_growth", "2022-10", 9.1),  # 天元区
            ("430200", "industrial_va_growth", "2022-10", 8.0),  # 株洲市
            ("430100", "industrial_va_growth", "2022-10", 7.5),  # 长沙市
        ],
    )
    rows = con.execute(
        "select region_code, rank, peers, parent_code from mart.region_ranks "
        "where indicator_code = 'industrial_va_growth' order by parent_code, rank, region_code"
    ).fetchall()
    assert rows == [
        ("430200", 1, 2, "430000"),
        ("430100", 2, 2, "430000"),
        ("430211", 1, 4, "430200"),
        ("430202", 2, 4, "430200"),
        ("430204", 2, 4, "430200"),
        ("430203", 4, 4, "430200"),
    ]


def test_lower_is_better_for_an_at_most_target(con):
    observe(
        con,
        [
            ("430202", "urban_unemployment_rate", "2022-10", 5.3),
            ("430203", "urban_unemployment_rate", "2022-10", 4.9),
            ("430204", "urban_unemployment_rate", "2022-10", 5.6),
        ],
    )
    ranks = dict(
        con.execute(
            "select region_code, rank from mart.region_ranks "
            "where indicator_code = 'urban_unemployment_rate'"
        ).fetchall()
    )
    assert ranks == {"430203": 1, "430202": 2, "430204": 3}


def test_growth_the_rest_of_the_year_needs(con):
    # retail sales: 1-6月 98.0 亿元, up 7.0 % (so 1-6月 2021 was 91.589); 2021 as a whole 190.0.
    # Target 8.5 % about (tolerance 0.5): 190 × 1.08 = 205.2 needed, 107.2 still to come
    # against 2021's 98.411 for July-December: the rest of the year must grow 8.93 %.
    con.executemany(
        "insert into core.observations values ('430202', ?, ?, ?, ?, null, 1, 0, 't', 1, now())",
        [
            ("retail_sales_growth", "2022-06", 7.0, "%"),
            ("retail_sales", "2022-06", 98.0, "亿元"),
            ("retail_sales", "2021", 190.0, "亿元"),
        ],
    )
    needed = con.execute(
        "select period, growth_needed from mart.growth_needed "
        "where target_code = 'retail_sales_growth'"
    ).fetchall()
    assert needed == [("2022-06", 8.9)]


def test_the_judge_stage_stores_the_ranking_the_view_then_reads(con):
    from warehouse.marts import build_judged, store_marts

    build_judged(con)  # the judge stage builds the judged views, then stores

    observe(
        con, [("430202", "fai_growth", "2022-10", 6.0), ("430203", "fai_growth", "2022-10", 7.0)]
    )
    query = "select region_code, rank, peers from mart.region_ranks order by all"
    live = con.execute(query).fetchall()
    assert live == [("430202", 2, 2), ("430203", 1, 2)]

    store_marts(con, inputs_unchanged=False)
    assert con.execute(query).fetchall() == live
    [(definition,)] = con.execute(
        "select sql from duckdb_views() where schema_name = 'mart' and view_name = 'region_ranks'"
    ).fetchall()
    assert "judged.region_ranks" in definition
    [(statuses,)] = con.execute("select count(*) from judged.target_status").fetchall()
    assert statuses == con.execute("select count(*) from mart.targets").fetchone()[0] == 40

    observe(con, [("430204", "fai_growth", "2022-10", 9.0)])
    store_marts(con, inputs_unchanged=True)  # the inputs said unchanged: the stored rows stand
    assert con.execute(query).fetchall() == live
    store_marts(con, inputs_unchanged=False)
    assert con.execute(query).fetchall() == [("430202", 3, 3), ("430203", 2, 3), ("430204", 1, 3)]


def test_growth_needed_takes_each_period_its_level_and_last_years_annual_level(con):
    # Several periods of two growth targets, beside figures that must not be used: 2020's
    # annual level, another region's levels, and a December figure (the year is then over).
    figures = [
        ("430202", "retail_sales_growth", "2022-03", 6.0),
        ("430202", "retail_sales", "2022-03", 47.0),
        ("430202", "retail_sales_growth", "2022-06", 7.0),
        ("430202", "retail_sales", "2022-06", 98.0),
        ("430202", "retail_sales_growth", "2022-12", 7.5),
        ("430202", "retail_sales", "2022-12", 200.0),
        ("430202", "retail_sales", "2021", 190.0),
        ("430202", "retail_sales", "2020", 150.0),
        ("430203", "retail_sales", "2022-06", 60.0),
        ("430203", "retail_sales", "2021", 120.0),
        ("430202", "gdp_growth", "2022-09", 7.6),
        ("430202", "gdp", "2022-09", 300.0),
        ("430202", "gdp", "2021", 400.0),
    ]
    con.executemany(
        "insert into core.observations values (?, ?, ?, ?, '亿元', null, 1, 0, 't', 1, now())",
        figures,
    )
    catalog = load_catalog()

    def needed(target: str, growth: float, level: float, annual: float) -> float:
        t = catalog.target(target)
        threshold = t.value - t.tolerance
        rest = (annual * (1 + threshold / 100) - level) / (annual - level / (1 + growth / 100))
        return round((rest - 1) * 100, 1)

    rows = con.execute(
        "select target_code, period, growth_needed from mart.growth_needed "
        "where region_code = '430202' order by all"
    ).fetchall()
    assert rows == [
        ("gdp_growth", "2022-09", needed("gdp_growth", 7.6, 300.0, 400.0)),
        ("retail_sales_growth", "2022-03", needed("retail_sales_growth", 6.0, 47.0, 190.0)),
        ("retail_sales_growth", "2022-06", needed("retail_sales_growth", 7.0, 98.0, 190.0)),
    ]
    assert rows[2][2] == 8.9  # the hand-worked case above
