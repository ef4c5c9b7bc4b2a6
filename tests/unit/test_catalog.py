"""Tests for the target catalog (expectations/catalog/hetang_2022.yaml) and its strict loader."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from expectations.catalog import (
    BUNDLED_CATALOG,
    Catalog,
    CatalogError,
    Target,
    UnitError,
    convert_unit,
    load_catalog,
    normalize_name,
)
from warehouse import rules


def effective_band(target: Target) -> float | None:
    """The band the marts give a target: its override, else the rule of warehouse/rules.sql."""
    con = rules.connect()
    query = "select coalesce(?::double, rules.default_band(?))"
    return con.execute(query, [target.band, target.kind]).fetchone()[0]


def band_for_assigned(target: Target, assigned: float) -> float:
    """An external target's band for its assigned value (warehouse/rules.sql)."""
    con = rules.connect()
    query = "select coalesce(?::double, rules.external_band(?, ?))"
    return con.execute(query, [target.band, target.unit, assigned]).fetchone()[0]


SEEDS = Path(__file__).parents[1] / "data" / "seeds"
SEED_FILE = SEEDS / "000_9d5839f002847b6d.txt"

# The 40 target codes of SPEC §2, typed out here on purpose (not read from the catalog).
SPEC_TARGET_CODES = [
    # 2.1 development
    "gdp_growth", "industrial_va_growth", "fai_growth", "budget_revenue_growth",
    "retail_sales_growth", "urban_unemployment_rate", "cpi_increase", "income_growth_above_gdp",
    "grain_output", "energy_consumption_total", "energy_intensity_decline",
    # 2.2 quantified tasks
    "new_market_entities", "new_above_scale_enterprises", "new_equity_listings",
    "new_school_places", "new_urban_jobs", "new_elderly_care_beds", "key_projects",
    "key_projects_provincial", "key_project_investment", "projects_started",
    "projects_completed", "new_projects_over_100m", "top500_projects", "idle_land_rectified",
    "funding_task_forces", "financing_raised", "special_bond_project_investment",
    "special_bond_funds_received", "standard_factory_area", "rnd_expenditure",
    "old_community_renovations", "shanty_town_renovations", "waste_sorting_coverage",
    # 2.3 milestones
    "hard_materials_centers", "culture_center_library", "cdc_pcr_lab", "school_expansions",
    "world_trade_plaza_3", "area_601_renovation",
]  # fmt: skip

# SPEC §2.1: code -> (kind, direction, value, tolerance, unit, frequency)
SPEC_DEVELOPMENT = {
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
}

# SPEC §2.2: code -> (value, unit)
SPEC_TASKS = {
    "new_market_entities": (8500, "户"),
    "new_above_scale_enterprises": (70, "家"),
    "new_equity_listings": (2, "家"),
    "new_school_places": (1200, "个"),
    "new_urban_jobs": (8800, "人"),
    "new_elderly_care_beds": (500, "张"),
    "key_projects": (131, "个"),
    "key_projects_provincial": (67, "个"),
    "key_project_investment": (123, "亿元"),
    "projects_started": (25, "个"),
    "projects_completed": (30, "个"),
    "new_projects_over_100m": (15, "个"),
    "top500_projects": (2, "个"),
    "idle_land_rectified": (278, "亩"),
    "funding_task_forces": (5, "个"),
    "financing_raised": (60, "亿元"),
    "special_bond_project_investment": (57, "亿元"),
    "special_bond_funds_received": (10, "亿元"),
    "standard_factory_area": (17.5, "万平方米"),
    "rnd_expenditure": (8, "亿元"),
    "old_community_renovations": (14, "个"),
    "shanty_town_renovations": (500, "套"),
}

SPEC_MILESTONES = [
    "hard_materials_centers", "culture_center_library", "cdc_pcr_lab",
    "school_expansions", "world_trade_plaza_3", "area_601_renovation",
]  # fmt: skip


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


# --------------------------------------------------------------------------- bundled catalog


def test_bundled_catalog_loads(catalog: Catalog) -> None:
    assert catalog.region.code == "430202"
    assert catalog.region.name_zh == "荷塘区"
    assert catalog.year == 2022
    assert "000_9d5839f002847b6d" in catalog.source


