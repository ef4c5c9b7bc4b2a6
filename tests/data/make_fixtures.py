"""Write the small fixture drops under tests/data/drops/ (run once; the output is committed).

Each layout is written as UTF-8, UTF-8 with BOM, GBK (real GBK bytes) and an .xlsx whose title
sits in a merged first row. Content: the SPEC §4.2 and §4.3 example tables verbatim, and a small
long-layout table. Run: .venv/bin/python tests/data/make_fixtures.py
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

DROPS = Path(__file__).parent / "drops"

BUREAU = [
    ["荷塘区2022年1-3月主要经济指标"],
    ["指标名称", "计量单位", "1-3月", "比上年同期增长(%)"],
    ["地区生产总值", "亿元", "98.52", "6.3"],
    ["规模以上工业增加值", "亿元", "", "8.9"],
    ["固定资产投资", "亿元", "", "9.1"],
    ["社会消费品零售总额", "亿元", "45.67", "7.8"],
    ["地方一般公共预算收入", "万元", "61234", "10.2"],
    ["城镇调查失业率", "%", "5.2", ""],
    ["居民消费价格指数(上年同期=100)", "", "102.1", ""],
    ["全体居民人均可支配收入", "元", "12345", "7.5"],
]
PROGRESS = [
    ["荷塘区2022年重点工作任务完成情况(截至3月底)"],
    ["指标", "单位", "全年目标", "累计完成"],
    ["新增城镇就业", "人", "8800", "2310"],
    ["新增市场主体", "户", "8500", "2050"],
]
LONG = [
    ["region_code", "indicator", "period", "value", "unit", "as_of", "source"],
    ["430202", "gdp_growth", "2022-Q1", "6.3", "%", "2022-04-20", "区统计局"],
    ["430202", "新增城镇就业", "2022-03", "2310", "人", "2022-04-10", "区人社局,快报"],
    ["430202", "industrial_va_growth", "2022-3", "8.9", "%", "", ""],
    ["430202", "grain_output_assigned", "2022", "52000", "吨", "", ""],
]
LONG_TITLE = ["荷塘区2022年统计数据(长表)"]


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def typed(text: str) -> str | int | float | None:
    """A cell as a person would type it into Excel: numbers become numbers."""
    if text == "":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def write_xlsx(path: Path, title: list[str], rows: list[list[str]]) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(title)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for row in rows:
        sheet.append([typed(text) for text in row])
    workbook.save(path)


def write_layout(
    name: str, csv_rows: list[list[str]], title: list[str], body: list[list[str]]
) -> None:
    """csv_rows in three encodings; title (merged over the table's width) and body as .xlsx."""
    text = csv_text(csv_rows)
    (DROPS / f"{name}_utf8.csv").write_bytes(text.encode("utf-8"))
    (DROPS / f"{name}_utf8_bom.csv").write_bytes(text.encode("utf-8-sig"))
    (DROPS / f"{name}_gbk.csv").write_bytes(text.encode("gbk"))
    write_xlsx(DROPS / f"{name}.xlsx", title, body)


def main() -> None:
    DROPS.mkdir(exist_ok=True)
    write_layout("bureau", BUREAU, BUREAU[0], BUREAU[1:])
    write_layout("progress", PROGRESS, PROGRESS[0], PROGRESS[1:])
    # The long csv drops have no title (header on row 1); the long .xlsx has one, merged.
    write_layout("long", LONG, LONG_TITLE, LONG)


if __name__ == "__main__":
    main()
