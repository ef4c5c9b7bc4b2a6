"""The target suite: GE flags every (region, target, period) that is at risk or in shortfall.

`mart.target_measures` brings every kind and direction of SPEC §3 to one shape
(`score >= on_track_min` ⇔ on track, `score >= at_risk_min` ⇔ at least at risk), so two pair
expectations cover every target of every region: the number of expectations does not grow with
the catalog or the number of regions. The suite is generated from the catalog (the codes and
kinds it must see); GE's unexpected rows become the statuses stored in `judged.target_checks`.
A night whose inputs are those of the latest validation keeps its statuses (`validate`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import great_expectations as gx
import great_expectations.expectations as gxe
import numpy as np
import pandas as pd
from great_expectations.expectations.metadata_types import FailureSeverity

import expectations
import warehouse
from expectations import ge
from expectations.catalog import Catalog
from warehouse import rules, sql

SUITE = "target_progress"
KEY = ["region_code", "year", "target_code", "period"]
STATUSES = ["on_track", "at_risk", "shortfall"]
STORED_ROWS = 1000


@dataclass(frozen=True)
class Validation:
    """What the validate stage did: validated afresh, or kept the latest validation's statuses."""

    fingerprint: str
    kept_by: str | None = None  # the run whose validation stands when the inputs are unchanged
    kept_counts: dict[str, int] | None = None


@dataclass(frozen=True)
class TargetValidation:
    """Statuses GE found, and the outcome of each expectation."""

    statuses: pd.DataFrame
    outcomes: list[ge.Outcome]


def _flag(column: str, status: str) -> gxe.Expectation:
    """`score >= column`, failing rows get `status`; GE severity = the status's alert severity."""
    return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A="score",
        column_B=column,
        or_equal=True,
        severity=FailureSeverity(rules.severity(status)),
        meta={"role": "flag", "status": status},
    )


def suite(catalog: Catalog, *more: Catalog) -> list[gxe.Expectation]:
    """Shape checks plus the two flagging expectations (warning → at_risk, critical → shortfall),
    for the targets of every catalog given."""
    kinds = sorted({t.kind for c in (catalog, *more) for t in c.targets})
    return [
        gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=kinds, meta={"role": "shape"}),
        gxe.ExpectColumnValuesToNotBeNull(column="on_track_min", meta={"role": "shape"}),
        gxe.ExpectColumnValuesToNotBeNull(column="at_risk_min", meta={"role": "shape"}),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="on_track_min", column_B="at_risk_min", or_equal=True, meta={"role": "shape"}
        ),
        _flag("on_track_min", "at_risk"),
        _flag("at_risk_min", "shortfall"),
    ]


def measures_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The rows that can be judged: those with an actual and a figure to compare it with."""
    # Through Arrow: the same frame as .df() gives, in a quarter of the time at a million rows.
    return sql.relation(con, "statements/validation/measures").to_arrow_table().to_pandas()


def validate_targets(
    frame: pd.DataFrame, catalog: Catalog | tuple[Catalog, ...], data_docs: Path | None = None
) -> TargetValidation:
    """Run the suite (for one catalog or all of them); every row gets on_track unless GE
    flagged it."""
    catalogs = catalog if isinstance(catalog, tuple) else (catalog,)
    outcomes = ge.validate(SUITE, frame, suite(*catalogs), KEY, data_docs) if len(frame) else []
    shape_failures = [o for o in outcomes if o.meta.get("role") == "shape" and not o.success]
    if shape_failures:
        detail = "; ".join(
            f"{o.expectation}({o.columns}): {o.unexpected_frame.head(3).to_dict('records')}"
            for o in shape_failures
        )
        raise ge.CheckError(f"mart.target_measures is malformed: {detail}")
    code = np.zeros(len(frame), dtype=np.int8)  # index into STATUSES: on_track unless flagged
    for flag in ("at_risk", "shortfall"):  # shortfall last: it overrides at_risk
        for outcome in outcomes:
            if outcome.meta.get("status") == flag:
                code[outcome.unexpected_positions] = STATUSES.index(flag)
    statuses = frame[KEY].reset_index(drop=True)
    statuses["status"] = pd.Categorical.from_codes(code, categories=STATUSES)
    return TargetValidation(statuses=statuses, outcomes=outcomes)


def store(
    con: duckdb.DuckDBPyConnection, run_id: str, suite_name: str, outcomes: list[ge.Outcome]
) -> None:
    """Keep what every expectation found in judged.validation_results: counts, and the first
    STORED_ROWS failing rows (judged.target_checks holds every status; at national scale the
    full list would add hundreds of megabytes of JSON every night)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    for o in outcomes:
        rows = o.unexpected_frame.head(STORED_ROWS)
        listed = "[]" if rows.empty else rows.to_json(orient="records", force_ascii=False)
        con.execute(
            "insert into judged.validation_results values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                suite_name,
                o.expectation,
                o.columns,
                o.severity,
                o.success,
                o.element_count,
                o.unexpected_count,
                listed,
                now,
            ],
        )