def test_catalog_has_exactly_the_40_spec_targets(catalog: Catalog) -> None:
    assert len(SPEC_TARGET_CODES) == 40
    codes = [t.code for t in catalog.targets]
    assert len(codes) == len(set(codes))
    assert set(codes) == set(SPEC_TARGET_CODES)


@pytest.mark.parametrize("code", sorted(SPEC_DEVELOPMENT))
def test_development_targets_match_spec(catalog: Catalog, code: str) -> None:
    kind, direction, value, tolerance, unit, frequency = SPEC_DEVELOPMENT[code]
    target = catalog.target(code)
    assert (target.kind, target.direction, target.value) == (kind, direction, value)
    assert (target.tolerance, target.unit, target.frequency) == (tolerance, unit, frequency)
    assert target.section == "development"


@pytest.mark.parametrize("code", sorted(SPEC_TASKS))
def test_task_targets_match_spec(catalog: Catalog, code: str) -> None:
    value, unit = SPEC_TASKS[code]
    target = catalog.target(code)
    assert (target.kind, target.direction, target.tolerance) == ("cumulative", "min", 0)
    assert (target.value, target.unit, target.section) == (value, unit, "task")


def test_spot_checks_against_spec(catalog: Catalog) -> None:
    gdp = catalog.target("gdp_growth")
    assert (gdp.value, gdp.direction, gdp.kind, gdp.wording) == (
        8.0,
        "min",
        "rate",
        "地区生产总值增长8.0%以上",
    )
    assert catalog.target("urban_unemployment_rate").direction == "max"
    assert catalog.target("urban_unemployment_rate").value == 5.5
    assert catalog.target("budget_revenue_growth").tolerance == 0.5
    jobs = catalog.target("new_urban_jobs")
    assert (jobs.value, jobs.previous_value) == (8800, 9980)
    assert "9980" in (jobs.previous_value_note or "")
    assert catalog.target("key_projects_provincial").previous_value == 57


def test_waste_sorting_coverage_is_strict_rate(catalog: Catalog) -> None:
    target = catalog.target("waste_sorting_coverage")
    assert (target.kind, target.direction, target.value, target.tolerance) == ("rate", "min", 60, 0)
    assert target.unit == "%"
    assert target.strict is True
    assert [t.code for t in catalog.targets if t.strict] == ["waste_sorting_coverage"]


@pytest.mark.parametrize("code", SPEC_MILESTONES)
def test_milestones_due_december(catalog: Catalog, code: str) -> None:
    target = catalog.target(code)
    assert (target.kind, target.section, target.direction) == ("milestone", "milestone", "min")
    assert (target.value, target.due_period) == (1, "2022-12")
    assert catalog.indicator(code).range == (0, 1)


def test_external_targets_have_assigned_indicators(catalog: Catalog) -> None:
    grain = catalog.target("grain_output")
    assert (grain.kind, grain.value, grain.assigned_indicator) == (
        "external",
        None,
        "grain_output_assigned",
    )
    assert catalog.indicator("grain_output_assigned").unit == "吨"
    assert catalog.indicator("energy_consumption_total_assigned").unit == "万吨标准煤"
    assert catalog.indicator("energy_intensity_decline_assigned").unit == "%"
    for target in catalog.targets:
        if target.kind == "external":
            assigned = catalog.indicator(f"{target.code}_assigned")
            assert assigned.range[0] > 0


def test_relative_target_reads_income_and_gdp_growth(catalog: Catalog) -> None:
    target = catalog.target("income_growth_above_gdp")
    assert (target.kind, target.indicator, target.compare_with) == (
        "relative",
        "disposable_income_growth",
        "gdp_growth",
    )
    assert effective_band(target) == 0.5


def test_every_other_target_reads_its_own_indicator(catalog: Catalog) -> None:
    for target in catalog.targets:
        if target.code != "income_growth_above_gdp":
            assert target.indicator == target.code
            assert catalog.indicator(target.code).unit == target.unit


