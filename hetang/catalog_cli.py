"""`hetang catalog draft` and `hetang catalog check` (SPEC §6, §9): a new year's or district's catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

catalog_app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Draft a target catalog from a work report; check a catalog file.",
)


@catalog_app.command()
def draft(
    report: Annotated[Path, typer.Argument(help="The work report, .txt or .docx.")],
    region: Annotated[
        str | None, typer.Option("--region", help="Region code of the report, e.g. 430202.")
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help="The targets' year (default: read from the report)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the draft here instead of standard output.")
    ] = None,
) -> None:
    """Draft a catalog (YAML) from a work report, for a person to finish and check."""
    from expectations.catalog import load_catalog
    from expectations.catalog.register import load_register
    from expectations.drafting import (
        ReportError,
        draft_catalog,
        draft_yaml,
        indicator_names,
        read_report,
    )

    division = load_register().division(region) if region else None
    if region and division is None:
        typer.echo(
            f"区划代码 {region} 不在区划名录中 / region code {region} is not in the register",
            err=True,
        )
        raise typer.Exit(2)
    try:
        text = read_report(report)
    except ReportError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    indicators = load_catalog().indicators  # the shared indicator list (every catalog has it)
    drafted = draft_catalog(
        text, indicator_names(indicators), region, year, indicators=indicators, source=report.name
    )
    written = draft_yaml(drafted, division.name_zh if division else None)
    if out is None:
        typer.echo(written, nl=False)
        return
    out.write_text(written, encoding="utf-8")
    typer.echo(
        f"{out}: {len(drafted.targets)} targets drafted, {len(drafted.flags)} phrases flagged",
        err=True,
    )


@catalog_app.command()
def check(
    file: Annotated[Path, typer.Argument(help="A catalog file (<region>_<year>.yaml).")],
) -> None:
    """Validate a catalog (with the indicators.yaml beside it, else the bundled one); print every
    mistake with its line and field; exit 1 if any."""
    from expectations.yaml_lines import check_catalog_text

    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"无法读取目标清单 / cannot read the catalog {file}: {exc}", err=True)
        raise typer.Exit(2) from exc
    problems = check_catalog_text(text, file.name, file.resolve().parent)
    for problem in problems:
        # As compilers say it (file:line: ...), so that editors jump to the line.
        message = problem.message.removeprefix(f"{file.name}: ")
        field = f"field {problem.field}: " if problem.field else ""
        typer.echo(f"{file}:{problem.line or '?'}: {field}{message}")
    if problems:
        typer.echo(f"{len(problems)} 处错误 / {len(problems)} problem(s) in {file.name}", err=True)
        raise typer.Exit(1)
    typer.echo(f"{file.name}: 无错误 / no problems")
