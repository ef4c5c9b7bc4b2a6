"""The shell itself: table/CSV/JSON output, the REPL through a pipe, prompts, a missing snapshot."""

from __future__ import annotations

import csv
import io
import json
import subprocess

import pytest

from hetang.sqlshell import display_width, render_table, split_statements

from .conftest import PROJECT, cli_env, hetang_command, rows, shell

STATUS_QUERY = (
    "select target_code, name_zh, period, status, actual, gap, progress_ratio, year "
    "from mart.target_status order by target_code"
)


def cli(warehouse, *args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess:
    """`hetang sql --warehouse WAREHOUSE ARGS` in a subprocess."""
    return subprocess.run(
        [*hetang_command(), "sql", "--warehouse", str(warehouse), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=PROJECT,
        env=cli_env(**env),
        timeout=120,
    )


# -- one-shot output ------------------------------------------------------------------------------


def test_csv_output_parses_back_to_the_same_values(demo_warehouse):
    expected = rows(demo_warehouse, STATUS_QUERY)
    done = cli(demo_warehouse, "--csv", STATUS_QUERY)
    assert done.returncode == 0, done.stderr
    parsed = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(parsed) == len(expected) == 40
    for got, want in zip(parsed, expected, strict=True):
        assert list(got) == list(want)
        for column, value in want.items():
            if value is None:
                assert got[column] == ""
            elif isinstance(value, float):
                assert float(got[column]) == value  # full precision, no rounding
            else:
                assert got[column] == str(value)


def test_json_output_parses_back_to_the_same_values(demo_warehouse):
    done = cli(demo_warehouse, "--json", STATUS_QUERY)
    assert done.returncode == 0, done.stderr
    parsed = [json.loads(line) for line in done.stdout.splitlines()]
    assert parsed == rows(demo_warehouse, STATUS_QUERY)
    gdp = next(r for r in parsed if r["target_code"] == "gdp_growth")
    assert gdp["name_zh"] == "地区生产总值增长"  # not \\u escaped
    assert isinstance(gdp["year"], int) and gdp["progress_ratio"] is None
    assert "地区生产总值增长" in done.stdout


def test_json_keeps_dates_and_duplicate_column_names(demo_warehouse):
    (row,) = rows(demo_warehouse, "select as_of, started_at, 1 as n, 2 as n from mart.runs")
    assert row["as_of"] == "2023-02-01"
    assert "T" in row["started_at"]
    assert (row["n"], row["n_2"]) == (1, 2)


def test_table_output_via_the_cli(demo_warehouse):
    done = cli(
        demo_warehouse,
        "select target_code, name_zh, status from mart.target_status "
        "where target_code in ('gdp_growth', 'fai_growth') order by target_code",
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["target_code", "name_zh", "status"]
    assert lines[2].split() == ["fai_growth", "固定资产投资增长", "shortfall"]
    assert lines[3].split() == ["gdp_growth", "地区生产总值增长", "at_risk"]
    assert lines[-1] == "(2 rows)"
    # The status column starts at the same terminal column on every line.
    starts = {
        display_width(line[: line.index(word)])
        for line, word in zip(
            lines[:1] + lines[2:4], ("status", "shortfall", "at_risk"), strict=True
        )
    }
    assert len(starts) == 1


def test_table_aligns_chinese_text_by_display_width():
    text = render_table(
        ["name", "value", "note"],
        [("地区生产总值增长", 7.6, "a"), ("gdp", -0.40000000000000036, None), ("Ｒ＆Ｄ", 12, "b")],
        more=False,
    )
    header, rule, *body, footer = text.splitlines()
    assert footer == "(3 rows)"
    assert body[1].split() == ["gdp", "-0.4", "NULL"]  # binary noise hidden, NULL shown

    def column(line: str, word: str) -> tuple[int, int]:
        """Terminal columns where WORD starts and ends on LINE."""
        at = line.index(word)
        return display_width(line[:at]), display_width(line[: at + len(word)])

    values = [column(line, v) for line, v in zip(body, ("7.6", "-0.4", "12"), strict=True)]
    notes = [column(line, n) for line, n in zip(body, ("a", "NULL", "b"), strict=True)]
    assert len({end for _, end in values} | {column(header, "value")[1]}) == 1  # right-aligned
    assert len({start for start, _ in notes} | {column(header, "note")[0]}) == 1  # left-aligned
    assert display_width(rule) == display_width(header) == display_width(body[1])
    assert display_width("地区Ｒ＆Ｄa") == 11


def test_table_says_when_rows_were_left_out(demo_warehouse):
    result = shell(demo_warehouse, "select * from range(10005)")
    assert result.code == 0
    assert (
        result.out.splitlines()[-1]
        == "(first 10000 rows shown; use --csv or --json for all of them)"
    )


def test_errors_are_one_line_on_stderr(demo_warehouse):
    result = shell(demo_warehouse, "select * from mart.no_such_view")
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith("hetang sql: Catalog Error:")
    assert result.err.count("\n") == 1


def test_several_statements_in_one_query(demo_warehouse):
    result = shell(demo_warehouse, "select 1 as a; select 2 as b", "csv")
    assert (result.code, result.out) == (0, "a\n1\nb\n2\n")


def test_dot_tables_lists_the_mart_views(demo_warehouse):
    result = shell(demo_warehouse, ".tables", "csv")
    assert result.code == 0
    assert result.out.split() == [
        "view",
        "alert_history",
        "alerts",
        "dq_findings",
        "files",
        "growth_needed",
        "observation_vintages",
        "observations",
        "region_ranks",
        "regions",
        "responses",
        "runs",
        "target_measures",
        "target_progress",
        "target_status",
        "targets",
        "unmapped_indicators",
    ]


# -- missing snapshot -----------------------------------------------------------------------------


def test_missing_snapshot_says_run_hetang_run_first(tmp_path):
    result = shell(tmp_path / "hetang.duckdb", "select 1")
    assert result.code == 2
    assert "run `hetang run` first" in result.err
    assert str(tmp_path / "hetang.snapshot.duckdb") in result.err


def test_missing_snapshot_via_the_cli_exits_2(tmp_path):
    done = cli(tmp_path / "hetang.duckdb", stdin="select 1;\n")
    assert done.returncode == 2
    assert "run `hetang run` first" in done.stderr


# -- the REPL -------------------------------------------------------------------------------------


def test_repl_through_a_pipe(demo_warehouse):
    script = (
        "select count(*) as targets\n"
        "from mart.targets;  -- a comment; with a semicolon\n"
        "select 'a;b' as text, status\n"
        "  from mart.target_status\n"
        "  where target_code = 'fai_growth';\n"
        ".tables\n"
        "select 40 as last_without_semicolon\n"
    )
    done = cli(demo_warehouse, stdin=script)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "hetang> " not in out  # no prompts when stdin is not a terminal
    assert "targets\n-------\n     40\n(1 row)\n" in out
    assert "a;b   shortfall" in out
    assert "target_progress" in out and "unmapped_indicators" in out
    assert "last_without_semicolon" in out


def test_repl_csv_and_json_parse_back(demo_warehouse):
    query = "select target_code, actual, gap from mart.target_status order by target_code;\n"
    expected = rows(demo_warehouse, query)
    as_json = cli(demo_warehouse, "--json", stdin=query)
    assert [json.loads(line) for line in as_json.stdout.splitlines()] == expected
    as_csv = cli(demo_warehouse, "--csv", stdin=query)
    parsed = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [(r["target_code"], float(r["actual"]), float(r["gap"])) for r in parsed] == [
        (r["target_code"], r["actual"], r["gap"]) for r in expected
    ]


def test_repl_goes_on_after_errors_and_exits_1(demo_warehouse):
    script = "select * from nowhere;\nDROP VIEW mart.targets;\nselect 'still here' as s;\n"
    done = cli(demo_warehouse, "--csv", stdin=script)
    assert done.returncode == 1
    assert done.stdout == "s\nstill here\n"
    lines = done.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("hetang sql: Catalog Error")
    assert lines[1].startswith("hetang sql is read-only: DROP is refused")


def test_repl_quit_stops_reading(demo_warehouse):
    done = cli(demo_warehouse, "--csv", stdin="select 1 as a;\n.quit\nselect 2 as b;\n")
    assert (done.returncode, done.stdout) == (0, "a\n1\n")


def test_repl_help_and_unknown_command(demo_warehouse):
    result = shell(demo_warehouse, None, stdin=".help\n.nonsense\n")
    assert ".tables" in result.out and ".quit" in result.out
    assert result.err.strip() == "hetang sql: unknown command .nonsense; try .help"
    assert result.code == 1


class TerminalInput(io.StringIO):
    """Typed input: a stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_repl_prompts_on_a_terminal(demo_warehouse):
    typed = TerminalInput("select 1\n  as one;\n.quit\n")
    result = shell(demo_warehouse, None, "csv", stdin=typed)
    assert result.code == 0
    assert "hetang> " in result.out
    assert "   ...> " in result.out  # the continuation of a statement over two lines
    assert "one\n1\n" in result.out


# -- statement splitting --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("buffer", "statements", "rest"),
    [
        ("select 1;", ["select 1;"], ""),
        ("select 1; select 2", ["select 1;"], " select 2"),
        ("select ';' as a;\n", ["select ';' as a;"], "\n"),
        ("select 'it''s;' as a;", ["select 'it''s;' as a;"], ""),
        ('select 1 as "a;b";', ['select 1 as "a;b";'], ""),
        ("select 1 -- no; end\n, 2;", ["select 1 -- no; end\n, 2;"], ""),
        ("select /* ; */ 1;", ["select /* ; */ 1;"], ""),
        ("select $$;$$;", ["select $$;$$;"], ""),
        ("select 'open;", [], "select 'open;"),
    ],
)
def test_split_statements(buffer, statements, rest):
    assert split_statements(buffer) == (statements, rest)
