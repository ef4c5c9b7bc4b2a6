"""The monthly briefing (通报): its words from the figures, and the .docx, .xlsx and .pdf it writes.

The briefing is built by hand: Hetang's 40 targets for 1-10月 2022 (21 on track, 6 at risk,
5 in shortfall, 8 without data), six lagging targets and three charts. Every output is opened
again with an independent reader (python-docx, openpyxl, poppler) and checked value by value.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from briefing import write_briefing
from briefing.charts import MissingCJKFontError, chart_png, cjk_font_family
from briefing.model import (
    Briefing,
    ChartPoint,
    ChartSeries,
    Direction,
    Kind,
    LaggingRow,
    ScoreRow,
    Status,
)
from briefing.text import briefing_title, period_phrase, summary_text

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "briefing"
ELAPSED = 10 / 12

# (code, name, section, kind, direction, unit, status, actual, target, expected, gap, rank, dept)
RateCase = tuple[
    str, str, str, Kind, Direction, str, Status,
    float | None, float | None, float | None, float | None, str | None, str,
]  # fmt: skip
RATES: list[RateCase] = [
    ("gdp_growth", "地区生产总值增长", "development", "rate", "min", "%", "at_risk",
     7.2, 8.0, 8.0, -0.8, "居全市第6位/9", "区发改局"),
    ("industrial_va_growth", "规模工业增加值增长", "development", "rate", "min", "%", "on_track",
     8.8, 8.5, 8.5, 0.3, "居全市第3位/9", "区工信局"),
    ("fai_growth", "固定资产投资增长", "development", "rate", "min", "%", "shortfall",
     6.3, 7.5, 7.5, -1.2, "居全市第7位/9", "区发改局"),
    ("budget_revenue_growth", "地方一般公共预算收入增长", "development", "rate", "min", "%",
     "at_risk", 7.2, 8.0, 7.5, -0.3, None, "区财政局"),
    ("retail_sales_growth", "社会消费品零售总额增长", "development", "rate", "min", "%",
     "at_risk", 7.4, 8.5, 8.0, -0.6, "居全市第5位/9", "区商务局"),
    ("urban_unemployment_rate", "城镇调查失业率", "development", "rate", "max", "%", "on_track",
     5.2, 5.5, 5.5, 0.3, None, "区人社局"),
    ("cpi_increase", "居民消费品价格涨幅", "development", "rate", "max", "%", "on_track",
     2.1, 3.0, 3.5, 1.4, None, "区发改局"),
    ("income_growth_above_gdp", "居民收入增长高于经济增长", "development", "relative", "min", "pp",
     "shortfall", 6.1, 7.2, 7.2, -1.1, None, "区统计局"),
    ("grain_output", "粮食产量", "development", "external", "min", "吨", "no_data",
     None, None, None, None, None, "区农业农村局"),
    ("energy_consumption_total", "能耗“双控”(总量)", "development", "external", "max", "万吨标准煤",
     "no_data", None, None, None, None, None, "区发改局"),
    ("energy_intensity_decline", "能耗“双控”(强度)", "development", "external", "min", "%",
     "no_data", None, None, None, None, None, "区发改局"),
]  # fmt: skip
# (code, name, unit, annual target, actual through October or None, status, department)
TASKS: list[tuple[str, str, str, float, float | None, Status, str]] = [
    ("new_market_entities", "新增市场主体", "户", 8500, 7350, "on_track", "区市场监管局"),
    ("new_above_scale_enterprises", "新增“四上”企业", "家", 70, 55, "at_risk", "区统计局"),
    ("new_equity_listings", "新增区域性股权挂牌企业", "家", 2, 2, "on_track", "区金融办"),
    ("new_school_places", "新增义务教育学位", "个", 1200, 1260, "on_track", "区教育局"),
    ("new_urban_jobs", "新增城镇就业", "人", 8800, 6120, "shortfall", "区人社局"),
    ("new_elderly_care_beds", "新增机构养老床位", "张", 500, 380, "at_risk", "区民政局"),
    ("key_projects", "实施重点项目", "个", 131, 131, "on_track", "区发改局"),
    ("key_projects_provincial", "其中省、市重点项目", "个", 67, 67, "on_track", "区发改局"),
    ("key_project_investment", "重点项目年度投资", "亿元", 123, 96.4, "at_risk", "区发改局"),
    ("projects_started", "项目开工", "个", 25, 24, "on_track", "区发改局"),
    ("projects_completed", "项目竣工", "个", 30, 18, "shortfall", "区住建局"),
    ("new_projects_over_100m", "引进亿元以上项目", "个", 15, 13, "on_track", "区商务局"),
    ("top500_projects", "“三类500强”项目", "个", 2, 2, "on_track", "区商务局"),
    ("idle_land_rectified", "依法整治闲置用地", "亩", 278, 240, "on_track", "区自然资源局"),
    ("funding_task_forces", "“争资引项”工作专班", "个", 5, 5, "on_track", "区发改局"),
    ("financing_raised", "全年融资", "亿元", 60, 41.5, "shortfall", "区财政局"),
    (
        "special_bond_project_investment",
        "专项债入库项目总投资",
        "亿元",
        57,
        57,
        "on_track",
        "区财政局",
    ),
    ("special_bond_funds_received", "专项债到账资金", "亿元", 10, 9.2, "on_track", "区财政局"),
    ("standard_factory_area", "建成标准厂房", "万平方米", 17.5, None, "no_data", "区工信局"),
    ("rnd_expenditure", "R&D经费投入", "亿元", 8, None, "no_data", "区科技局"),
    ("old_community_renovations", "老旧小区改造", "个", 14, 12, "on_track", "区住建局"),
    ("shanty_town_renovations", "棚户区改造", "套", 500, 520, "on_track", "区住建局"),
]
# (code, name, done: 1, 0 or None, status)
MILESTONES: list[tuple[str, str, int | None, Status]] = [
    ("hard_materials_centers", "建成先进硬质材料展示交易中心、检测中心", 1, "on_track"),
    ("culture_center_library", "建成区文化馆、图书馆", 0, "on_track"),
    ("cdc_pcr_lab", "完成疾控中心PCR实验室改造", 1, "on_track"),
    ("school_expansions", "完成美的等学校改扩建", 0, "on_track"),
    ("world_trade_plaza_3", "建成世贸广场三期商业综合体", None, "no_data"),
    ("area_601_renovation", "启动601片区改造项目", None, "no_data"),
]
LAGGING = [
    LaggingRow("fai_growth", "固定资产投资增长", "区发改局", "李副区长", "shortfall", "critical",
               3, True, None, "固定资产投资增长 6.3%，低于目标 7.5%（1-10月）", "responded",
               date(2022, 11, 14), "两个重大项目延期开工，投资未按计划入统。",
               "倒排工期，11月底前推动两个项目开工入库。", "区发改局 王科长"),
    LaggingRow("new_urban_jobs", "新增城镇就业", "区人社局", "张副区长", "shortfall", "critical",
               2, True, None, "新增城镇就业 6120人，低于时序进度 7333.33人（1-10月）", "overdue",
               date(2022, 11, 4)),
    LaggingRow("projects_completed", "项目竣工", "区住建局", None, "shortfall", "critical",
               2, True, None, "项目竣工 18个，低于时序进度 25个（1-10月）", "awaiting",
               date(2022, 11, 14)),
    LaggingRow("income_growth_above_gdp", "居民收入增长高于经济增长", "区统计局", None,
               "shortfall", "critical", 1, False, None,
               "居民收入增长 6.1%，未高于地区生产总值增长 7.2%（1-9月）", "awaiting",
               date(2022, 11, 14)),
    LaggingRow("budget_revenue_growth", "地方一般公共预算收入增长", "区财政局", None, "at_risk",
               "warning", 1, False, None,
               "地方一般公共预算收入增长 7.2%，低于目标 8.0%左右（下限 7.5%）（1-10月）",
               "awaiting", date(2022, 11, 14)),
    LaggingRow("financing_raised", "全年融资", "区财政局", None, "shortfall", "critical", 1,
               False, None, "全年融资 41.5亿元，低于时序进度 50亿元（1-10月）", "responded",
               date(2022, 11, 14), "部分银行授信审批延后。", "加强银企对接。", "区财政局"),
]  # fmt: skip
MONTHS = [("1-2月", 2)] + [(f"1-{m}月", m) for m in range(3, 11)]
CHARTS = [
    ChartSeries("fai_growth", "固定资产投资增长", "%", "rate",
                tuple(ChartPoint(label, month, actual, 7.5) for (label, month), actual
                      in zip(MONTHS, [9.1, 8.2, 7.0, 6.8, 6.8, 6.5, 6.4, 6.3, 6.3], strict=True)),
                7.5),
    ChartSeries("new_urban_jobs", "新增城镇就业", "人", "cumulative",
                tuple(ChartPoint(label, month, actual, round(8800 * month / 12, 2))
                      for (label, month), actual in zip(
                          MONTHS, [900, 1500, 2100, 2700, 3300, 4200, 4800, 5400, 6120], strict=True)),
                8800),
    ChartSeries("budget_revenue_growth", "地方一般公共预算收入增长", "%", "rate",
                tuple(ChartPoint(label, month, actual, 7.5) for (label, month), actual
                      in zip(MONTHS, [9.6, 9.0, 8.4, 8.1, 7.9, 7.6, 7.4, 7.3, 7.2], strict=True)),
                8.0),
]  # fmt: skip


def _score_rows() -> tuple[ScoreRow, ...]:
    rows = [
        ScoreRow(
            code,
            name,
            code,
            section,
            kind,
            unit,
            status,
            actual,
            target,
            expected,
            None,
            None,
            gap,
            rank,
            department,
            direction,
        )  # fmt: skip
        for code, name, section, kind, direction, unit, status, actual, target, expected, gap, rank, department in RATES
    ]
    for code, name, unit, target, actual, status, department in TASKS:
        expected = round(target * ELAPSED, 4)
        rows.append(
            ScoreRow(code, name, code, "task", "cumulative", unit, status, actual, target,
                     expected, ELAPSED, None if actual is None else round(actual / target, 4),
                     None if actual is None else round(actual - expected, 4), None, department)
        )  # fmt: skip
    rows.append(
        ScoreRow("waste_sorting_coverage", "城区生活垃圾分类覆盖率", "waste_sorting_coverage",
                 "task", "rate", "%", "no_data", None, 60.0, 60.0, None, None, None, None,
                 "区城管局")
    )  # fmt: skip
    rows += [
        ScoreRow(
            code,
            name,
            code,
            "milestone",
            "milestone",
            "",
            status,
            done,
            1.0,
            0.0,
            None,
            done,
            None,
            None,
            "区重点办",
        )  # fmt: skip
        for code, name, done, status in MILESTONES
    ]
    return tuple(rows)


BRIEFING = Briefing(
    region_code="430202",
    region_name="荷塘区",
    year=2022,
    period="2022-10",
    period_label="1-10月",
    as_of=date(2022, 11, 5),
    issued=date(2022, 11, 8),
    synthetic=True,
    targets=_score_rows(),
    lagging=tuple(LAGGING),
    charts=tuple(CHARTS),
    issuer="荷塘区人民政府督查室",
)
TITLE = "荷塘区2022年主要目标任务推进情况通报（1-10月）"
COUNTS_SENTENCE = (
    "截至10月底（时序进度83.3%），40项目标中达标21项、预警6项、未达标5项、暂无数据8项。"
)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The briefing written once in each format."""
    folder = tmp_path_factory.mktemp("briefing")
    return {
        suffix: write_briefing(BRIEFING, folder / f"通报_2022-10{suffix}")
        for suffix in (".docx", ".xlsx", ".pdf")
    }


