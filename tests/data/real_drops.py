"""Fixture drops laid out the way Chinese statistics bureaus and departments really publish them.

Every figure here is invented (each title carries "（合成测试数据）"). `write_all(folder)` writes
them with the real writers (openpyxl, xlwt, python-docx, plain bytes), deterministically, each
with a fixed mtime (09:00 CST on its publication day, so mtime order is publication order), in
about 1 s (most of it the inflating workbook). What each file must give under SPEC §4:

- EXPECTED: file → observations (region_code, indicator_code, period, value), units converted to
  the catalog's (expectations/catalog/hetang_2022.yaml: 万元 → 亿元 for budget_revenue etc.);
- FINDINGS: file → (indicator_code, what) the ingest should report without failing the file;
- REFUSED: file → FileRefused.kind of flows.readers.formats (whatever the file's name says);
- IGNORED: file → "skip" (Office lock and hidden files: no ledger row) or "wait" (still being
  written: left for a later run).

The traps, by file:
- bureau_notes_sheet.xlsx: a notes sheet "说明" first, the table on sheet "主要指标", an empty
  "Sheet3"; a title merged across; a two-row header (指标名称 and 计量单位 merged down, "1-9月"
  merged over 绝对量 | 比上年同期增长(%)); a 上年同期 column (last year's level: no observation)
  and a 全市排位 rank column; sub-items "  其中：…" that must not stand for their parent; a
  growth stored as 0.073 with format 0.0% (shows "7.3%"); 万元 → 亿元; notes rows at the bottom.
- bureau_month_ytd.csv (GBK, CRLF): 本月 | 比去年同月增长(%) | 1-本月 | 比去年同期增长(%); the
  period comes from "2022年9月" and the observation is the 1-本月 column, except 城镇调查失业率,
  a point indicator, which takes the month (5.2, not the 1-9月 average 5.4); the price index's
  1-本月 column is its average (102.4 → cpi_increase 2.4); units in row labels, with ASCII and
  full-width parentheses; "#" and full-width-space "其中：" sub-items; "198,765" with a
  thousands separator; empty cells written ―, －, ——, –, / and 无.
- city_districts.xlsx: regions as rows (全市 = 株洲市 430200), indicators as columns with units
  in the headers; a tie in 固定资产投资增速 (芦淞区 and 天元区, 8.3); one missing cell "—".
- progress_departments.xlsx: 序号 | 工作任务 | 单位 | 全年目标 | 完成情况 | 责任单位 | 备注; section
  rows "一、经济发展" merged across (no task); completion written as text ("完成7336人，完成率
  83.4%" → 7336); a stated target (80) that differs from the catalog (70): a finding; milestone
  rows whose 全年目标 is a word ("年内建成", no figure, no finding) and whose completion is a
  status word (已建成 → 1, 正在推进 → 0, 已启动 → 1, 主体完工 → 0; the 备注 "正在装修" is not it).
- bureau.xls, bureau_xls_named.xlsx: Excel 97-2003 files (the second under an .xlsx name) in the
  §4.2 layout, with a merged title, a percent-formatted growth and a date cell in a notes row.
- unicode_export.txt: Excel "Unicode text": UTF-16 LE with BOM, tab-separated, CRLF, a cell with
  doubled quotes and a quoted cell spanning two lines (one spreadsheet row); long layout with a
  Chinese indicator name and a 万元 figure for a 亿元 indicator.
- bulletin_2022.docx: 统计公报 prose under headings; GDP growth 7.6 (not 第二产业's 7.8); parts
  (其中/分行业/第一产业 …) that never feed the whole, though 城镇/农村居民人均可支配收入 are catalog
  indicators of their own and do load; "下降2.4%" is −2.4 for 进出口总额 (a growth) but +2.4 for
  单位地区生产总值能耗下降 (energy_intensity_decline *is* the decline, so "fell 2.4%" means a
  decline of 2.4); a sentence naming 粮食总产量 without a figure (a finding); a small table in
  the §4.3 progress layout under a merged title row.
- Bad files: see REFUSED and IGNORED. old_word.doc is an xlwt-written OLE2 file whose "Workbook"
  directory entry is renamed "WordDocument" (name field and its length rewritten in place), which
  is what tells a Word 97-2003 file from a workbook. inflating.xlsx is a real workbook whose
  sheet part is 288 MB of one repeated row, streamed through zlib, so the file is about 1 MB:
  the case that once took 4 GB and failed a whole night.

Run `python tests/data/real_drops.py OUT_DIR` to look at the files.
"""

