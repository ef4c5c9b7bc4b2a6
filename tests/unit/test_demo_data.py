"""Tests for demo/generate.py: reproducible, labelled synthetic drops that match the plan."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import unicodedata
import zipfile
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest

from flows.readers.formats import read_document

ROOT = Path(__file__).resolve().parents[2]
COMMITTED_INBOX = ROOT / "demo" / "inbox"
SYNTHETIC = "合成演示数据"


def load_generator() -> ModuleType:
    return importlib.import_module("demo.generate")


gen = load_generator()


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("inbox")
    gen.write_drops(out)
    return out


def file_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def read_table(path: Path) -> list[list[str]]:
    """Rows of a drop as text, whatever its format (the test's own small reader)."""
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path).worksheets[0]
        return [
            ["" if cell is None else str(cell) for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    data = path.read_bytes()
    if path.suffix in (".xls", ".txt"):  # the table is the last sheet (an .xls has notes first)
        return [row for row in read_document(path.name, data).sheets[-1].rows if row]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    return [row for row in csv.reader(io.StringIO(text)) if row]


def number(cell: str) -> float:
    """A messy report cell as a number: full-width digits, '%' and thousands separators allowed."""
    return float(unicodedata.normalize("NFKC", cell).replace(",", "").rstrip("%"))


def drops_of(layout: str) -> list:
    return [drop for drop in gen.build_drops() if drop.layout == layout]


# --- reproducibility ---------------------------------------------------------------------------


def test_two_runs_write_byte_identical_files(tmp_path: Path) -> None:
    gen.write_drops(tmp_path / "a")
    gen.write_drops(tmp_path / "b")
    first, second = file_bytes(tmp_path / "a"), file_bytes(tmp_path / "b")
    assert list(first) == list(second)
    assert first == second


def test_committed_inbox_equals_a_fresh_generation(inbox: Path) -> None:
    assert file_bytes(COMMITTED_INBOX) == file_bytes(inbox), (
        "demo/inbox differs from the generator: run `make demo-data`"
    )


def test_xlsx_zips_carry_fixed_dates(inbox: Path) -> None:
    workbooks = sorted(inbox.glob("*.xlsx"))
    assert len(workbooks) == 4
    for path in workbooks:
        with zipfile.ZipFile(path) as archive:
            assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            core = archive.read("docProps/core.xml").decode()
        published = path.name[:8]
        stamp = f"{published[:4]}-{published[4:6]}-{published[6:]}T01:00:00Z"
        assert re.search(rf"<dcterms:modified[^>]*>{stamp}</dcterms:modified>", core)


def test_name_order_is_publication_order_and_mtimes_are_publication_dates(inbox: Path) -> None:
    by_name = sorted(inbox.iterdir(), key=lambda path: path.name)
    by_mtime = sorted(inbox.iterdir(), key=lambda path: (path.stat().st_mtime, path.name))
    assert by_name == by_mtime
    for drop in gen.build_drops():
        assert (inbox / drop.name).stat().st_mtime == gen.publication_timestamp(drop.published)
        assert drop.name.startswith(drop.published.strftime("%Y%m%d_"))


def test_stale_drops_are_removed_and_other_files_kept(tmp_path: Path) -> None:
    (tmp_path / "20220101_old_drop.csv").write_text("x")
    (tmp_path / "notes.txt").write_text("keep me")
    gen.write_drops(tmp_path)
    assert not (tmp_path / "20220101_old_drop.csv").exists()
    assert (tmp_path / "notes.txt").exists()


# --- encodings and labels ----------------------------------------------------------------------


def test_gbk_files_are_not_valid_utf8(inbox: Path) -> None:
    gbk = [drop for drop in gen.build_drops() if drop.fmt == "gbk"]
    assert len(gbk) >= 8
    for drop in gbk:
        data = (inbox / drop.name).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert SYNTHETIC in data.decode("gb18030")


def test_there_is_one_bom_file_and_two_xlsx_bureau_reports(inbox: Path) -> None:
    boms = [path.name for path in inbox.glob("*.csv") if path.read_bytes()[:3] == b"\xef\xbb\xbf"]
    assert boms == ["20220818_bureau_2022-07.csv"]
    assert len(list(inbox.glob("*_bureau_*.xlsx"))) == 2
    assert len(list(inbox.glob("*_progress_*.xlsx"))) == 2


def test_every_bureau_and_progress_title_is_labelled_synthetic(inbox: Path) -> None:
    for drop in drops_of("bureau") + drops_of("progress"):
        title = read_table(inbox / drop.name)[0][0]
        assert SYNTHETIC in title, drop.name
        assert title.endswith("（合成演示数据，非官方统计）"), drop.name


def test_long_rows_say_synthetic_demo_data(inbox: Path) -> None:
    for drop in drops_of("long"):
        rows = read_table(inbox / drop.name)
        assert rows[0] == ["region_code", "indicator", "period", "value", "unit", "as_of", "source"]
        assert {row[6] for row in rows[1:]} == {"synthetic demo data"}
        regions = {row[0] for row in rows[1:]}
        assert regions == ({"430202"} if drop.name != gen.regional_drop().name else set(gen.PEERS))


def test_regional_comparison_ranks_hetang_among_the_counties_of_zhuzhou(inbox: Path) -> None:
    """The peers are the other eight county-level codes of 株洲市 (430200) in the register."""
    divisions = ROOT / "expectations" / "catalog" / "divisions.csv"
    counties = {
        row[0] for row in read_table(divisions)[1:] if row[2] == "county" and row[3] == "430200"
    }
    assert counties - {"430202"} == set(gen.PEERS) and len(gen.PEERS) == 8
    rows = read_table(inbox / "20230125_long_regions_2022.csv")[1:]
    assert len(rows) == 8 * 6 * 3
    fai = {row[0]: float(row[3]) for row in rows if row[1:3] == ["fai_growth", "2022-12"]}
    ahead = sorted(code for code, value in fai.items() if value > gen.FAI_GROWTH[12])
    assert len(ahead) == 5  # Hetang (6.2) is 6th of 9


# --- contents ----------------------------------------------------------------------------------


def test_eleven_bureau_reports_from_jan_feb_and_none_for_january_alone(inbox: Path) -> None:
    pattern = re.compile(r"^\d{8}_bureau_2022-(\d\d)\.(csv|xlsx)$")
    months = sorted(int(m.group(1)) for p in inbox.iterdir() if (m := pattern.match(p.name)))
    assert months == list(range(2, 13))
    for path in inbox.iterdir():
        if pattern.match(path.name):
            title = read_table(path)[0][0]
            assert re.search(r"2022年1-(\d+)月", title), title
            assert "2022年1月" not in title


def test_progress_reports_are_cumulative_and_state_one_different_target(inbox: Path) -> None:
    pattern = re.compile(r"^\d{8}_progress_2022-(\d\d)\.(csv|xlsx)$")
    reports = sorted((p for p in inbox.iterdir() if pattern.match(p.name)), key=lambda p: p.name)
    assert len(reports) == 11
    targets = {task.name_zh: task.target for task in gen.TASKS}
    previous: dict[str, float] = {}
    differing = []
    for path in reports:
        rows = read_table(path)
        assert rows[1] == ["指标", "单位", "全年目标", "累计完成"]
        assert [row[0] for row in rows[2:]] == list(targets)
        for name, _unit, stated, done in rows[2:]:
            assert number(done) >= previous.get(name, 0.0), (path.name, name)
            previous[name] = number(done)
            if number(stated) != targets[name]:
                differing.append((path.name, name, number(stated)))
    assert differing == [("20220610_progress_2022-05.csv", "新增市场主体", 9000.0)]


def test_the_bad_file_holds_one_unparseable_number(inbox: Path) -> None:
    bad = inbox / "20220705_DEMO-BAD-FILE_progress_2022-06.csv"
    good = inbox / "20220710_progress_2022-06.csv"
    bad_rows, good_rows = read_table(bad), read_table(good)
    differences = [
        (b, g)
        for br, gr in zip(bad_rows, good_rows, strict=True)
        for b, g in zip(br, gr, strict=True)
        if b != g
    ]
    assert len(differences) == 1
    text, _ = differences[0]
    with pytest.raises(ValueError):
        float(text)
    assert "o" in text


def test_the_revision_restates_h1_gdp_growth_after_the_original(inbox: Path) -> None:
    original = read_table(inbox / "20220718_bureau_2022-06.csv")
    revised = read_table(inbox / "20220822_bureau_2022-06_revised.csv")
    assert "1-6月" in revised[0][0]
    gdp = {row[0]: number(row[3]) for row in original[2:] if row[0] == "地区生产总值"}
    assert gdp == {"地区生产总值": 5.9}
    assert revised[2][0] == "地区生产总值" and number(revised[2][3]) == 6.1


# --- the plan ----------------------------------------------------------------------------------

BUREAU_GROWTH_ROWS = {
    "地区生产总值": "gdp_growth",
    "规模以上工业增加值": "industrial_va_growth",
    "规模工业增加值": "industrial_va_growth",
    "固定资产投资": "fai_growth",
    "社会消费品零售总额": "retail_sales_growth",
    "地方一般公共预算收入": "budget_revenue_growth",
    "全体居民人均可支配收入": "disposable_income_growth",
}


def year_end_actuals(inbox: Path) -> dict[str, float]:
    """Read the year-end figures back from the December bureau, progress and Q4 long drops."""
    actuals: dict[str, float] = {}
    for row in read_table(inbox / "20230118_bureau_2022-12.csv")[2:]:
        if row[0] in BUREAU_GROWTH_ROWS:
            actuals[BUREAU_GROWTH_ROWS[row[0]]] = number(row[3])
        elif row[0] == "城镇调查失业率":
            actuals["urban_unemployment_rate"] = number(row[2])
        elif row[0].startswith("居民消费价格指数"):
            actuals["cpi_increase"] = round(number(row[2]) - 100, 4)
    codes = {task.name_zh: task.code for task in gen.TASKS}
    for row in read_table(inbox / "20230110_progress_2022-12.csv")[2:]:
        actuals[codes[row[0]]] = number(row[3])
    for row in read_table(inbox / "20230128_long_2022-Q4.csv")[1:]:
        if row[2] == "2022" or row[1] == "waste_sorting_coverage":
            actuals[row[1]] = number(row[3])
    return actuals


def test_year_end_figures_in_the_files_equal_the_plan(inbox: Path) -> None:
    assert year_end_actuals(inbox) == pytest.approx(gen.PLAN)


RATES = {  # code: (dir, value, tol) from SPEC §2.1
    "gdp_growth": ("min", 8.0, 0.0),
    "industrial_va_growth": ("min", 8.5, 0.0),
    "fai_growth": ("min", 7.5, 0.0),
    "budget_revenue_growth": ("min", 8.0, 0.5),
    "retail_sales_growth": ("min", 8.5, 0.5),
    "urban_unemployment_rate": ("max", 5.5, 0.0),
    "cpi_increase": ("max", 3.0, 0.5),
    "waste_sorting_coverage": ("min", 60.0, 0.0),
}
EXTERNAL_DIRS = {
    "grain_output": "min",
    "energy_consumption_total": "max",
    "energy_intensity_decline": "min",
}
EXTERNAL_UNITS = {
    "grain_output": "吨",
    "energy_consumption_total": "万吨标准煤",
    "energy_intensity_decline": "%",
}


def judge_rate(
    actual: float, direction: str, threshold: float, band: float, strict: bool = False
) -> str:
    """SPEC §3 for rates (and externals), on values rounded to 4 decimals."""
    sign = 1 if direction == "min" else -1
    margin = round(sign * (actual - threshold), 4)
    if margin > 0 or (margin == 0 and not strict):
        return "on_track"
    return "at_risk" if margin >= -band else "shortfall"


def judge_year_end(plan: dict[str, float]) -> dict[str, str]:
    """The year-end status of every target under SPEC §3, from the plan's actuals."""
    status = {
        code: judge_rate(
            plan[code], d, v - tol if d == "min" else v + tol, 1.0, code == "waste_sorting_coverage"
        )
        for code, (d, v, tol) in RATES.items()
    }
    diff = round(plan["disposable_income_growth"] - plan["gdp_growth"], 4)
    status["income_growth_above_gdp"] = (
        "on_track" if diff > 0 else "at_risk" if diff >= -0.5 else "shortfall"
    )
    for code, direction in EXTERNAL_DIRS.items():
        assigned = plan[f"{code}_assigned"]
        band = 1.0 if EXTERNAL_UNITS[code] == "%" else 0.1 * assigned
        status[code] = judge_rate(plan[code], direction, assigned, band)
    for task in gen.TASKS:
        ratio = round(plan[task.code], 4)
        status[task.code] = (
            "on_track"
            if ratio >= task.target
            else "at_risk"
            if ratio >= round(0.9 * task.target, 4)
            else "shortfall"
        )
    for code in gen.MILESTONE_DONE_IN:
        status[code] = "on_track" if plan[code] == 1 else "shortfall"
    return status


def test_the_plan_gives_the_intended_year_end_statuses() -> None:
    assert len(gen.INTENDED_STATUS) == 40
    assert judge_year_end(gen.PLAN) == gen.INTENDED_STATUS


def test_the_year_end_mix_has_every_status() -> None:
    counts = {
        s: list(gen.INTENDED_STATUS.values()).count(s) for s in ("on_track", "at_risk", "shortfall")
    }
    assert all(count >= 3 for count in counts.values()), counts


def test_the_readme_status_table_matches_the_intended_statuses() -> None:
    readme = (ROOT / "demo" / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Intended statuses at year end")[1].split("\n## ")[0]
    found = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0] in gen.INTENDED_STATUS:
            status = re.search(r"on_track|at_risk|shortfall", cells[3])
            assert status, line
            found[cells[0]] = status.group(0)
    assert found == gen.INTENDED_STATUS
    assert "SYNTHETIC" in readme and "DEMO-BAD-FILE" in readme


def test_other_formats_are_an_xls_with_a_notes_sheet_and_a_unicode_text_export(inbox: Path) -> None:
    xls = read_document("x", (inbox / "20221021_finance_2022-09.xls").read_bytes())
    assert (xls.format, [sheet.name for sheet in xls.sheets]) == ("xls", ["说明", "财政用电"])
    assert xls.sheets[1].rows[2][:3] == ["地方一般公共预算支出", "万元", "312457"]
    data = (inbox / "20221121_unicode_long_2022-10.txt").read_bytes()
    assert data.startswith(b"\xff\xfe") and b"\t\x00" in data
    text = read_document("x", data)
    assert (text.format, text.encoding, text.delimiter) == ("text", "utf-16", "\t")
