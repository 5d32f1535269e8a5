"""One set of rules for every entry point: what `adjust`/`reverse` and the forms refuse, the JSON
and Excel imports refuse too, with the path or the cell; the per-year total limit stops an
integer overflow at entry."""

from __future__ import annotations

import copy
from decimal import Decimal

import openpyxl
import pytest
from conftest import snapshot
from generated_departments import department

from desktop.core.entry_rules import YEAR_TOTAL_LIMIT
from desktop.core.errors import BudgetDeskError, ValidationError
from desktop.services import assets, budget, interchange, spending, workbook
from desktop.services.workspace import Workspace


def _base() -> dict:
    doc = department(7)
    year = doc["years"][1]
    year["projects"] = [{"code": "A", "name": "甲", "class": "general", "status": "planned", "note": "", "targets": []},
                        {"code": "B", "name": "乙", "class": "general", "status": "planned", "note": "", "targets": []}]
    year["budget_lines"] = [{"category": "public", "project": None, "amount": "1000.00", "note": ""},
                            {"category": "project", "project": "A", "amount": "500.00", "note": ""},
                            {"category": "project", "project": "B", "amount": "500.00", "note": ""}]
    year["expenditures"] = [e for e in year["expenditures"] if e["category"] != "project"]
    year["adjustments"] = [_adj(1, "project", "A", "200.00")]
    return doc


def _adj(seq, category, project, amount, reverses=None) -> dict:
    return {"seq": seq, "date": "2023-05-01", "category": category, "project": project, "amount": amount,
            "doc_no": "文", "reason": "因", "entered_by": "某", "entered_at": "2023-05-01T08:00:00",
            "reverses": reverses}


CASES = {
    "reversal on another project": ([_adj(2, "project", "B", "-200.00", reverses=1)],
                                    "adjustments[1].project", "项目必须与第 1 号调整相同"),
    "reversal of a reversal": ([_adj(2, "project", "A", "-200.00", reverses=1), _adj(3, "project", "A", "200.00", reverses=2)],
                               "adjustments[2].reverses", "是冲销记录，不能再冲销"),
    "double reversal": ([_adj(2, "project", "A", "-200.00", reverses=1), _adj(3, "project", "A", "-200.00", reverses=1)],
                        "adjustments[2].reverses", "已被第 2 号冲销"),
    "zero adjustment": ([_adj(2, "public", None, "0.00")], "adjustments[1].amount", "不能为零"),
    "cut below zero": ([_adj(2, "public", None, "-1000.01")], "adjustments[1].amount", "低于零"),
}


@pytest.mark.parametrize("case", CASES)
def test_json_import_refuses_what_the_commands_refuse(tmp_path, case):
    extra, where, message = CASES[case]
    doc = _base()
    doc["years"][1]["adjustments"] += copy.deepcopy(extra)
    path = tmp_path / "x.sqlite3"
    with Workspace.open(path, create=True) as ws:
        before = snapshot(path)
        with pytest.raises(ValidationError) as err:
            interchange.import_document(ws, doc)
    assert f"$.years[1].{where}" in str(err.value) and message in str(err.value), str(err.value)
    assert snapshot(path) == before


def test_the_base_document_imports(tmp_path):
    with Workspace.open(tmp_path / "x.sqlite3", create=True) as ws:
        interchange.import_document(ws, _base())


def test_excel_import_refuses_a_zero_adjustment_naming_the_cell(tmp_path):
    with Workspace.open(tmp_path / "a.sqlite3", create=True) as ws:
        interchange.import_document(ws, _base())
        book = tmp_path / "a.xlsx"
        workbook.export_workbook(ws, 2023, book, unit="G007")
    wb = openpyxl.load_workbook(book)
    sheet = wb["预算调整明细"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == 1)
    sheet.cell(row, header.index("调整金额（元）") + 1, 0)
    wb.save(book)
    with Workspace.open(tmp_path / "b.sqlite3", create=True) as ws:
        preview = workbook.preview_workbook(ws, book)
    assert not preview.ok
    assert any("预算调整明细" in r and f"第 {row} 行" in r and "不能为零" in r for r in preview.refusals), preview.refusals


