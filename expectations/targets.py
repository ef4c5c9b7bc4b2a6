"""The target suite: GE flags every (region, target, period) that is at risk or in shortfall.

`mart.target_measures` brings every kind and direction of SPEC §3 to one shape
(`score >= on_track_min` ⇔ on track, `score >= at_risk_min` ⇔ at least at risk), so two pair
expectations cover every target of every region: the number of expectations does not grow with
the catalog or the number of regions. The suite is generated from the catalog (the codes and
kinds it must see); GE's unexpected rows become the statuses stored in `core.target_checks`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import great_expectations as gx
import great_expectations.expectations as gxe
import numpy as np
import pandas as pd
from great_expectations.expectations.metadata_types import FailureSeverity

from expectations import ge
from expectations.catalog import Catalog

SUITE = "target_progress"
KEY = ["region_code", "year", "target_code", "period"]
FLAG_SEVERITY = {"at_risk": "warning", "shortfall": "critical"}


@dataclass(frozen=True)
class TargetValidation:
    """Statuses GE found, and the outcome of each expectation."""

    statuses: pd.DataFrame
    outcomes: list[ge.Outcome]


def suite(catalog: Catalog) -> list[gxe.Expectation]:
    """Shape checks plus the two flagging expectations (warning → at_risk, critical → shortfall)."""
    kinds = sorted({t.kind for t in catalog.targets})
    return [
        gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=kinds, meta={"role": "shape"}),
        gxe.ExpectColumnValuesToNotBeNull(column="on_track_min", meta={"role": "shape"}),
        gxe.ExpectColumnValuesToNotBeNull(column="at_risk_min", meta={"role": "shape"}),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="on_track_min", column_B="at_risk_min", or_equal=True, meta={"role": "shape"}
        ),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="score",
            column_B="on_track_min",
            or_equal=True,
            severity=FailureSeverity.WARNING,
            meta={"role": "flag", "status": "at_risk"},
        ),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="score",
            column_B="at_risk_min",
            or_equal=True,
            severity=FailureSeverity.CRITICAL,
            meta={"role": "flag", "status": "shortfall"},
        ),
    ]


def measures_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The rows that can be judged: those with an actual and a figure to compare it with."""
    # Through Arrow: the same frame as .df() gives, in a quarter of the time at a million rows.
    return (
        con.sql(
            """
        select region_code, year, target_code, period, kind, score, on_track_min, at_risk_min
        from mart.target_measures
        where score is not null
        """
        )
        .to_arrow_table()
        .to_pandas()
    )


def validate_targets(
    frame: pd.DataFrame, catalog: Catalog, data_docs: Path | None = None
) -> TargetValidation:
    """Run the suite; every row gets on_track unless GE flagged it."""
    outcomes = ge.validate(SUITE, frame, suite(catalog), KEY, data_docs) if len(frame) else []
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


STATUSES = ["on_track", "at_risk", "shortfall"]


STORED_ROWS = 1000


def store(
    con: duckdb.DuckDBPyConnection, run_id: str, suite_name: str, outcomes: list[ge.Outcome]
) -> None:
    """Keep what every expectation found in core.validation_results: counts, and the first
    STORED_ROWS failing rows (core.target_checks holds every status; at national scale the full
    list would add hundreds of megabytes of JSON every night)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    for o in outcomes:
        values = [
            run_id,
            suite_name,
            o.expectation,
            o.columns,
            o.severity,
            o.success,
            o.element_count,
            o.unexpected_count,
        ]
        rows = o.unexpected_frame.head(STORED_ROWS)
        if rows.empty:
            con.execute(
                "insert into core.validation_results values (?, ?, ?, ?, ?, ?, ?, ?, '[]', ?)",
                [*values, now],
            )
            continue
        # The failing rows as a JSON array of objects, built by DuckDB: a million rows through
        # Python's json module take seconds.
        fields = ", ".join(f'"{c}" := "{c}"' for c in rows.columns)
        con.register("unexpected_rows", rows.assign(position_=np.arange(len(rows))))
        try:
            con.execute(
                "insert into core.validation_results select ?, ?, ?, ?, ?, ?, ?, ?, "
                f"(select to_json(list(struct_pack({fields}) order by position_)) from unexpected_rows), ?",
                [*values, now],
            )
        finally:
            con.unregister("unexpected_rows")


def save_statuses(con: duckdb.DuckDBPyConnection, statuses: pd.DataFrame) -> None:
    """Replace core.target_checks with the statuses of this validation."""
    con.execute("delete from core.target_checks")
    if statuses.empty:
        return
    con.register("new_target_checks", statuses)
    try:
        con.execute("insert into core.target_checks by name select * from new_target_checks")
    finally:
        con.unregister("new_target_checks")


# What the statuses are computed from besides the tables: the marts, the period macros, the
# catalog and this suite's code. A change to any of them means validating again.
_ROOT = Path(__file__).resolve().parents[1]
_CODE = (
    "warehouse/marts/*.sql",
    "warehouse/migrations/*.sql",
    "expectations/*.py",
    "expectations/catalog/*.yaml",
)
_TABLES = ("core.targets", "core.regions", "core.observations")


def inputs_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """A digest of everything a validation's statuses depend on: the rows of the tables the
    target marts read (order-independent row hashes, computed by DuckDB), the code and catalog
    files, and the GE version. Equal digests give equal statuses; the run date plays no part."""
    digest = hashlib.sha256(f"great_expectations {gx.__version__}\n".encode())
    for pattern in _CODE:
        for path in sorted(_ROOT.glob(pattern)):
            digest.update(f"{path.relative_to(_ROOT)}\n".encode() + path.read_bytes())
    for table in _TABLES:
        [(count, total)] = con.execute(
            f"select count(*), coalesce(sum(hash(t)), 0) from {table} as t"
        ).fetchall()
        digest.update(f"{table} {count} {total}\n".encode())
    return digest.hexdigest()
