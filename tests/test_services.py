"""The rules the services hold: derived adjusted budget, reversal only, locked years, audit."""

import sqlite3
from decimal import Decimal

import pytest

from conftest import snapshot
from desktop.core.errors import BudgetDeskError, ConflictError, ValidationError, YearLockedError
from desktop.core.money import Unit
from desktop.services import assets, audit_log, budget, narrative, procurement, projects, spending, staff, years
from desktop.services.facts import year_facts


def audit_count(ws) -> int:
    con = sqlite3.connect(ws.path)
    try:
        return con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    finally:
        con.close()


def test_adjustment_in_wan_changes_adjusted_budget_by_exact_fen(demo):
    before = year_facts(demo, 2020)
    row = budget.post_adjustment(demo, 2020, date="2020-12-15", category="日常公用经费",
                                 amount="12.3456", money_unit=Unit.WAN, doc_no="深龙财预〔2020〕120号",
                                 reason="年末追加")
    after = year_facts(demo, 2020)
    assert after.adjusted_total - before.adjusted_total == Decimal("123456.00")
    assert after.adjusted_of(*[c for c in budget.BudgetCategory if c.value == "public"]) \
        - before.adjusted_of(*[c for c in budget.BudgetCategory if c.value == "public"]) == Decimal("123456.00")
    assert row.running_adjusted == after.adjusted_total
    assert row.entered_by == "测试员"


def test_adjusted_budget_is_initial_plus_adjustments(demo):
    rows = budget.list_adjustments(demo, 2020)
    facts = year_facts(demo, 2020)
    assert rows[-1].running_adjusted == facts.adjusted_total
    assert facts.initial_total + sum(r.amount for r in rows
                                     if budget.BudgetCategory(r.category).is_main) == facts.adjusted_total


def test_reversal_keeps_original_and_nets_to_zero(demo):
    before = year_facts(demo, 2020).adjusted_total
    original = budget.post_adjustment(demo, 2020, date="2020-12-01", category="project", project="LH2020-30",
                                      amount="50,000.00", doc_no="A-1", reason="追加")
    reversal = budget.reverse_adjustment(demo, 2020, original.seq, reason="录入错误")
    rows = {r.seq: r for r in budget.list_adjustments(demo, 2020)}
    assert rows[original.seq].amount == Decimal("50000.00")
    assert rows[original.seq].reversed_by_seq == reversal.seq
    assert rows[reversal.seq].amount == Decimal("-50000.00")
    assert rows[reversal.seq].reverses_seq == original.seq
    assert year_facts(demo, 2020).adjusted_total == before
    with pytest.raises(ConflictError, match="已被第"):
        budget.reverse_adjustment(demo, 2020, original.seq, reason="再冲一次")
    with pytest.raises(ConflictError, match="冲销记录"):
        budget.reverse_adjustment(demo, 2020, reversal.seq, reason="冲销冲销")


def test_no_service_edits_or_deletes_an_adjustment():
    names = [n for n in dir(budget) if "adjust" in n]
    assert not [n for n in names if n.startswith(("change", "delete", "edit", "update", "remove"))]


@pytest.mark.parametrize("kwargs,field", [
    (dict(amount="0.015"), "调整金额"),
    (dict(amount="24.000.30"), "调整金额"),
    (dict(amount="0"), "调整金额"),
    (dict(amount="abc"), "调整金额"),
    (dict(date="2019-12-31"), "调整日期"),
    (dict(date="明天"), "调整日期"),
    (dict(doc_no=""), "文号"),
    (dict(category="差旅费"), "支出类别"),
    (dict(category="项目支出", project=None), "项目"),
    (dict(category="项目支出", project="NOPE"), "项目"),
    (dict(category="人员经费", project="LH2020-01"), "项目"),
])
def test_bad_adjustment_is_refused_naming_the_field_and_writes_nothing(demo, kwargs, field):
    args = dict(date="2020-12-01", category="人员经费", amount="100", doc_no="X", reason="测试", project=None)
    args.update(kwargs)
    before = snapshot(demo.path)
    with pytest.raises(ValidationError) as info:
        budget.post_adjustment(demo, 2020, **args)
    assert info.value.field == field
    assert str(info.value).startswith(field)
    assert snapshot(demo.path) == before


