"""The `hetang` command line (SPEC §6): run, dashboard, sql, serve, brief, catalog, users."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

import dashboard as dashboard_package
from hetang import users_cli
from hetang.catalog_cli import catalog_app
from hetang.settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
app.add_typer(catalog_app, name="catalog")
app.add_typer(users_cli.app, name="users")

InboxOpt = Annotated[
    Path | None,
    typer.Option(
        "--inbox", help="Folder of drops (default: HETANG_INBOX, else the bundled demo data)."
    ),
]
WarehouseOpt = Annotated[
    Path | None,
    typer.Option(
        "--warehouse",
        help="Working DuckDB file (default: HETANG_WAREHOUSE, else var/hetang.duckdb).",
    ),
]


CatalogsOpt = Annotated[
    Path | None,
    typer.Option(
        "--catalogs",
        help="Folder of target catalogs, one per region and year "
        "(default: HETANG_CATALOGS, else the bundled expectations/catalog).",
    ),
]


def _settings(
    inbox: Path | None = None, warehouse: Path | None = None, catalogs: Path | None = None
) -> Settings:
    settings = Settings()
    if inbox is not None:
        settings.inbox = inbox
    if warehouse is not None:
        settings.warehouse = warehouse
    if catalogs is not None:
        settings.catalogs = catalogs
    return settings


@app.command()
def run(
    inbox: InboxOpt = None,
    warehouse: WarehouseOpt = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Run date YYYY-MM-DD (default today).")
    ] = None,
    catalogs: CatalogsOpt = None,
) -> None:
    """One nightly run as a Prefect flow; exit 0 when it completes, whatever it flags.

    It reports to a running Prefect server (PREFECT_API_URL, or the one `hetang serve` keeps)
    when one answers, and hands the run to the warm worker of `hetang serve` when that server
    lists it; otherwise Prefect starts its temporary server for the run (seconds)."""
    from deploy.oneoff import listening_home
    from deploy.serve import api_for_one_off_run

    settings = _settings(inbox, warehouse, catalogs)
    api_url = api_for_one_off_run(settings.warehouse)
    try:
        if api_url and (home := listening_home(api_url, settings.warehouse)):
            text = _run_on_worker(api_url, home, settings, as_of)
        else:
            text = _run_here(api_url, settings, as_of)
    except Exception as exc:  # the run failed: say why in one line, exit non-zero
        typer.echo(f"hetang run FAILED: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(text)


def _run_on_worker(api_url: str, home: Path, settings: Settings, as_of: str | None) -> str:
    """The run on the warm worker of `hetang serve`, which reads its paths from its own
    directory: they go absolute."""
    from deploy.oneoff import run_on_worker

    return run_on_worker(
        api_url,
        home,
        inbox=str(settings.inbox.resolve()),
        warehouse=str(settings.warehouse.resolve()),
        as_of=as_of,
        catalogs=str(settings.catalogs.resolve()),
        demo=settings.is_demo,
    )


def _run_here(api_url: str | None, settings: Settings, as_of: str | None) -> str:
    """The run in this process, reporting to `api_url` (None: Prefect's temporary server)."""
    from prefect.settings import temporary_settings

    from flows.nightly import nightly
    from hetang.summary import render_summary

    # A one-off run has no worker watching for crashed runs: skip the heartbeat thread, which
    # otherwise holds a sync flow's exit for about a second.
    updates = {"flows.heartbeat_frequency": None, "api.url": api_url}
    with temporary_settings(updates=updates):
        summary = nightly(
            inbox=str(settings.inbox),
            warehouse=str(settings.warehouse),
            as_of=as_of,
            catalogs=str(settings.catalogs),
        )
    return render_summary(summary, demo=settings.is_demo)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def dashboard(ctx: typer.Context, warehouse: WarehouseOpt = None) -> None:
    """Serve the Streamlit dashboard on 127.0.0.1 (unless --server.address); extra options pass
    through to `streamlit run`."""
    settings = _settings(warehouse=warehouse)
    app_path = Path(dashboard_package.__file__).parent / "app.py"
    env = {**os.environ, "HETANG_WAREHOUSE": str(settings.warehouse.resolve())}
    command = [sys.executable, "-m", "streamlit", "run", str(app_path), *_loopback(ctx.args)]
    # Replace this process so that a signal to `hetang dashboard` reaches Streamlit itself.
    os.execve(sys.executable, command, env)


def _loopback(args: list[str]) -> list[str]:
    """Streamlit's options, listening on loopback unless --server.address is given."""
    if any(a == "--server.address" or a.startswith("--server.address=") for a in args):
        return args
    return ["--server.address", "127.0.0.1", *args]


@app.command()
def sql(
    query: Annotated[
        str | None, typer.Argument(help="One query; omit for an interactive shell.")
    ] = None,
    warehouse: WarehouseOpt = None,
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
    json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
) -> None:
    """Ad-hoc read-only SQL on the published snapshot."""
    from hetang.sqlshell import run_shell

    settings = _settings(warehouse=warehouse)
    fmt: Literal["table", "csv", "json"] = "csv" if csv else "json" if json else "table"
    raise typer.Exit(run_shell(settings, query, fmt))


@app.command()
def serve(
    cron: Annotated[str, typer.Option("--cron", help="When to run, cron syntax.")] = "0 2 * * *",
    timezone: Annotated[
        str, typer.Option("--timezone", help="IANA timezone of the cron.")
    ] = "Asia/Shanghai",
    inbox: InboxOpt = None,
    warehouse: WarehouseOpt = None,
    port: Annotated[
        int, typer.Option("--port", help="Port of the local Prefect server and UI.")
    ] = 4200,
) -> None:
    """Keep the nightly schedule: a local Prefect server on 127.0.0.1 plus the served flow."""
    from deploy import serve as serving

    settings = _settings(inbox, warehouse)
    try:
        options = serving.make_options(cron, timezone, settings.inbox, settings.warehouse, port)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    try:
        serving.serve(options, echo=typer.echo)
    except serving.ServeError as exc:
        typer.echo(f"hetang serve FAILED: {exc}", err=True)
        raise typer.Exit(1) from exc


@app.command()
def brief(
    warehouse: WarehouseOpt = None,
    period: Annotated[
        str | None, typer.Option("--period", help="Period, e.g. 2022-10 (default: the latest).")
    ] = None,
    region: Annotated[
        str | None, typer.Option("--region", help="Region code (default: the catalog's first).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="FILE.docx, .xlsx or .pdf (default: .docx beside the snapshot)."
        ),
    ] = None,
) -> None:
    """The monthly briefing (通报) of a region and period from the published snapshot."""
    import briefing
    from briefing.compose import NothingToBrief
    from warehouse.connection import WarehouseError

    settings = _settings(warehouse=warehouse)
    try:
        composed = briefing.compose(settings.paths.snapshot, region=region, period=period)
        target = out or briefing.briefing_path(settings.paths.briefings, composed, ".docx")
        written = briefing.write_briefing(composed, target)
    except (NothingToBrief, ValueError, WarehouseError) as exc:
        typer.echo(f"hetang brief FAILED: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(
        f"{written}  ({composed.region_name} {composed.period_label}, {len(composed.targets)} targets)"
    )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
