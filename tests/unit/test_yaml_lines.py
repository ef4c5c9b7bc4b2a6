"""Tests for catalog check line numbers (expectations/yaml_lines.py): one mistake of each kind in
a small catalog, with its exact line and field, and several mistakes reported at once."""

from __future__ import annotations

import pytest

from expectations.catalog import BUNDLED_CATALOG
from expectations.yaml_lines import Problem, check_catalog_text, locate

# A small valid catalog. The line numbers the tests expect are counted on this text.
CATALOG = """\
region: {code: "430202", name_zh: 荷塘区, name_en: Hetang District}
year: 2022
source: test
indicators:
  - code: gdp_growth
    name_zh: 地区生产总值增长
    name_en: GDP growth
    unit: "%"
    range: [-50, 100]
    aliases: [GDP增速, GDP增长率]
  - code: grain_output
    name_zh: 粮食产量
    name_en: Grain output
    unit: 吨
    range: [0, 1000000]
  - code: grain_output_assigned
    name_zh: 粮食产量既定目标
    name_en: Grain output target
    unit: 吨
    range: [0.01, 1000000]
bureau_rows:
  - names: [地区生产总值]
    growth: gdp_growth
targets:
  - code: gdp_growth
    name_zh: 地区生产总值增长
    name_en: GDP growth
    wording: 地区生产总值增长8.0%以上
    section: development
    kind: rate
    direction: min
    value: 8.0
    unit: "%"
    frequency: quarterly
    source_quote: 地区生产总值增长8.0%以上
  - code: grain_output
    name_zh: 粮食产量
    name_en: Grain output
    wording: 粮食产量完成省、市既定目标
    section: development
    kind: external
    direction: min
    unit: 吨
    frequency: annual
    source_quote: 粮食产量、能耗“双控”完成省、市既定目标
"""
LINES = CATALOG.splitlines()


def edited(replace: dict[int, str | None] | None = None, append: str = "") -> str:
    """CATALOG with line N (1-based) replaced (None: deleted), then ``append`` added."""
    lines = [(replace or {}).get(number, line) for number, line in enumerate(LINES, start=1)]
    return "\n".join(line for line in lines if line is not None) + "\n" + append


def where(problems: list[Problem]) -> list[tuple[int | None, str]]:
    return [(problem.line, problem.field) for problem in problems]


def test_the_small_catalog_and_the_bundled_one_have_no_problems() -> None:
    assert check_catalog_text(CATALOG, "small.yaml") == []
    assert check_catalog_text(BUNDLED_CATALOG.read_text(encoding="utf-8"), "hetang_2022") == []


def test_bad_kind() -> None:
    problems = check_catalog_text(edited({30: "    kind: rates"}), "small.yaml")
    assert where(problems) == [(30, "kind")]
    assert problems[0].message.startswith("small.yaml: target 'gdp_growth': 取值不在可选范围 / ")
    assert "'rates'" in problems[0].message


def test_unknown_field() -> None:
    problems = check_catalog_text(edited({34: "    frequency: quarterly\n    colour: red"}), "s")
    assert where(problems) == [(35, "colour")]
    assert "unknown field 'colour'" in problems[0].message


def test_missing_value_of_a_rate_points_at_its_entry() -> None:
    problems = check_catalog_text(edited({32: None}), "s")
    assert where(problems) == [(25, "value")]
    assert "kind 'rate' needs a number value" in problems[0].message


def test_missing_required_field_points_at_its_entry() -> None:
    problems = check_catalog_text(edited({33: None}), "s")
    assert where(problems) == [(25, "unit")]
    assert "missing field 'unit'" in problems[0].message


def test_rule_behind_an_unknown_field_is_reported_too() -> None:
    problems = check_catalog_text(edited({32: "    colour: red"}), "s")
    assert where(problems) == [(25, "value"), (32, "colour")]


def test_duplicate_code_is_the_second_entry() -> None:
    copy = "\n".join(LINES[24:35]) + "\n"  # the gdp_growth target again, from line 46
    problems = check_catalog_text(edited(append=copy), "s")
    assert where(problems) == [(46, "code")]
    assert "target 'gdp_growth': 条目冲突 / duplicate target code" in problems[0].message