# ---- the words


def test_the_fixture_has_forty_targets_in_the_intended_mix() -> None:
    assert len(BRIEFING.targets) == 40
    assert BRIEFING.counts == {"on_track": 21, "at_risk": 6, "shortfall": 5, "no_data": 8}


@pytest.mark.parametrize(
    ("period", "phrase"),
    [
        ("2022-10", "截至10月底"),
        ("2022-02", "截至2月底"),
        ("2022-06", "截至6月底"),
        ("2022-Q1", "截至一季度末"),
        ("2022-Q2", "截至6月底"),
        ("2022-Q3", "截至三季度末"),
        ("2022-Q4", "全年"),
        ("2022-12", "全年"),
        ("2022", "全年"),
    ],
)
def test_period_wording(period: str, phrase: str) -> None:
    assert period_phrase(period) == phrase


@pytest.mark.parametrize("period", ["2022-13", "22-10", "2022-Q5", "2022年10月"])
def test_an_unknown_period_is_refused_naming_it(period: str) -> None:
    with pytest.raises(ValueError, match=f"期别“{period}”.*period '{period}'"):
        period_phrase(period)


def test_title() -> None:
    assert briefing_title(BRIEFING) == TITLE


def test_summary_is_written_from_the_figures() -> None:
    text = summary_text(BRIEFING)
    assert text.startswith(COUNTS_SENTENCE)
    assert (
        "未达标的有：固定资产投资增长（6.3%，低于目标7.5%）、"
        "居民收入增长高于经济增长（居民收入增长6.1%，未高于经济增长7.2%）、"
        "新增城镇就业（完成6120人，占全年目标69.5%，低于时序进度13.8个百分点）、"
        "项目竣工（完成18个，占全年目标60.0%，低于时序进度23.3个百分点）、"
        "全年融资（完成41.5亿元，占全年目标69.2%，低于时序进度14.2个百分点）。"
    ) in text
    assert "预警的有：地区生产总值增长（7.2%，低于目标8.0%）、" in text
    assert "地方一般公共预算收入增长（7.2%，低于目标8.0%左右）" in text
    assert (
        "其中3项列为红色督办：固定资产投资增长（连续3期滞后）、"
        "新增城镇就业（连续2期滞后、逾期未反馈）、项目竣工（连续2期滞后）。"
    ) in text
    assert text.endswith(
        "对滞后目标，已反馈2项、待反馈3项、逾期未反馈1项；逾期未反馈的责任单位：区人社局。"
    )


