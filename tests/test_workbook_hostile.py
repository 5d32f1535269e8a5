"""Hostile and broken workbooks are refused before they cost anything, with their own Chinese
message, and the database is unchanged."""

import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import snapshot
from desktop.core.errors import BudgetDeskError
from desktop.services import assets, workbook


@pytest.fixture
def template(tmp_path) -> Path:
    path = tmp_path / "template.xlsx"
    workbook.write_template(2023, path, "T9", "测试局")
    return path


def rebuild(src: Path, dst: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            zout.writestr(name, replace.get(name, zin.read(name)))
    return dst


def first_sheet(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return sorted(n for n in z.namelist() if n.startswith("xl/worksheets/sheet"))[0]


def refused(ws, path: Path, match: str) -> str:
    before = snapshot(ws.path)
    with pytest.raises(BudgetDeskError) as info:
        workbook.preview_workbook(ws, path)  # how fast: bench/hostile_workbooks.py
    message = str(info.value)
    assert match in message, message
    assert "Traceback" not in message and "Error" not in message
    assert snapshot(ws.path) == before
    return message


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""


def test_defusedxml_is_active():
    import openpyxl.xml

    from desktop.export.xlsx_safety import assert_defused

    assert openpyxl.xml.DEFUSEDXML is True
    assert_defused()


def test_billion_laughs(empty, template, tmp_path):
    bad = rebuild(template, tmp_path / "lol.xlsx", {first_sheet(template): BILLION_LAUGHS})
    refused(empty, bad, "不安全的内容")


def test_external_entity(empty, template, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("LEAK-1234", encoding="utf-8")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "{secret.as_uri()}">]>'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           '<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>').encode()
    bad = rebuild(template, tmp_path / "xxe.xlsx", {first_sheet(template): xxe})
    message = refused(empty, bad, "不安全的内容")
    assert "LEAK-1234" not in message


def with_big_sheet(template: Path, bomb: Path, megabytes: int, fill: bytes) -> Path:
    """The template with its first sheet replaced by `megabytes` MB of `fill` (compresses to little)."""
    with zipfile.ZipFile(template) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            if name == first_sheet(template):
                with zout.open(name, "w", force_zip64=True) as member:
                    chunk = fill * (1 << 20)
                    for _ in range(megabytes):
                        member.write(chunk)
            else:
                zout.writestr(name, zin.read(name))
    return bomb


def test_zip_bomb_declared_size(empty, template, tmp_path):
    bomb = with_big_sheet(template, tmp_path / "bomb.xlsx", 310, b"\0")  # about 300 KB compressed
    assert bomb.stat().st_size < 2 * 2**20
    refused(empty, bomb, "解压后过大")


def test_zip_bomb_with_a_faked_small_size(empty, template, tmp_path):
    """The central directory claims 10 bytes; reading stops there and the CRC check fails."""
    data = bytearray(template.read_bytes())
    name = first_sheet(template).encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46:at + 46 + name_len]) == name:
            struct.pack_into("<I", data, at + 24, 10)  # uncompressed size
            break
        at = data.find(b"PK\x01\x02", at + 4)
    assert at >= 0
    bad = tmp_path / "faked.xlsx"
    bad.write_bytes(bytes(data))
    refused(empty, bad, "已损坏")


@pytest.mark.parametrize("name,content,match", [
    ("old.xls", bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600, "旧版 .xls"),
    ("wps.et", bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600, "WPS"),
    ("locked.xlsx", bytes.fromhex("D0CF11E0A1B11AE1") + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600, "已加密"),
    ("table.xlsx", "项目,金额\n人员经费,100\n".encode("utf-8"), "CSV"),
    ("empty.xlsx", b"", "空文件"),
])
def test_wrong_containers(empty, tmp_path, name, content, match):
    path = tmp_path / name
    path.write_bytes(content)
    refused(empty, path, match)