def test_effective_band_by_kind(catalog: Catalog) -> None:
    assert effective_band(catalog.target("gdp_growth")) == 1.0
    assert effective_band(catalog.target("new_urban_jobs")) == 0.1
    assert effective_band(catalog.target("cdc_pcr_lab")) == 0
    grain = catalog.target("grain_output")
    assert effective_band(grain) is None
    assert band_for_assigned(grain, 20000) == pytest.approx(2000)
    assert band_for_assigned(catalog.target("energy_intensity_decline"), 3.0) == 1.0


def test_level_and_bureau_only_indicators_present(catalog: Catalog) -> None:
    units = {
        "gdp": "亿元", "fai": "亿元", "retail_sales": "亿元", "budget_revenue": "亿元",
        "disposable_income": "元", "disposable_income_growth": "%",
        "imports_exports": "亿元", "industrial_electricity": "万千瓦时",
        "urban_disposable_income": "元", "rural_disposable_income": "元",
        "urban_disposable_income_growth": "%", "rural_disposable_income_growth": "%",
    }  # fmt: skip
    for code, unit in units.items():
        assert catalog.indicator(code).unit == unit
    used = {t.indicator for t in catalog.targets} | {t.compare_with for t in catalog.targets}
    used |= {f"{t.code}_assigned" for t in catalog.targets if t.kind == "external"}
    bureau_fed = {code for row in catalog.bureau_rows for code in row.indicator_codes}
    assert len(bureau_fed - used) >= 6


def test_indicator_ranges_are_plausible(catalog: Catalog) -> None:
    for ind in catalog.indicators:
        low, high = ind.range
        assert low < high, ind.code
        if ind.unit not in ("%",):
            assert low >= 0, ind.code
    assert catalog.indicator("urban_unemployment_rate").range == (0, 30)
    assert catalog.indicator("cpi_increase").range == (-20, 30)
    assert catalog.indicator("waste_sorting_coverage").range == (0, 100)
    assert catalog.indicator("gdp_growth").range == (-50, 100)
    for code, (value, _unit) in SPEC_TASKS.items():
        low, high = catalog.indicator(code).range
        assert low <= value <= high


def test_urban_and_rural_income_never_feed_total_growth(catalog: Catalog) -> None:
    for name in ("城镇居民人均可支配收入", "农村居民人均可支配收入"):
        row = catalog.bureau_row_by_name(name)
        assert row is not None
        assert "disposable_income_growth" not in row.indicator_codes
        assert "disposable_income" not in row.indicator_codes
    total = catalog.bureau_row_by_name("全体居民人均可支配收入")
    assert total is not None
    assert (total.value, total.growth) == ("disposable_income", "disposable_income_growth")


def test_every_source_quote_is_verbatim_from_the_seed(catalog: Catalog) -> None:
    seed = SEED_FILE.read_text(encoding="utf-8")
    missing = [t.code for t in catalog.targets if t.source_quote not in seed]
    assert missing == []
    notes = [t for t in catalog.targets if t.previous_value is not None]
    assert notes
    for target in notes:
        assert f"{target.previous_value:g}" in seed


def test_load_catalog_is_cached(catalog: Catalog) -> None:
    assert load_catalog() is catalog
    assert load_catalog(BUNDLED_CATALOG) is catalog


# --------------------------------------------------------------------------- lookups


def test_normalize_name() -> None:
    assert normalize_name(" 规模以上 工业增加值 ") == "规模以上工业增加值"
    assert (
        normalize_name("居民消费价格指数（上年同期＝１００）") == "居民消费价格指数(上年同期=100)"
    )
    assert normalize_name("指标【亿元】") == normalize_name("指标[亿元]") == "指标(亿元)"
    assert normalize_name("GDP增速。") == "gdp增速"
    assert normalize_name("ＧＤＰ\u3000增速.") == "gdp增速"
    assert normalize_name("新增“四上”企业") == normalize_name('新增"四上"企业')


