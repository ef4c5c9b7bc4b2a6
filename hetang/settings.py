"""The one typed settings object of hetang-monitor, read from the environment at the entry points.

`HETANG_INBOX`, `HETANG_WAREHOUSE`, `HETANG_CATALOGS` (the folder of target catalogs, one file
per region and year), `HETANG_NOTIFY` (comma-separated Apprise URLs) and the
others below override the defaults; a `.env` file in the working directory is read too (see
`.env.example`). The command line overrides both. Files that live beside the warehouse (the
published snapshot, the review store, the quarantine folder, the GE Data Docs) are derived from
the warehouse path here, once (`WarehousePaths`).
"""

from __future__ import annotations

from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic_settings import BaseSettings, SettingsConfigDict

import demo
from expectations.catalog import CATALOG_DIR

if TYPE_CHECKING:  # the readers load openpyxl and more: every command would pay for them
    from flows.readers.safety import Limits


class Settings(BaseSettings):
    """Where the drops come from, where the warehouse lives, and the limits of `hetang sql`."""

    model_config = SettingsConfigDict(env_prefix="HETANG_", env_file=".env", extra="ignore")

    inbox: Path = demo.INBOX
    warehouse: Path = Path("var/hetang.duckdb")
    # One catalog per (region, year), sharing the folder's indicators.yaml (SPEC §9).
    catalogs: Path = CATALOG_DIR
    notify: str = ""
    sql_timeout_s: float = 30.0
    sql_memory_limit: str = "2GB"
    # DuckDB's memory limit for the nightly run; what needs more spills to a folder beside the
    # warehouse (`<name>.spill`). None: warehouse.connection.RUN_MEMORY_LIMIT (768 MB).
    run_memory_limit: str | None = None
    # Supervision (SPEC §7): an answer is due this many working days after the run date; an
    # alert lagging this many consecutive periods is escalated (红色督办).
    response_working_days: int = 5
    escalate_after_periods: int = 2
    # Sign-in (SPEC §8): this many failed sign-ins in a row lock the account for that long; a
    # session lasts a working day. SSO users get their role from the mapping file (YAML; see
    # deploy/README.md).
    lockout_failures: int = 5
    lockout_minutes: float = 15.0
    session_hours: float = 8.0
    sso_roles: Path | None = None
    # The briefing (通报) formats each nightly run writes beside the snapshot; "" writes none.
    brief_formats: str = ".docx,.xlsx,.pdf"
    # What one drop may cost to read (SPEC §4.5): a workbook's parts inflated in total (MB, as
    # its zip directory declares them; also an .xls or text file's own size), rows of one sheet
    # and cells of one file. A drop past a limit is quarantined before it is expanded.
    max_drop_mb: float = 100.0
    max_sheet_rows: int = 1_048_576
    max_drop_cells: int = 5_000_000

    @property
    def read_limits(self) -> Limits:
        from flows.readers.safety import MB, Limits

        return Limits(
            max_bytes=int(self.max_drop_mb * MB),
            max_rows=self.max_sheet_rows,
            max_cells=self.max_drop_cells,
        )

    @property
    def brief_suffixes(self) -> list[str]:
        return [s.strip() for s in self.brief_formats.split(",") if s.strip()]

    @property
    def lock_for(self) -> timedelta:
        return timedelta(minutes=self.lockout_minutes)

    @property
    def session_length(self) -> timedelta:
        return timedelta(hours=self.session_hours)

    @property
    def is_demo(self) -> bool:
        """True when the inbox is the bundled synthetic demo data."""
        return self.inbox.resolve() == demo.INBOX.resolve()

    @cached_property
    def paths(self) -> WarehousePaths:
        return WarehousePaths(self.warehouse)

    @property
    def notify_urls(self) -> list[str]:
        return [u.strip() for u in self.notify.split(",") if u.strip()]


class WarehousePaths:
    """The files that live beside one warehouse file."""

    def __init__(self, working: Path) -> None:
        self.working = Path(working)
        stem = self.working.name.removesuffix(".duckdb")
        self.snapshot = self.working.with_name(f"{stem}.snapshot.duckdb")
        # The run works on a copy; the working file is replaced only when the run is complete.
        self.run_copy = self.working.with_name(f"{stem}.run.duckdb")
        # Held by the run that writes (one at a time: a second would overwrite its run copy).
        self.run_lock = self.working.with_name(f"{stem}.run.lock")
        self.reviews = self.working.with_name(f"{stem}.reviews.sqlite")
        self.quarantine = self.working.parent / "quarantine"
        self.data_docs = self.working.parent / "data_docs"
        self.briefings = self.working.parent / "briefings"
