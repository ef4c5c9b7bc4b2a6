"""The dashboard's region and year selectors (SPEC §9) under AppTest, on a warehouse of two
regions and two years built by the real nightly flow: regions by name, the chosen region's
catalog years, and the region name and year in the titles."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.test_pages import APP
from tests.data.catalog_drops import catalog_folder, write_drops


@pytest.fixture(scope="module")
def warehouse(prefect_harness, tmp_path_factory):
    from flows.nightly import nightly

    root = tmp_path_factory.mktemp("selectors")
    inbox = root / "inbox"
    inbox.mkdir()
    write_drops(inbox, "2022")
    write_drops(inbox, "others")
    path = root / "hetang.duckdb"
    catalogs = str(catalog_folder(root / "catalogs"))
    nightly(inbox=str(inbox), warehouse=str(path), as_of="2024-06-30", catalogs=catalogs)
    return path


@pytest.fixture()
def app(warehouse, monkeypatch) -> AppTest:
    monkeypatch.setenv("HETANG_WAREHOUSE", str(warehouse))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def titles(at: AppTest) -> list[str]:
    return [title.value for title in at.title]


def test_regions_by_name_and_the_latest_year_first(app: AppTest) -> None:
    region = app.selectbox(key="region_zh")
    assert region.options == ["荷塘区 · 430202", "天元区 · 430211"]
    assert region.value == "430202"
    year = app.selectbox(key="year_zh")
    assert year.options == ["2023年", "2022年"] and year.value == 2023
    assert app.sidebar.caption[0].value == "荷塘区2023年目标监测"
    assert titles(app)[0].startswith("总览 · 荷塘区2023年 · 上半年 (2023-Q2)")


def test_choosing_the_year_shows_that_years_targets(app: AppTest) -> None:
    app.selectbox(key="year_zh").set_value(2022).run()
    assert not app.exception
    assert app.sidebar.caption[0].value == "荷塘区2022年目标监测"
    assert titles(app)[0].startswith("总览 · 荷塘区2022年 · 上半年 (2022-Q2)")
    periods = app.selectbox(key="period_zh")
    assert all("2022" in option for option in periods.options)


def test_choosing_the_region_offers_its_own_years(app: AppTest) -> None:
    app.selectbox(key="region_zh").set_value("430211").run()
    assert not app.exception
    year = app.selectbox(key="year_zh")
    assert year.options == ["2022年"] and year.value == 2022
    assert app.sidebar.caption[0].value == "天元区2022年目标监测"
    assert titles(app)[0].startswith("总览 · 天元区2022年 · 上半年 (2022-Q2)")


def test_names_follow_the_language(app: AppTest) -> None:
    app.toggle(key="lang_en").set_value(True).run()
    assert not app.exception
    region = app.selectbox(key="region_en")
    assert region.options == ["Hetang District · 430202", "Tianyuan District · 430211"]
    assert app.sidebar.caption[0].value == "Hetang District 2023 target monitor"
    assert titles(app)[0].startswith("Overview · Hetang District 2023 · ")
