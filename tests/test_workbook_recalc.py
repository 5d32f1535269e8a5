"""Exported workbooks of generated departments, recalculated by LibreOffice (headless, all in one
run), show exactly the rates the program prints: half-way ties, zero and negative bases included."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from generated_departments import department
from test_workbook import RECALC_PROFILE, SOFFICE

from desktop.core.domain import BudgetCategory
from desktop.core.summary import percent
from desktop.services import evaluation, interchange
from desktop.services.workbook import export_workbook
from desktop.services.workspace import Workspace

SEEDS = range(100, 152)  # 52 departments
NEGATIVE = SEEDS[:4]  # cut below zero by data from before the entry rules


PERCENT_FORMAT = '0.00"%"'


def recalculate_all(books: list[Path], tmp_path: Path) -> Path:
    """One LibreOffice run opens, recalculates and saves every workbook (one start-up, not 52)."""
    profile = tmp_path / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    out = tmp_path / "lo-out"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(out), *map(str, books)], check=True, capture_output=True, timeout=1800)
    return out


def shown(value) -> str:
    """A cell as a 0.00 format displays it."""
    if isinstance(value, str):
        return value
    return str(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def is_tie(value: Decimal | None) -> bool:
    return value is not None and (value * 1000) % 10 == 5


def cut_below_zero(path: Path, codes: list[str]) -> None:
    con = sqlite3.connect(path)
    for code in codes:
        year_id = con.execute("SELECT f.id FROM fiscal_years f JOIN units u ON u.id = f.unit_id "
                              "WHERE u.code = ? AND f.year = 2023", (code,)).fetchone()[0]
        seq = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM budget_adjustments WHERE year_id = ?",
                          (year_id,)).fetchone()[0]
        for n, category in enumerate(("public", "three_public_reception")):
            con.execute("INSERT INTO budget_adjustments (year_id, seq, date, category, project_id, amount_fen, doc_no, "
                        "reason, entered_by, entered_at) VALUES (?, ?, '2023-12-01', ?, NULL, ?, '旧', '旧数据', '旧', "
                        "'2023-12-01 00:00:00')", (year_id, seq + n, category, -10**13))
    con.commit()
    con.close()


@pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice not installed")
def test_recalculated_workbooks_show_the_programs_rates(tmp_path):
    path = tmp_path / "g.sqlite3"
    books, codes = [], {}
    with Workspace.open(path, create=True, actor="测试员") as ws:
        for seed in SEEDS:
            document = department(seed)
            interchange.import_document(ws, document)
            codes[seed] = document["unit"]["code"]
    cut_below_zero(path, [codes[s] for s in NEGATIVE])
    expected: dict[str, dict[tuple[str, str], str]] = {}
    ties = dashes = negative = 0
    with Workspace.open(path, actor="测试员") as ws:
        for seed in SEEDS:
            code = codes[seed]
            book = tmp_path / "books" / f"{code}.xlsx"
            book.parent.mkdir(exist_ok=True)
            export_workbook(ws, 2023, book, unit=code)
            books.append(book)
            ev = evaluation.evaluate(ws, 2023, code)
            f, results = ev.facts, ev.indicators
            by_category = {e["name"]: e["rate"] for e in results["category_execution"].entries}
            printed = {name: "—" if r.value is None else r.printed for name, r in results.items()}
            want = {("预算收支总表", "合计"): printed["budget_execution_rate"],
                    ("预算收支总表", "基本支出小计"): printed["basic_execution_rate"],
                    ("预算收支总表", "项目支出"): printed["project_execution_rate"],
                    ("预算收支总表", "人员经费"): by_category["人员经费"] or "—",
                    ("预算收支总表", "日常公用经费"): by_category["日常公用经费"] or "—",
                    ("“三公”经费", "合计"): printed["three_public_control_rate"]}
            for entry in results["quarterly_execution"].entries:
                want[("分季支出进度", str(entry["quarter"] * 3))] = entry["progress"] or "—"
            expected[code] = want
            cats = [BudgetCategory(c) for c in set(f.initial) | set(f.adjustments)]
            rates = [percent(f.actual_total, f.adjusted_total), percent(f.actual_basic, f.adjusted_basic),
                     *(percent(f.actual_of(c), f.adjusted_of(c)) for c in cats),
                     percent(f.three_public_actual, f.three_public_budget),
                     *(percent(p.actual, p.adjusted) for p in f.projects)]
            ties += sum(map(is_tie, rates))
            dashes += sum(r is None for r in rates)
            negative += any(f.adjusted_of(c) < 0 for c in cats)
    assert len(books) >= 50 and ties >= 30 and dashes >= 10 and negative >= len(NEGATIVE), (ties, dashes, negative)

    out = recalculate_all(books, tmp_path)
    compared = 0
    for book in books:
        recalculated = openpyxl.load_workbook(out / book.name, data_only=True)
        ours = openpyxl.load_workbook(book, data_only=True)
        formulas = openpyxl.load_workbook(book)
        for name in formulas.sheetnames:
            for row in formulas[name].iter_rows():
                for cell in row:
                    if cell.data_type != "f":  # text such as "=" (a target's direction) is no formula
                        continue
                    mine, theirs = ours[name][cell.coordinate].value, recalculated[name][cell.coordinate].value
                    where = (book.name, name, cell.coordinate, cell.value, mine, theirs)
                    if cell.number_format == PERCENT_FORMAT:  # a rate: displayed exactly as the program prints it
                        assert shown(theirs) == shown(mine), where
                        compared += 1
                    elif mine not in (None, ""):
                        assert isinstance(theirs, (int, float)), where
                        assert abs(Decimal(repr(theirs)) - Decimal(repr(mine))) < Decimal("0.000001"), where
        for (sheet, label), value in expected[book.stem].items():
            ws = recalculated[sheet]
            column = "F" if sheet == "预算收支总表" else "D"
            row = next(r for r in range(1, ws.max_row + 1) if str(ws[f"A{r}"].value) == label)
            assert shown(ws[f"{column}{row}"].value) == value, (book.name, sheet, label)
    assert compared >= 50 * 8