from __future__ import annotations

import csv
import io
import os
import re
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import docx
import openpyxl
import xlwt
from openpyxl.styles import Alignment

LABEL = "（合成测试数据）"
CST = timezone(timedelta(hours=8))
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
HETANG = "430202"

Observation = tuple[str, str, str, float]
Rows = list[list[object]]


def _observations(region: str, period: str, values: dict[str, float]) -> list[Observation]:
    return [(region, code, period, value) for code, value in values.items()]


# ---- 1. bureau_notes_sheet.xlsx -------------------------------------------------------------

NOTES_SHEET = [
    ["荷塘区统计局月度统计报表说明" + LABEL],
    [],
    ["1. 本报表为荷塘区2022年1-9月主要经济指标，数据为初步统计数，以正式公布为准。"],
    ["2. 地区生产总值为季度核算数据，增速按可比价格计算。"],
    ["3. 规模以上工业统计范围为年主营业务收入2000万元及以上的工业法人单位。"],
    [],
    ["联系科室：区统计局综合股"],
]
NOTES_TITLE = "荷塘区2022年1-9月主要经济指标" + LABEL
NOTES_HEADER: Rows = [
    ["指标名称", "计量单位", "1-9月", None, "上年同期", "全市排位"],
    [None, None, "绝对量", "比上年同期增长(%)", None, None],
]
NOTES_BODY: Rows = [
    ["地区生产总值", "亿元", 318.75, 7.1, 297.62, 3],
    ["规模以上工业增加值", "亿元", "—", 8.8, "—", 2],
    ["固定资产投资", "亿元", "—", 6.5, "—", 5],
    ["社会消费品零售总额", "亿元", 152.36, 0.073, 141.99, 4],  # 0.073 shown as 7.3% (format)
    ["  其中：限额以上社会消费品零售总额", "亿元", 61.08, 9.6, 55.73, "—"],
    ["地方一般公共预算收入", "万元", 198765, 7.5, 184898, 6],
    ["  其中：税收收入", "万元", 143210, 6.9, 133967, "—"],
    ["城镇调查失业率", "%", 5.2, "—", 5.1, "—"],
    ["居民消费价格指数(上年同期=100)", None, 102.4, "—", 101.0, "—"],
    ["全体居民人均可支配收入", "元", 39472, 6.4, 37098, 4],
    ["进出口总额", "亿元", 12.5, -2.4, 12.81, 7],
    ["工业用电量", "万千瓦时", 45678, 5.1, 43461, "—"],
    [],
    ["注：1. 本表数据为初步统计数。"],
    ["2. 地区生产总值增速按可比价格计算。"],
    ["数据来源：区统计局"],
]


def bureau_notes_sheet() -> bytes:
    """Notes sheet first, then the table with a two-row merged header, then an empty sheet."""
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "说明"
    for line in NOTES_SHEET:
        notes.append(line)
    table = workbook.create_sheet("主要指标")
    table.append([NOTES_TITLE])
    for row in NOTES_HEADER + NOTES_BODY:
        table.append(row)
    for cells in ("A1:F1", "A2:A3", "B2:B3", "C2:D2", "E2:E3", "F2:F3"):
        table.merge_cells(cells)
    table["A1"].alignment = Alignment(horizontal="center")
    table["D7"].number_format = "0.0%"
    table["C9"].number_format = table["E9"].number_format = "#,##0"
    workbook.create_sheet("Sheet3")
    return _workbook_bytes(workbook, date(2022, 10, 20))


# ---- 2. bureau_month_ytd.csv (GBK) -----------------------------------------------------------