def save_statuses(con: duckdb.DuckDBPyConnection, statuses: pd.DataFrame) -> None:
    """Replace judged.target_checks with the statuses of this validation."""
    con.execute("delete from judged.target_checks")
    if statuses.empty:
        return
    con.register("new_target_checks", statuses)
    try:
        con.execute("insert into judged.target_checks by name select * from new_target_checks")
    finally:
        con.unregister("new_target_checks")


# What the statuses are computed from besides the tables: the SQL of the marts and rules, the
# migrations, the catalog and this package's code. A change to any of them means validating again.
_CODE = (
    (
        warehouse,
        (
            "marts/*.sql",
            "judged/*.sql",
            "rules.sql",
            "migrations/*.sql",
            "statements/validation/*.sql",
        ),
    ),
    (expectations, ("targets.py", "ge.py", "catalog/*.py", "catalog/*.yaml")),
)
_TABLES = ("core.targets", "core.regions", "core.observations")


def inputs_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """A digest of everything a validation's statuses depend on: the rows of the tables the
    target marts read (order-independent row hashes, computed by DuckDB), the code and catalog
    files, and the GE version. Equal digests give equal statuses; the run date plays no part."""
    digest = hashlib.sha256(f"great_expectations {gx.__version__}\n".encode())
    for package, patterns in _CODE:
        root = Path(package.__file__ or "").parent
        for pattern in patterns:
            for path in sorted(root.glob(pattern)):
                digest.update(f"{package.__name__}/{path.relative_to(root)}\n".encode())
                digest.update(path.read_bytes())
    for table in _TABLES:
        [(count, total)] = con.execute(
            f"select count(*), coalesce(sum(hash(t)), 0) from {table} as t"
        ).fetchall()
        digest.update(f"{table} {count} {total}\n".encode())
    return digest.hexdigest()


def validate(
    con: duckdb.DuckDBPyConnection,
    catalogs: tuple[Catalog, ...],
    run_id: str,
    data_docs: Path | None,
) -> Validation:
    """Validate every figure against its target and store the statuses and GE's results; or,
    when the inputs are those of the latest validation, keep its statuses without running GE."""
    fingerprint = inputs_fingerprint(con)
    kept = sql.execute(con, "statements/validation/kept_state", fingerprint=fingerprint).fetchall()
    if kept:
        (kept_by, counts_json), *_ = kept
        return Validation(fingerprint, kept_by, json.loads(counts_json))
    result = validate_targets(measures_frame(con), catalogs, data_docs)
    save_statuses(con, result.statuses)
    store(con, run_id, SUITE, result.outcomes)
    return Validation(fingerprint)


def status_counts(
    con: duckdb.DuckDBPyConnection, validation: Validation, run_id: str
) -> dict[str, int]:
    """The status counts of this night (the kept ones when nothing changed); a fresh
    validation becomes the latest one, for the next night to compare with."""
    if validation.kept_counts is not None:
        return validation.kept_counts
    counts = dict(sql.execute(con, "statements/validation/status_counts").fetchall())
    con.execute("delete from judged.validation_state")
    con.execute(
        "insert into judged.validation_state values (?, ?, ?, ?)",
        [
            validation.fingerprint,
            run_id,
            datetime.now(UTC).replace(tzinfo=None),
            json.dumps(counts),
        ],
    )
    return counts