LOCKED_YEAR_CALLS = {
    "post_adjustment": lambda ws: budget.post_adjustment(ws, 2019, date="2019-12-01", category="人员经费",
                                                         amount="1", doc_no="X", reason="Y"),
    "add_budget_line": lambda ws: budget.add_budget_line(ws, 2019, category="人员经费", amount="1"),
    "add_expenditure": lambda ws: spending.add_expenditure(ws, 2019, category="人员经费", amount="1"),
    "set_disbursement": lambda ws: spending.set_disbursement(ws, 2019, 3, "1"),
    "set_carryover": lambda ws: spending.set_carryover(ws, 2019, begin="0", appropriation="1", end="1"),
    "add_procurement": lambda ws: procurement.add_procurement(ws, 2019, code="C", name="N", ptype="货物",
                                                              method="询价", budget="1"),
    "add_project": lambda ws: projects.add_project(ws, 2019, code="P", name="N"),
    "add_task": lambda ws: projects.add_task(ws, 2019, kind="重点工作", name="N"),
    "add_card": lambda ws: assets.add_card(ws, 2019, card_no="C1", name="N", asset_class="通用设备",
                                           kind="固定资产", acquisition="新购", acquired_on="2019-01-01",
                                           original_value="100"),
    "set_headcount": lambda ws: staff.set_headcount(ws, 2019, "行政", authorized=1, actual=1),
    "set_metric": lambda ws: staff.set_metric(ws, 2019, "m", name="N", value="1"),
    "set_narrative": lambda ws: narrative.set_narrative(ws, 2019, "functions", "文字"),
}


@pytest.mark.parametrize("name", sorted(LOCKED_YEAR_CALLS))
def test_locked_year_refuses_every_service(demo, name):
    before = snapshot(demo.path)
    with pytest.raises(YearLockedError, match="2019年度已锁定"):
        LOCKED_YEAR_CALLS[name](demo)
    assert snapshot(demo.path) == before


def test_lock_and_unlock_are_audited_with_reason(demo):
    n = audit_count(demo)
    years.lock_year(demo, 2020, "决算已报送")
    with pytest.raises(YearLockedError, match="决算已报送"):
        budget.post_adjustment(demo, 2020, date="2020-12-01", category="人员经费", amount="1",
                               doc_no="X", reason="Y")
    years.unlock_year(demo, 2020, "财政局退回修改")
    entries = audit_log.entries(demo, limit=2)
    assert [e.action for e in entries] == ["unlock", "lock"]
    assert "财政局退回修改" in entries[0].summary
    assert audit_count(demo) == n + 2
    with pytest.raises(ValidationError, match="锁定原因"):
        years.lock_year(demo, 2020, "  ")