MONTH_YTD = [
    ["荷塘区2022年9月主要经济指标" + LABEL],
    ["项目", "本月", "比去年同月增长(%)", "1-本月", "比去年同期增长(%)"],
    ["规模以上工业增加值(亿元)", "12.31", "9.5", "98.76", "8.8"],
    ["固定资产投资(亿元)", "―", "―", "－", "6.5"],
    ["社会消费品零售总额（亿元）", "17.85", "6.8", "152.36", "7.3"],
    ["#限额以上社会消费品零售总额（亿元）", "7.12", "8.9", "61.08", "9.6"],
    ["地方一般公共预算收入(万元)", "21345", "4.2", "198,765", "7.5"],
    ["　　其中：税收收入(万元)", "15321", "3.8", "143,210", "6.9"],
    ["城镇调查失业率(%)", "5.2", "——", "5.4", "——"],
    ["居民消费价格指数(上年同期=100)", "102.8", "/", "102.4", "/"],
    ["进出口总额(亿元)", "1.32", "-3.2", "12.5", "-2.4"],
    ["全社会用电量(万千瓦时)", "8765", "无", "76543", "4.3"],
    ["工业用电量(万千瓦时)", "5123", "–", "45678", "5.1"],
    ["注：1-本月为1-9月累计数；城镇调查失业率为当月数。"],
    ["资料来源：荷塘区统计局"],
]


def bureau_month_ytd() -> bytes:
    """Month and year-to-date columns side by side, GBK with CRLF as Excel saves "CSV"."""
    return _csv_bytes(MONTH_YTD, ",").encode("gbk")


# ---- 3. city_districts.xlsx -------------------------------------------------------------------

CITY_TITLE = "株洲市2022年1-10月各县市区主要经济指标" + LABEL
CITY_HEADER = [
    "县市区",
    "规模工业增加值增速(%)",
    "固定资产投资增速(%)",
    "社会消费品零售总额增速(%)",
    "地方一般公共预算收入(万元)",
    "地方一般公共预算收入增速(%)",
]
CITY_CODES = {
    "全市": "430200",
    "荷塘区": "430202",
    "芦淞区": "430203",
    "石峰区": "430204",
    "天元区": "430211",
    "渌口区": "430212",
    "醴陵市": "430281",
    "攸县": "430223",
    "茶陵县": "430224",
    "炎陵县": "430225",
}
CITY_BODY: Rows = [
    ["全市", 8.0, 7.1, 6.9, 2345678, 6.8],
    ["荷塘区", 8.8, 6.6, 7.4, 215432, 7.6],
    ["芦淞区", 7.2, 8.3, 6.1, 198765, 5.9],
    ["石峰区", 9.1, 5.4, 6.5, 176543, 6.2],
    ["天元区", 8.5, 8.3, 7.9, 354321, 8.1],
    ["渌口区", 7.9, 7.7, 6.8, 123456, 7.0],
    ["醴陵市", 8.6, 7.5, 7.1, 412345, 6.6],
    ["攸县", 8.2, 6.9, 6.7, 287654, 7.3],
    ["茶陵县", 7.6, 6.2, 6.3, 165432, 5.5],
    ["炎陵县", 7.4, "—", 6.0, 87654, 4.9],
]
CITY_INDICATORS = [
    ("industrial_va_growth", 1.0),
    ("fai_growth", 1.0),
    ("retail_sales_growth", 1.0),
    ("budget_revenue", 1e-4),  # 万元 → 亿元
    ("budget_revenue_growth", 1.0),
]


