"""Cross-checks: the demo has no error and shows the report's 尾差; broken data is reported."""

import json
import sqlite3


from desktop.cli.main import main
from desktop.core.checks import ERROR, PASS, TAIL
from desktop.services import evaluation, spending, staff
from desktop.services.workspace import Workspace


def by_id(ws, year=2020):
    return {c.id: c for c in evaluation.checks(ws, year)}


def test_demo_has_no_error_and_the_report_tails(demo):
    checks = evaluation.checks(demo, 2020)
    assert [c for c in checks if c.severity == ERROR] == []
    tails = {c.id: c for c in checks if c.severity == TAIL}
    assert set(tails) == {"initial_basic_parts", "initial_total_parts", "adjusted_total_parts", "procurement_parts"}
    assert tails["initial_basic_parts"].figures["基本支出预算"] == "2,589 万元"
    assert tails["initial_basic_parts"].figures["分项合计"] == "2,588 万元"
    assert tails["adjusted_total_parts"].figures["分项合计"] == "24,041.76 万元"
    assert tails["procurement_parts"].figures["政府采购支出"] == "1,424.01 万元"
    assert by_id(demo)["carryover_identity"].figures["计算的年末结转和结余"] == "0.75 万元"


def test_cli_check_exit_codes(demo_path, capsys):
    assert main(["check", "--year", "2020", "--db", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert "[尾差]" in out and "错误 0" in out
    con = sqlite3.connect(demo_path)
    con.execute("UPDATE carryovers SET end_fen = end_fen + 100")
    con.commit()
    con.close()
    assert main(["check", "--year", "2020", "--db", str(demo_path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    # The broken identity, and the change made outside the program (against the audited totals).
    assert data["errors"] == 2
    assert {c["id"] for c in data["checks"] if c["severity"] == "错误"} == {"carryover_identity", "totals_audited"}


def raw(path, *statements):
    con = sqlite3.connect(path)
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()


def test_missing_adjustment_is_an_error_with_its_amount(demo_path):
    raw(demo_path, "DROP TRIGGER trg_budget_adjustments_no_delete",
        "DELETE FROM budget_adjustments WHERE seq = 6")
    with Workspace.open(demo_path) as ws:
        check = by_id(ws)["adjustment_sequence"]
    assert check.severity == ERROR
    assert "缺少第 6 号" in check.message
    assert check.figures["第6号"] == "9,854,150.00 元（据操作日志）"
    assert check.figures["补回后调整预算数"] == "24,041.75 万元"


def test_changed_adjustment_amount_is_an_error(demo_path):
    raw(demo_path, "DROP TRIGGER trg_budget_adjustments_no_update",
        "UPDATE budget_adjustments SET amount_fen = amount_fen + 100 WHERE seq = 2")
    with Workspace.open(demo_path) as ws:
        check = by_id(ws)["adjustment_amounts"]
    assert check.severity == ERROR
    assert "第 2 号" in check.message


def test_changed_asset_card_disagrees_with_the_ledger(demo_path):
    raw(demo_path, "UPDATE asset_cards SET original_fen = original_fen + 50000 WHERE card_no = 'GD2020-0001'")
    with Workspace.open(demo_path) as ws:
        check = by_id(ws)["ledger_fixed_original"]
    assert check.severity == ERROR
    assert check.figures["总账固定资产原值"] == "54,234,400.00 元"
    assert check.figures["卡片固定资产原值合计"] == "54,234,900.00 元"
    assert check.figures["差额"] == "500.00 元"


def test_headcount_part_exceeding_its_total(demo):
    staff.set_headcount(demo, 2020, "行政", authorized=12, actual=13)
    check = by_id(demo)["headcount_within_authorized"]
    assert check.severity == ERROR
    assert check.message == "行政实有 13 人超过核定 12 人"
    assert check.figures["行政"] == "核定 12 / 实有 13"


def test_carryover_that_does_not_add_up(demo_path):
    raw(demo_path, "UPDATE carryovers SET end_fen = 800000")
    with Workspace.open(demo_path) as ws:
        check = by_id(ws)["carryover_identity"]
    assert check.severity == ERROR
    assert check.figures["填报的年末结转和结余"] == "0.80 万元"
    assert check.figures["计算的年末结转和结余"] == "0.75 万元"


def test_disbursement_falling_and_not_matching_appropriation(demo):
    spending.set_disbursement(demo, 2020, 8, "300,000,000")
    spending.set_disbursement(demo, 2020, 12, "239,000,000")
    checks = by_id(demo)
    assert checks["disbursement_rising"].severity == ERROR
    assert "9月" in checks["disbursement_rising"].message
    assert checks["disbursement_year_end"].severity == ERROR
    assert checks["disbursement_within_budget"].severity == ERROR


def test_project_spending_outside_any_project(demo_path):
    raw(demo_path, "INSERT INTO expenditures (year_id, category, project_id, amount_fen, note) "
                   "SELECT id, 'project', NULL, 12345, '' FROM fiscal_years WHERE year = 2020")
    with Workspace.open(demo_path) as ws:
        check = by_id(ws)["projects_actual"]
    assert check.severity == ERROR
    assert check.figures["差额"] == "123.45 元"


def test_three_public_larger_than_public(demo):
    spending.add_expenditure(demo, 2020, category="公务接待费", amount="20,000,000")
    check = by_id(demo)["three_public_within_public"]
    assert check.severity == ERROR


def test_tail_difference_beyond_one_unit_is_an_error():
    from decimal import Decimal

    from desktop.core.checks import printed_sum

    ok = printed_sum("x", "x", ("合计", Decimal("300.00")), [("a", Decimal("100.00")), ("b", Decimal("200.00"))], 2)
    assert ok.severity == PASS
    wrong = printed_sum("x", "x", ("合计", Decimal("300.00")), [("a", Decimal("100.00")), ("b", Decimal("150.00"))], 2)
    assert wrong.severity == ERROR and wrong.figures["差额"] == "50.00 元"


def test_asset_cards_with_impossible_values_are_counted_and_named(demo_path):
    con = sqlite3.connect(demo_path)
    year_id = con.execute("SELECT id FROM fiscal_years WHERE year = 2020").fetchone()[0]
    columns = ("year_id, card_no, name, asset_class, kind, acquisition, acquired_on, original_fen, depreciation_fen,"
               " status, custodian, location, disposal_method, disposed_on, residual_fen, residual_remitted")
    bad = [(f"BAD-DEP{n:02d}", "2", "fixed", "2019-01-01", 100, 200, "in_use", None, None) for n in range(12)]
    bad += [("BAD-LATE", "2", "fixed", "2021-02-01", 100, 0, "in_use", None, None),
            ("BAD-NODATE", "2", "fixed", "2019-01-01", 100, 0, "disposed", None, None),
            ("BAD-DATED", "2", "fixed", "2019-01-01", 100, 0, "in_use", "scrap", "2020-06-30"),
            ("BAD-KIND", "2", "intangible", "2019-01-01", 100, 0, "in_use", None, None)]
    with con:
        con.executemany(f"INSERT INTO asset_cards ({columns}) VALUES (?,?,'测试',?,?,'purchase',?,?,?,?,'','',?,?,NULL,0)",
                        [(year_id, no, cls, kind, acquired, original, depreciation, status, method, disposed)
                         for no, cls, kind, acquired, original, depreciation, status, method, disposed in bad])
    con.close()
    with Workspace.open(demo_path) as ws:
        found = {c.id: c for c in evaluation.checks(ws, 2020)}["asset_cards_valid"]
    assert found.severity == "错误" and found.message == "16 张卡片数据有误"
    assert len([no for no in found.figures if no.startswith("BAD-DEP")]) == 10  # examples: ten per problem
    assert found.figures["BAD-LATE"] == "取得日期晚于 2020 年末"
    assert found.figures["BAD-NODATE"] == "已处置但缺少处置日期或方式"
    assert found.figures["BAD-DATED"] == "有处置日期但状态不是已处置"
    assert found.figures["BAD-KIND"] == "资产类型与分类不一致"