def test_adjust_and_reverse_keep_every_budget_at_or_above_zero(empty):
    budget.add_budget_line(empty, 2021, category="public", amount="100")
    with pytest.raises(ValidationError, match="低于零"):
        budget.post_adjustment(empty, 2021, date="2021-03-01", category="public", amount="-100.01", doc_no="文",
                               reason="调减")
    budget.post_adjustment(empty, 2021, date="2021-03-01", category="public", amount="50", doc_no="文", reason="追加")
    budget.post_adjustment(empty, 2021, date="2021-03-02", category="public", amount="-120", doc_no="文", reason="调减")
    with pytest.raises(ValidationError, match="低于零"):  # reversing the 追加 would leave −20
        budget.reverse_adjustment(empty, 2021, 1, reason="错录")
    with pytest.raises(ValidationError, match="低于零"):
        budget.change_budget_line(empty, 2021, 1, amount="60")
    with pytest.raises(ValidationError, match="不能为零"):
        budget.post_adjustment(empty, 2021, date="2021-03-01", category="public", amount="0.00", doc_no="文", reason="零")


def test_budget_only_categories_take_no_spending(empty):
    budget.add_budget_line(empty, 2021, category="three_public_unsplit", amount="100")
    with pytest.raises(ValidationError, match="只用于预算"):
        spending.add_expenditure(empty, 2021, category="three_public_unsplit", amount="1")


MAX = "999999999999.99"


def test_year_totals_beyond_the_limit_are_refused_at_entry(tmp_path, empty):
    doc = _base()
    doc["years"][1]["expenditures"] = [{"category": "public", "project": None, "amount": MAX, "note": ""}] * 11
    with Workspace.open(tmp_path / "x.sqlite3", create=True) as ws:
        with pytest.raises(ValidationError, match="超过单个年度的上限") as err:
            interchange.import_document(ws, doc)
    assert "$.years[1].expenditures" in str(err.value)
    for n in range(10):
        spending.add_expenditure(empty, 2021, category="public", amount=MAX)
    with pytest.raises(ValidationError, match="超过单个年度的上限"):
        spending.add_expenditure(empty, 2021, category="public", amount="1")
    for n in range(10):
        assets.add_card(empty, 2021, card_no=f"K{n}", name="楼", asset_class="1", kind="fixed", acquisition="purchase",
                        acquired_on="2021-01-01", original_value=MAX)
    with pytest.raises(ValidationError, match="超过单个年度的上限"):
        assets.add_card(empty, 2021, card_no="K99", name="楼", asset_class="1", kind="fixed", acquisition="purchase",
                        acquired_on="2021-01-01", original_value="1")
    assert Decimal(MAX) * 10 <= YEAR_TOTAL_LIMIT


def test_cards_of_a_huge_import_are_refused_before_any_total_overflows(tmp_path):
    """100 cards at the per-card maximum: the import refuses them with a message (before, the totals
    of such a year stopped `summary`, `check` and the export with an English integer overflow)."""
    doc = _base()
    card = {"card_no": "", "name": "楼", "class": "1", "kind": "fixed", "acquisition": "purchase",
            "acquired_on": "2023-01-01", "original_value": MAX, "depreciation": "0.00", "status": "in_use",
            "custodian": "", "location": "", "disposal": None}
    doc["years"][1]["asset_cards"] = [{**card, "card_no": f"K{n}"} for n in range(100)]
    with Workspace.open(tmp_path / "x.sqlite3", create=True) as ws:
        with pytest.raises(BudgetDeskError, match="资产卡片.*超过单个年度的上限"):
            interchange.import_document(ws, doc)
