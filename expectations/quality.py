"""The data-quality gate (SPEC §4.5): one GE suite over the normalised cells of all new drops.

The ingest runs it inside DuckDB (`check_table`, GE's SQL datasource); `check` runs the same
suite on a pandas frame of the same cells (the reference the equivalence test compares with).

All files of a run are validated in one pass (the frame carries `file_key`), so the cost does not
grow with the number of files. An expectation marked `quarantine` sends every file it flags to
quarantine; the others (a stated annual target that differs from the catalog) are findings only.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import great_expectations.expectations as gxe
import pandas as pd

from expectations import ge, ge_sql

SUITE = "drop_quality"
# The frame the gate validates: one row per cell that is mapped or has a problem.
FRAME_COLUMNS = (
    "file_key",
    "sheet",
    "row_number",
    "column",
    "role",
    "region_column",
    "period_column",
    "problem_column",
    "problem_rule",
    "indicator_code",
    "region_code",
    "period",
    "period_end",
    "raw_value",
    "value",
    "problem",
    "stated_target",
    "department",
    "catalog_target",
    "catalog_department",
    "range_min",
    "range_max",
)
# What a failing row is named by in a finding (everything but the helper columns).
INDEX_COLUMNS = [c for c in FRAME_COLUMNS if c not in ("role", "period_end")]


@dataclass(frozen=True)
class Finding:
    """One failing cell: which file, row and column, which rule, and why (in English and Chinese).

    A finding about a whole sheet (one skipped for want of a known layout) has no row or column.
    """

    file_key: int
    row_number: int | None
    column: str | None
    rule: str
    message: str
    quarantine: bool
    message_zh: str = ""
    sheet: str | None = None


def suite(
    known_regions: list[str], as_of_yyyymmdd: int, in_duckdb: bool = False
) -> list[gxe.Expectation]:
    """The expectations every drop's cells must meet (`in_duckdb`: as GE's SQL path runs them)."""

    def rule(name: str, quarantine: bool = True) -> dict:
        return {"rule": name, "quarantine": quarantine}

    return [
        # Unparseable numbers and unknown units: found while normalising, flagged here.
        gxe.ExpectColumnValuesToBeNull(column="problem", meta=rule("parseable")),
        _known_region(in_duckdb, known_regions, rule("known_region")),
        gxe.ExpectColumnValuesToBeBetween(
            column="period_end", min_value=19000101, meta=rule("period_present")
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="period_end", max_value=as_of_yyyymmdd, meta=rule("period_not_future")
        ),
        _in_range("value", "range_min"),
        _in_range("range_max", "value"),
        _unique(in_duckdb, rule("no_conflicting_duplicate")),
        gxe.ExpectColumnPairValuesToBeEqual(
            column_A="stated_target",
            column_B="catalog_target",
            ignore_row_if="either_value_is_missing",
            meta=rule("stated_target", quarantine=False),
        ),
        # A progress table's 责任单位 that is not the catalog's: a note; the catalog's stands.
        gxe.ExpectColumnPairValuesToBeEqual(
            column_A="department",
            column_B="catalog_department",
            ignore_row_if="either_value_is_missing",
            meta=rule("department", quarantine=False),
        ),
    ]


# The key a cell must not repeat with another value inside its file.
UNIQUE_KEY = ["file_key", "region_code", "indicator_code", "period", "role"]


def _unique(in_duckdb: bool, meta: dict) -> gxe.Expectation:
    """no_conflicting_duplicate. On SQL, GE counts a compound key's repeats right but cannot
    name the rows (its unexpected-index query cross-joins the table with the counts and comes
    back empty, GE 1.24), so there DuckDB counts each key's rows (`key_rows`, a window count,
    NULLs equal as in pandas) and GE checks that count per row."""
    if in_duckdb:
        return gxe.ExpectColumnValuesToBeBetween(column="key_rows", max_value=1, meta=meta)
    return gxe.ExpectCompoundColumnsToBeUnique(column_list=UNIQUE_KEY, meta=meta)


def _known_region(in_duckdb: bool, known: list[str], meta: dict) -> gxe.Expectation:
    """known_region. On SQL, GE sends the set as one bound parameter per region, which DuckDB
    compares row by row (2,844 regions x 3.2 M cells: 75 s of the gate); there the table
    carries `unknown_region` (the code when a join to the known regions finds none) and GE
    checks that it is null."""
    if in_duckdb:
        return gxe.ExpectColumnValuesToBeNull(column="unknown_region", meta=meta)
    return gxe.ExpectColumnValuesToBeInSet(column="region_code", value_set=known, meta=meta)


def _in_range(high: str, low: str) -> gxe.Expectation:
    """plausible_range: `high >= low` wherever both are given."""
    return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=high,
        column_B=low,
        or_equal=True,
        ignore_row_if="either_value_is_missing",
        meta={"rule": "plausible_range", "quarantine": True},
    )


def check(
    frame: pd.DataFrame, known_regions: list[str], as_of_yyyymmdd: int
) -> tuple[list[Finding], list[ge.Outcome]]:
    """Validate the cells; return the findings (one per failing cell and rule) and GE's outcomes."""
    if frame.empty:
        return [], []
    # A duplicate that repeats the same value is harmless; only conflicting ones must fail.
    deduplicated = frame.drop_duplicates(
        subset=["file_key", "region_code", "indicator_code", "period", "role", "value"]
    ).reset_index(drop=True)
    outcomes = ge.validate(SUITE, deduplicated, suite(known_regions, as_of_yyyymmdd), INDEX_COLUMNS)
    findings = [_finding(outcome, row) for outcome in outcomes for row in outcome.unexpected_rows]
    return findings, outcomes