def test_summary_of_a_year_with_every_target_met() -> None:
    rows = tuple(
        ScoreRow(code, name, code, "development", "rate", "%", "on_track", actual, target,
                 target, None, None, actual - target, None, None)  # fmt: skip
        for code, name, actual, target in [("gdp_growth", "地区生产总值增长", 8.4, 8.0),
                                           ("fai_growth", "固定资产投资增长", 9.0, 7.5)]
    )  # fmt: skip
    year = Briefing("430202", "荷塘区", 2022, "2022", "全年", date(2023, 2, 1), date(2023, 2, 3),
                    False, rows)  # fmt: skip
    assert summary_text(year) == "全年，2项目标中达标2项。有数据的目标均达到要求。"
    assert briefing_title(year) == "荷塘区2022年主要目标任务推进情况通报（全年）"


def test_a_row_with_an_unknown_status_is_refused_in_both_languages() -> None:
    with pytest.raises(ValueError, match=r"目标 fai_growth：status 取值“late”无效.*not one of"):
        ScoreRow("fai_growth", "固定资产投资增长", "FAI growth", "development", "rate", "%",
                 "late", 6.3, 7.5, 7.5, None, None, -1.2, None, None)  # type: ignore[arg-type]  # fmt: skip


# ---- the charts


def test_a_chart_is_a_png_drawn_without_missing_glyphs() -> None:
    chart_png.cache_clear()  # drawn here, not taken from an earlier test's cache
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font"
        png = chart_png(CHARTS[1])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "chart_new_urban_jobs.png").write_bytes(png)
    assert cjk_font_family() == "Noto Sans CJK SC"


