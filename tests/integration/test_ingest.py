"""Ingest: bad-input rules (one fixture each), revisions, duplicates, unmapped names.

Task logic is called directly (no Prefect) against a real DuckDB file and real GE validations.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from expectations.catalog import load_catalog
from flows import ingest
from flows.readers.formats import DEFAULT_LIMITS, Limits
from warehouse.catalog_tables import load_catalog_tables
from warehouse.connection import open_writer
from warehouse.marts import build_all
from warehouse.migrate import migrate

AS_OF = date(2022, 12, 31)
LONG_HEADER = "region_code,indicator,period,value,unit\n"


class Inbox:
    """A warehouse and an inbox of the test's own; `run()` ingests what is new."""

    def __init__(self, root: Path) -> None:
        self.dir = root / "inbox"
        self.dir.mkdir()
        self.quarantine = root / "quarantine"
        self.con = open_writer(root / "w.duckdb")
        migrate(self.con)
        build_all(self.con)
        self.catalog = load_catalog()
        load_catalog_tables(self.con, self.catalog)
        self.tick = 1_650_000_000

    def drop(self, name: str, text: str, encoding: str = "utf-8") -> Path:
        path = self.dir / name
        path.write_bytes(text.encode(encoding))
        self.tick += 60
        os.utime(path, (self.tick, self.tick))
        return path

    def run(
        self, as_of: date = AS_OF, limits: Limits = DEFAULT_LIMITS, regions: list[str] | None = None
    ) -> ingest.IngestSummary:
        files = ingest.new_files(self.con, ingest.discover(self.dir))
        ingest.read_and_check(
            self.con, files, self.catalog, regions or ["430202"], as_of, limits=limits
        )
        return ingest.write(self.con, files, "test-run", self.quarantine)

    def one(self, sql: str, params: list | None = None):
        return self.con.execute(sql, params or []).fetchone()

    def observations(self) -> int:
        return self.one("select count(*) from core.observations")[0]


@pytest.fixture()
def inbox(tmp_path):
    box = Inbox(tmp_path)
    yield box
    box.con.close()


GOOD = LONG_HEADER + "430202,new_urban_jobs,2022-03,2310,人\n430202,gdp_growth,2022-Q1,6.3,%\n"

BAD_CASES = {
    # rule: (file text, row, column, words the reason must hold)
    "parseable": (
        LONG_HEADER + "430202,new_urban_jobs,2022-03,23x0,人\n",
        2,
        "value",
        "'23x0' is not a number",
    ),
    "period_not_future": (
        LONG_HEADER + "430202,new_urban_jobs,2023-03,2310,人\n",
        2,
        "period",
        "in the future",
    ),
    "plausible_range": (
        LONG_HEADER + "430202,urban_unemployment_rate,2022-03,55,%\n",
        2,
        "value",
        "plausible range",
    ),
    "no_conflicting_duplicate": (
        LONG_HEADER
        + "430202,new_urban_jobs,2022-03,2310,人\n430202,new_urban_jobs,2022-03,2400,人\n",
        2,
        "value",
        "appears again with another value (also row 3)",
    ),
    "known_region": (
        LONG_HEADER + "110101,new_urban_jobs,2022-03,2310,人\n",
        2,
        "region_code",
        "unknown region",
    ),
    "known_unit": (
        LONG_HEADER + "430202,key_project_investment,2022-03,12,公斤\n",
        2,
        "unit",
        "cannot convert",
    ),
}


@pytest.mark.parametrize("rule", sorted(BAD_CASES))
def test_bad_file_is_quarantined_with_row_and_column(inbox, rule):
    text, row, column, words = BAD_CASES[rule]
    inbox.drop("a_good.csv", GOOD)
    bad = inbox.drop(f"b_bad_{rule}.csv", text)
    summary = inbox.run()
    assert summary.loaded == ["a_good.csv"] and summary.quarantined == [bad.name]
    state, reason, kept = inbox.one(
        "select state, reason, quarantine_path from raw.files where file_name = ?", [bad.name]
    )
    assert state == "quarantined"
    assert f"{bad.name}: row {row}, column '{column}'" in reason and words in reason
    assert f"[{rule}]" in reason
    assert Path(kept).read_bytes() == bad.read_bytes() and bad.exists()
    (from_bad,) = inbox.one(
        "select count(*) from core.observations where source_file = ?", [bad.name]
    )
    assert from_bad == 0 and inbox.observations() == 2


def test_unreadable_file_is_quarantined_and_the_run_goes_on(inbox):
    inbox.drop("a_good.csv", GOOD)
    inbox.drop("b_noise.csv", "this is not a table\njust words\n")
    summary = inbox.run()
    assert summary.loaded == ["a_good.csv"] and summary.quarantined == ["b_noise.csv"]
    (reason,) = inbox.one("select reason from raw.files where file_name = 'b_noise.csv'")
    assert reason.startswith("b_noise.csv") and "header" in reason


def test_same_value_repeated_in_a_file_is_not_a_conflict(inbox):
    inbox.drop("a.csv", LONG_HEADER + "430202,new_urban_jobs,2022-03,2310,人\n" * 2)
    assert inbox.run().loaded == ["a.csv"] and inbox.observations() == 1


def test_corrected_file_loads_after_quarantine(inbox):
    inbox.drop("jobs.csv", BAD_CASES["parseable"][0])
    assert inbox.run().quarantined == ["jobs.csv"]
    inbox.drop("jobs.csv", GOOD)  # the office sends the corrected file under the same name
    summary = inbox.run()
    assert summary.loaded == ["jobs.csv"] and inbox.observations() == 2