def test_duplicate_alias_points_at_the_alias() -> None:
    problems = check_catalog_text(
        edited({15: "    range: [0, 1000000]\n    aliases: [GDP增速]"}), "s"
    )
    assert where(problems) == [(16, "aliases")]
    assert "name 'GDP增速' is already used by indicator 'gdp_growth'" in problems[0].message


def test_unknown_indicator_references() -> None:
    text = edited(
        {23: "    growth: gdp_growht", 37: "    indicator: grain_yield\n    name_zh: 粮食产量"}
    )
    problems = check_catalog_text(text, "s")
    assert where(problems) == [(23, "growth"), (37, "indicator")]
    assert "value" not in problems[0].field
    assert "indicator 'grain_yield' is not in indicators" in problems[1].message


def test_reference_problem_of_a_repeated_code_is_on_the_right_entry() -> None:
    copy = "\n".join(LINES[35:45]).replace(
        "    name_zh: 粮食产量", "    indicator: grain_yield\n    name_zh: 粮食产量"
    )  # the grain_output target again, from line 46, with an unknown indicator
    problems = check_catalog_text(edited(append=copy + "\n"), "s")
    assert where(problems) == [(46, "code"), (47, "indicator")]


def test_external_without_its_assigned_indicator() -> None:
    text = edited(dict.fromkeys(range(16, 21)))  # indicator grain_output_assigned removed
    problems = check_catalog_text(text, "s")
    assert where(problems) == [(36, "kind")]
    assert "external target needs indicator 'grain_output_assigned'" in problems[0].message


def test_yaml_syntax_error() -> None:
    problems = check_catalog_text(edited({30: "    kind: rate: x"}), "small.yaml")
    assert where(problems) == [(30, "")]
    assert problems[0].message.startswith("small.yaml: YAML 语法错误 / YAML syntax error: ")


def test_top_level_must_be_a_mapping() -> None:
    assert where(check_catalog_text("- 1\n", "s")) == [(1, "")]


def test_key_written_twice() -> None:
    problems = check_catalog_text(edited({34: "    frequency: quarterly\n    kind: rate"}), "s")
    assert where(problems) == [(35, "kind")]
    assert "written twice" in problems[0].message


def test_todo_left_in_a_draft() -> None:
    problems = check_catalog_text(edited({27: "    name_en: TODO", 10: "    aliases: [TODO]"}), "s")
    assert where(problems) == [(10, "aliases"), (27, "name_en")]
    assert "still TODO" in problems[1].message
    assert check_catalog_text(edited({27: '    name_en: "TODO"'}), "s") == []  # quoted: meant


def test_every_mistake_at_once_in_line_order() -> None:
    copy = "\n".join(LINES[24:35]) + "\n"  # the gdp_growth target again
    alias = "    range: [0, 1000000]\n    aliases: [GDP增速]"
    text = edited(
        {15: alias, 41: "    kind: externals", 44: "    frequency: annual\n    colour: red"}, copy
    )
    problems = check_catalog_text(text, "s")
    assert where(problems) == [(16, "aliases"), (42, "kind"), (46, "colour"), (48, "code")]


def test_an_entry_with_a_field_error_is_left_out_of_the_cross_checks() -> None:
    copy = "\n".join(LINES[24:35]) + "\n"  # a second gdp_growth target, while the first is bad
    problems = check_catalog_text(edited({30: "    kind: rates"}, copy), "s")
    assert where(problems) == [(30, "kind")]


@pytest.mark.parametrize(
    ("loc", "line"),
    [
        (("targets", 0, "kind"), 30),
        (("targets", 1, "kind"), 41),
        (("indicators", 0, "aliases", 1), 10),
        (("region", "name_en"), 1),
        (("targets", 0, "band"), 25),  # not written: its entry
        (("targets", 5, "kind"), 24),  # no such entry: the list
        (("year",), 2),
        ((), 1),
    ],
)
def test_locate(loc: tuple[str | int, ...], line: int) -> None:
    assert locate(CATALOG, loc) == line


def test_locate_in_text_that_is_no_yaml() -> None:
    assert locate("a: [1\n", ("a",)) is None
    assert locate("", ("a",)) is None
