"""A small door to Great Expectations: validate a DataFrame against a list of expectations.

The target suite validates a pandas DataFrame pulled from DuckDB; the data-quality gate runs in
DuckDB itself through GE's SQL datasource (`expectations/ge_sql.py`). A result that carries an
exception is an error of the check, never a finding: it raises `CheckError` so the run fails.

Cost at scale: GE names each failing row by looking up every index column with `DataFrame.at`,
and serialises every failing value into its results store: about 1 ms per failing row, an hour
for a million. So GE is asked for failing row *positions* only (a named RangeIndex and
`exclude_unexpected_values`), and the index columns of those rows are taken from the frame in
one vectorised step. The findings are the same; GE still decides which rows fail.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

# No usage analytics from a government machine (and there is no internet to send them to).
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402
from great_expectations.core.run_identifier import RunIdentifier  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402
from great_expectations.data_context.types.resource_identifiers import (  # noqa: E402
    ExpectationSuiteIdentifier,
    ValidationResultIdentifier,
)

logging.getLogger("great_expectations").setLevel(logging.WARNING)


ROW = "__row__"  # name of the positional index GE reports failing rows by


class CheckError(RuntimeError):
    """A GE check could not be evaluated (bad column, wrong type ...): the run must fail."""


@dataclass(frozen=True)
class Outcome:
    """What one expectation found."""

    expectation: str
    columns: str
    severity: str
    success: bool
    element_count: int
    unexpected_count: int
    meta: dict[str, Any] = field(default_factory=dict)
    # The failing rows' index columns, in frame order, and their positions (0-based) in the
    # validated frame. A million failing rows are cheap as a frame, not as a list of dicts.
    unexpected_frame: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    unexpected_positions: np.ndarray = field(
        default_factory=lambda: np.empty(0, dtype=np.int64), repr=False
    )

    @cached_property
    def unexpected_rows(self) -> list[dict[str, Any]]:
        """The failing rows as {index column: value} dicts of Python scalars."""
        return self.unexpected_frame.to_dict("records")


@lru_cache(maxsize=1)
def context() -> Any:
    """One ephemeral GE context per process (creating one costs about a second)."""
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    ctx.data_sources.add_pandas("frames")
    return ctx


def validate(
    suite_name: str,
    frame: pd.DataFrame,
    expectations: list[Any],
    index_columns: list[str],
    data_docs: Path | None = None,
) -> list[Outcome]:
    """Run `expectations` on `frame`; unexpected rows are named by `index_columns`."""
    ctx = context()
    source = ctx.data_sources.get("frames")
    asset = _fresh(source, suite_name)
    batch_definition = asset.add_batch_definition_whole_dataframe("whole")
    suite = ctx.suites.add_or_update(
        gx.ExpectationSuite(name=suite_name, expectations=expectations)
    )
    positioned = frame.reset_index(drop=True).rename_axis(ROW)
    # GE hashes and copies the whole frame more than once: give it only the columns it checks.
    used = _columns_checked(expectations)
    checked = (
        positioned if used is None else positioned[[c for c in positioned.columns if c in used]]
    )
    batch = batch_definition.get_batch(batch_parameters={"dataframe": checked})
    try:
        # Batch.validate, not a ValidationDefinition or Checkpoint: those put the whole result,
        # every failing position included, through the results store's JSON serialiser (minutes
        # at scale).
        result = batch.validate(suite, result_format=RESULT_FORMAT)
        outcomes = [_outcome(r, positioned, index_columns) for r in result.results]
        if data_docs is not None:
            _write_docs(ctx, suite_name, batch.id, result, data_docs)
    finally:
        _forget_batches(source)
    return outcomes


def _forget_batches(source: Any) -> None:
    """Let go of the frames GE's execution engine keeps after a validation (the context lives
    as long as the process: at national scale the measures frame is hundreds of MB)."""
    engine = source.execution_engine
    if engine is not None:
        engine.batch_manager.batch_data_cache.clear()
        engine.batch_manager.reset_batch_cache()


# Every failing row, named by its position only (see the module docstring).
RESULT_FORMAT = {
    "result_format": "COMPLETE",
    "exclude_unexpected_values": True,
    "return_unexpected_index_query": False,
    "partial_unexpected_count": 0,
}


def _columns_checked(expectations: list[Any]) -> set[str] | None:
    """The columns the expectations read; None when one of them is not about named columns."""
    used: set[str] = set()
    for expectation in expectations:
        fields = expectation.configuration.kwargs
        names = [fields.get(k) for k in ("column", "column_A", "column_B")] + list(
            fields.get("column_list") or []
        )
        if not any(names) or fields.get("row_condition"):
            return None
        used.update(n for n in names if n)
    return used


def _fresh(source: Any, name: str) -> Any:
    if name in {a.name for a in source.assets}:
        source.delete_asset(name)
    return source.add_dataframe_asset(name)


def _write_docs(ctx: Any, suite_name: str, batch_id: str, result: Any, folder: Path) -> None:
    """Write the GE Data Docs of one validation into `folder` (what a checkpoint's
    UpdateDataDocsAction does), without the list of failing positions: the counts and
    percentages stay, the rows themselves are in the warehouse."""
    site = "hetang_docs"
    # The site's folder follows the warehouse, which can change between calls in one process.
    if site in ctx.get_site_names():
        ctx.delete_data_docs_site(site)
    ctx.add_data_docs_site(
        site_name=site,
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(folder),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    for expectation_result in result.results:
        (expectation_result.result or {}).pop("unexpected_index_list", None)
    run_id = RunIdentifier(run_time=datetime.now(UTC))
    result.meta["run_id"] = run_id
    result.meta["validation_time"] = run_id.run_time
    suite_id = ExpectationSuiteIdentifier(name=suite_name)
    result_id = ValidationResultIdentifier(
        expectation_suite_identifier=suite_id, run_id=run_id, batch_identifier=batch_id
    )
    ctx.validation_results_store.store_validation_results(
        suite_validation_result=result,
        suite_validation_result_identifier=result_id,
        expectation_suite_identifier=suite_id,
    )
    ctx.build_data_docs(site_names=[site], resource_identifiers=[result_id, suite_id])


def _outcome(result: Any, frame: pd.DataFrame, index_columns: list[str]) -> Outcome:
    positions = failing_positions(result)
    return outcome(result, positions, frame[index_columns].take(positions).reset_index(drop=True))


def failing_positions(result: Any) -> np.ndarray:
    """The failing row positions of one expectation's result; an exception raises CheckError."""
    config = result.expectation_config
    message = _exception_message(result.exception_info)
    if message is not None:
        kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
        raise CheckError(f"GE check {config.type} {kwargs} could not be evaluated: {message}")
    return _positions((result.result or {}).get("unexpected_index_list"))