def test_every_change_writes_one_audit_row_with_before_and_after(empty):
    steps = [
        lambda: projects.add_project(empty, 2021, code="P1", name="测试项目"),
        lambda: budget.add_budget_line(empty, 2021, category="项目支出", project="P1", amount="1000"),
        lambda: budget.post_adjustment(empty, 2021, date="2021-05-01", category="项目支出", project="P1",
                                       amount="-100", doc_no="D", reason="R"),
        lambda: spending.add_expenditure(empty, 2021, category="项目支出", project="P1", amount="800"),
        lambda: spending.set_disbursement(empty, 2021, 3, "200"),
        lambda: spending.set_disbursement(empty, 2021, 3, "250"),
        lambda: procurement.add_procurement(empty, 2021, code="C1", name="采购", ptype="服务", method="询价",
                                            budget="500", contract="400", paid="300"),
        lambda: projects.add_task(empty, 2021, kind="民生实事", name="任务"),
        lambda: assets.add_card(empty, 2021, card_no="A1", name="电脑", asset_class="通用设备", kind="固定资产",
                                acquisition="新购", acquired_on="2021-02-01", original_value="6000"),
        lambda: assets.dispose_card(empty, 2021, "A1", method="报废", date="2021-11-01", residual_value="100",
                                    remitted=True),
        lambda: staff.set_headcount(empty, 2021, "行政", authorized=10, actual=8),
        lambda: narrative.set_narrative(empty, 2021, "functions", "职能"),
    ]
    for step in steps:
        n = audit_count(empty)
        step()
        assert audit_count(empty) == n + 1
    update = audit_log.entries(empty, limit=20)
    disbursement_update = next(e for e in update if e.entity == "disbursement" and e.action == "update")
    assert '"cumulative": "200.00"' in disbursement_update.before
    assert '"cumulative": "250.00"' in disbursement_update.after
    assert audit_log.verify_chain(empty) is None


def test_failed_change_writes_no_audit_row(empty):
    n = audit_count(empty)
    with pytest.raises(BudgetDeskError):
        procurement.add_procurement(empty, 2021, code="C1", name="采购", ptype="服务", method="询价",
                                    budget="500", contract="400", paid="450")
    assert audit_count(empty) == n


def test_disposal_moves_card_out_of_in_use(empty):
    for no in ("A1", "A2"):
        assets.add_card(empty, 2021, card_no=no, name="电脑", asset_class="通用设备", kind="固定资产",
                        acquisition="新购", acquired_on="2021-02-01", original_value="5000")
    assets.dispose_card(empty, 2021, "A1", method="报废", date="2021-11-01")
    facts = year_facts(empty, 2021)
    from desktop.core.domain import AssetKind, AssetStatus

    assert facts.held(AssetKind.FIXED) == Decimal("5000.00")
    assert facts.held(AssetKind.FIXED, AssetStatus.IN_USE) == Decimal("5000.00")
    assert facts.disposed_book_value == Decimal("5000.00")
    with pytest.raises(ConflictError, match="已处置"):
        assets.change_card(empty, 2021, "A1", name="改名")
    totals = assets.card_totals(empty, 2021, assets.CardFilter(status="in_use"))
    assert (totals.count, totals.original_value) == (1, Decimal("5000.00"))


def test_asset_queries_filter_and_sort_in_sql(demo):
    rows = assets.query_cards(demo, 2020, assets.CardFilter(asset_class="2", text="服务器"),
                              sort="original_value", descending=True, limit=5)
    assert rows and all("服务器" in r.name for r in rows)
    assert [r.original_value for r in rows] == sorted((r.original_value for r in rows), reverse=True)
    with pytest.raises(ValidationError):
        assets.query_cards(demo, 2020, sort="1; DROP TABLE asset_cards")


def test_headcount_refuses_negative_and_text(empty):
    with pytest.raises(ValidationError, match="行政核定数"):
        staff.set_headcount(empty, 2021, "行政", authorized="-1", actual=0)
    with pytest.raises(ValidationError, match="行政实有数"):
        staff.set_headcount(empty, 2021, "行政", authorized=3, actual="三")


def test_control_characters_are_refused_in_text(empty):
    with pytest.raises(ValidationError, match="控制字符"):
        projects.add_project(empty, 2021, code="P9", name="名称\x07")


def test_asset_filters_by_part_of_custodian_and_location(demo):
    rows = assets.query_cards(demo, 2020, assets.CardFilter(custodian="数据资源", location="数据中心"), limit=500)
    assert rows and all("数据资源" in r.custodian and "数据中心" in r.location for r in rows)
    totals = assets.card_totals(demo, 2020, assets.CardFilter(custodian="数据资源", location="数据中心"))
    assert totals.count == len(rows)