def test_byte_identical_redrop_changes_nothing(inbox):
    inbox.drop("a.csv", GOOD)
    inbox.run()
    before = inbox.con.execute("select * from core.observations order by all").fetchall()
    inbox.drop("a_again.csv", GOOD)
    summary = inbox.run()
    assert summary.duplicate == ["a_again.csv"] and summary.loaded == []
    assert inbox.con.execute("select * from core.observations order by all").fetchall() == before
    (state,) = inbox.one("select state from raw.files where file_name = 'a_again.csv'")
    assert state == "duplicate"
    assert inbox.run().duplicate == []  # already in the ledger: not listed again


def test_revision_makes_a_new_vintage_and_keeps_the_old(inbox):
    inbox.drop("q1.csv", LONG_HEADER + "430202,gdp_growth,2022-Q1,6.3,%\n")
    inbox.drop("q1_revised.csv", LONG_HEADER + "430202,gdp_growth,2022-Q1,6.5,%\n")
    inbox.run()
    rows = inbox.con.execute(
        "select vintage, value, source_file from core.observations order by vintage"
    ).fetchall()
    assert rows == [(1, 6.3, "q1.csv"), (2, 6.5, "q1_revised.csv")]
    assert inbox.one("select value from mart.observations")[0] == 6.5


def test_vintages_across_runs_files_and_repeats_within_a_file(inbox):
    q1 = "430202,gdp_growth,2022-Q1,{},%\n"
    jobs = "430202,new_urban_jobs,2022-03,{},人\n"
    inbox.drop("a.csv", LONG_HEADER + q1.format(6.1))
    inbox.run()
    # one batch: the key again in b (twice, same value), not in c, again in d
    inbox.drop("b.csv", LONG_HEADER + q1.format(6.2) + jobs.format(100) + q1.format(6.2))
    inbox.drop("c.csv", LONG_HEADER + jobs.format(110))
    inbox.drop("d.csv", LONG_HEADER + q1.format(6.4) + jobs.format(120))
    inbox.run()
    rows = inbox.con.execute(
        "select indicator_code, vintage, value, source_file, row_number from core.observations "
        "order by indicator_code, vintage"
    ).fetchall()
    assert rows == [
        ("gdp_growth", 1, 6.1, "a.csv", 2),
        ("gdp_growth", 2, 6.2, "b.csv", 2),
        ("gdp_growth", 3, 6.4, "d.csv", 2),
        ("new_urban_jobs", 1, 100.0, "b.csv", 3),
        ("new_urban_jobs", 2, 110.0, "c.csv", 2),
        ("new_urban_jobs", 3, 120.0, "d.csv", 3),
    ]


def test_files_load_in_modification_time_order_then_name(inbox):
    late = inbox.drop("a_late.csv", LONG_HEADER + "430202,gdp_growth,2022-Q1,6.9,%\n")
    early = inbox.drop("b_early.csv", LONG_HEADER + "430202,gdp_growth,2022-Q1,6.1,%\n")
    os.utime(late, (2_000_000_000, 2_000_000_000))
    os.utime(early, (1_000_000_000, 1_000_000_000))
    inbox.run()
    assert inbox.one("select value from mart.observations")[0] == 6.9


def test_unmapped_indicator_is_listed_and_the_rest_loads(inbox):
    inbox.drop(
        "a.csv",
        LONG_HEADER + "430202,新增城镇就业,2022-03,2310,人\n430202,新增网红打卡点,2022-03,12,个\n",
    )
    summary = inbox.run()
    assert summary.loaded == ["a.csv"] and inbox.observations() == 1
    unmapped = inbox.con.execute(
        "select indicator_name, file_name, first_row from mart.unmapped_indicators"
    ).fetchall()
    assert unmapped == [("新增网红打卡点", "a.csv", 3)]


def test_gbk_bureau_report_with_messy_cells_loads_converted(inbox):
    text = (
        "荷塘区2022年1-3月主要经济指标\n"
        "指标名称,计量单位,1-3月,比上年同期增长(%)\n"
        "地区生产总值,亿元,98.52,6.3\n"
        "规模工业增加值,亿元,—,８．５\n"
        '地方一般公共预算收入,万元,"61,234",10.2%\n'
        "城镇调查失业率,%,5.2,\n"
        "居民消费价格指数(上年同期=100),,102.1,\n"
        "工业用电量,万千瓦时,…,3.1\n"
    )
    inbox.drop("bureau_2022-03.csv", text, encoding="gbk")
    assert inbox.run().loaded == ["bureau_2022-03.csv"]
    got = dict(inbox.con.execute("select indicator_code, value from mart.observations").fetchall())
    assert got["gdp"] == 98.52 and got["gdp_growth"] == 6.3
    assert got["industrial_va_growth"] == 8.5
    assert got["budget_revenue"] == pytest.approx(6.1234) and got["budget_revenue_growth"] == 10.2
    assert got["urban_unemployment_rate"] == 5.2
    assert got["cpi_increase"] == pytest.approx(2.1)
    periods = {
        p for (p,) in inbox.con.execute("select distinct period from mart.observations").fetchall()
    }
    assert periods == {"2022-03"}


def test_progress_report_period_from_title(inbox):
    text = (
        "荷塘区2022年重点工作任务完成情况(截至3月底)\n指标,单位,全年目标,累计完成\n"
        "新增城镇就业,人,8800,2310\n新增市场主体,户,8500,2050\n"
    )
    inbox.drop("progress.csv", text, encoding="gb18030")
    assert inbox.run().loaded == ["progress.csv"]
    got = inbox.con.execute(
        "select indicator_code, period, value from mart.observations order by all"
    ).fetchall()
    assert got == [
        ("new_market_entities", "2022-03", 2050.0),
        ("new_urban_jobs", "2022-03", 2310.0),
    ]
