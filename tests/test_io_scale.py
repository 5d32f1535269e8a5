"""Imports and exports at size: the streamed paths (constant-memory workbook, cards from SQL)
round-trip exactly, and an import writes what its preview showed (bench/io.py times them)."""

import json
import random
import re
import sqlite3

import openpyxl
import pytest

from desktop.services import interchange, workbook
from desktop.services.workspace import Workspace

CARDS = 21_000  # above the 20,000 at which the workbook switches to constant-memory writing


def add_cards(path, n: int) -> None:
    rnd = random.Random(13)
    con = sqlite3.connect(path)
    year_id = con.execute("SELECT id FROM fiscal_years WHERE year = 2020").fetchone()[0]
    rows = []
    for i in range(n):
        original = rnd.randint(1, 10**9)
        disposed = i % 97 == 0
        rows.append((year_id, f"S{i:06d}", rnd.choice(["台式计算机", "=SUM(A1)", "档案柜\t甲", "＋全角"]),
                     rnd.choice("2356"), "fixed", "purchase", f"20{rnd.randint(10, 20)}-0{rnd.randint(1, 9)}-1{i % 10}",
                     original, original // 3, "disposed" if disposed else "in_use", rnd.choice(["", "办公室"]),
                     "", "scrap" if disposed else None, "2020-12-31" if disposed else None,  # not before acquired_on
                     rnd.randint(0, 100) if disposed else None, int(disposed and i % 2 == 0)))
    with con:
        con.executemany("INSERT INTO asset_cards (year_id, card_no, name, asset_class, kind, acquisition, acquired_on,"
                        " original_fen, depreciation_fen, status, custodian, location, disposal_method, disposed_on,"
                        " residual_fen, residual_remitted) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.close()


def stamp_free(path) -> str:
    """Without the export time and the audit head (both differ between two files by design)."""
    text = re.sub(r'"exported_at": "[^"]*"', "", path.read_text(encoding="utf-8"))
    return re.sub(r'"audit_head": \{[^}]*\}', "", text)


@pytest.mark.slow
def test_workbook_round_trip_with_streamed_cards_is_identical(demo_path, tmp_path):
    add_cards(demo_path, CARDS)
    con = sqlite3.connect(demo_path)
    total = con.execute("SELECT count(*) FROM asset_cards a JOIN fiscal_years y ON a.year_id = y.id"
                        " WHERE y.year = 2020").fetchone()[0]
    con.close()
    xlsx = tmp_path / "big.xlsx"
    with Workspace.open(demo_path) as ws:
        workbook.export_workbook(ws, 2020, xlsx)
        interchange.export_json(ws, tmp_path / "original.json", years=[2020])
    with Workspace.open(tmp_path / "again.sqlite3", create=True) as ws:
        preview = workbook.preview_workbook(ws, xlsx)
        assert preview.ok, preview.refusals[:3]
        assert preview.adds["资产卡片"] == total  # the demo's own cards as well
        workbook.apply_import(ws, preview)
        interchange.export_json(ws, tmp_path / "again.json", years=[2020])
    assert stamp_free(tmp_path / "again.json") == stamp_free(tmp_path / "original.json")
    # the streamed sheet still ends with its live total, carrying the sum of the rows
    sheet = openpyxl.load_workbook(xlsx, read_only=True)["资产卡片明细"]
    last = list(sheet.iter_rows(values_only=True))[-1]
    assert last[0] == "合计" and str(last[6]).startswith("=SUM(")
    original = json.loads((tmp_path / "original.json").read_text(encoding="utf-8"))
    assert len(original["years"][0]["asset_cards"]) == total


def test_the_import_writes_what_the_preview_showed(demo, tmp_path):
    xlsx = tmp_path / "demo.xlsx"
    workbook.export_workbook(demo, 2020, xlsx)
    with Workspace.open(tmp_path / "again.sqlite3", create=True) as ws:
        preview = workbook.preview_workbook(ws, xlsx)
        assert preview.ok
        xlsx.write_bytes(b"changed after the preview")  # the file is not read again
        workbook.apply_import(ws, preview)
        again = interchange.export_document(ws, None, [2020])
    assert again["years"][0]["asset_cards"] == interchange.export_document(demo, None, [2020])["years"][0]["asset_cards"]


@pytest.mark.slow
def test_an_asset_list_of_40000_cards_imports_in_one_go(demo, tmp_path):
    """More card numbers than a default SQLite build (Python on Windows) takes parameters in one
    statement (32,766): the lookups go 10,000 at a time."""
    import xlsxwriter

    from desktop.services import assets

    path = tmp_path / "list.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("资产清单")
    sheet.write_row(0, 0, ["资产编号", "资产名称", "国标分类", "购置日期", "原值（元）", "使用状况"])
    for n in range(1, 40_001):
        sheet.write_row(n, 0, [f"L{n:06d}", "办公椅", "6", "2019-05-01", "350.00", "在用"])
    book.close()
    preview = workbook.preview_asset_list(demo, 2020, path)
    assert preview.ok, preview.refusals[:3]
    assert workbook.apply_import(demo, preview) == {"added": 40_000, "changed": 0}
    assert assets.card_totals(demo, 2020, assets.CardFilter(text="L0")).count == 40_000
