"""Cross-checks: the demo has no error and shows the report's 尾差; broken data is reported."""

import json
import sqlite3


from desktop.cli.main import main
from desktop.core.checks import ERROR, PASS, TAIL
from desktop.services import evaluation, people, spending
from desktop.services.workspace import Workspace


def by_id(ws, year=2020):
    return {c.id: c for c in evaluation.checks(ws, year)}


def test_demo_has_no_error_and_the_report_tails(demo):
    checks = evaluation.checks(demo, 2020)
    assert [c for c in checks if c.severity == ERROR] == []
    tails = {c.id: c for c in checks if c.severity == TAIL}
    assert set(tails) == {"initial_basic_parts", "initial_total_parts", "adjusted_total_parts", "procurement_parts"}
    assert tails["initial_basic_parts"].figures["基本支出预算"] == "2,589"
    assert tails["initial_basic_parts"].figures["分项合计（万元）"] == "2,588"
    assert tails["adjusted_total_parts"].figures["分项合计（万元）"] == "24,041.76"
    assert tails["procurement_parts"].figures["政府采购支出"] == "1,424.01"
    assert by_id(demo)["carryover_identity"].figures["计算的年末结转和结余"] == "0.75"


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
    assert check.figures["补回后调整预算数"] == "24,041.75"


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
    assert check.figures["总账固定资产原值"] == "54,234,400.00"
    assert check.figures["卡片固定资产原值合计"] == "54,234,900.00"
    assert check.figures["差额（元）"] == "500.00"


def test_headcount_part_exceeding_its_total(demo):
    people.set_headcount(demo, 2020, "行政", authorized=12, actual=13)
    check = by_id(demo)["headcount_within_authorized"]
    assert check.severity == ERROR
    assert check.message == "行政实有 13 人超过核定 12 人"
    assert check.figures["行政"] == "核定 12 / 实有 13"


def test_carryover_that_does_not_add_up(demo_path):
    raw(demo_path, "UPDATE carryovers SET end_fen = 800000")
    with Workspace.open(demo_path) as ws:
        check = by_id(ws)["carryover_identity"]
    assert check.severity == ERROR
    assert check.figures["填报的年末结转和结余"] == "0.80"
    assert check.figures["计算的年末结转和结余"] == "0.75"


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
    assert check.figures["差额（元）"] == "123.45"


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
    assert wrong.severity == ERROR and wrong.figures["差额（元）"] == "50.00"