def test_bureau_row_lookups(catalog: Catalog) -> None:
    scale = catalog.bureau_row_by_name("规模工业增加值")
    assert scale is not None
    assert scale is catalog.bureau_row_by_name("规模以上工业增加值")
    assert scale is catalog.bureau_row_by_name("规上工业增加值")
    assert scale.growth == "industrial_va_growth"
    cpi = catalog.bureau_row_by_name("居民消费价格指数(上年同期=100)")
    assert cpi is not None
    assert (cpi.value, cpi.index_base_100) == ("cpi_increase", True)
    assert catalog.bureau_row_by_name("居民消费价格指数（上年同期＝100）") is cpi
    assert catalog.bureau_row_by_name("CPI") is cpi
    gdp = catalog.bureau_row_by_name("地区生产总值(亿元)")
    assert gdp is not None
    assert (gdp.value, gdp.growth) == ("gdp", "gdp_growth")
    assert catalog.bureau_row_by_name("社零总额") is catalog.bureau_row_by_name(
        "社会消费品零售总额"
    )
    fai = catalog.bureau_row_by_name("固定资产投资（不含农户）")
    assert fai is not None
    assert fai.growth == "fai_growth"
    assert catalog.bureau_row_by_name("地方一般公共预算收入").value == "budget_revenue"  # type: ignore[union-attr]
    assert catalog.bureau_row_by_name("进出口总额") is not None
    assert catalog.bureau_row_by_name("工业用电量") is not None
    assert catalog.bureau_row_by_name("不存在的指标") is None


def test_indicator_lookups(catalog: Catalog) -> None:
    assert catalog.indicator_by_name("gdp_growth") is catalog.indicator("gdp_growth")
    assert catalog.indicator_by_name("GDP增速") is catalog.indicator("gdp_growth")
    assert catalog.indicator_by_name("新增城镇就业") is catalog.indicator("new_urban_jobs")
    assert catalog.indicator_by_name('新增"四上"企业') is catalog.indicator(
        "new_above_scale_enterprises"
    )
    assert catalog.indicator_by_name("新增城镇就业(人)") is catalog.indicator("new_urban_jobs")
    assert catalog.indicator_by_name("粮食产量既定目标") is catalog.indicator(
        "grain_output_assigned"
    )
    assert catalog.indicator_by_name("无此指标") is None
    with pytest.raises(KeyError, match="no_such"):
        catalog.indicator("no_such")
    with pytest.raises(KeyError, match="no_such"):
        catalog.target("no_such")


# --------------------------------------------------------------------------- units


def test_convert_unit() -> None:
    assert convert_unit(61234, "万元", "亿元") == pytest.approx(6.1234)
    assert convert_unit(6.1234, "亿元", "万元") == pytest.approx(61234)
    assert convert_unit(12345, "元", "万元") == pytest.approx(1.2345)
    assert convert_unit(175000, "平方米", "万平方米") == pytest.approx(17.5)
    assert convert_unit(2.5, "万吨", "吨") == pytest.approx(25000)
    assert convert_unit(15000, "千瓦时", "万千瓦时") == pytest.approx(1.5)
    assert convert_unit(8.5, "%", "%") == 8.5
    assert convert_unit(8.5, "％", "%") == 8.5
    assert convert_unit(8.5, "百分比", "%") == 8.5
    assert convert_unit(8.5, "", "%") == 8.5
    assert convert_unit(8.5, None, "亿元") == 8.5


@pytest.mark.parametrize(("source", "target"), [("万元", "吨"), ("户", "平方米"), ("%", "亿元")])
def test_convert_unit_unknown_pair_raises(source: str, target: str) -> None:
    with pytest.raises(UnitError) as info:
        convert_unit(1.0, source, target)
    assert source in str(info.value)
    assert target in str(info.value)


# --------------------------------------------------------------------------- validation

