"""The five refused attacks of issue 5 (and their variants), the time limit and the memory limit.

Each attack must exit non-zero with a one-line message naming the rule, leave the snapshot
byte-identical, and create no file. The same attacks are also sent straight to the locked
connection, past the shell's statement-type check, to show that DuckDB refuses them on its own.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from hetang.settings import Settings
from hetang.sqlshell import explain_error, open_reader

from .conftest import sha256, shell

FILES = "hetang sql cannot read or write files"
ATTACH = "hetang sql cannot attach or detach databases"
EXTENSIONS = "hetang sql cannot install or load extensions"
READ_ONLY = "hetang sql is read-only"
SETTINGS = "hetang sql cannot change settings"

# (name, query with {tmp} for a scratch folder, the message it must get)
ATTACKS = [
    ("read_csv", "select * from read_csv('/etc/passwd')", FILES),
    ("read_csv_auto", "select * from '/etc/passwd'", None),  # parsed as a table name: not found
    ("read_text", "select * from read_text('/etc/passwd')", FILES),
    ("read_parquet", "select * from read_parquet('{tmp}/x.parquet')", FILES),
    ("glob", "select * from glob('/etc/*')", FILES),
    ("copy_to", "COPY (select 1) TO '{tmp}/x.csv'", FILES),
    ("copy_view_to", "COPY mart.targets TO '{tmp}/targets.csv' (header)", FILES),
    ("export", "EXPORT DATABASE '{tmp}/export'", FILES),
    ("attach", "ATTACH '{tmp}/other.duckdb' AS other", ATTACH),
    ("attach_memory", "ATTACH ':memory:' AS scratch", ATTACH),
    ("install", "INSTALL httpfs", EXTENSIONS),
    ("load", "LOAD httpfs", EXTENSIONS),
    ("drop_view", "DROP VIEW mart.targets", READ_ONLY),
    ("create_table", "CREATE TABLE main.t AS SELECT 1 AS a", READ_ONLY),
    ("create_temp", "CREATE TEMP TABLE t AS SELECT 1 AS a", READ_ONLY),
    (
        "insert",
        "INSERT INTO core.runs (run_id, started_at, state) VALUES ('x', now(), 'x')",
        READ_ONLY,
    ),
    ("update", "UPDATE judged.alerts SET state = 'resolved'", READ_ONLY),
    ("delete", "DELETE FROM judged.alerts", READ_ONLY),
    ("set_memory", "SET memory_limit = '10GB'", SETTINGS),
    ("pragma_threads", "PRAGMA threads = 1", SETTINGS),
    ("reset_memory", "RESET memory_limit", SETTINGS),
    ("unlock", "SET lock_configuration = false", SETTINGS),
    ("open_access", "SET enable_external_access = true", SETTINGS),
    ("smuggled", "select 1; DROP VIEW mart.targets", READ_ONLY),
]


def no_new_files(folder: Path, before: set[str]) -> bool:
    return {p.name for p in folder.iterdir()} == before


@pytest.mark.parametrize(("name", "query", "message"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_attack_is_refused_and_changes_nothing(
    demo_warehouse, demo_snapshot, tmp_path, name, query, message
):
    before_hash = sha256(demo_snapshot)
    beside = {p.name for p in demo_snapshot.parent.iterdir()}
    result = shell(demo_warehouse, query.format(tmp=tmp_path))
    assert result.code == 1
    if message:
        assert result.err.startswith(message), result.err
    assert result.err.count("\n") == 1, "one line on stderr"
    assert sha256(demo_snapshot) == before_hash
    assert no_new_files(demo_snapshot.parent, beside)
    assert list(tmp_path.iterdir()) == []


def test_the_messages_read_as_the_docs_promise(demo_warehouse, tmp_path):
    def err(query: str) -> str:
        return shell(demo_warehouse, query).err.strip()

    assert err("select * from read_csv('/etc/passwd')") == (
        'hetang sql cannot read or write files ("/etc/passwd"): query the mart views instead'
    )
    assert err(f"COPY (select 1) TO '{tmp_path}/x.csv'") == (
        "hetang sql cannot read or write files: COPY is refused"
    )
    assert err("DROP VIEW mart.targets") == (
        "hetang sql is read-only: DROP is refused (only `hetang run` changes the warehouse)"
    )
    assert err("SET memory_limit = '10GB'") == (
        'hetang sql cannot change settings ("memory_limit"): the configuration is locked'
    )
    assert (
        err("INSTALL httpfs") == "hetang sql cannot install or load extensions: INSTALL is refused"
    )


# Straight to DuckDB, past the shell's statement-type check: the connection refuses by itself.
# DuckDB words some refusals differently: ATTACH of a file and INSTALL are file accesses, and an
# in-memory ATTACH is refused by the read-only mode. A temp table is the one thing it allows (in
# memory, gone with the connection); only the shell's type check refuses that.
DIRECT_MESSAGE = {"attach": FILES, "attach_memory": READ_ONLY, "install": FILES}
DIRECT = [
    (name, query, DIRECT_MESSAGE.get(name, message))
    for name, query, message in ATTACKS
    if message is not None and name not in ("smuggled", "create_temp")
]


@pytest.mark.parametrize(("name", "query", "message"), DIRECT, ids=[a[0] for a in DIRECT])
def test_locked_connection_refuses_on_its_own(demo_snapshot, tmp_path, name, query, message):
    before = sha256(demo_snapshot)
    con = open_reader(demo_snapshot, "1GB")
    try:
        with pytest.raises(duckdb.Error) as caught:
            con.execute(query.format(tmp=tmp_path)).fetchall()
    finally:
        con.close()
    settings = Settings(warehouse=demo_snapshot.with_name("x.duckdb"))
    assert explain_error(caught.value, settings).startswith(message)
    assert sha256(demo_snapshot) == before
    assert list(tmp_path.iterdir()) == []


def test_locked_connection_cannot_be_unlocked(demo_snapshot):
    con = open_reader(demo_snapshot, "1GB")
    try:
        with pytest.raises(duckdb.Error, match="locked"):
            con.execute("SET lock_configuration = false")
        settings = dict(
            con.execute(
                "select name, value from duckdb_settings() where name in "
                "('enable_external_access', 'lock_configuration', 'temp_directory')"
            ).fetchall()
        )
    finally:
        con.close()
    assert settings == {
        "enable_external_access": "false",
        "lock_configuration": "true",
        "temp_directory": "",
    }


def test_a_long_query_is_interrupted(demo_warehouse):
    result = shell(demo_warehouse, "select count(*) from range(10000000000)", sql_timeout_s=0.5)
    assert result.code == 1
    assert result.err.strip() == "query interrupted after 0.5 s (the time limit)"


def test_a_long_streaming_query_is_interrupted_while_its_rows_are_read(demo_warehouse):
    # DuckDB streams this result: execute() returns at once and the scan runs during fetching,
    # which the time limit must cover too.
    query = "select i from range(10000000000) as t(i) where i % 1000000007 = 3"
    result = shell(demo_warehouse, query, "csv", sql_timeout_s=0.5)
    assert result.code == 1
    assert result.err.strip() == "query interrupted after 0.5 s (the time limit)"


def test_the_shell_goes_on_after_an_interrupted_statement(demo_warehouse):
    script = "select count(*) from range(10000000000);\nselect 42 as answer;\n"
    result = shell(demo_warehouse, None, "csv", stdin=script, sql_timeout_s=0.5)
    assert result.code == 1
    assert "query interrupted after 0.5 s" in result.err
    assert result.out == "answer\n42\n"


def test_a_query_past_the_memory_limit_fails_without_spilling_beside_the_snapshot(
    demo_warehouse, demo_snapshot
):
    beside = {p.name for p in demo_snapshot.parent.iterdir()}
    query = (
        "select count(*) from (select i::varchar || repeat('x', 40) as s "
        "from range(30000000) as t(i) order by s desc)"
    )
    result = shell(demo_warehouse, query, sql_memory_limit="64MB", sql_timeout_s=120)
    assert result.code == 1
    assert result.err.startswith("query needs more than the memory limit of hetang sql (64MB")
    # DuckDB's default spill folder is `<snapshot>.tmp`, the path publish_snapshot() writes to.
    assert no_new_files(demo_snapshot.parent, beside)
