"""The one typed settings object of hetang-monitor, read from the environment at the entry points.

`HETANG_INBOX`, `HETANG_WAREHOUSE`, `HETANG_NOTIFY` (comma-separated Apprise URLs) and the
others below override the defaults; a `.env` file in the working directory is read too (see
`.env.example`). The command line overrides both. Files that live beside the warehouse (the
published snapshot, the review store, the quarantine folder, the GE Data Docs) are derived from
the warehouse path here, once (`WarehousePaths`).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

import demo


class Settings(BaseSettings):
    """Where the drops come from, where the warehouse lives, and the limits of `hetang sql`."""

    model_config = SettingsConfigDict(env_prefix="HETANG_", env_file=".env", extra="ignore")

    inbox: Path = demo.INBOX
    warehouse: Path = Path("var/hetang.duckdb")
    notify: str = ""
    sql_timeout_s: float = 30.0
    sql_memory_limit: str = "2GB"
    # DuckDB's memory limit for the nightly run; what needs more spills to a folder beside the
    # warehouse (`<name>.spill`).
    run_memory_limit: str = "1GB"
    # Supervision (SPEC §7): an answer is due this many working days after the run date; an
    # alert lagging this many consecutive periods is escalated (红色督办).
    response_working_days: int = 5
    escalate_after_periods: int = 2
    # The briefing (通报) formats each nightly run writes beside the snapshot; "" writes none.
    brief_formats: str = ".docx,.xlsx,.pdf"

    @property
    def brief_suffixes(self) -> list[str]:
        return [s.strip() for s in self.brief_formats.split(",") if s.strip()]

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
        self.reviews = self.working.with_name(f"{stem}.reviews.sqlite")
        self.quarantine = self.working.parent / "quarantine"
        self.data_docs = self.working.parent / "data_docs"
        self.briefings = self.working.parent / "briefings"