def city_districts() -> bytes:
    """A city bureau's comparison table: regions as rows, indicators as columns."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "1-10月"
    sheet.append([CITY_TITLE])
    sheet.merge_cells("A1:F1")
    sheet.append(CITY_HEADER)
    for row in CITY_BODY:
        sheet.append(row)
    sheet.append(["注：全市数据含市本级。"])
    sheet.append(["数据来源：株洲市统计局"])
    return _workbook_bytes(workbook, date(2022, 11, 25))


def _city_observations() -> list[Observation]:
    out = []
    for name, *values in CITY_BODY:
        for (code, scale), value in zip(CITY_INDICATORS, values, strict=True):
            if isinstance(value, int | float):
                out.append((CITY_CODES[str(name)], code, "2022-10", round(value * scale, 4)))
    return out


# ---- 4. progress_departments.xlsx -------------------------------------------------------------

PROGRESS_TITLE = "荷塘区2022年重点工作任务完成情况（截至9月底）" + LABEL
PROGRESS_HEADER = ["序号", "工作任务", "单位", "全年目标", "完成情况", "责任单位", "备注"]
PROGRESS_BODY: Rows = [
    ["一、经济发展"],
    [1, "新增市场主体", "户", 8500, 6912, "区市场监管局", None],
    [2, "新增“四上”企业", "家", 80, "完成52家", "区发改局", "全年目标按区定任务80家"],
    [3, "重点项目年度投资", "亿元", 123, "完成投资98.6亿元，占年度计划的80.2%", "区发改局", None],
    ["二、民生实事"],
    [4, "新增城镇就业", "人", 8800, "完成7336人，完成率83.4%", "区人社局", None],
    [5, "新增机构养老床位", "张", 500, "已完成380张", "区民政局", None],
    [6, "新增义务教育学位", "个", 1200, "1,260（超额完成）", "区教育局", "超额完成"],
    ["三、重点建设项目"],
    [7, "建成区文化馆、图书馆", None, "年内建成", "已建成", "区文旅广体局", None],
    [8, "建成世贸广场三期商业综合体", None, "年内建成", "正在推进", "区住建局", "主体结构施工中"],
    [9, "启动601片区改造项目", None, "年内启动", "已启动", "区住建局", None],
    [10, "完成美的等学校改扩建", None, "年内完成", "主体完工", "区教育局", "正在装修"],
    [],
    ["备注：完成情况截至2022年9月30日。"],
]


def progress_departments() -> bytes:
    """A department's progress table with text completion cells and section rows."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "重点工作"
    sheet.append([PROGRESS_TITLE])
    sheet.append(PROGRESS_HEADER)
    for row in PROGRESS_BODY:
        sheet.append(row)
    sheet.merge_cells("A1:G1")
    for row_number in (3, 7, 11):  # the section rows "一、…" span the table
        sheet.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=7)
    sheet["E4"].number_format = "#,##0"
    return _workbook_bytes(workbook, date(2022, 10, 10))


# ---- 5. bureau.xls and bureau_xls_named.xlsx (Excel 97-2003) --------------------------------

XLS_HALF_YEAR: Rows = [
    ["地区生产总值", "亿元", 206.37, 5.9],
    ["规模以上工业增加值", "亿元", "—", 8.6],
    ["固定资产投资", "亿元", "—", 6.9],
    ["社会消费品零售总额", "亿元", 98.45, 0.069],  # shown as 6.9% (format)
    ["地方一般公共预算收入", "万元", 132456, 7.2],
    ["城镇调查失业率", "%", 5.4, None],
    ["居民消费价格指数(上年同期=100)", None, 103.3, None],
    ["全体居民人均可支配收入", "元", 26318, 5.8],
]
XLS_FIRST_QUARTER: Rows = [
    ["地区生产总值", "亿元", 98.52, 6.3],
    ["规模以上工业增加值", "亿元", None, 8.9],
    ["固定资产投资", "亿元", None, 9.1],
    ["社会消费品零售总额", "亿元", 45.67, 0.078],
    ["地方一般公共预算收入", "万元", 61234, 10.2],
    ["城镇调查失业率", "%", 5.2, None],
    ["居民消费价格指数(上年同期=100)", None, 102.1, None],
    ["全体居民人均可支配收入", "元", 12345, 7.5],
]
PERCENT = xlwt.easyxf(num_format_str="0.0%")
ISO_DATE = xlwt.easyxf(num_format_str="YYYY-MM-DD")


def bureau_xls(months: int, body: Rows, reported: date) -> bytes:
    """A §4.2 bureau table for 1-months月 written by xlwt, as Excel 97-2003 saves it."""
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("主要指标")
    sheet.write_merge(0, 0, 0, 3, f"荷塘区2022年1-{months}月主要经济指标{LABEL}")
    for column, text in enumerate(["指标名称", "计量单位", f"1-{months}月", "比上年同期增长(%)"]):
        sheet.write(1, column, text)
    for index, row in enumerate(body, start=2):
        for column, value in enumerate(row):
            if value is None:
                continue
            # A growth below 1 is a fraction typed into a percent-formatted cell (0.069 → 6.9%).
            percent = column == 3 and isinstance(value, float) and abs(value) < 1
            sheet.write(index, column, value, PERCENT if percent else xlwt.Style.default_style)
    notes = len(body) + 2
    sheet.write(notes, 0, "注：本表为初步统计数，报送日期：")
    sheet.write(notes, 1, reported, ISO_DATE)
    workbook.add_sheet("Sheet2")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---- 6. unicode_export.txt -------------------------------------------------------------------

