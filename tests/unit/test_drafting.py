"""Tests for the catalog drafter (expectations/drafting.py): the seed report against SPEC §2, the
report language rule by rule, numbers, flags, review passages, .docx/.txt input and the YAML."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import docx
import pytest
import yaml

from expectations.catalog import CATALOG_DIR, load_catalog, parse_catalog
from expectations.drafting import (
    Draft,
    DraftTarget,
    ReportError,
    draft_catalog,
    draft_yaml,
    indicator_names,
    read_report,
    report_year,
)

SEED_FILE = Path(__file__).parents[1] / "data" / "seeds" / "000_9d5839f002847b6d.txt"

# SPEC §2, typed here from the SPEC tables (not read from the catalog YAML):
# code -> (kind, dir, value, tol, unit, frequency). The SPEC writes "—" for the direction and
# tolerance of the relative target; the catalog's rule for kind relative is dir min, tol 0.
SPEC_ROWS: dict[str, tuple[str, str, float | None, float, str, str]] = {
    # 2.1 main development targets
    "gdp_growth": ("rate", "min", 8.0, 0, "%", "quarterly"),
    "industrial_va_growth": ("rate", "min", 8.5, 0, "%", "monthly"),
    "fai_growth": ("rate", "min", 7.5, 0, "%", "monthly"),
    "budget_revenue_growth": ("rate", "min", 8.0, 0.5, "%", "monthly"),
    "retail_sales_growth": ("rate", "min", 8.5, 0.5, "%", "monthly or quarterly"),
    "urban_unemployment_rate": ("rate", "max", 5.5, 0, "%", "monthly or quarterly"),
    "cpi_increase": ("rate", "max", 3.0, 0.5, "%", "monthly"),
    "income_growth_above_gdp": ("relative", "min", None, 0, "pp", "quarterly"),
    "grain_output": ("external", "min", None, 0, "吨", "annual"),
    "energy_consumption_total": ("external", "max", None, 0, "万吨标准煤", "annual"),
    "energy_intensity_decline": ("external", "min", None, 0, "%", "annual"),
    # 2.2 quantified tasks: cumulative, min, tol 0 (frequency: the catalog's quarterly)
    "new_market_entities": ("cumulative", "min", 8500, 0, "户", "quarterly"),
    "new_above_scale_enterprises": ("cumulative", "min", 70, 0, "家", "quarterly"),
    "new_equity_listings": ("cumulative", "min", 2, 0, "家", "quarterly"),
    "new_school_places": ("cumulative", "min", 1200, 0, "个", "quarterly"),
    "new_urban_jobs": ("cumulative", "min", 8800, 0, "人", "quarterly"),
    "new_elderly_care_beds": ("cumulative", "min", 500, 0, "张", "quarterly"),
    "key_projects": ("cumulative", "min", 131, 0, "个", "quarterly"),
    "key_projects_provincial": ("cumulative", "min", 67, 0, "个", "quarterly"),
    "key_project_investment": ("cumulative", "min", 123, 0, "亿元", "quarterly"),
    "projects_started": ("cumulative", "min", 25, 0, "个", "quarterly"),
    "projects_completed": ("cumulative", "min", 30, 0, "个", "quarterly"),
    "new_projects_over_100m": ("cumulative", "min", 15, 0, "个", "quarterly"),
    "top500_projects": ("cumulative", "min", 2, 0, "个", "quarterly"),
    "idle_land_rectified": ("cumulative", "min", 278, 0, "亩", "quarterly"),
    "funding_task_forces": ("cumulative", "min", 5, 0, "个", "quarterly"),
    "financing_raised": ("cumulative", "min", 60, 0, "亿元", "quarterly"),
    "special_bond_project_investment": ("cumulative", "min", 57, 0, "亿元", "quarterly"),
    "special_bond_funds_received": ("cumulative", "min", 10, 0, "亿元", "quarterly"),
    "standard_factory_area": ("cumulative", "min", 17.5, 0, "万平方米", "quarterly"),
    "rnd_expenditure": ("cumulative", "min", 8, 0, "亿元", "quarterly"),
    "old_community_renovations": ("cumulative", "min", 14, 0, "个", "quarterly"),
    "shanty_town_renovations": ("cumulative", "min", 500, 0, "套", "quarterly"),
    "waste_sorting_coverage": ("rate", "min", 60, 0, "%", "quarterly"),
    # 2.3 milestones: done (1) or not, due 2022-12
    "hard_materials_centers": ("milestone", "min", 1, 0, "项", "quarterly"),
    "culture_center_library": ("milestone", "min", 1, 0, "项", "quarterly"),
    "cdc_pcr_lab": ("milestone", "min", 1, 0, "项", "quarterly"),
    "school_expansions": ("milestone", "min", 1, 0, "项", "quarterly"),
    "world_trade_plaza_3": ("milestone", "min", 1, 0, "项", "quarterly"),
    "area_601_renovation": ("milestone", "min", 1, 0, "项", "quarterly"),
}
SPEC_SECTIONS = {"development": 11, "task": 23, "milestone": 6}
# The drafter names a target after its indicator; the SPEC's relative target reads this one.
DRAFT_CODE = {"income_growth_above_gdp": "disposable_income_growth"}
# Two more 启动 + thing phrases of the seed that the milestone rule drafts (code TODO): a person
# keeps or deletes them. SPEC §2.3 does not list them.
EXTRA_MILESTONES = ["启动市级农产品加工产业园建设", "启动国家、省级生态文明示范区创建"]


@pytest.fixture(scope="module")
def names() -> dict[str, str]:
    return indicator_names(load_catalog().indicators)


@pytest.fixture(scope="module")
def seed_draft(names: dict[str, str]) -> Draft:
    catalog = load_catalog()
    text = read_report(SEED_FILE)
    return draft_catalog(text, names, "430202", None, indicators=catalog.indicators, source="seed")


def drafted(text: str, names: dict[str, str], year: int = 2023) -> Draft:
    return draft_catalog(text, names, None, year, indicators=load_catalog().indicators)


def only_target(text: str, names: dict[str, str]) -> DraftTarget:
    draft = drafted(text, names)
    assert not draft.flags, draft.flags
    assert len(draft.targets) == 1, draft.targets
    return draft.targets[0]


def row(target: DraftTarget) -> tuple[object, ...]:
    return (target.kind, target.direction, target.value, target.tolerance, target.unit)


# --------------------------------------------------------------------------- the seed, SPEC §2


def test_seed_draft_reproduces_the_40_spec_rows(seed_draft: Draft) -> None:
    by_code = {target.code: target for target in seed_draft.targets if target.code}
    matches, misses = 0, []
    for code, (kind, direction, value, tolerance, unit, _frequency) in SPEC_ROWS.items():
        target = by_code.get(DRAFT_CODE.get(code, code))
        if target is not None and row(target) == (kind, direction, value, tolerance, unit):
            matches += 1
        else:
            misses.append((code, row(target) if target else None))
    print(f"\nSPEC §2 rows reproduced by the draft: {matches} of {len(SPEC_ROWS)}")
    assert misses == []
    assert matches == 40


def test_seed_draft_has_the_40_plus_two_milestone_candidates(seed_draft: Draft) -> None:
    codes = [target.code for target in seed_draft.targets]
    assert len(codes) == 42
    assert sorted(c for c in codes if c) == sorted(DRAFT_CODE.get(c, c) for c in SPEC_ROWS)
    extras = [target for target in seed_draft.targets if target.code is None]
    assert [target.wording for target in extras] == EXTRA_MILESTONES
    assert {target.kind for target in extras} == {"milestone"}
    assert seed_draft.flags == ()


def test_seed_draft_details(seed_draft: Draft) -> None:
    by_code = {target.code: target for target in seed_draft.targets if target.code}
    relative = by_code["disposable_income_growth"]
    assert (relative.compare_with, relative.unit, relative.value) == ("gdp_growth", "pp", None)
    assert by_code["waste_sorting_coverage"].strict is True
    assert [t.code for t in seed_draft.targets if t.strict] == ["waste_sorting_coverage"]
    assert {t.due_period for t in seed_draft.targets if t.kind == "milestone"} == {"2022-12"}
    sections = [t.section for t in seed_draft.targets if t.code]
    assert {name: sections.count(name) for name in SPEC_SECTIONS} == SPEC_SECTIONS
    assert by_code["gdp_growth"].source_quote == "地区生产总值增长8.0%以上"
    assert by_code["key_project_investment"].source_quote == (
        "报告提出,全年要实施重点项目131个,其中省、市重点项目67个,年度投资123亿元。"
    )
    assert by_code["projects_started"].wording == "实现格斯特二期等25个项目开工"
    assert by_code["energy_consumption_total"].wording == "能耗“双控”(总量)完成省、市既定目标"
    assert seed_draft.year == 2022


def test_seed_draft_keeps_last_years_figures_of_the_review(seed_draft: Draft) -> None:
    previous = {t.code: t.previous_value for t in seed_draft.targets if t.previous_value}
    assert previous == {
        "new_school_places": 600,
        "new_urban_jobs": 9980,
        "key_projects_provincial": 57,
        "key_project_investment": 140,
    }
    by_code = {target.code: target for target in seed_draft.targets}
    assert by_code["new_urban_jobs"].previous_note == "成就篇:新增城镇就业9980人"


def test_seed_draft_frequencies(seed_draft: Draft) -> None:
    """The frequency rule matches 38 SPEC rows; the two "monthly or quarterly" ones are drafted
    monthly (the rule cannot know a district publishes them quarterly too)."""
    by_code = {target.code: target for target in seed_draft.targets}
    differ = {
        code: by_code[DRAFT_CODE.get(code, code)].frequency
        for code, spec in SPEC_ROWS.items()
        if by_code[DRAFT_CODE.get(code, code)].frequency != spec[5]
    }
    assert differ == {"retail_sales_growth": "monthly", "urban_unemployment_rate": "monthly"}


def test_seed_lines_point_into_the_report(seed_draft: Draft) -> None:
    lines = SEED_FILE.read_text(encoding="utf-8").splitlines()
    for target in seed_draft.targets:
        assert target.source_quote[:8] in lines[target.line - 1]
    by_code = {target.code: target for target in seed_draft.targets}
    # its paragraph is broken over two lines of the seed (a newspaper column break)
    assert lines[by_code["world_trade_plaza_3"].line - 1].startswith("打造现代化综合交通枢纽")


# --------------------------------------------------------------------------- the language rules


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("地区生产总值增长8.0%以上。", ("rate", "min", 8.0, 0, "%")),
        ("地区生产总值增长不低于8%。", ("rate", "min", 8, 0, "%")),
        ("确保地区生产总值增长8%。", ("rate", "min", 8, 0, "%")),
        ("力争地区生产总值增长8.5%。", ("rate", "min", 8.5, 0, "%")),
        ("城镇调查失业率控制在5.5%以内。", ("rate", "max", 5.5, 0, "%")),
        ("城镇调查失业率不超过5.5%。", ("rate", "max", 5.5, 0, "%")),
        ("地方一般公共预算收入增长8.0%左右。", ("rate", "min", 8.0, 0.5, "%")),
        ("居民消费品价格涨幅控制在3.0%左右。", ("rate", "max", 3.0, 0.5, "%")),
        ("新增市场主体8500户。", ("cumulative", "min", 8500, 0, "户")),
        ("引进亿元以上项目15个。", ("cumulative", "min", 15, 0, "个")),
        ("完成棚户区改造500套以上。", ("cumulative", "min", 500, 0, "套")),
    ],
)
def test_direction_words(sentence: str, expected: tuple, names: dict[str, str]) -> None:
    assert row(only_target(sentence, names)) == expected


def test_more_than_is_strict(names: dict[str, str]) -> None:
    target = only_target("推动垃圾分类设施全覆盖,城区覆盖率超过60%。", names)
    assert (target.code, target.strict, target.direction, target.value) == (
        "waste_sorting_coverage",
        True,
        "min",
        60,
    )
    assert only_target("城区生活垃圾分类覆盖率达到60%。", names).strict is False
    below = only_target("城镇调查失业率低于5.5%。", names)
    assert (below.direction, below.strict) == ("max", True)
    assert any("SPEC §3" in note for note in below.notes)


def test_about_on_a_count_keeps_tolerance_zero_with_a_note(names: dict[str, str]) -> None:
    target = only_target("新增城镇就业8800人左右。", names)
    assert (target.direction, target.tolerance) == ("min", 0)
    assert any("左右" in note for note in target.notes)


@pytest.mark.parametrize(
    ("sentence", "compare_with"),
    [
        ("居民收入增长高于经济增长。", "gdp_growth"),
        ("居民收入增长快于经济增长。", "gdp_growth"),
        ("居民收入增长同步于经济增长。", "gdp_growth"),
        ("居民收入增长与经济增长同步。", "gdp_growth"),
    ],
)
def test_relative(sentence: str, compare_with: str, names: dict[str, str]) -> None:
    target = only_target(sentence, names)
    assert (target.kind, target.code, target.compare_with, target.unit, target.value) == (
        "relative",
        "disposable_income_growth",
        compare_with,
        "pp",
        None,
    )


def test_higher_than_between_non_indicators_is_no_target(names: dict[str, str]) -> None:
    assert drafted("服务质量高于群众期待。", names).items == ()


def test_external_splits_subjects_and_groups(names: dict[str, str]) -> None:
    draft = drafted("粮食产量、能耗“双控”完成省、市既定目标。", names)
    got = [(t.code, t.kind, t.direction, t.value, t.unit) for t in draft.targets]
    assert got == [
        ("grain_output", "external", "min", None, "吨"),
        ("energy_consumption_total", "external", "max", None, "万吨标准煤"),
        ("energy_intensity_decline", "external", "min", None, "%"),
    ]
    assert {t.frequency for t in draft.targets} == {"annual"}
    one = only_target("粮食产量完成省下达任务。", names)
    assert (one.code, one.kind) == ("grain_output", "external")


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("建成区文化馆、图书馆,提升居民公共文化获得感。", "culture_center_library"),
        ("完成疾控中心PCR实验室改造。", "cdc_pcr_lab"),
        ("启动601片区改造项目。", "area_601_renovation"),
        ("确保建成世贸广场三期商业综合体。", "world_trade_plaza_3"),
    ],
)
def test_milestones(sentence: str, code: str, names: dict[str, str]) -> None:
    target = only_target(sentence, names)
    assert (target.code, target.kind, target.section, target.value, target.unit) == (
        code,
        "milestone",
        "milestone",
        1,
        "项",
    )
    assert target.due_period == "2023-12"


@pytest.mark.parametrize(
    "sentence",
    [
        "高质量完成省市重点民生实事。",  # the verb does not open the clause
        "完成全年目标任务。",  # no thing to be done, only "the targets"
        "加快三一铁路专线建设。",  # no milestone verb
        "园区经济与产业升级是协同发展的两个增长点。",  # a count in a description
        "打造15分钟便民生活圈。",  # 15 is part of a name
        "全面落实招商引资“28条”。",  # a number in quotation marks
    ],
)
def test_phrases_that_are_no_targets(sentence: str, names: dict[str, str]) -> None:
    assert drafted(sentence, names).items == ()


def test_cumulative_cap_is_drafted_with_a_note(names: dict[str, str]) -> None:
    target = only_target("能耗总量控制在120万吨标准煤以内。", names)
    assert row(target) == ("cumulative", "max", 120, 0, "万吨标准煤")
    assert any("SPEC §3" in note for note in target.notes)


def test_unknown_name_is_drafted_with_todo(names: dict[str, str]) -> None:
    target = only_target("新增充电桩300个。", names)
    assert (target.code, target.name_en, target.value, target.unit) == (None, None, 300, "个")
    assert "新增充电桩" in target.notes[-1]
    assert "code: TODO" in draft_yaml(drafted("新增充电桩300个。", names))


def test_elided_names_are_found_from_the_sentence(names: dict[str, str]) -> None:
    draft = drafted("全年要实施重点项目131个,年度投资123亿元。", names)
    assert [(t.code, t.value) for t in draft.targets] == [
        ("key_projects", 131),
        ("key_project_investment", 123),
    ]
    # without 重点项目 earlier in the sentence, 年度投资 names nothing
    assert only_target("年度投资123亿元。", names).code is None


def test_development_section_from_a_list_or_a_sentence(names: dict[str, str]) -> None:
    listed = drafted("- 地区生产总值增长6.5%以上\n- 新增城镇就业8000人\n\n2023年发展目标\n", names)
    assert [t.section for t in listed.targets] == ["development", "development"]
    said = drafted("今年主要预期目标是:地区生产总值增长6.5%以上,新增城镇就业8000人。", names)
    assert [t.section for t in said.targets] == ["development", "development"]
    prose = drafted("新增城镇就业8000人。", names)
    assert [t.section for t in prose.targets] == ["task"]


def test_frequency_rule(names: dict[str, str]) -> None:
    draft = drafted("主要目标是:地区生产总值增长6%以上,规模工业增加值增长7%以上。", names)
    assert [t.frequency for t in draft.targets] == ["quarterly", "monthly"]
    assert only_target("城区生活垃圾分类覆盖率超过60%。", names).frequency == "quarterly"


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("全年实施重点项目一百三十一个。", 131, "个"),
        ("新增城镇就业8,800人。", 8800, "人"),
        ("新增城镇就业８８００人。", 8800, "人"),
        ("新增城镇就业1.2万人。", 12000, "人"),
        ("完成棚户区改造2万套。", 20000, "套"),
        ("完成棚户区改造两千套。", 2000, "套"),
        ("建成标准厂房17.5万平方米。", 17.5, "万平方米"),
        ("建成标准厂房五万平方米。", 5, "万平方米"),
        ("重点项目年度投资123亿元。", 123, "亿元"),
        ("地区生产总值增长８．５％以上。", 8.5, "%"),
    ],
)
def test_numbers(sentence: str, value: float, unit: str, names: dict[str, str]) -> None:
    target = only_target(sentence, names)
    assert (target.value, target.unit) == (value, unit)
    assert type(target.value) is type(value)


def test_lone_yi_is_an_article_not_a_number(names: dict[str, str]) -> None:
    assert drafted("新增一批高新技术企业。", names).items == ()


# --------------------------------------------------------------------------- flags


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("地区生产总值增长7%-7.5%。", "range"),
        ("地区生产总值增长7—7.5%。", "range"),
        ("地区生产总值增长7%至7.5%。", "range"),
        ("地区生产总值增长7%以上、力争8%。", "two values"),
        ("地区生产总值增长7%以上,力争8%。", "two values"),
        ("地区生产总值增长8%。", "no direction"),
        ("新增充电桩300根。", "no known unit"),
        ("城镇调查失业率控制在5.5%以上。", "contradict"),
    ],
)
def test_flags(sentence: str, reason: str, names: dict[str, str]) -> None:
    draft = drafted(sentence, names)
    assert draft.targets == ()
    assert len(draft.flags) == 1
    flag = draft.flags[0]
    assert reason in flag.reason
    assert flag.source_quote == sentence
    assert re.search(r"[\u4e00-\u9fff]", flag.reason)  # Chinese and English


def test_flag_keeps_its_place_in_the_yaml(names: dict[str, str]) -> None:
    text = "新增城镇就业8000人。地区生产总值增长8%。新增市场主体9000户。"
    output = draft_yaml(drafted(text, names))
    flag_at = output.index("# FLAG")
    assert output.index("new_urban_jobs") < flag_at < output.index("new_market_entities")
    assert "1 phrases flagged" in output
    assert [t["code"] for t in yaml.safe_load(output)["targets"]] == [
        "new_urban_jobs",
        "new_market_entities",
    ]


# --------------------------------------------------------------------------- review passages


@pytest.mark.parametrize(
    "text",
    [
        "A 成就篇\n\n新增城镇就业9980人。全年实施省、市重点项目57个。\n",
        "回顾2022年\n\n新增义务教育学位600余个。\n",
        "去年,全区新增城镇就业9980人,新增市场主体7000户。\n",
        "恪守为民。这一年,启动25个居民小区善治试点。\n",
        "2022年,新增城镇就业9980人。\n",
        "全区新增了城镇就业9980人。\n",
        "预计一季度地区生产总值增长6.5%左右。\n",
    ],
)
def test_review_and_estimates_give_no_targets(text: str, names: dict[str, str]) -> None:
    assert drafted(text, names, year=2023).items == ()


def test_a_future_heading_ends_the_review(names: dict[str, str]) -> None:
    text = "A 成就篇\n\n新增城镇就业9980人。\n\n亮点一 民生\n\n新增市场主体7000户。\n\nB 未来篇\n\n新增城镇就业8800人。\n"
    draft = drafted(text, names, year=2023)
    assert [(t.code, t.value, t.previous_value) for t in draft.targets] == [
        ("new_urban_jobs", 8800, 9980)
    ]
    assert draft.targets[0].previous_note == "成就篇:新增城镇就业9980人"


def test_seed_review_figures_are_not_targets(seed_draft: Draft) -> None:
    values = {target.value for target in seed_draft.targets}
    assert not values & {9980, 600, 140, 40, 98}


def test_report_year() -> None:
    assert report_year(SEED_FILE.read_text(encoding="utf-8")) == 2022
    assert report_year("2022年工作回顾……2023年,全区将新增城镇就业8800人。到2025年建成…") == 2023
    assert report_year("没有年份。") is None


# --------------------------------------------------------------------------- reading files


def test_read_report_docx_paragraphs_lists_and_tables(
    tmp_path: Path, names: dict[str, str]
) -> None:
    document = docx.Document()
    document.add_paragraph("2023年主要预期目标")
    document.add_paragraph("地区生产总值增长6.5%以上", style="List Bullet")
    document.add_paragraph("城镇调查失业率控制在5.5%以内", style="List Bullet")
    document.add_paragraph("新增城镇就业8000人,建成区文化馆、图书馆。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "重点任务"
    table.cell(0, 1).text = "新增市场主体9000户。"
    path = tmp_path / "report.docx"
    document.save(str(path))

    text = read_report(path)
    assert text.splitlines() == [
        "2023年主要预期目标",
        "- 地区生产总值增长6.5%以上",
        "- 城镇调查失业率控制在5.5%以内",
        "新增城镇就业8000人,建成区文化馆、图书馆。",
        "重点任务",
        "新增市场主体9000户。",
    ]
    draft = draft_catalog(text, names, "430202", None)
    got = [(t.code, t.section, t.value) for t in draft.targets]
    assert got == [
        ("gdp_growth", "development", 6.5),
        ("urban_unemployment_rate", "development", 5.5),
        ("new_urban_jobs", "task", 8000),
        ("culture_center_library", "milestone", 1),
        ("new_market_entities", "task", 9000),
    ]
    assert draft.year == 2023


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_read_report_text_encodings(tmp_path: Path, encoding: str) -> None:
    text = "2023年发展目标\n- 地区生产总值增长6.5%以上\n"
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode(encoding))
    assert read_report(path) == text


def test_read_report_refuses_pdf_and_missing_files(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    with pytest.raises(ReportError, match=r"工作报告只能是 .txt 或 .docx / .*report\.pdf"):
        read_report(pdf)
    with pytest.raises(ReportError, match="cannot read the work report"):
        read_report(tmp_path / "missing.txt")


# --------------------------------------------------------------------------- the YAML


def test_draft_yaml_parses_and_loads_once_todos_are_replaced(seed_draft: Draft) -> None:
    output = draft_yaml(seed_draft)
    assert output.startswith("# 目标清单草稿 / DRAFT target catalog")
    assert "hetang catalog check" in output.splitlines()[4]
    data = yaml.safe_load(output)
    assert data["region"]["code"] == "430202" and data["year"] == 2022
    assert len(data["targets"]) == 42

    numbers = itertools.count(1)
    filled = re.sub(r"code: TODO\b", lambda _m: f"code: drafted_extra_{next(numbers)}", output)
    filled = filled.replace("name_zh: TODO", "name_zh: 荷塘区").replace(
        "name_en: TODO", "name_en: X"
    )
    data = yaml.safe_load(filled)
    assert "TODO" not in repr(data)
    bundled = yaml.safe_load((CATALOG_DIR / "indicators.yaml").read_text(encoding="utf-8"))
    extra = [
        {"code": f"drafted_extra_{n}", "name_zh": f"里程碑{n}", "name_en": f"Milestone {n}"}
        | {"unit": "项", "range": [0, 1]}
        for n in (1, 2)
    ]
    data["indicators"] = bundled["indicators"] + extra
    data["bureau_rows"] = bundled["bureau_rows"]
    catalog = parse_catalog(data, "drafted")
    assert len(catalog.targets) == 42
    assert catalog.target("cpi_increase").tolerance == 0.5
    assert catalog.target("new_urban_jobs").previous_value == 9980
    assert catalog.target("waste_sorting_coverage").strict is True


def test_numbered_headings_start_and_end_a_review(names: dict[str, str]) -> None:
    text = (
        "一、2022年工作回顾\n过去一年，全区新增城镇就业5100人，地区生产总值增长6.8%。\n"
        "二、2023年工作安排\n全年新增城镇就业5000人。\n"
    )
    draft = drafted(text, names)
    assert [(t.code, t.value, t.previous_value) for t in draft.targets] == [
        ("new_urban_jobs", 5000, 5100)
    ]
    assert draft.flags == ()