BASE: dict[str, Any] = {
    "region": {"code": "430202", "name_zh": "荷塘区", "name_en": "Hetang District"},
    "year": 2022,
    "source": "test catalog",
    "indicators": [
        {"code": "gdp_growth", "name_zh": "地区生产总值增长", "name_en": "GDP growth",
         "unit": "%", "range": [-50, 100], "aliases": ["GDP增速"]},
        {"code": "gdp", "name_zh": "地区生产总值", "name_en": "GDP",
         "unit": "亿元", "range": [0, 20000]},
        {"code": "grain_output", "name_zh": "粮食产量", "name_en": "Grain output",
         "unit": "吨", "range": [0, 1000000]},
        {"code": "grain_output_assigned", "name_zh": "粮食产量既定目标", "name_en": "Assigned",
         "unit": "吨", "range": [1, 1000000]},
        {"code": "cdc_pcr_lab", "name_zh": "完成疾控中心PCR实验室改造", "name_en": "PCR lab",
         "unit": "项", "range": [0, 1]},
    ],
    "bureau_rows": [{"names": ["地区生产总值", "GDP"], "value": "gdp", "growth": "gdp_growth"}],
    "targets": [
        {"code": "gdp_growth", "name_zh": "地区生产总值增长", "name_en": "GDP growth",
         "wording": "地区生产总值增长8.0%以上", "section": "development", "kind": "rate",
         "direction": "min", "value": 8.0, "tolerance": 0, "unit": "%", "frequency": "quarterly",
         "source_quote": "地区生产总值增长8.0%以上"},
        {"code": "grain_output", "name_zh": "粮食产量", "name_en": "Grain output",
         "wording": "粮食产量完成省、市既定目标", "section": "development", "kind": "external",
         "direction": "min", "value": None, "unit": "吨", "frequency": "annual",
         "source_quote": "粮食产量、能耗“双控”完成省、市既定目标"},
        {"code": "cdc_pcr_lab", "name_zh": "完成疾控中心PCR实验室改造", "name_en": "PCR lab",
         "wording": "完成疾控中心PCR实验室改造", "section": "milestone", "kind": "milestone",
         "direction": "min", "value": 1, "unit": "项", "frequency": "quarterly",
         "due_period": "2022-12", "source_quote": "完成疾控中心PCR实验室改造"},
    ],
}  # fmt: skip


