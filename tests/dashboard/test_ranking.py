"""Peer ranking, catch-up and briefing downloads on the dashboard (AppTest on the demo year)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.runtime.memory_media_file_storage import _calculate_file_id
from streamlit.testing.v1 import AppTest
from test_pages import open_page, query  # the same page opener and mart query as the pages

from dashboard.i18n import ordinal, rank_text
from dashboard.queries import BRIEFING_TYPES
from hetang.settings import WarehousePaths

# The demo's regional comparison (demo/generate.py REGIONAL_SERIES) ranks Hetang thus at 1-12月.
DEMO_RANKS_2022_12 = {
    "地区生产总值增长": "居全市第5位/9",
    "规模工业增加值增长": "居全市第1位/9",
    "固定资产投资增长": "居全市第6位/9",
    "地方一般公共预算收入增长": "居全市第2位/9",
    "社会消费品零售总额增长": "居全市第4位/9",
    "城镇调查失业率": "居全市第6位/9",
}


def listed(at: AppTest) -> dict[str, str]:
    """The '- **name**：text' lines of the overview's rank and catch-up lists."""
    lines = {}
    for block in at.markdown:
        for line in block.value.splitlines():
            if line.startswith("- **"):
                name, _, text = line[4:].partition("**")
                lines[name] = text.lstrip("：: ")
    return lines


@pytest.fixture()
def demo(demo_run, monkeypatch) -> Path:
    monkeypatch.setenv("HETANG_WAREHOUSE", str(demo_run["warehouse"]))
    return WarehousePaths(demo_run["warehouse"]).snapshot


def mart_ranks(snapshot: Path, period: str) -> dict[str, str]:
    """Every Hetang target with peers at `period`, worded from mart.region_ranks."""
    rows = query(
        snapshot,
        "select t.name_zh, r.rank, r.peers from mart.targets t join mart.region_ranks r"
        " on r.indicator_code = t.indicator_code and r.region_code = t.region_code"
        " where t.region_code = '430202' and t.year = 2022 and r.period = ? and r.peers > 1",
        [period],
    )
    return {name: f"居全市第{rank}位/{peers}" for name, rank, peers in rows}


def test_overview_rank_text_equals_mart_region_ranks(demo):
    at = open_page()
    shown = {k: v for k, v in listed(at).items() if v.startswith("居")}
    assert shown == mart_ranks(demo, "2022-12") == DEMO_RANKS_2022_12
    table = at.dataframe[0].value
    ranks = dict(zip(table["目标"], table["争先进位"], strict=True))
    assert ranks["固定资产投资增长（%）"] == "居全市第6位/9"
    assert ranks["新增市场主体（户）"] == ""  # no peers: no rank shown


def test_overview_rank_text_in_english(demo):
    at = open_page(english=True)
    text = " ".join(m.value for m in at.markdown)
    assert "6th of 9 in the city" in text and "1st of 9 in the city" in text


def test_overview_catch_up_for_cumulative_targets_behind_schedule(demo):
    at = open_page()
    at.selectbox(key="period_zh").select("2022-09").run()
    assert not at.exception
    rows = query(
        demo,
        "select t.name_zh, p.months_left, p.needed_per_month, t.unit from mart.target_progress p"
        " join mart.targets t using (region_code, year, target_code)"
        " where p.region_code = '430202' and p.period = '2022-09' and t.kind = 'cumulative'"
        " and p.time_progress_gap < 0 and p.remaining > 0",
    )
    lines = listed(at)
    assert lines["新增机构养老床位"] == "余下3个月需月均完成46.67张"
    for name, months, needed, unit in rows:
        assert lines[name].startswith(f"余下{months}个月需月均完成")
        assert lines[name].endswith(unit)
        shown = lines[name].removeprefix(f"余下{months}个月需月均完成").removesuffix(unit)
        assert float(shown.replace(",", "")) == pytest.approx(needed, abs=0.005)
    assert "新增市场主体" not in lines  # ahead of time progress: no catch-up line


def chart_rows(at: AppTest) -> list[tuple]:
    """The rows of the last Vega-Lite chart's dataset (the ranking chart)."""
    proto = at.get("vega_lite_chart")[-1].proto
    frame = pa.ipc.open_stream(proto.datasets[0].data.data).read_pandas()
    return list(frame[["region_code", "value", "rank", "group"]].itertuples(index=False, name=None))


def test_trends_ranking_chart_data_equals_the_mart(demo):
    at = open_page("trends")
    at.selectbox(key="trend_target_zh").set_value("fai_growth").run()
    assert not at.exception
    expected = query(
        demo,
        "select region_code, value, rank, case when region_code = '430202' then '本地区'"
        " else '其他地区' end from mart.region_ranks where indicator_code = 'fai_growth'"
        " and period = '2022-12' and parent_code = '430200' order by rank, region_code",
    )
    rows = chart_rows(at)
    assert [(c, pytest.approx(v), r, g) for c, v, r, g in expected] == rows
    assert len(rows) == 9 and rows[5] == ("430202", pytest.approx(6.2), 6, "本地区")
    assert "**居全市第6位/9**" in [m.value for m in at.markdown]


def test_trends_ranking_ties_share_the_better_rank(demo):
    at = open_page("trends")
    at.selectbox(key="trend_target_zh").set_value("gdp_growth").run()
    ranks = {code: rank for code, _value, rank, _group in chart_rows(at)}
    assert ranks["430202"] == ranks["430224"] == 5  # both 7.6 at 1-12月
    assert sorted(ranks.values()) == [1, 2, 3, 4, 5, 5, 7, 8, 9]


def test_briefing_downloads_are_the_files_the_nightly_run_wrote(demo, demo_run):
    at = open_page("briefing")
    folder = WarehousePaths(demo_run["warehouse"]).briefings
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == [
        f"下载通报（全年 (2022)，{name}）" for name in ("Word", "Excel", "PDF")
    ]
    for button, suffix in zip(buttons, (".docx", ".xlsx", ".pdf"), strict=True):
        path = folder / f"430202_2022{suffix}"
        # Streamlit names a media file by the hash of its bytes, media type and file name.
        file_id = _calculate_file_id(path.read_bytes(), BRIEFING_TYPES[suffix], path.name)
        assert Path(button.proto.url).stem == file_id


def test_briefing_page_says_so_when_no_briefing_was_written(demo_run, tmp_path, monkeypatch):
    paths = WarehousePaths(tmp_path / "hetang.duckdb")
    shutil.copy(WarehousePaths(demo_run["warehouse"]).snapshot, paths.snapshot)
    monkeypatch.setenv("HETANG_WAREHOUSE", str(paths.working))
    at = open_page("briefing")
    assert not at.get("download_button")
    assert "还没有生成通报" in at.info[0].value


def test_rank_wording():
    assert rank_text(6, 9, "city", "zh") == "居全市第6位/9"
    assert rank_text(6, 9, "city", "en") == "6th of 9 in the city"
    assert rank_text(2, 14, "province", "en") == "2nd of 14 in the province"
    assert rank_text(1, 1, "city", "zh") == "" and rank_text(None, None, None, "zh") == ""
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "111th"
    ]  # fmt: skip
