"""Schema migrations: a fresh file and an already-migrated file both end at the latest version."""

from __future__ import annotations

from warehouse.connection import open_writer
from warehouse.marts import MART_VIEWS, build_all
from warehouse.migrate import MIGRATIONS_DIR, migrate


def versions(con) -> list[int]:
    return [
        v
        for (v,) in con.execute("select version from main.schema_migrations order by 1").fetchall()
    ]


def test_fresh_file_gets_every_migration_and_every_mart(tmp_path):
    con = open_writer(tmp_path / "w.duckdb")
    applied = migrate(con)
    build_all(con)
    expected = sorted(int(p.name[:3]) for p in MIGRATIONS_DIR.glob("[0-9][0-9][0-9]_*.sql"))
    assert [int(a[:3]) for a in applied] == expected and versions(con) == expected
    views = {
        v
        for (v,) in con.execute(
            "select view_name from duckdb_views() where schema_name = 'mart'"
        ).fetchall()
    }
    assert views == set(MART_VIEWS)


def test_migrating_again_applies_nothing_and_keeps_data(tmp_path):
    path = tmp_path / "w.duckdb"
    con = open_writer(path)
    migrate(con)
    con.execute("insert into core.regions (region_code, name_zh) values ('430202', '荷塘区')")
    con.close()
    con = open_writer(path)
    assert migrate(con) == []
    assert con.execute("select count(*) from core.regions").fetchone() == (1,)


def test_a_new_migration_applies_on_an_existing_file(tmp_path, monkeypatch):
    path = tmp_path / "w.duckdb"
    con = open_writer(path)
    migrate(con)
    extra = tmp_path / "migrations"
    extra.mkdir()
    for p in MIGRATIONS_DIR.glob("*.sql"):
        (extra / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (extra / "999_extra.sql").write_text("create table core.extra (x integer);", encoding="utf-8")
    monkeypatch.setattr("warehouse.migrate.MIGRATIONS_DIR", extra)
    assert migrate(con) == ["999_extra"]
    assert versions(con)[-1] == 999


def test_a_failing_migration_rolls_back_and_is_not_recorded(tmp_path, monkeypatch):
    con = open_writer(tmp_path / "w.duckdb")
    migrate(con)
    extra = tmp_path / "migrations"
    extra.mkdir()
    (extra / "998_bad.sql").write_text(
        "create table core.half (x integer); select * from no_such_table;", encoding="utf-8"
    )
    monkeypatch.setattr("warehouse.migrate.MIGRATIONS_DIR", extra)
    try:
        migrate(con)
    except Exception as exc:
        assert "no_such_table" in str(exc)
    assert 998 not in versions(con)
    assert con.execute(
        "select count(*) from duckdb_tables() where table_name = 'half'"
    ).fetchone() == (0,)