def test_truncated_file(empty, template, tmp_path):
    bad = tmp_path / "cut.xlsx"
    bad.write_bytes(template.read_bytes()[:-1024])
    refused(empty, bad, "已损坏")


def preview_of(empty, path):
    before = snapshot(empty.path)
    preview = workbook.preview_workbook(empty, path)
    assert snapshot(empty.path) == before
    return preview


def test_formula_without_cached_value_is_never_zero(empty, template):
    book = openpyxl.load_workbook(template)
    book["支出明细"].append(["人员经费", None, "=SUM(1,2)", None])  # saved by openpyxl: no value
    book.save(template)
    preview = preview_of(empty, template)
    assert not preview.ok
    assert any("支出明细" in r and "第 2 行第 C 列" in r and "公式且无计算结果" in r for r in preview.refusals)
    with pytest.raises(BudgetDeskError):
        workbook.apply_import(empty, preview)


def test_merged_amount_cells_are_reported(empty, template):
    book = openpyxl.load_workbook(template)
    sheet = book["支出明细"]
    sheet.append(["人员经费", None, 100, None])
    sheet.append(["日常公用经费", None, None, None])
    sheet.merge_cells("C2:C3")
    book.save(template)
    preview = preview_of(empty, template)
    assert any("第 3 行第 C 列" in r and "合并单元格" in r for r in preview.refusals)


@pytest.mark.parametrize("text,match", [
    ("24.000.30", "多个小数点"), ("1.234,56", "无法识别"), ("12,34", "千位分隔符"), ("0.015", "小数位数过多"),
    ("abc", "不是有效的金额"), ("1,234.56 万元", "单位"),
])
def test_bad_amount_text_names_sheet_row_and_column(empty, template, text, match):
    book = openpyxl.load_workbook(template)
    book["支出明细"].append(["人员经费", None, text, None])
    book.save(template)
    preview = preview_of(empty, template)
    assert any(r.startswith("工作表“支出明细”第 2 行第 C 列（支出金额（元））：") and match in r
               for r in preview.refusals), preview.refusals


def test_float_with_more_decimals_than_fen_is_refused(empty, template):
    book = openpyxl.load_workbook(template)
    book["支出明细"].append(["人员经费", None, 1234.565, None])
    book.save(template)
    assert any("小数位数过多" in r for r in preview_of(empty, template).refusals)


def test_serial_date_60_is_refused(empty, template):
    book = openpyxl.load_workbook(template)
    book["资产卡片明细"].append(["A1", "电脑", "通用设备", "固定资产", "新购", 60, 100, 0, "在用"])
    book.save(template)
    assert any("1900-02-29" in r for r in preview_of(empty, template).refusals)