def outcome(result: Any, positions: np.ndarray, unexpected: pd.DataFrame) -> Outcome:
    """One expectation's Outcome, its failing rows given (`unexpected`, at `positions`)."""
    config = result.expectation_config
    details = result.result or {}
    columns = [config.kwargs.get(k) for k in ("column", "column_A", "column_B", "column_list")]
    return Outcome(
        expectation=config.type,
        columns=",".join(str(c) for c in columns if c),
        severity=str(getattr(config.severity, "value", config.severity)),
        success=bool(result.success),
        element_count=int(details.get("element_count") or 0),
        unexpected_count=int(details.get("unexpected_count") or 0),
        meta=dict(config.meta or {}),
        unexpected_frame=unexpected,
        unexpected_positions=positions,
    )


def _positions(index_list: Any) -> np.ndarray:
    """Failing row positions from GE's unexpected_index_list: [] or [{ROW: [positions]}]."""
    if not index_list:
        return np.empty(0, dtype=np.int64)
    (named,) = index_list
    return np.asarray(named[ROW], dtype=np.int64)


def _exception_message(info: Any) -> str | None:
    """The message of a raised exception in GE's exception_info (flat or keyed by metric)."""
    if not isinstance(info, dict):
        return None
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    nested = (_exception_message(v) for v in info.values() if isinstance(v, dict))
    return next((m for m in nested if m is not None), None)
