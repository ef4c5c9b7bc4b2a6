"""The briefing (通报) of the demo year, written by the nightly run and by `hetang brief`, opened
back: its figures are the marts' (SPEC §7)."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import docx
import duckdb
import openpyxl
import pytest
from typer.testing import CliRunner

import briefing
from hetang.cli import app
from hetang.settings import WarehousePaths


@pytest.fixture(scope="module")
def marts(demo_run) -> dict:
    snapshot = WarehousePaths(demo_run["warehouse"]).snapshot
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        counts = dict(
            con.execute("select status, count(*) from mart.target_status group by 1").fetchall()
        )
        fai = con.execute(
            "select actual, department from mart.target_status where target_code = 'fai_growth'"
        ).fetchone()
        escalated = con.execute("select count(*) from mart.alerts where escalated").fetchone()[0]
        live = con.execute("select count(*) from mart.alerts where state <> 'resolved'").fetchone()[
            0
        ]
    finally:
        con.close()
    return {"counts": counts, "fai": fai, "escalated": escalated, "live": live}


def test_the_nightly_run_wrote_the_latest_briefing_in_three_formats(demo_run):
    folder = WarehousePaths(demo_run["warehouse"]).briefings
    assert sorted(p.name for p in folder.iterdir()) == [
        "430202_2022.docx",
        "430202_2022.pdf",
        "430202_2022.xlsx",
    ]
    assert [Path(p).name for p in demo_run["summary"].briefings] == [
        "430202_2022.docx",
        "430202_2022.xlsx",
        "430202_2022.pdf",
    ]


def test_word_briefing_has_the_marts_figures(demo_run, marts):
    document = docx.Document(WarehousePaths(demo_run["warehouse"]).briefings / "430202_2022.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "荷塘区2022年主要目标任务推进情况通报" in text
    c = marts["counts"]
    assert (
        f"40项目标中达标{c['on_track']}项、预警{c['at_risk']}项、未达标{c['shortfall']}项" in text
    )
    assert f"其中{marts['escalated']}项列为红色督办" in text
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    fai_row = next(row for row in cells if "固定资产投资增长" in "".join(row))
    assert "6.2" in fai_row and "区发改局" in fai_row


def test_excel_briefing_has_the_marts_figures(demo_run, marts):
    book = openpyxl.load_workbook(
        WarehousePaths(demo_run["warehouse"]).briefings / "430202_2022.xlsx"
    )
    rows = list(book["目标一览"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    fai = dict(zip(header, next(r for r in body if r[1] == "fai_growth"), strict=True))
    assert (fai["实际完成"], fai["责任单位"], fai["状态"]) == (*marts["fai"], "未达标")
    assert (
        book["滞后目标"].max_row - 1 == marts["live"]  # one row per live alert
    )


def test_pdf_briefing_embeds_its_chinese_fonts(demo_run):
    pdf = WarehousePaths(demo_run["warehouse"]).briefings / "430202_2022.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    cjk = [line for line in fonts.stdout.splitlines()[2:] if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    assert "荷塘区2022年主要目标任务推进情况通报" in text.stdout


def test_hetang_brief_writes_a_chosen_period(demo_run, tmp_path):
    out = tmp_path / "june.xlsx"
    result = CliRunner().invoke(
        app,
        [
            "brief",
            "--warehouse",
            str(demo_run["warehouse"]),
            "--period",
            "2022-06",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "荷塘区 1-6月" in result.output
    summary = openpyxl.load_workbook(out)["概况"]
    assert any("1-6月" in str(cell) for row in summary.iter_rows(values_only=True) for cell in row)


def test_hetang_brief_refuses_a_period_without_figures(demo_run):
    result = CliRunner().invoke(
        app, ["brief", "--warehouse", str(demo_run["warehouse"]), "--period", "2021-06"]
    )
    assert result.exit_code == 1 and "no figures for 2021-06" in result.output


def test_a_night_that_changed_nothing_rewrites_no_briefing(demo_run, tmp_path):
    snapshot = WarehousePaths(demo_run["warehouse"]).snapshot
    folder = tmp_path / "briefings"
    [first] = briefing.write_briefings(snapshot, folder, [".xlsx"], ["430202"])
    written_at = first.stat().st_mtime_ns
    first.write_bytes(first.read_bytes() + b"")  # same bytes, a new mtime if it were rewritten
    kept_at = first.stat().st_mtime_ns

    [again] = briefing.write_briefings(snapshot, folder, [".xlsx"], ["430202"])
    assert again == first and again.stat().st_mtime_ns == kept_at
    assert json.loads((tmp_path / "briefings.fingerprints.json").read_text()) == {
        "430202_2022.xlsx": hashlib.sha256(
            repr(briefing.compose(snapshot, region="430202")).encode()
        ).hexdigest()
    }
    assert written_at <= kept_at

    # A briefing written from other figures (here: a fingerprint that does not match) is
    # replaced; so is a missing file.
    (tmp_path / "briefings.fingerprints.json").write_text('{"430202_2022.xlsx": "other"}')
    first.write_bytes(b"stale")
    briefing.write_briefings(snapshot, folder, [".xlsx"], ["430202"])
    assert first.read_bytes().startswith(b"PK")
    first.unlink()
    briefing.write_briefings(snapshot, folder, [".xlsx"], ["430202"])
    assert openpyxl.load_workbook(first)["概况"] is not None