def test_each_chart_is_drawn_once_for_all_formats(tmp_path: Path) -> None:
    chart_png.cache_clear()
    write_briefing(BRIEFING, tmp_path / "b.docx")
    drawn = chart_png.cache_info()
    write_briefing(BRIEFING, tmp_path / "b.pdf")
    after = chart_png.cache_info()
    drawable = [
        c
        for c in BRIEFING.charts
        if c.kind != "milestone" and any(p.actual is not None for p in c.points)
    ]
    assert drawn.misses == len(drawable) > 0
    assert (after.misses, after.hits) == (drawn.misses, drawn.hits + drawn.misses)


def test_no_cjk_font_fails_naming_the_package_to_install() -> None:
    with pytest.raises(MissingCJKFontError, match="apt-get install fonts-noto-cjk"):
        cjk_font_family(("No Such CJK Family",))


def test_a_milestone_has_no_chart() -> None:
    series = ChartSeries("cdc_pcr_lab", "完成疾控中心PCR实验室改造", "", "milestone",
                         (ChartPoint("1-10月", 10, 0.0),), 1.0)  # fmt: skip
    with pytest.raises(ValueError, match="milestone target cdc_pcr_lab"):
        chart_png(series)


# ---- the writers


def test_an_unknown_suffix_is_refused_naming_the_three_formats(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.docx、\.xlsx 或 \.pdf.*\.docx, \.xlsx or \.pdf"):
        write_briefing(BRIEFING, tmp_path / "通报.odt")
    assert list(tmp_path.iterdir()) == []


def test_writing_replaces_the_file_whole_and_leaves_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "nightly" / "通报.XLSX"
    out.parent.mkdir()
    out.write_bytes(b"the briefing of the night before")
    assert write_briefing(BRIEFING, out) == out
    assert openpyxl.load_workbook(out)["概况"]["A1"].value == TITLE
    assert [path.name for path in out.parent.iterdir()] == ["通报.XLSX"]
    assert write_briefing(BRIEFING, tmp_path / "new" / "folder" / "通报.xlsx").is_file()


def test_word_document(outputs: dict[str, Path]) -> None:
    document = docx.Document(str(outputs[".docx"]))
    title = document.paragraphs[0]
    assert title.style is not None
    assert title.text == "荷塘区2022年主要目标任务推进情况通报\n（1-10月）"
    assert title.style.name == "Briefing Title"
    fonts = title.style.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Noto Serif CJK SC"
    assert fonts.get(qn("w:eastAsiaTheme")) is None
    body = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert body.get(qn("w:eastAsia")) == "Noto Sans CJK SC"
    texts = [p.text for p in document.paragraphs]
    assert texts[1] == "荷塘区人民政府督查室　　2022年11月8日（数据截至2022年11月5日）"
    assert any("演示用模拟数据" in text for text in texts)
    assert any(text.startswith(COUNTS_SENTENCE) for text in texts)
    assert "一、总体情况" in texts and "四、滞后指标走势" in texts
    assert len(document.inline_shapes) == 3
    assert [text for text in texts if text.startswith("图")] == [
        "图1　固定资产投资增长",
        "图2　新增城镇就业",
        "图3　地方一般公共预算收入增长",
    ]
    footer = document.sections[0].footer.paragraphs[0]._p
    assert footer.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"


def _row_of(table: docx.table.Table, name: str) -> list[str]:
    return next(
        [cell.text for cell in row.cells] for row in table.rows if row.cells[1].text == name
    )


def test_word_scorecard_and_lagging_tables(outputs: dict[str, Path]) -> None:
    scorecard, lagging = docx.Document(str(outputs[".docx"])).tables
    assert len(scorecard.rows) == 1 + 3 + 40  # header, three section rows, the targets
    assert scorecard.rows[1].cells[0].text == "主要发展目标"
    assert _row_of(scorecard, "固定资产投资增长") == [
        "3", "固定资产投资增长", "%", "7.5以上", "6.3", "7.5", "-1.2", "居全市第7位/9",
        "未达标", "区发改局",
    ]  # fmt: skip
    assert _row_of(scorecard, "新增城镇就业")[3:7] == [
        "8800",
        "6120（69.5%）",
        "7333.33（83.3%）",
        "-1213.33",
    ]
    status = next(r for r in scorecard.rows if r.cells[1].text == "固定资产投资增长").cells[8]
    assert status._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "C62828"
    fai = _row_of(lagging, "固定资产投资增长")
    assert fai[4] == "区发改局\n分管：李副区长"
    assert fai[5:7] == ["3期", "红色督办\n连续3期滞后"]
    assert "两个重大项目延期开工" in fai[7] and "倒排工期" in fai[7]
    assert _row_of(lagging, "新增城镇就业")[7] == "逾期未反馈（应于2022年11月4日前）"


def test_excel_workbook(outputs: dict[str, Path]) -> None:
    workbook = openpyxl.load_workbook(outputs[".xlsx"])
    assert workbook.sheetnames == ["概况", "目标一览", "滞后目标", "图表数据"]
    overview = workbook["概况"]
    assert overview["A1"].value == TITLE
    assert overview["A5"].value.startswith(COUNTS_SENTENCE)
    counts = {overview.cell(row, 1).value: overview.cell(row, 3).value for row in range(8, 13)}
    assert counts == {"达标": 21, "预警": 6, "未达标": 5, "无数据": 8, "合计": 40}
    assert overview["A8"].fill.fgColor.rgb == "FF2E7D32"
    scorecard = workbook["目标一览"]
    assert scorecard.freeze_panes == "D2"
    fai = next(row for row in scorecard.iter_rows(min_row=2) if row[1].value == "fai_growth")
    assert [cell.value for cell in fai[6:10]] == ["未达标", 6.3, 7.5, 7.5]
    assert fai[6].fill.fgColor.rgb == "FFC62828"
    assert fai[6].font.color.rgb == "FFFFFFFF"
    jobs = next(row for row in scorecard.iter_rows(min_row=2) if row[1].value == "new_urban_jobs")
    assert jobs[10].value == pytest.approx(ELAPSED) and jobs[10].number_format == "0.0%"
    assert jobs[7].value == 6120 and jobs[7].number_format == "#,##0"
    lagging = workbook["滞后目标"]
    assert [cell.value for cell in lagging[1]][:6] == [
        "序号", "目标任务", "状态", "预警级别", "滞后情况", "责任单位"
    ]  # fmt: skip
    assert lagging["F2"].value == "区发改局" and lagging["M2"].value.startswith("两个重大项目")
    assert lagging["L3"].value == datetime(2022, 11, 4)
    assert lagging["C2"].fill.fgColor.rgb == "FFC62828"
    chart_data = workbook["图表数据"]
    assert chart_data.max_row == 1 + 3 * 9
    assert [cell.value for cell in chart_data[11]] == [
        "new_urban_jobs", "新增城镇就业", "人", "1-2月", 2, 900, 1466.67, 8800
    ]  # fmt: skip


def _poppler(*command: str) -> str:
    if shutil.which(command[0]) is None:
        pytest.fail(f"{command[0]} is missing: apt-get install poppler-utils")
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def test_pdf_embeds_a_cjk_font_and_reads_back(outputs: dict[str, Path]) -> None:
    pdf = outputs[".pdf"]
    fonts = _poppler("pdffonts", str(pdf)).splitlines()[2:]
    # Font names read e.g. "BYMOGM+Noto-Sans-CJK-SC-Bold" (a subset, embedded)
    cjk = [line.split() for line in fonts if "NotoSansCJKSC" in line.replace("-", "")]
    assert len(cjk) >= 1, fonts
    assert all(columns[-5] == "yes" for columns in cjk)  # name type encoding emb sub uni id
    text = "".join(_poppler("pdftotext", str(pdf), "-").split())
    assert TITLE in text
    assert COUNTS_SENTENCE in text
    assert "两个重大项目延期开工" in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTIFACTS / "briefing-page"
    _poppler("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(prefix))
    page = next(ARTIFACTS.glob("briefing-page*.png"))
    assert page.read_bytes().startswith(b"\x89PNG")
