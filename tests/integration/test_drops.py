"""Every file of the inbox read from its bytes (SPEC §4.5, §4.6): ledger rows, refusals in English
and Chinese, files that wait, sheets skipped, and no file able to fail the run.

Ingest is called directly against a real DuckDB file (as in test_ingest.py); one test runs the
real nightly flow with a reader that raises and the inflating workbook.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import pytest

from flows.readers import document
from hetang.settings import Settings
from tests.data import real_drops
from tests.integration.test_ingest import GOOD, Inbox

BOMB_CHILD = Path(__file__).with_name("bomb_child.py")
# What each refused fixture's reason says it found, in English and in Chinese.
FOUND = {
    "empty.csv": ("an empty file (0 bytes)", "空文件"),
    "photo.xlsx": ("an image (PNG)", "图片（PNG）"),
    "scan.csv": ("a PDF document", "PDF 文件"),
    "bundle.zip": ("a compressed archive (ZIP)", "压缩包（ZIP）"),
    "old_word.doc": ("an old Word .doc", "旧版 Word 文档"),
    "inflating.xlsx": ("inflate to 288 MB, above the 100 MB limit", "解压后将达 288 MB"),
    "billion_laughs.xlsx": ("declares entities (DOCTYPE/ENTITY)", "声明了实体"),
    "truncated.xlsx": ("a damaged or incomplete zip file", "文件已损坏或不完整"),
}


@pytest.fixture()
def inbox(tmp_path):
    box = Inbox(tmp_path)
    yield box
    box.con.close()


@pytest.fixture(scope="module")
def fixtures_run(tmp_path_factory):
    """Every real-layout fixture drop, ingested once: ledger by name, findings, names written,
    observations by file."""
    box = Inbox(tmp_path_factory.mktemp("fixtures"))
    written = real_drops.write_all(box.dir)
    register = [
        code for (code,) in box.con.execute("select region_code from core.regions").fetchall()
    ]
    box.run(regions=register)
    ledger = {
        name: (state, reason, reason_zh)
        for name, state, reason, reason_zh in box.con.execute(
            "select file_name, state, reason, reason_zh from mart.files"
        ).fetchall()
    }
    findings = box.con.execute(
        "select file_name, rule, message, message_zh from mart.dq_findings"
    ).fetchall()
    observations: dict[str, set] = {}
    for name, *key in box.con.execute(
        "select source_file, region_code, indicator_code, period, round(value, 4) "
        "from core.observations"
    ).fetchall():
        observations.setdefault(name, set()).add(tuple(key))
    box.con.close()
    return ledger, findings, set(written), observations


def test_every_file_gets_a_ledger_row_but_lock_hidden_and_unfinished_ones(fixtures_run):
    ledger, _, written, _ = fixtures_run
    assert set(ledger) == written - set(real_drops.IGNORED)
    assert all(state in ("loaded", "quarantined") for state, _, _ in ledger.values())


@pytest.mark.parametrize("name", sorted(real_drops.REFUSED))
def test_refused_files_are_quarantined_saying_what_was_found_in_both_languages(fixtures_run, name):
    ledger, findings, _, _ = fixtures_run
    state, reason, reason_zh = ledger[name]
    en, zh = FOUND[name]
    assert state == "quarantined"
    assert reason.startswith(f"{name}: ") and en in reason
    assert reason_zh.startswith(f"文件 {name}：") and zh in reason_zh
    assert (name, "readable", reason, reason_zh) in findings


def test_old_formats_and_unicode_text_load_whatever_their_names_say(fixtures_run):
    ledger, _, _, _ = fixtures_run
    for name in ("bureau.xls", "bureau_xls_named.xlsx", "unicode_export.txt"):
        assert ledger[name] == ("loaded", None, None)


@pytest.mark.parametrize("name", sorted(real_drops.EXPECTED))
def test_every_real_layout_loads_its_observations_through_the_ingest(fixtures_run, name):
    ledger, findings, _, observations = fixtures_run
    assert ledger[name] == ("loaded", None, None)
    expected = {(r, i, p, round(v, 4)) for r, i, p, v in real_drops.EXPECTED[name]}
    assert observations[name] == expected
    for code, words in real_drops.FINDINGS.get(name, []):
        assert any(f[0] == name and words in f[2] for f in findings), (code, words)


def test_an_empty_sheet_beside_a_table_is_skipped_and_noted(fixtures_run):
    _, findings, _, _ = fixtures_run
    assert (
        "bureau.xls",
        "sheet_skipped",
        "sheet 'Sheet2' skipped: an empty sheet",
        "已跳过工作表“Sheet2”：空工作表",
    ) in findings


def test_a_file_still_being_written_waits_then_loads_once_complete(inbox):
    part = inbox.drop("jobs.csv.part", GOOD)
    assert inbox.run().loaded == [] and inbox.one("select count(*) from raw.files") == (0,)
    part.rename(inbox.dir / "jobs.csv")
    assert inbox.run().loaded == ["jobs.csv"] and inbox.observations() == 2


def test_a_workbook_with_no_sheet_in_a_known_layout_is_quarantined_naming_each(inbox):
    workbook = openpyxl.Workbook()
    workbook.active.title = "说明"
    workbook.active.append(["本表为合成测试数据，仅作说明。"])
    workbook.create_sheet("空表")
    buffer = io.BytesIO()
    workbook.save(buffer)
    (inbox.dir / "notes_only.xlsx").write_bytes(buffer.getvalue())
    assert inbox.run().quarantined == ["notes_only.xlsx"]
    reason, reason_zh = inbox.one("select reason, reason_zh from mart.files")
    assert reason.startswith("notes_only.xlsx: nothing in it is in a known layout (说明: ")
    assert "空表: an empty sheet" in reason
    assert reason_zh.startswith("文件 notes_only.xlsx：文件中没有可识别格式的表格或正文（说明：")
    assert "空表：空工作表" in reason_zh


def test_a_bad_row_of_a_recognised_table_quarantines_its_file_naming_row_and_column(inbox):
    # The table's layout is known (long): its bad period is the file's fault, never "no layout"
    # that would send the text on to the prose reader and load the rest.
    inbox.drop("bad_period.csv", GOOD.rstrip("\n") + "\n430202,new_urban_jobs,,10,人\n")
    assert inbox.run().quarantined == ["bad_period.csv"]
    (reason,) = inbox.one("select reason from mart.files")
    assert reason.startswith("bad_period.csv: row 4, column 'period'"), reason
    assert inbox.observations() == 0


def test_a_department_other_than_the_catalogs_is_a_finding_and_the_file_loads(inbox):
    inbox.drop(
        "progress_2022-09.csv",
        "荷塘区2022年重点工作任务完成情况（截至9月底）（合成测试数据）\n"
        "序号,工作任务,单位,全年目标,完成情况,责任单位\n"
        "1,新增城镇就业,人,8800,完成7336人，完成率83.4%,区发改局\n"
        "2,新增机构养老床位,张,500,已完成380张,区民政局\n",
    )
    assert inbox.run().loaded == ["progress_2022-09.csv"]
    rows = inbox.con.execute(
        "select row_number, column_name, message, message_zh, quarantined from mart.dq_findings "
        "where rule = 'department'"
    ).fetchall()
    assert rows == [
        (
            3,
            "责任单位",
            "responsible department '区发改局' differs from the catalog's '区人社局' for "
            "new_urban_jobs; the catalog's stands",
            "new_urban_jobs 表中责任单位“区发改局”与目标库的“区人社局”不一致；以目标库为准",
            False,
        )
    ]


def test_read_limits_come_from_the_settings(inbox, monkeypatch):
    monkeypatch.setenv("HETANG_MAX_DROP_MB", "0.001")
    monkeypatch.setenv("HETANG_MAX_DROP_CELLS", "7")
    limits = Settings().read_limits
    assert (limits.max_bytes, limits.max_cells, limits.max_rows) == (1000, 7, 1_048_576)
    (inbox.dir / "city.xlsx").write_bytes(real_drops.city_districts())
    inbox.drop("jobs.csv", GOOD)
    summary = inbox.run(limits=limits)
    assert sorted(summary.quarantined) == ["city.xlsx", "jobs.csv"]
    reasons = dict(inbox.con.execute("select file_name, reason_zh from mart.files").fetchall())
    assert "超过 0.001 MB 上限" in reasons["city.xlsx"]
    assert "文件单元格超过 7 个" in reasons["jobs.csv"]


def test_a_reader_that_raises_and_the_inflating_workbook_fail_only_their_files(
    fresh_run, monkeypatch
):
    """The one fault-injection test: a layout reader with a bug, inside a real nightly run."""
    original = document.read_grid

    def read_grid(file, sheet, rows, regions, name_hint):  # noqa: ANN001, ANN202
        if file == "boom.csv":
            raise RuntimeError("a reader's own bug")
        return original(file, sheet, rows, regions, name_hint)

    monkeypatch.setattr(document, "read_grid", read_grid)
    (fresh_run.inbox / "good.csv").write_text(GOOD, encoding="utf-8")
    (fresh_run.inbox / "boom.csv").write_bytes(real_drops.bureau_month_ytd())
    (fresh_run.inbox / "inflating.xlsx").write_bytes(real_drops.inflating_xlsx())
    for stamp, name in enumerate(("good.csv", "boom.csv", "inflating.xlsx")):
        os.utime(fresh_run.inbox / name, (1_666_000_000 + stamp, 1_666_000_000 + stamp))
    summary = fresh_run(as_of="2022-12-31")
    assert summary.loaded == ["good.csv"] and summary.observations == 2
    assert summary.quarantined == ["boom.csv", "inflating.xlsx"]
    con = duckdb.connect(str(fresh_run.warehouse), read_only=True)
    try:
        reasons = {
            name: (reason, reason_zh)
            for name, reason, reason_zh in con.execute(
                "select file_name, reason, reason_zh from mart.files"
            ).fetchall()
        }
        assert con.execute("select state from core.runs").fetchall() == [("completed",)]
    finally:
        con.close()
    assert reasons["boom.csv"] == (
        "boom.csv: cannot be read (RuntimeError: a reader's own bug)",
        "文件 boom.csv：读取时出错（RuntimeError: a reader's own bug）",
    )
    assert "288 MB" in reasons["inflating.xlsx"][0] and "288 MB" in reasons["inflating.xlsx"][1]


def test_bombs_are_quarantined_within_seconds_and_peak_memory_stays_under_1_gb(tmp_path):
    """The inflating workbook (288 MB of XML in 1 MB) and a billion laughs, through the real
    ingest in a child process of its own, so that its peak memory is the ingest's."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "inflating.xlsx").write_bytes(real_drops.inflating_xlsx())
    (inbox / "billion_laughs.xlsx").write_bytes(real_drops.billion_laughs_xlsx())
    (inbox / "jobs.csv").write_text(GOOD, encoding="utf-8")
    command = [sys.executable, str(BOMB_CHILD), str(inbox), str(tmp_path / "w.duckdb")]
    done = subprocess.run(command, capture_output=True, check=True, text=True, timeout=300)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    states = {name: (state, reason) for name, state, reason in result["files"]}
    assert states["jobs.csv"] == ("loaded", None)
    assert states["inflating.xlsx"][0] == states["billion_laughs.xlsx"][0] == "quarantined"
    assert "inflate to 288 MB" in states["inflating.xlsx"][1]
    assert "declares entities" in states["billion_laughs.xlsx"][1]
    assert result["seconds"] < 20  # GE's gate included; the refusals themselves take ms
    assert result["peak_kb"] < 1_000_000 and result["maxrss_kb"] < 1_000_000  # not 4 GB
