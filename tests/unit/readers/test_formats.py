"""The format layer: sniffing from bytes, text encodings and delimiters, every sheet, xls, docx."""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

import docx
import openpyxl
import pytest
import xlwt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.readers import formats
from flows.readers.formats import (
    Document,
    FileRefused,
    Paragraph,
    Sheet,
    read_document,
    sniff,
    spread_merged,
)
from tests.data import real_drops
from tests.data.real_drops import REFUSED


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every real-layout fixture drop, written once for this module."""
    return real_drops.write_all(tmp_path_factory.mktemp("real_drops"))


@pytest.fixture(scope="module")
def drops(written: dict[str, Path]) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in written.items()}


def read(drops: dict[str, bytes], name: str) -> Document:
    return read_document(name, drops[name])


# ---- sniffing ---------------------------------------------------------------------------------

SNIFFED = {
    "bureau_notes_sheet.xlsx": "xlsx",
    "bureau_month_ytd.csv": "text",
    "city_districts.xlsx": "xlsx",
    "progress_departments.xlsx": "xlsx",
    "bureau.xls": "xls",
    "bureau_xls_named.xlsx": "xls",
    "unicode_export.txt": "text",
    "bulletin_2022.docx": "docx",
    "empty.csv": "empty",
    "photo.xlsx": "image",
    "scan.csv": "pdf",
    "bundle.zip": "archive",
    "old_word.doc": "doc",
    "inflating.xlsx": "xlsx",
    "billion_laughs.xlsx": "xlsx",
    "truncated.xlsx": "damaged",
    "~$x.xlsx": "other_binary",
}


@pytest.mark.parametrize("name", sorted(SNIFFED))
def test_every_fixture_sniffs_as_what_it_is(drops: dict[str, bytes], name: str) -> None:
    assert sniff(drops[name]) == SNIFFED[name]


def test_the_name_never_decides(drops: dict[str, bytes]) -> None:
    as_csv = read_document("bureau.csv", drops["bureau.xls"])
    as_xlsx = read_document("bureau.xlsx", drops["bureau.xls"])
    assert as_csv.format == as_xlsx.format == "xls"
    assert as_csv.sheets == as_xlsx.sheets
    with pytest.raises(FileRefused) as refused:
        read_document("report.xlsx", drops["scan.csv"])
    assert refused.value.kind == "pdf"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image"),
        (b"GIF89a\x01\x00\x01\x00", "image"),
        (b"BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00", "image"),
        (b"II*\x00\x08\x00\x00\x00", "image"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image"),
        (b"7z\xbc\xaf\x27\x1c\x00\x04", "archive"),
        (b"Rar!\x1a\x07\x01\x00", "archive"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "archive"),
        (b"\x00\x01\x02\x03binary\x00", "other_binary"),
        ("BMI,体重\r\n1,2\r\n".encode(), "text"),  # "BM" alone is no bitmap
        ("荷塘区,1\n".encode("utf-16-be"), "other_binary"),  # UTF-16 without BOM: NULs
        (codecs.BOM_UTF16_BE + "荷塘区,1\n".encode("utf-16-be"), "text"),
    ],
)
def test_sniff_by_magic_bytes(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("parts", "kind", "words"),
    [
        ({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}, "archive", ".ods"),
        ({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\0"}, "archive", ".xlsb"),
        ({"report.csv": "指标,1".encode()}, "archive", "ZIP"),
    ],
)
def test_other_zips_are_refused_with_what_they_are(
    parts: dict[str, bytes], kind: str, words: str
) -> None:
    with pytest.raises(FileRefused) as refused:
        read_document("drop.xlsx", _zip(parts))
    assert (refused.value.kind, words in refused.value.message_en) == (kind, True)


@pytest.mark.parametrize(
    ("stream", "kind", "words"),
    [
        ("EncryptedPackage", "ole_other", "password"),
        ("PowerPoint Document", "ole_other", "PowerPoint"),
        ("Book", "xls", None),  # BIFF5 workbooks name their stream "Book"
    ],
)
def test_ole2_files_are_told_apart_by_their_streams(
    stream: str, kind: str, words: str | None
) -> None:
    data = real_drops.ole_with_stream(stream)
    assert sniff(data) == kind
    if words is not None:
        with pytest.raises(FileRefused) as refused:
            read_document("drop.xls", data)
        assert words in refused.value.message_en


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_bad_fixtures_are_refused_in_both_languages(drops: dict[str, bytes], name: str) -> None:
    with pytest.raises(FileRefused) as refused:
        read(drops, name)
    error = refused.value
    assert error.kind == REFUSED[name]
    assert error.reason("en").startswith(f"{name}: ")
    assert error.reason("zh").startswith(f"文件 {name}：")
    assert re.search(r"[\u4e00-\u9fff]", error.message_zh)


def test_refusal_messages_say_what_was_found(drops: dict[str, bytes]) -> None:
    messages = {}
    for name in ("photo.xlsx", "old_word.doc", "inflating.xlsx", "billion_laughs.xlsx"):
        with pytest.raises(FileRefused) as refused:
            read(drops, name)
        messages[name] = (refused.value.message_en, refused.value.message_zh)
    assert messages["photo.xlsx"] == (
        "an image (PNG), not a table or document this system reads",
        "这是图片（PNG），不是本系统能读取的表格或文档",
    )
    assert messages["old_word.doc"][0] == "an old Word .doc (Word 97-2003): save it as .docx"
    assert messages["inflating.xlsx"] == (
        "a workbook whose parts would inflate to 288 MB, above the 100 MB limit; "
        "refused before expanding",
        "工作簿解压后将达 288 MB，超过 100 MB 上限，未解压即拒收",
    )
    assert "DOCTYPE/ENTITY" in messages["billion_laughs.xlsx"][0]


# ---- text -----------------------------------------------------------------------------------

TABLE = [["指标名称", "计量单位", "1-3月"], ["地区生产总值", "亿元", "98.52"]]


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda text: text.encode("utf-8"), "utf-8"),
        (lambda text: text.encode("utf-8-sig"), "utf-8-sig"),
        (lambda text: text.encode("gbk"), "gb18030"),
        (lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "utf-16"),
        (lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16"),
    ],
)
def test_text_encodings_from_the_bytes(encode: Callable[[str], bytes], encoding: str) -> None:
    document = read_document(
        "drop.txt", encode("指标名称,计量单位,1-3月\r\n地区生产总值,亿元,98.52\r\n")
    )
    assert (document.format, document.encoding) == ("text", encoding)
    assert document.sheets == [Sheet(None, TABLE)]
    assert [p.text for p in document.paragraphs][0] == "指标名称,计量单位,1-3月"


def test_gbk_fixture_reads_as_gb18030_with_its_dashes(drops: dict[str, bytes]) -> None:
    document = read(drops, "bureau_month_ytd.csv")
    assert (document.encoding, document.delimiter) == ("gb18030", ",")
    rows = document.sheets[0].rows
    assert rows[3] == ["固定资产投资(亿元)", "―", "―", "－", "6.5"]
    assert rows[6][3] == "198,765"  # a quoted thousands separator stays in its cell
    assert rows[7][0] == "\u3000\u3000其中：税收收入(万元)"  # full-width indentation kept


def test_utf16_unicode_text_export(drops: dict[str, bytes]) -> None:
    document = read(drops, "unicode_export.txt")
    assert (document.encoding, document.delimiter) == ("utf-16", "\t")
    rows = document.sheets[0].rows
    assert len(rows) == 6  # the two-line cell is one spreadsheet row
    assert rows[2][5] == '区人社局"快报"'  # doubled quotes undone
    assert rows[3] == [
        "430202",
        "新增区域性股权挂牌企业",
        "2022-09",
        "2",
        "家",
        "区金融办\n（湖南股交所）",
    ]


@pytest.mark.parametrize(
    ("lines", "delimiter"),
    [
        (
            [
                "荷塘区2022年1-3月主要经济指标",
                "指标,单位,1-3月",
                "地区生产总值,亿元,98.52",
                "注：初步数",
            ],
            ",",
        ),
        (
            [
                "标题",
                "指标\t单位\t完成情况",
                "新增城镇就业\t人\t1,260（超额完成）",
                "新增市场主体\t户\t2,050",
            ],
            "\t",
        ),
        (["指标;单位;1-3月", "地区生产总值;亿元;98,52"], ";"),
        (["只有一列", "第二行"], ","),
    ],
)
def test_delimiter_is_the_one_with_consistent_columns(lines: list[str], delimiter: str) -> None:
    document = read_document("drop.csv", "\r\n".join(lines).encode())
    assert document.delimiter == delimiter
    assert document.sheets[0].rows[1] == lines[1].split(delimiter)


def test_utf16_tie_prefers_tab_and_blank_rows_are_kept() -> None:
    data = codecs.BOM_UTF16_LE + "标题\r\n\r\n指标\r\n".encode("utf-16-le")
    document = read_document("export.txt", data)
    assert document.delimiter == "\t"
    assert document.sheets[0].rows == [["标题"], [], ["指标"]]
    assert document.paragraphs == [Paragraph("标题", None, 0), Paragraph("指标", None, 2)]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (codecs.BOM_UTF8 + b" \r\n", "empty"),
        (codecs.BOM_UTF16_LE + "指标".encode("utf-16-le") + b"\x00", "unreadable"),  # odd length
    ],
)
def test_text_with_nothing_to_read_is_refused(data: bytes, kind: str) -> None:
    with pytest.raises(FileRefused) as refused:
        read_document("drop.csv", data)
    assert refused.value.kind == kind


def test_malformed_csv_names_the_row() -> None:
    data = ("指标,值\r\n" + "地区生产总值,1\r\n" + '"' + "长" * 140_000).encode()
    with pytest.raises(FileRefused) as refused:
        read_document("drop.csv", data)
    assert (refused.value.kind, refused.value.row) == ("unreadable", 3)


# ---- xlsx ------------------------------------------------------------------------------------


def test_every_sheet_of_the_notes_workbook(drops: dict[str, bytes]) -> None:
    document = read(drops, "bureau_notes_sheet.xlsx")
    assert document.format == "xlsx"
    assert [(s.name, s.position, s.hidden) for s in document.sheets] == [
        ("说明", 0, False),
        ("主要指标", 1, False),
        ("Sheet3", 2, False),
    ]
    notes, table, empty = document.sheets
    assert notes.rows[1] == [] and notes.rows[6] == ["联系科室：区统计局综合股"]
    assert empty.rows == []
    assert table.rows[:4] == [
        ["荷塘区2022年1-9月主要经济指标（合成测试数据）"],
        ["指标名称", "计量单位", "1-9月", "", "上年同期", "全市排位"],
        ["", "", "绝对量", "比上年同期增长(%)"],
        ["地区生产总值", "亿元", "318.75", "7.1", "297.62", "3"],
    ]
    assert table.rows[6] == ["社会消费品零售总额", "亿元", "152.36", "7.3%", "141.99", "4"]
    assert table.rows[7][0] == "  其中：限额以上社会消费品零售总额"
    assert table.rows[-1] == ["数据来源：区统计局"]
    assert sorted(table.merged) == [
        (0, 0, 0, 5), (1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 3), (1, 4, 2, 4), (1, 5, 2, 5),
    ]  # fmt: skip


def _xlsx(rows: list[list[object]], formats_by_cell: dict[str, str] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for ref, number_format in (formats_by_cell or {}).items():
        sheet[ref].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_values_as_displayed() -> None:
    row = [430202, 12.0, 98.52, 0.085, None, date(2022, 3, 31), datetime(2022, 4, 1, 8, 30)]
    data = _xlsx([[*row, True, " x ", "=SUM(A1:B1)", None]], {"D1": "0.0%"})
    # openpyxl saves no computed value, so the formula reads as empty, never as its text.
    assert read_document("d.xlsx", data).sheets[0].rows == [
        ["430202", "12", "98.52", "8.5%", "", "2022-03-31", "2022-04-01 08:30:00", "TRUE", " x "]
    ]


def test_xlsx_with_a_wrong_stored_dimension_is_read_whole() -> None:
    data = _xlsx([["指标", "值"], ["地区生产总值", 98.52], ["固定资产投资", 9.1]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', content)
            target.writestr(entry, content)
    assert read_document("d.xlsx", out.getvalue()).sheets[0].rows[2] == ["固定资产投资", "9.1"]


def test_hidden_sheets_are_read_and_marked() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["可见"])
    hidden = workbook.create_sheet("中间计算")
    hidden.append(["隐藏"])
    hidden.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheets = read_document("d.xlsx", buffer.getvalue()).sheets
    assert [(s.name, s.rows, s.hidden) for s in sheets] == [
        ("Sheet", [["可见"]], False),
        ("中间计算", [["隐藏"]], True),
    ]


def test_spread_merged_fills_group_headers(drops: dict[str, bytes]) -> None:
    table = read(drops, "bureau_notes_sheet.xlsx").sheets[1]
    header = spread_merged(table.rows, table.merged)[1:3]
    assert header == [
        ["指标名称", "计量单位", "1-9月", "1-9月", "上年同期", "全市排位"],
        ["指标名称", "计量单位", "绝对量", "比上年同期增长(%)", "上年同期", "全市排位"],
    ]
    assert table.rows[2] == ["", "", "绝对量", "比上年同期增长(%)"]  # the input is untouched


def test_spread_merged_clips_ranges_to_the_table() -> None:
    rows = [["标题"], ["a", "b"]]
    assert spread_merged(rows, [(0, 0, 0, 16383), (1, 1, 5, 1), (9, 0, 9, 3)]) == [
        ["标题", "标题"],
        ["a", "b"],
    ]


# ---- xls -------------------------------------------------------------------------------------


def test_xls_cells_sheets_and_merges(drops: dict[str, bytes]) -> None:
    document = read(drops, "bureau.xls")
    assert (document.format, [s.name for s in document.sheets]) == ("xls", ["主要指标", "Sheet2"])
    sheet = document.sheets[0]
    assert sheet.merged == [(0, 0, 0, 3)]
    assert sheet.rows[:3] == [
        ["荷塘区2022年1-6月主要经济指标（合成测试数据）"],
        ["指标名称", "计量单位", "1-6月", "比上年同期增长(%)"],
        ["地区生产总值", "亿元", "206.37", "5.9"],
    ]
    assert sheet.rows[5] == ["社会消费品零售总额", "亿元", "98.45", "6.9%"]  # percent format
    assert sheet.rows[6] == ["地方一般公共预算收入", "万元", "132456", "7.2"]  # no ".0"
    assert sheet.rows[7] == ["城镇调查失业率", "%", "5.4"]
    assert sheet.rows[10] == ["注：本表为初步统计数，报送日期：", "2022-07-15"]
    assert document.sheets[1].rows == []


def test_xls_booleans_times_and_hidden_sheets() -> None:
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("表")
    sheet.write(0, 0, True)
    sheet.write(0, 1, time(8, 30), xlwt.easyxf(num_format_str="hh:mm"))
    sheet.write(0, 3, 0.5)
    hidden = workbook.add_sheet("隐藏")
    hidden.visibility = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    document = read_document("d.xls", buffer.getvalue())
    assert document.sheets[0].rows == [["TRUE", "08:30:00", "", "0.5"]]
    assert [s.hidden for s in document.sheets] == [False, True]


# ---- docx ------------------------------------------------------------------------------------


def test_docx_paragraphs_with_styles_and_tables_in_order(drops: dict[str, bytes]) -> None:
    document = read(drops, "bulletin_2022.docx")
    assert document.format == "docx"
    first = document.paragraphs[:4]
    assert [(p.text, p.style) for p in first] == [
        ("荷塘区2022年国民经济和社会发展统计公报（合成测试数据）", "Title"),
        ("荷塘区统计局", "Normal"),
        ("2023年3月20日", "Normal"),
        ("一、综合", "Heading 1"),
    ]
    assert document.paragraphs[4].text.startswith("初步核算，全年地区生产总值441.26亿元")
    [table] = document.sheets
    assert (table.name, table.merged) == ("表1", [(0, 0, 0, 3)])
    assert table.rows[:3] == [
        ["2022年重点民生指标完成情况"],
        ["指标", "单位", "全年目标", "累计完成"],
        ["新增城镇就业", "人", "8800", "9120"],
    ]
    blocks = document.blocks()
    before, after = blocks[blocks.index(table) - 1], blocks[blocks.index(table) + 1]
    assert isinstance(before, Paragraph) and before.text.startswith("表1")
    assert isinstance(after, Paragraph) and after.text.startswith("注：")


def test_docx_merged_cells_are_deduplicated() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "合并表头"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "纵向"
    table.cell(1, 1).text, table.cell(2, 1).text, table.cell(2, 2).text = "a", "b", "c"
    buffer = io.BytesIO()
    document.save(buffer)
    [sheet] = read_document("d.docx", buffer.getvalue()).sheets
    assert sheet.rows == [["合并表头"], ["纵向", "a"], ["", "b", "c"]]
    assert sheet.merged == [(0, 0, 0, 2), (1, 0, 2, 0)]


# ---- nothing escapes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("library", "function", "name", "kind"),
    [
        (formats.openpyxl, "load_workbook", "city_districts.xlsx", "xlsx"),
        (formats.xlrd, "open_workbook", "bureau.xls", "xls"),
        (formats.docx, "Document", "bulletin_2022.docx", "docx"),
    ],
)
def test_an_error_inside_a_reader_becomes_a_refusal(
    drops: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    library: object,
    function: str,
    name: str,
    kind: str,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("xl/sharedStrings.xml")

    monkeypatch.setattr(library, function, broken)
    with pytest.raises(FileRefused) as refused:
        read(drops, name)
    assert refused.value.kind == "unreadable"
    assert refused.value.message_en == f"cannot be read as {kind}: KeyError: 'xl/sharedStrings.xml'"
    assert refused.value.message_zh == f"无法按 {kind} 格式读取：KeyError: 'xl/sharedStrings.xml'"


FUZZED = [
    "bureau_notes_sheet.xlsx",
    "bureau.xls",
    "bulletin_2022.docx",
    "bureau_month_ytd.csv",
    "unicode_export.txt",
]


def _flip(data: bytes, draw: st.DrawFn) -> bytes:
    flipped = bytearray(data)
    for _ in range(draw(st.integers(1, 8)) if data else 0):
        flipped[draw(st.integers(0, len(data) - 1))] ^= 1 << draw(st.integers(0, 7))
    return bytes(flipped)


def _flip_inside_a_part(data: bytes, draw: st.DrawFn) -> bytes:
    """A zip re-packed with bits flipped in one part, so the damage reaches the XML parsers."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {entry.filename: source.read(entry) for entry in source.infolist()}
    name = draw(st.sampled_from(sorted(parts)))
    parts[name] = _flip(parts[name], draw)
    return _zip(parts)


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """data cut short, with bits flipped (in a zip: inside one part too), or random after 8 bytes."""
    ways = ["truncate", "flip", "random"] + (["part"] if data.startswith(b"PK") else [])
    how = draw(st.sampled_from(ways))
    if how == "truncate":
        return data[: draw(st.integers(0, len(data) - 1))]
    if how == "random":
        return data[:8] + draw(st.binary(max_size=2048))
    if how == "part":
        return _flip_inside_a_part(data, draw)
    return _flip(data, draw)


