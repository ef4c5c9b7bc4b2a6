"""A small door to Great Expectations: validate a DataFrame against a list of expectations.

GE's SQL datasource fails on DuckDB (upstream issues 11579 / 10738), so every suite here
validates a pandas DataFrame pulled from DuckDB. A result that carries an exception is an error
of the check, never a finding: it raises `CheckError` so the run fails loudly.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

# No usage analytics from a government machine (and there is no internet to send them to).
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402

logging.getLogger("great_expectations").setLevel(logging.WARNING)


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
    unexpected_rows: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


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
    batch = asset.add_batch_definition_whole_dataframe("whole")
    suite = ctx.suites.add_or_update(gx.ExpectationSuite(name=suite_name, expectations=expectations))
    definition = ctx.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=suite_name, data=batch, suite=suite)
    )
    result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": index_columns}
    if data_docs is None:
        result = definition.run(batch_parameters={"dataframe": frame}, result_format=result_format)
    else:
        result = _run_with_docs(ctx, definition, frame, result_format, data_docs)
    return [_outcome(r, index_columns) for r in result.results]


def _fresh(source: Any, name: str) -> Any:
    if name in {a.name for a in source.assets}:
        source.delete_asset(name)
    return source.add_dataframe_asset(name)


def _run_with_docs(
    ctx: Any, definition: Any, frame: pd.DataFrame, result_format: dict, folder: Path
) -> Any:
    """Run through a checkpoint whose action writes the GE Data Docs into `folder`."""
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
    checkpoint = ctx.checkpoints.add_or_update(
        gx.Checkpoint(
            name=f"{definition.name}_checkpoint",
            validation_definitions=[definition],
            actions=[gx.checkpoint.UpdateDataDocsAction(name="docs", site_names=[site])],
            result_format=result_format,
        )
    )
    run = checkpoint.run(batch_parameters={"dataframe": frame})
    (result,) = run.run_results.values()
    return result


def _outcome(result: Any, index_columns: list[str]) -> Outcome:
    config = result.expectation_config
    message = _exception_message(result.exception_info)
    if message is not None:
        kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
        raise CheckError(f"GE check {config.type} {kwargs} could not be evaluated: {message}")
    details = result.result or {}
    rows = [
        {k: _plain(v) for k, v in row.items() if k in index_columns}
        for row in details.get("unexpected_index_list") or []
    ]
    columns = [config.kwargs.get(k) for k in ("column", "column_A", "column_B", "column_list")]
    return Outcome(
        expectation=config.type,
        columns=",".join(str(c) for c in columns if c),
        severity=str(getattr(config.severity, "value", config.severity)),
        success=bool(result.success),
        element_count=int(details.get("element_count") or 0),
        unexpected_count=int(details.get("unexpected_count") or 0),
        unexpected_rows=rows,
        meta=dict(config.meta or {}),
    )


def _exception_message(info: Any) -> str | None:
    """The message of a raised exception in GE's exception_info (flat or keyed by metric)."""
    if not isinstance(info, dict):
        return None
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    nested = (_exception_message(v) for v in info.values() if isinstance(v, dict))
    return next((m for m in nested if m is not None), None)


def _plain(value: Any) -> Any:
    """numpy scalars → Python scalars, so outcomes serialise to JSON."""
    return value.item() if hasattr(value, "item") else value