UNICODE_EXPORT = [
    ["region_code", "indicator", "period", "value", "unit", "source"],
    ["430202", "waste_sorting_coverage", "2022-09", "61.5", "%", "区城管局"],
    ["430202", "新增城镇就业", "2022-09", "7336", "人", '区人社局"快报"'],
    ["430202", "新增区域性股权挂牌企业", "2022-09", "2", "家", "区金融办\n（湖南股交所）"],
    ["430202", "专项债到账资金", "2022-09", "86000", "万元", "区财政局"],
    ["430202", "grain_output_assigned", "2022", "52000", "吨", "区农业农村局"],
]


def unicode_export() -> bytes:
    """Excel's "Unicode text" export: UTF-16 LE with BOM, tabs, CRLF, quotes doubled."""
    return b"\xff\xfe" + _csv_bytes(UNICODE_EXPORT, "\t").encode("utf-16-le")


# ---- 7. bulletin_2022.docx -------------------------------------------------------------------

BULLETIN_TITLE = "荷塘区2022年国民经济和社会发展统计公报" + LABEL
BULLETIN: list[tuple[str, str]] = [
    ("Normal", "荷塘区统计局"),
    ("Normal", "2023年3月20日"),
    ("Heading 1", "一、综合"),
    (
        "Normal",
        "初步核算，全年地区生产总值441.26亿元，比上年增长7.6%。其中，第一产业增加值12.30亿元，"
        "增长3.1%；第二产业增加值178.45亿元，增长7.8%；第三产业增加值250.51亿元，增长7.7%。"
        "三次产业结构调整为2.8:40.4:56.8。",
    ),
    ("Normal", "全年居民消费价格比上年上涨2.1%。年末城镇调查失业率为5.3%。"),
    (
        "Normal",
        "全年单位地区生产总值能耗下降2.4%。全年综合能源消费量48.6万吨标准煤。"
        "全年粮食总产量保持稳定，完成省、市下达的目标任务。",
    ),
    ("Heading 1", "二、工业"),
    (
        "Normal",
        "全年规模以上工业增加值比上年增长9.1%。分行业看，制造业增加值增长9.6%，"
        "电力、热力生产和供应业增加值增长3.2%。",
    ),
    ("Heading 1", "三、固定资产投资"),
    ("Normal", "全年固定资产投资比上年增长6.2%。其中，工业投资增长12.5%，基础设施投资下降3.4%。"),
    ("Heading 1", "四、国内贸易和对外经济"),
    (
        "Normal",
        "全年社会消费品零售总额182.63亿元，比上年增长7.4%。其中，限额以上社会消费品零售总额"
        "73.05亿元，增长9.2%。",
    ),
    ("Normal", "全年进出口总额15.87亿元，比上年下降2.4%。"),
    ("Heading 1", "五、财政"),
    (
        "Normal",
        "全年地方一般公共预算收入26.58亿元，比上年增长7.7%。一般公共预算支出45.12亿元，增长5.3%。",
    ),
    ("Heading 1", "六、人民生活"),
    (
        "Normal",
        "全年全体居民人均可支配收入52846元，比上年增长7.9%。其中，城镇居民人均可支配收入58321元，"
        "增长7.5%；农村居民人均可支配收入31208元，增长8.6%。",
    ),
    ("Normal", "表1  2022年重点民生指标完成情况"),
]
BULLETIN_TABLE = [
    ["指标", "单位", "全年目标", "累计完成"],
    ["新增城镇就业", "人", "8800", "9120"],
    ["新增市场主体", "户", "8500", "8865"],
    ["新增机构养老床位", "张", "500", "526"],
]
BULLETIN_NOTES = [
    "注：本公报数据为初步统计数，部分数据因四舍五入的原因，存在总计与分项合计不等的情况。",
    "资料来源：荷塘区统计局。",
]


def bulletin() -> bytes:
    """A 统计公报: title, headings and prose, a table with a merged title row, notes."""
    document = docx.Document()
    document.add_heading(BULLETIN_TITLE, level=0)
    for style, text in BULLETIN:
        document.add_paragraph(text, style=style)
    table = document.add_table(rows=len(BULLETIN_TABLE) + 1, cols=4)
    table.style = "Table Grid"
    title = table.cell(0, 0).merge(table.cell(0, 3))
    title.text = "2022年重点民生指标完成情况"
    for r, row in enumerate(BULLETIN_TABLE, start=1):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for text in BULLETIN_NOTES:
        document.add_paragraph(text)
    stamp = datetime(2023, 3, 20, 1, 0, 0)
    properties = document.core_properties
    properties.title, properties.author = BULLETIN_TITLE, "荷塘区统计局" + LABEL
    properties.created = properties.modified = stamp
    properties.last_modified_by, properties.revision = "hetang-monitor tests", 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible_zip(buffer.getvalue(), stamp)