def other_system_list(tmp_path, rows, *, mac_1904=False) -> Path:
    book = openpyxl.Workbook()
    if mac_1904:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904

        book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    sheet.title = "资产清单"
    sheet.append(["行政事业单位资产清单"])  # a title row above the header
    sheet.append(["资产编号", "资产名称", "国标分类", "购置日期", "原值（万元）", "使用状况", "使用部门", "存放位置"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / "other.xlsx"
    book.save(path)
    return path


def test_asset_list_from_another_system(demo, tmp_path):
    path = other_system_list(tmp_path, [
        ["NEW-0001", "会议平板", "2010105", "2020年3月1日", "1.2345", "在用", "办公室", "会议室"],
        ["NEW-0002", "档案柜", "6", 43900, "０.５", "在用", "办公室", "档案室"],
        ["GD2020-0001", "台式计算机", "通用设备", "2020-04-20", 0.65, "在用", "数据资源科", "行政服务大厅"],
        ["BAD-0001", "无原值", "2", "2020-01-01", None, "在用", "", ""],
    ])
    preview = workbook.preview_asset_list(demo, 2020, path)
    assert preview.adds == {"资产卡片": 2}
    assert len(preview.changes) == 1 and "custodian：综合科 → 数据资源科" in preview.changes[0]
    assert any("第 6 行" in r and "必填" in r for r in preview.refusals)
    with pytest.raises(BudgetDeskError):
        workbook.apply_import(demo, preview)  # refused rows: nothing is imported
    path = other_system_list(tmp_path, [
        ["NEW-0001", "会议平板", "2010105", "2020年3月1日", "1.2345", "在用", "办公室", "会议室"],
        ["NEW-0002", "档案柜", "6", 43900, "０.５", "在用", "办公室", "档案室"],
        ["GD2020-0001", "台式计算机", "通用设备", "2020-04-20", 0.65, "在用", "数据资源科", "行政服务大厅"],
    ])
    preview = workbook.preview_asset_list(demo, 2020, path)
    assert preview.ok
    assert workbook.apply_import(demo, preview) == {"added": 2, "changed": 1}
    new = assets.query_cards(demo, 2020, assets.CardFilter(text="NEW-"))
    assert [(c.card_no, c.original_value, c.asset_class, c.acquired_on.isoformat()) for c in new] == [
        ("NEW-0001", __import__("decimal").Decimal("12345.00"), "2", "2020-03-01"),
        ("NEW-0002", __import__("decimal").Decimal("5000.00"), "6", "2020-03-10")]
    again = workbook.preview_asset_list(demo, 2020, path)
    assert "导入过" in again.duplicate and again.unchanged == 3


def test_1904_date_system(demo, tmp_path):
    path = other_system_list(tmp_path, [["M-1", "苹果电脑", "2", 42000, "1", "在用", "", ""]], mac_1904=True)
    preview = workbook.preview_asset_list(demo, 2020, path)
    assert preview.ok, preview.refusals
    workbook.apply_import(demo, preview)
    card = assets.query_cards(demo, 2020, assets.CardFilter(text="M-1"))[0]
    assert card.acquired_on.isoformat() == "2018-12-28"  # 42000 days after 1904-01-01 (1900 system: 2014-12-27)


def test_a_290_mb_sheet_is_over_the_member_cap(empty, template, tmp_path):
    from desktop.export.xlsx_safety import MAX_MEMBER_BYTES

    bomb = with_big_sheet(template, tmp_path / "big.xlsx", 290, b" ")
    assert MAX_MEMBER_BYTES < 290 * 2**20
    refused(empty, bomb, "解压后过大")


def test_an_amount_of_1e300_names_sheet_row_and_column(empty, template):
    book = openpyxl.load_workbook(template)
    book["支出明细"].append(["人员经费", None, 1e300, None])
    book.save(template)
    refusals = preview_of(empty, template).refusals
    assert any(r.startswith("工作表“支出明细”第 2 行第 C 列（支出金额（元））：") and "超出允许的范围" in r
               for r in refusals), refusals


def test_serial_60_in_a_date_cell_is_not_taken_for_1900_02_28(empty, template):
    book = openpyxl.load_workbook(template)
    sheet = book["资产卡片明细"]
    sheet.append(["A1", "电脑", "通用设备", "固定资产", "新购", 60, 100, 0, "在用"])
    sheet.cell(2, 6).number_format = "yyyy-mm-dd"  # Excel shows it as 1900-02-29
    book.save(template)
    refusals = preview_of(empty, template).refusals
    assert any("第 2 行第 F 列" in r and "1900-02-29" in r for r in refusals), refusals


def test_calamine_reads_full_width_digits_and_text_amounts(empty, template):
    book = openpyxl.load_workbook(template)
    book["支出明细"].append(["人员经费", None, "１２,３４５.５０", "全角"])
    book.save(template)
    preview = preview_of(empty, template)
    assert preview.ok, preview.refusals
    from desktop.store.models import Expenditure

    _, columns, rows = next(t for t in preview.plan.years[0].tables if t[0] is Expenditure)
    assert [dict(zip(columns, row)) for row in rows] == [{"category": "personnel", "project_id": None, "amount_fen": 1234550, "note": "全角"}]
