"""Typed settings for every part of hetang-monitor, read once from the environment.

`HETANG_INBOX`, `HETANG_WAREHOUSE`, `HETANG_NOTIFY` (comma-separated Apprise URLs) and
`HETANG_AS_OF` override the defaults; a `.env` file in the working directory is read too
(see `.env.example`). Files that live beside the warehouse (the published snapshot, the review
store, the quarantine folder, the GE Data Docs) are derived from the warehouse path here, once.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

# The bundled synthetic demo drops ship with the project, next to the packages.
PROJECT_DIR = Path(__file__).resolve().parent.parent
DEMO_INBOX = PROJECT_DIR / "demo" / "inbox"


class Settings(BaseSettings):
    """Where the drops come from and where the warehouse lives."""

    model_config = SettingsConfigDict(env_prefix="HETANG_", env_file=".env", extra="ignore")

    inbox: Path = DEMO_INBOX
    warehouse: Path = Path("var/hetang.duckdb")
    notify: str = ""
    sql_timeout_s: float = 30.0
    sql_memory_limit: str = "2GB"

    @property
    def is_demo(self) -> bool:
        """True when the inbox is the bundled synthetic demo data."""
        return self.inbox.resolve() == DEMO_INBOX.resolve()

    @cached_property
    def paths(self) -> WarehousePaths:
        return WarehousePaths.beside(self.warehouse)

    @property
    def notify_urls(self) -> list[str]:
        return [u.strip() for u in self.notify.split(",") if u.strip()]


class WarehousePaths:
    """The files that live beside one warehouse file."""

    def __init__(self, working: Path) -> None:
        self.working = working
        stem = working.name.removesuffix(".duckdb")
        self.snapshot = working.with_name(f"{stem}.snapshot.duckdb")
        # The run works on a copy; the working file is replaced only when the run is complete.
        self.run_copy = working.with_name(f"{stem}.run.duckdb")
        self.reviews = working.with_name(f"{stem}.reviews.sqlite")
        self.quarantine = working.parent / "quarantine"
        self.data_docs = working.parent / "data_docs"

    @classmethod
    def beside(cls, working: Path) -> WarehousePaths:
        return cls(Path(working))