def check_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: str,
    known_regions: list[str],
    as_of_yyyymmdd: int,
) -> tuple[list[Finding], list[ge.Outcome]]:
    """The same suite run by GE inside DuckDB, on a table of the checked columns without the
    harmless repeats (as `check` drops them), numbered by ge.ROW
    (`warehouse/statements/ingest/quality_table.sql`); `rows` has FRAME_COLUMNS by ge.ROW."""
    [(count,)] = con.execute(f"select count(*) from {table}").fetchall()
    if not count:
        return [], []
    outcomes = ge_sql.validate_table(
        SUITE, con, table, suite(known_regions, as_of_yyyymmdd, True), INDEX_COLUMNS, rows
    )
    findings = [_finding(outcome, row) for outcome in outcomes for row in outcome.unexpected_rows]
    return findings, outcomes


def _finding(outcome: ge.Outcome, row: dict) -> Finding:
    name = outcome.meta["rule"]
    column, message = _describe(name, row)
    if name == "parseable":  # one expectation covers every cell-level problem; keep its kind
        name = row.get("problem_rule") or name
    return Finding(
        file_key=int(row["file_key"]),
        row_number=int(row["row_number"]),
        column=column,
        rule=name,
        message=message,
        quarantine=bool(outcome.meta["quarantine"]),
        message_zh=_describe_zh(name, row, message),
        sheet=row.get("sheet") if isinstance(row.get("sheet"), str) else None,
    )


def _describe(rule: str, row: dict) -> tuple[str, str]:
    """(column to blame, plain message) for one failing cell."""
    code = row.get("indicator_code")
    if rule == "parseable":
        return row["problem_column"] or row["column"], str(row["problem"])
    if rule == "known_region":
        return row["region_column"], f"unknown region code {row['region_code']!r}"
    if rule == "period_present":
        return row["period_column"], "no period given"
    if rule == "period_not_future":
        return row["period_column"], f"period {row['period']} is in the future of the run date"
    if rule == "plausible_range":
        return row["column"], (
            f"{code} = {row['value']:g} is outside its plausible range "
            f"[{row['range_min']:g}, {row['range_max']:g}]"
        )
    if rule == "no_conflicting_duplicate":
        return row["column"], f"{code} for {row['period']} appears again with another value"
    if rule == "department":
        return "责任单位", (
            f"responsible department {row['department']!r} differs from the catalog's "
            f"{row['catalog_department']!r} for {code}; the catalog's stands"
        )
    return row["column"], (
        f"stated annual target {row['stated_target']:g} differs from the catalog's "
        f"{row['catalog_target']:g} for {code}; the catalog's value stands"
    )


def _describe_zh(rule: str, row: dict, message: str) -> str:
    """The plain message of one failing cell in Chinese (rule as `_finding` names it)."""
    code, period = row.get("indicator_code"), row.get("period")
    if rule == "parseable":
        return f"数值无法解析：{row.get('raw_value')!r}"
    if rule == "known_unit":
        return f"单位无法换算（{message}）"
    if rule == "known_region":
        return f"未知的地区代码 {row['region_code']!r}"
    if rule == "period_present":
        return "未给出统计期"
    if rule == "period_not_future":
        return f"统计期 {period} 晚于本次运行日期"
    if rule == "plausible_range":
        return (
            f"{code} = {row['value']:g} 超出合理范围 [{row['range_min']:g}, {row['range_max']:g}]"
        )
    if rule == "no_conflicting_duplicate":
        return f"{code} 在 {period} 重复出现且数值不同"
    if rule == "department":
        return (
            f"{code} 表中责任单位“{row['department']}”与目标库的“{row['catalog_department']}”"
            "不一致；以目标库为准"
        )
    if rule == "stated_target":
        return (
            f"{code} 表中所列全年目标 {row['stated_target']:g} 与目标库的 "
            f"{row['catalog_target']:g} 不一致；以目标库为准"
        )
    return message
