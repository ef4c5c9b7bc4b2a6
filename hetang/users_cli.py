"""`hetang users`: add, list and disable dashboard users (SPEC §8), and the demo users.

Users live in the review store beside the warehouse (access/users.py). The password is prompted
without echo, or read from standard input when it is not a terminal (for scripts). Changes made
here are audited as the command line's admin.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Annotated

import typer

from access import users, writes
from access.roles import Role, User
from hetang.settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
CLI_ADMIN = User("(hetang users)", Role.ADMIN)
DEMO_USERS = (
    ("viewer", Role.VIEWER, None),
    ("renshe", Role.DEPARTMENT, "区人社局"),
    # The demo year's lagging targets are mostly 区发改局's: a department user with alerts to answer.
    ("fagai", Role.DEPARTMENT, "区发改局"),
    ("reviewer", Role.REVIEWER, None),
    ("admin", Role.ADMIN, None),
)

WarehouseOpt = Annotated[
    Path | None,
    typer.Option(
        "--warehouse",
        help="Working DuckDB file (default: HETANG_WAREHOUSE, else var/hetang.duckdb).",
    ),
]


@app.callback()
def users_main(ctx: typer.Context, warehouse: WarehouseOpt = None) -> None:
    """Dashboard users, kept in the review store beside the warehouse."""
    settings = Settings()
    if warehouse is not None:
        settings.warehouse = warehouse
    ctx.obj = settings


def _password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("密码 / password: ")
        if getpass.getpass("再次输入 / again: ") != first:
            raise typer.BadParameter("两次输入的密码不一致 / the passwords differ")
        return first
    return sys.stdin.readline().rstrip("\n")


def _fail(exc: Exception) -> typer.Exit:
    typer.echo(f"hetang users FAILED: {exc}", err=True)
    return typer.Exit(1)


@app.command()
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="User name (the sign-in name).")],
    role: Annotated[str, typer.Option("--role", help="viewer, department, reviewer or admin.")],
    department: Annotated[
        str | None, typer.Option("--department", help="Department (for department users).")
    ] = None,
) -> None:
    """Add a user; the password is prompted, or read from stdin when it is not a terminal."""
    settings: Settings = ctx.obj
    try:
        users.check_new_user(name, role, department, "x" * users.MIN_PASSWORD)
        added = writes.add_user(
            settings.paths.reviews, CLI_ADMIN, name, role, _password(), department
        )
    except ValueError as exc:
        raise _fail(exc) from exc
    typer.echo(
        f"added {added.name} ({added.role.value}{', ' + added.department if added.department else ''})"
    )


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """List the users (name, role, department, disabled, locked until)."""
    settings: Settings = ctx.obj
    for user in users.list_users(settings.paths.reviews):
        flags = " disabled" if user.disabled else ""
        if user.locked_until:
            flags += f" locked-until={user.locked_until.isoformat(timespec='seconds')}Z"
        typer.echo(f"{user.name}\t{user.role.value}\t{user.department or '-'}{flags}")


@app.command()
def disable(ctx: typer.Context, name: Annotated[str, typer.Argument(help="User name.")]) -> None:
    """Disable a user (they can no longer sign in)."""
    settings: Settings = ctx.obj
    try:
        writes.disable_user(settings.paths.reviews, CLI_ADMIN, name)
    except ValueError as exc:
        raise _fail(exc) from exc
    typer.echo(f"disabled {name}")


@app.command()
def demo(ctx: typer.Context) -> None:
    """The demo users (password demo-<name>); refused unless the warehouse is the demo's."""
    settings: Settings = ctx.obj
    if not _is_demo_warehouse(settings):
        raise _fail(
            ValueError(
                f"{settings.warehouse} 不是演示数据仓库，拒绝创建演示用户 / "
                f"{settings.warehouse} is not the demo warehouse: demo users refused"
            )
        )
    existing = {u.name for u in users.list_users(settings.paths.reviews)}
    for name, role, department in DEMO_USERS:
        if name not in existing:
            writes.add_user(
                settings.paths.reviews, CLI_ADMIN, name, role.value, f"demo-{name}", department
            )
        where = f", {department}" if department else ""
        typer.echo(f"  {name:<9} password demo-{name:<9} ({role.value}{where})")


def _is_demo_warehouse(settings: Settings) -> bool:
    """True when the published snapshot holds the bundled synthetic demo data only."""
    from dashboard import queries

    snapshot = settings.paths.snapshot
    return snapshot.exists() and queries.is_demo(snapshot)