# ---- 8. bad files ----------------------------------------------------------------------------


def png_image() -> bytes:
    """A real 2×2 grey PNG (a photo of a table, as some offices send), built from its chunks."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80\x80" * 2, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf_document() -> bytes:
    """A minimal one-page PDF (a scanned report, as some offices send)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def plain_zip() -> bytes:
    """A zip of drops, as a mail attachment often arrives."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("荷塘区2022年9月主要经济指标.csv", date_time=ZIP_EPOCH)
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, bureau_month_ytd())
    return out.getvalue()


def old_word_doc() -> bytes:
    """An old Word .doc as far as its bytes tell: an OLE2 file with a "WordDocument" stream."""
    return ole_with_stream("WordDocument")


def ole_with_stream(name: str) -> bytes:
    """An xlwt-written OLE2 file whose "Workbook" directory entry is renamed to name.

    An OLE2 directory entry is 128 bytes: the name in UTF-16 LE padded to 64 bytes, then its
    length in bytes (including the terminating NUL) as a little-endian 16-bit number. The
    stream names are what tell a Word 97-2003 file, a workbook or an encrypted file apart.
    """
    data = bytearray(bureau_xls(6, XLS_HALF_YEAR, date(2022, 7, 15)))
    entry = data.find("Workbook\0".encode("utf-16-le"))
    assert entry >= 0 and entry % 128 == 0, "xlwt wrote no Workbook directory entry"
    encoded = f"{name}\0".encode("utf-16-le")
    data[entry : entry + 64] = encoded.ljust(64, b"\0")
    data[entry + 64 : entry + 66] = struct.pack("<H", len(encoded))
    return bytes(data)


SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = b"</sheetData></worksheet>"
BOMB_ROW = (
    '<row><c t="inlineStr"><is><t>荷塘区</t></is></c><c><v>12345.6</v></c><c><v>7.8</v></c></row>'
).encode()
BOMB_MB = 288


def inflating_xlsx() -> bytes:
    """A real workbook whose sheet part declares 288 MB of XML yet packs into about 1 MB."""
    base = _base_workbook()
    chunk = BOMB_ROW * (1_000_000 // len(BOMB_ROW))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = _zip_info(entry.filename)
            if entry.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info, source.read(entry.filename))
                continue
            with target.open(info, "w") as part:  # streamed: 288 MB never sits in memory
                part.write(SHEET_START)
                for _ in range(BOMB_MB):
                    part.write(chunk)
                part.write(SHEET_END)
    return out.getvalue()


BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE worksheet [\n  <!ENTITY lol "lol">\n'
    + b"".join(
        b'  <!ENTITY lol%d "%s">\n' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b"]>\n"
    + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    + b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    + SHEET_END
)


def billion_laughs_xlsx() -> bytes:
    """A workbook whose sheet XML nests entities: 10^9 "lol"s if a parser expanded them."""
    with zipfile.ZipFile(io.BytesIO(_base_workbook())) as source:
        parts = {entry.filename: source.read(entry.filename) for entry in source.infolist()}
    parts["xl/worksheets/sheet1.xml"] = BILLION_LAUGHS
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in parts.items():
            target.writestr(_zip_info(name), content)
    return out.getvalue()


def office_lock_file() -> bytes:
    """What Excel leaves as ~$name.xlsx while a workbook is open: the user's name, padded."""
    user = "zhangsan"
    return (
        bytes([len(user)])
        + user.encode("ascii").ljust(53, b" ")
        + struct.pack("<H", len(user))
        + user.encode("utf-16-le").ljust(108, b"\0")
    )


# ---- the inventory ---------------------------------------------------------------------------


