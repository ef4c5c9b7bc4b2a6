"""`hetang catalog draft` and `hetang catalog check` through the real command line (Typer's runner):
the seed report's draft against SPEC §2, a .docx report, and every kind of mistake `check` names
with its line and field."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml
from typer.testing import CliRunner

from expectations.catalog import load_catalog
from hetang.cli import app

SEED = Path(__file__).parents[1] / "data" / "seeds" / "000_9d5839f002847b6d.txt"
CATALOG_2023 = Path(__file__).parents[1] / "data" / "catalogs" / "hetang_2023.yaml"
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_draft_of_the_seed_reproduces_the_spec_rows(tmp_path: Path) -> None:
    out = tmp_path / "hetang_2022.yaml"
    result = invoke("catalog", "draft", str(SEED), "--region", "430202", "--out", str(out))
    assert result.exit_code == 0, result.output
    drafted = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert drafted["region"]["code"] == "430202" and drafted["region"]["name_zh"] == "荷塘区"
    assert drafted["year"] == 2022
    fields = ("kind", "direction", "value", "tolerance", "unit")
    by_code = {t["code"]: t for t in drafted["targets"]}
    spec = load_catalog().targets  # the bundled catalog holds SPEC §2's 40 rows
    # A draft's code is the indicator the phrase names; the one target whose code differs
    # (income_growth_above_gdp, on disposable_income_growth) is named by the person finishing it.
    matched = [
        t.code
        for t in spec
        if t.indicator in by_code
        and tuple(by_code[t.indicator].get(f) for f in fields)
        == (t.kind, t.direction, t.value, t.tolerance, t.unit)
    ]
    assert len(spec) == 40 and len(matched) == 40
    assert by_code["new_urban_jobs"]["previous_value"] == 9980


def test_draft_reads_a_docx_report_to_standard_output(tmp_path: Path) -> None:
    report = tmp_path / "report.docx"
    document = docx.Document()
    document.add_paragraph("2023年工作安排")
    document.add_paragraph(
        "今年经济社会发展的主要预期目标是：地区生产总值增长6.5%以上，新增城镇就业9000人。"
    )
    document.save(str(report))
    result = invoke("catalog", "draft", str(report), "--year", "2023")
    assert result.exit_code == 0, result.output
    drafted = yaml.safe_load(result.stdout)
    rows = [(t["code"], t["kind"], t["value"], t["unit"]) for t in drafted["targets"]]
    assert rows == [("gdp_growth", "rate", 6.5, "%"), ("new_urban_jobs", "cumulative", 9000, "人")]
    assert drafted["year"] == 2023 and drafted["region"]["code"] == "TODO"


def test_draft_refuses_an_unknown_region_and_a_pdf(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("地区生产总值增长6.5%以上。", encoding="utf-8")
    result = invoke("catalog", "draft", str(report), "--region", "999999")
    assert result.exit_code == 2 and "999999" in result.stderr
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    result = invoke("catalog", "draft", str(pdf))
    assert result.exit_code == 2 and "report.pdf" in result.stderr


def test_check_of_a_good_catalog() -> None:
    result = invoke("catalog", "check", str(CATALOG_2023))
    assert result.exit_code == 0 and "no problems" in result.stdout


def edited(tmp_path: Path, replace: dict[int, str]) -> Path:
    """The synthetic 2023 catalog with lines (1-based) replaced."""
    lines = CATALOG_2023.read_text(encoding="utf-8").splitlines()
    for number, text in replace.items():
        lines[number - 1] = text
    path = tmp_path / "hetang_2023.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("replace", "line", "says"),
    [
        ({15: "    kind: rates"}, 15, "field kind: "),  # a choice that is not one
        ({20: "    frequency: quarterly\n    colour: red"}, 21, "unknown field 'colour'"),
        ({17: ""}, 9, "needs a number value"),  # a rate without value: its entry's line
        ({21: ""}, 9, "source_quote"),  # a required field missing
        ({22: "  - code: gdp_growth"}, 22, "duplicate target code"),
        ({34: "    previous_value: many"}, 34, "field previous_value: "),  # not a number
        (
            {23: "    name_zh: 新增城镇就业\n    compare_with: no_such_indicator"},
            24,
            "compare_with",
        ),
        ({16: "    direction: min\n    kind: rate"}, 17, "kind"),  # a key written twice
        ({24: "    name_en: TODO"}, 24, "TODO"),  # a draft not finished
        ({15: "    kind: rate: x"}, 15, "YAML"),  # YAML syntax
    ],
    ids=[
        "bad-choice",
        "unknown-field",
        "kind-rule",
        "missing-field",
        "duplicate-code",
        "bad-number",
        "unknown-reference",
        "key-twice",
        "todo-left",
        "yaml-syntax",
    ],
)
def test_check_names_line_and_field_of_each_kind_of_mistake(
    tmp_path: Path, replace: dict[int, str], line: int, says: str
) -> None:
    path = edited(tmp_path, replace)
    result = invoke("catalog", "check", str(path))
    assert result.exit_code == 1
    problems = [row for row in result.stdout.splitlines() if row.startswith(f"{path}:")]
    assert any(row.startswith(f"{path}:{line}: ") and says in row for row in problems), problems
    assert "problem(s) in hetang_2023.yaml" in result.stderr


def test_check_uses_the_indicator_list_beside_the_catalog(tmp_path: Path) -> None:
    lines = CATALOG_2023.read_text(encoding="utf-8").replace(
        "code: culture_center_library", "code: sports_center"
    )
    path = tmp_path / "hetang_2023.yaml"
    path.write_text(lines, encoding="utf-8")
    result = invoke("catalog", "check", str(path))  # the bundled list has no sports_center
    assert (
        result.exit_code == 1 and "indicator 'sports_center' is not in indicators" in result.stdout
    )
    shared = (CATALOG_2023.parents[3] / "expectations" / "catalog" / "indicators.yaml").read_text(
        encoding="utf-8"
    )
    added = "  - code: sports_center\n    name_zh: 建成体育中心\n    name_en: Sports centre built\n"
    added += "    unit: 项\n    range: [0, 1]\n"
    (tmp_path / "indicators.yaml").write_text(
        shared.replace("indicators:\n", "indicators:\n" + added, 1), encoding="utf-8"
    )
    result = invoke("catalog", "check", str(path))
    assert result.exit_code == 0, result.stdout