@pytest.mark.parametrize("name", FUZZED)
def test_damaged_bytes_give_a_document_or_a_refusal(drops: dict[str, bytes], name: str) -> None:
    @settings(
        max_examples=50,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(damaged(drops[name]))
    def check(data: bytes) -> None:
        try:
            document = read_document(name, data)
        except FileRefused as refused:
            assert refused.kind and refused.message_en and refused.message_zh
        else:
            assert isinstance(document, Document)

    check()


def test_fixtures_carry_their_publication_mtime(written: dict[str, Path]) -> None:
    order = sorted(real_drops.EXPECTED, key=lambda name: written[name].stat().st_mtime)
    assert order[0] == "bureau_xls_named.xlsx" and order[-1] == "bulletin_2022.docx"
    assert datetime.fromtimestamp(written["bureau.xls"].stat().st_mtime, real_drops.CST) == (
        datetime(2022, 7, 15, 9, tzinfo=real_drops.CST)
    )


def test_fixture_inventory_is_complete(written: dict[str, Path]) -> None:
    tables = set(real_drops.EXPECTED)
    assert set(written) == tables | set(REFUSED) | set(real_drops.IGNORED)
    assert tables.isdisjoint(REFUSED) and set(real_drops.FINDINGS) <= tables
    for observations in real_drops.EXPECTED.values():
        assert observations and all(isinstance(value, int | float) for *_, value in observations)


@pytest.mark.parametrize(
    "write", [real_drops.bureau_notes_sheet, real_drops.bulletin, real_drops.unicode_export]
)
def test_fixture_writers_are_deterministic(write: Callable[[], bytes]) -> None:
    assert write() == write()


MILESTONES = {"culture_center_library", "world_trade_plaza_3", "area_601_renovation"}
MILESTONES |= {"school_expansions"}


@pytest.mark.parametrize("name", sorted(real_drops.EXPECTED))
def test_every_expected_figure_is_written_in_its_file(drops: dict[str, bytes], name: str) -> None:
    """A self-check of EXPECTED: each value is in the file as written (万元, index, sign aside)."""
    document = read(drops, name)
    texts = [cell for sheet in document.sheets for row in sheet.rows for cell in row]
    texts += [paragraph.text for paragraph in document.paragraphs]
    numbers = {
        round(float(match.replace(",", "")), 4)
        for text in texts
        for match in re.findall(r"-?\d[\d,]*(?:\.\d+)?", text)
    }
    for region, code, period, value in real_drops.EXPECTED[name]:
        if code in MILESTONES:  # 1 or 0 from a status word (已建成, 正在推进 …)
            continue
        forms = {round(value, 4), round(abs(value), 4), round(value * 10_000, 4)}
        forms |= {round(value + 100, 4), round(value / 100, 4)}  # price index; percent cell
        assert forms & numbers, (region, code, period, value)