def _drops() -> dict[str, tuple[date, Callable[[], bytes]]]:
    """Every fixture: file name → (publication day, writer)."""
    bad_day = date(2022, 10, 21)
    return {
        "bureau_xls_named.xlsx": (
            date(2022, 4, 18),
            lambda: bureau_xls(3, XLS_FIRST_QUARTER, date(2022, 4, 18)),
        ),
        "bureau.xls": (date(2022, 7, 15), lambda: bureau_xls(6, XLS_HALF_YEAR, date(2022, 7, 15))),
        "progress_departments.xlsx": (date(2022, 10, 10), progress_departments),
        "unicode_export.txt": (date(2022, 10, 12), unicode_export),
        "bureau_month_ytd.csv": (date(2022, 10, 18), bureau_month_ytd),
        "bureau_notes_sheet.xlsx": (date(2022, 10, 20), bureau_notes_sheet),
        "city_districts.xlsx": (date(2022, 11, 25), city_districts),
        "bulletin_2022.docx": (date(2023, 3, 20), bulletin),
        "empty.csv": (bad_day, lambda: b""),
        "photo.xlsx": (bad_day, png_image),
        "scan.csv": (bad_day, pdf_document),
        "bundle.zip": (bad_day, plain_zip),
        "old_word.doc": (bad_day, old_word_doc),
        "inflating.xlsx": (bad_day, inflating_xlsx),
        "billion_laughs.xlsx": (bad_day, billion_laughs_xlsx),
        "truncated.xlsx": (bad_day, lambda: city_districts()[: len(city_districts()) // 2]),
        "~$x.xlsx": (bad_day, office_lock_file),
        ".x.csv": (bad_day, bureau_month_ytd),
        "x.csv.part": (bad_day, lambda: bureau_month_ytd()[:200]),
        "x.crdownload": (bad_day, lambda: city_districts()[:1000]),
        "x.tmp": (bad_day, lambda: progress_departments()[:1000]),
    }


EXPECTED: dict[str, list[Observation]] = {
    "bureau_notes_sheet.xlsx": _observations(
        HETANG,
        "2022-09",
        {
            "gdp": 318.75,
            "gdp_growth": 7.1,
            "industrial_va_growth": 8.8,
            "fai_growth": 6.5,
            "retail_sales": 152.36,
            "retail_sales_growth": 7.3,
            "budget_revenue": 19.8765,
            "budget_revenue_growth": 7.5,
            "urban_unemployment_rate": 5.2,
            "cpi_increase": 2.4,
            "disposable_income": 39472,
            "disposable_income_growth": 6.4,
            "imports_exports": 12.5,
            "imports_exports_growth": -2.4,
            "industrial_electricity": 45678,
            "industrial_electricity_growth": 5.1,
        },
    ),
    "bureau_month_ytd.csv": _observations(
        HETANG,
        "2022-09",
        {
            "industrial_va": 98.76,
            "industrial_va_growth": 8.8,
            "fai_growth": 6.5,
            "retail_sales": 152.36,
            "retail_sales_growth": 7.3,
            "budget_revenue": 19.8765,
            "budget_revenue_growth": 7.5,
            "urban_unemployment_rate": 5.2,
            "cpi_increase": 2.4,
            "imports_exports": 12.5,
            "imports_exports_growth": -2.4,
            "total_electricity": 76543,
            "total_electricity_growth": 4.3,
            "industrial_electricity": 45678,
            "industrial_electricity_growth": 5.1,
        },
    ),
    "city_districts.xlsx": _city_observations(),
    "progress_departments.xlsx": _observations(
        HETANG,
        "2022-09",
        {
            "new_market_entities": 6912,
            "new_above_scale_enterprises": 52,
            "key_project_investment": 98.6,
            "new_urban_jobs": 7336,
            "new_elderly_care_beds": 380,
            "new_school_places": 1260,
            "culture_center_library": 1,
            "world_trade_plaza_3": 0,
            "area_601_renovation": 1,
            "school_expansions": 0,
        },
    ),
    "bureau.xls": _observations(
        HETANG,
        "2022-06",
        {
            "gdp": 206.37,
            "gdp_growth": 5.9,
            "industrial_va_growth": 8.6,
            "fai_growth": 6.9,
            "retail_sales": 98.45,
            "retail_sales_growth": 6.9,
            "budget_revenue": 13.2456,
            "budget_revenue_growth": 7.2,
            "urban_unemployment_rate": 5.4,
            "cpi_increase": 3.3,
            "disposable_income": 26318,
            "disposable_income_growth": 5.8,
        },
    ),
    "bureau_xls_named.xlsx": _observations(
        HETANG,
        "2022-03",
        {
            "gdp": 98.52,
            "gdp_growth": 6.3,
            "industrial_va_growth": 8.9,
            "fai_growth": 9.1,
            "retail_sales": 45.67,
            "retail_sales_growth": 7.8,
            "budget_revenue": 6.1234,
            "budget_revenue_growth": 10.2,
            "urban_unemployment_rate": 5.2,
            "cpi_increase": 2.1,
            "disposable_income": 12345,
            "disposable_income_growth": 7.5,
        },
    ),
    "unicode_export.txt": [
        (HETANG, "waste_sorting_coverage", "2022-09", 61.5),
        (HETANG, "new_urban_jobs", "2022-09", 7336),
        (HETANG, "new_equity_listings", "2022-09", 2),
        (HETANG, "special_bond_funds_received", "2022-09", 8.6),
        (HETANG, "grain_output_assigned", "2022", 52000),
    ],
    "bulletin_2022.docx": _observations(
        HETANG,
        "2022",
        {
            "gdp": 441.26,
            "gdp_growth": 7.6,
            "cpi_increase": 2.1,
            "urban_unemployment_rate": 5.3,
            "energy_intensity_decline": 2.4,
            "energy_consumption_total": 48.6,
            "industrial_va_growth": 9.1,
            "fai_growth": 6.2,
            "retail_sales": 182.63,
            "retail_sales_growth": 7.4,
            "imports_exports": 15.87,
            "imports_exports_growth": -2.4,
            "budget_revenue": 26.58,
            "budget_revenue_growth": 7.7,
            "budget_expenditure": 45.12,
            "budget_expenditure_growth": 5.3,
            "disposable_income": 52846,
            "disposable_income_growth": 7.9,
            "urban_disposable_income": 58321,
            "urban_disposable_income_growth": 7.5,
            "rural_disposable_income": 31208,
            "rural_disposable_income_growth": 8.6,
            "new_urban_jobs": 9120,  # from the table
            "new_market_entities": 8865,
            "new_elderly_care_beds": 526,
        },
    ),
}
FINDINGS: dict[str, list[tuple[str, str]]] = {
    "progress_departments.xlsx": [
        ("new_above_scale_enterprises", "stated annual target 80 differs from the catalog's 70")
    ],
    "bulletin_2022.docx": [("grain_output", "named (粮食总产量) but no figure can be read")],
}
REFUSED: dict[str, str] = {
    "empty.csv": "empty",
    "photo.xlsx": "image",
    "scan.csv": "pdf",
    "bundle.zip": "archive",
    "old_word.doc": "doc",
    "inflating.xlsx": "too_large",
    "billion_laughs.xlsx": "entities",
    "truncated.xlsx": "unreadable",
}
IGNORED: dict[str, str] = {
    "~$x.xlsx": "skip",
    ".x.csv": "skip",
    "x.csv.part": "wait",
    "x.crdownload": "wait",
    "x.tmp": "wait",
}


def write_all(folder: Path) -> dict[str, Path]:
    """Write every fixture drop into folder (created if needed); file name → path written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, (published, write) in _drops().items():
        path = folder / name
        path.write_bytes(write())
        stamp = datetime(published.year, published.month, published.day, 9, tzinfo=CST).timestamp()
        os.utime(path, (stamp, stamp))
        written[name] = path
    return written


# ---- writers' plumbing -----------------------------------------------------------------------


def _csv_bytes(rows: list[list[str]], delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _base_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["荷塘区2022年1-9月主要经济指标" + LABEL])
    return _workbook_bytes(workbook, date(2022, 10, 21))


def _workbook_bytes(workbook: openpyxl.Workbook, published: date) -> bytes:
    stamp = datetime(published.year, published.month, published.day, 1, 0, 0)  # 09:00 CST
    workbook.properties.creator = "hetang-monitor tests" + LABEL
    workbook.properties.created = stamp
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _reproducible_zip(buffer.getvalue(), stamp)


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info


def _reproducible_zip(data: bytes, stamp: datetime) -> bytes:
    """Re-zip an Office file: entries dated 1980-01-01, fixed dcterms:created/modified."""
    fixed = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>" + fixed + rb"\g<2>",
                    content,
                )
            target.writestr(_zip_info(entry.filename), content)
    return out.getvalue()


if __name__ == "__main__":
    for written_name, written_path in write_all(Path(sys.argv[1])).items():
        print(f"{written_path.stat().st_size:>10}  {written_name}")