def _write(tmp_path: Path, data: Any, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _load_mutated(tmp_path: Path, mutate: Callable[[dict[str, Any]], None]) -> Catalog:
    data = copy.deepcopy(BASE)
    mutate(data)
    return load_catalog(_write(tmp_path, data))


def _error(tmp_path: Path, mutate: Callable[[dict[str, Any]], None]) -> str:
    with pytest.raises(CatalogError) as info:
        _load_mutated(tmp_path, mutate)
    return str(info.value)


def _target(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(t for t in data["targets"] if t["code"] == code)


def _indicator(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(i for i in data["indicators"] if i["code"] == code)


def test_base_test_catalog_is_valid(tmp_path: Path) -> None:
    catalog = _load_mutated(tmp_path, lambda data: None)
    assert catalog.target("gdp_growth").indicator == "gdp_growth"
    assert effective_band(catalog.target("cdc_pcr_lab")) == 0


def test_error_unknown_field(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: _target(d, "gdp_growth").update(targte_value=8))
    assert message.startswith("catalog bad.yaml: target 'gdp_growth': ")
    assert "unknown field 'targte_value'" in message


def test_error_unknown_field_in_indicator(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: _indicator(d, "gdp").update(colour="red"))
    assert "indicator 'gdp'" in message
    assert "unknown field 'colour'" in message


def test_error_unknown_top_level_field(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: d.update(extra_section=[]))
    assert message == "catalog bad.yaml: unknown field 'extra_section'"


def test_error_bad_kind(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: _target(d, "gdp_growth").update(kind="rat"))
    assert message == (
        "catalog bad.yaml: target 'gdp_growth': kind 'rat' is not one of "
        "rate, cumulative, relative, external, milestone"
    )


def test_error_bad_direction(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: _target(d, "gdp_growth").update(direction="up"))
    assert "target 'gdp_growth'" in message
    assert "direction 'up' is not one of min, max" in message


def test_error_bad_section(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: _target(d, "gdp_growth").update(section="growth"))
    assert "target 'gdp_growth'" in message
    assert "section 'growth' is not one of development, task, milestone" in message


def test_error_bad_frequency(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: _target(d, "gdp_growth").update(frequency="weekly"))
    assert "target 'gdp_growth'" in message
    assert "frequency 'weekly' is not one of" in message


def test_error_rate_without_value(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: _target(d, "gdp_growth").update(value=None))
    assert "target 'gdp_growth'" in message
    assert "kind 'rate' needs a number value" in message


def test_error_milestone_without_due_period(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: _target(d, "cdc_pcr_lab").pop("due_period"))
    assert "target 'cdc_pcr_lab'" in message
    assert "due_period" in message


def test_error_external_with_value(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: _target(d, "grain_output").update(value=5000))
    assert "target 'grain_output'" in message
    assert "kind 'external' takes value null" in message


def test_error_missing_required_field(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: _target(d, "gdp_growth").pop("source_quote"))
    assert "target 'gdp_growth'" in message
    assert "missing field 'source_quote'" in message


def test_error_duplicate_target_code(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: d["targets"].append(copy.deepcopy(d["targets"][0])))
    assert message == "catalog bad.yaml: target 'gdp_growth': duplicate target code"


def test_error_duplicate_indicator_code(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: d["indicators"].append(copy.deepcopy(d["indicators"][1])))
    assert message == "catalog bad.yaml: indicator 'gdp': duplicate indicator code"


def test_error_duplicate_alias(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: _indicator(d, "gdp").update(aliases=["GDP增速"]))
    assert "indicator 'gdp'" in message
    assert "name 'GDP增速' is already used by indicator 'gdp_growth'" in message


def test_error_alias_equal_to_name_of_another_indicator(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: _indicator(d, "gdp").update(aliases=["地区生产总值 增长"]))
    assert "indicator 'gdp'" in message
    assert "already used by indicator 'gdp_growth'" in message


def test_error_alias_equal_to_another_indicator_code(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: _indicator(d, "gdp_growth").update(aliases=["GDP"]))
    assert "indicator 'gdp_growth'" in message
    assert "name 'GDP' is already used by indicator 'gdp'" in message


def test_error_duplicate_bureau_row_name(tmp_path: Path) -> None:
    row = {"names": ["粮食产量", "ＧＤＰ"], "value": "grain_output"}
    message = _error(tmp_path, lambda d: d["bureau_rows"].append(row))
    assert "bureau row '粮食产量'" in message
    assert "name 'ＧＤＰ' is already used by bureau row '地区生产总值'" in message


def test_error_target_unknown_indicator(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: _target(d, "gdp_growth").update(indicator="gdp_grwoth"))
    assert message == (
        "catalog bad.yaml: target 'gdp_growth': indicator 'gdp_grwoth' is not in indicators"
    )


def test_error_bureau_row_unknown_indicator(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: d["bureau_rows"][0].update(growth="gdp_grwoth"))
    assert "bureau row '地区生产总值'" in message
    assert "growth indicator 'gdp_grwoth' is not in indicators" in message


def test_error_bureau_row_without_indicator(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: d["bureau_rows"].append({"names": ["进出口总额"]}))
    assert "bureau row '进出口总额'" in message
    assert "needs a 'value' or a 'growth' indicator" in message


def test_error_external_without_assigned_indicator(tmp_path: Path) -> None:
    def drop_assigned(data: dict[str, Any]) -> None:
        data["indicators"] = [i for i in data["indicators"] if i["code"] != "grain_output_assigned"]

    message = _error(tmp_path, drop_assigned)
    assert message == (
        "catalog bad.yaml: target 'grain_output': external target needs indicator "
        "'grain_output_assigned'"
    )


def test_error_bad_range(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: _indicator(d, "gdp").update(range=[100, 0]))
    assert "indicator 'gdp'" in message
    assert "range" in message


def test_error_unit_differs_from_indicator(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: _target(d, "grain_output").update(unit="万吨"))
    assert "target 'grain_output'" in message
    assert "unit '万吨'" in message


def test_error_region_code_not_text(tmp_path: Path) -> None:
    message = _error(tmp_path, lambda d: d["region"].update(code=430202))
    assert message.startswith("catalog bad.yaml: region: code")


def test_error_not_yaml(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("region: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="catalog broken.yaml: not valid YAML"):
        load_catalog(path)


def test_error_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="catalog absent.yaml"):
        load_catalog(tmp_path / "absent.yaml")


def test_error_top_level_not_mapping(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="top level must be a mapping"):
        load_catalog(_write(tmp_path, ["a", "b"], "list.yaml"))
