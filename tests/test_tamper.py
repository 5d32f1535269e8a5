"""The tampering cases of issue 9, each reproduced on the demo and each found by `check` (or by
`log --verify --against`, in test_audit_head.py)."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest

from desktop.cli.main import main
from desktop.core.checks import ERROR, PASS
from desktop.services import budget, evaluation, years

VEHICLE_2019 = ("UPDATE expenditures SET amount_fen = 22400000 WHERE category = 'three_public_vehicle_operation' "
                "AND year_id = (SELECT id FROM fiscal_years WHERE year = 2019)")


def check_by_id(ws, year: int, check_id: str):
    return next(c for c in evaluation.checks(ws, year) if c.id == check_id)


def vehicle_rate(ws) -> str:
    return evaluation.indicators(ws, 2020)["vehicle_operation_change_rate"].printed


def test_raw_unlock_change_relock_is_found_by_the_seal(demo, demo_path, capsys):
    assert vehicle_rate(demo) == "-81.98"
    assert check_by_id(demo, 2019, "locked_seal").severity == PASS
    con = sqlite3.connect(demo_path)
    # The trigger refuses a raw unlock; someone who drops it gets through, as in the issue.
    with pytest.raises(sqlite3.OperationalError):
        con.execute("UPDATE fiscal_years SET locked = 0 WHERE year = 2019")
    with con:
        con.execute("DROP TRIGGER trg_fiscal_years_unlock_guard")
        con.execute("UPDATE fiscal_years SET locked = 0 WHERE year = 2019")
        con.execute(VEHICLE_2019)
        con.execute("UPDATE fiscal_years SET locked = 1 WHERE year = 2019")
    con.close()
    assert vehicle_rate(demo) == "-91.91"
    found = check_by_id(demo, 2019, "locked_seal")
    assert found.severity == ERROR
    assert "支出（expenditures）" in found.message
    assert main(["check", "--year", "2019", "--db", str(demo_path)]) == 1
    out = capsys.readouterr().out
    assert "[错误] 锁定年度的封印" in out and "支出（expenditures）" in out


def test_a_forged_permit_function_and_a_category_change_are_found_too(demo, demo_path):
    # Same counts and sums (only the category moves), unlocked by defining the program's function.
    con = sqlite3.connect(demo_path)
    con.create_function("budget_desk_unlock_permit", 1, lambda year_id: 1)
    with con:
        con.execute("UPDATE fiscal_years SET locked = 0 WHERE year = 2019")
        con.execute("UPDATE expenditures SET category = 'three_public_reception' WHERE "
                    "category = 'three_public_vehicle_operation' AND year_id = (SELECT id FROM fiscal_years WHERE year = 2019)")
        con.execute("UPDATE fiscal_years SET locked = 1 WHERE year = 2019")
    con.close()
    assert check_by_id(demo, 2019, "totals_audited").severity == PASS  # totals cannot see a category
    found = check_by_id(demo, 2019, "locked_seal")
    assert found.severity == ERROR and "支出（expenditures）" in found.message


def test_a_lock_flag_cleared_outside_the_program_is_found(demo, demo_path):
    con = sqlite3.connect(demo_path)
    with con:
        con.execute("DROP TRIGGER trg_fiscal_years_unlock_guard")
        con.execute("UPDATE fiscal_years SET locked = 0 WHERE year = 2019")
    con.close()
    found = check_by_id(demo, 2019, "locked_seal")
    assert found.severity == ERROR and "锁定标志却已被清除" in found.message


def test_program_unlock_change_and_relock_passes(demo):
    years.unlock_year(demo, 2019, "更正公务用车支出")
    assert check_by_id(demo, 2019, "locked_seal").severity == PASS
    years.lock_year(demo, 2019, "更正后重新锁定")
    assert check_by_id(demo, 2019, "locked_seal").severity == PASS


def test_direct_update_of_budget_lines_in_an_open_year_is_found_with_both_figures(demo, demo_path, capsys):
    assert check_by_id(demo, 2020, "totals_audited").severity == PASS
    con = sqlite3.connect(demo_path)
    with con:
        before = con.execute("SELECT sum(amount_fen) FROM budget_lines WHERE year_id = "
                             "(SELECT id FROM fiscal_years WHERE year = 2020)").fetchone()[0]
        con.execute("UPDATE budget_lines SET amount_fen = amount_fen + 100000000 WHERE id = "
                    "(SELECT min(id) FROM budget_lines WHERE year_id = (SELECT id FROM fiscal_years WHERE year = 2020))")
    con.close()
    assert check_by_id(demo, 2020, "totals_kept").severity == PASS  # the triggers kept the totals
    found = check_by_id(demo, 2020, "totals_audited")
    assert found.severity == ERROR
    assert "年初预算（budget_lines） amount_fen" in found.message
    assert f"{Decimal(before) / 100:,.2f}" in found.message
    assert f"{Decimal(before) / 100 + 1_000_000:,.2f}" in found.message
    assert main(["check", "--year", "2020", "--db", str(demo_path)]) == 1
    assert "[错误] 数据与操作日志记录的合计一致" in capsys.readouterr().out


def test_a_real_smuggled_into_an_amount_names_table_record_and_column(demo, demo_path, capsys):
    con = sqlite3.connect(demo_path)
    with con:
        con.execute("PRAGMA ignore_check_constraints = ON")  # how another tool gets past the CHECK
        row_id = con.execute("SELECT id FROM expenditures WHERE category = 'three_public_vehicle_operation' "
                             "AND year_id = (SELECT id FROM fiscal_years WHERE year = 2020)").fetchone()[0]
        con.execute("UPDATE expenditures SET amount_fen = 1812812.5 WHERE id = ?", (row_id,))
    con.close()
    for command in (["summary", "--year", "2020"], ["check", "--year", "2020"], ["adjustments", "--year", "2020"]):
        code = main([*command, "--db", str(demo_path)])
        err = capsys.readouterr().err
        if command[0] == "adjustments":  # reads no expenditure: unaffected
            assert code == 0
            continue
        assert code != 0
        assert f"支出（expenditures） id={row_id} 的 amount_fen 为 1812812.5" in err


def test_a_later_program_write_does_not_launder_a_raw_change(demo, demo_path):
    con = sqlite3.connect(demo_path)
    with con:
        con.execute("UPDATE budget_lines SET amount_fen = amount_fen + 100000000 WHERE id = "
                    "(SELECT min(id) FROM budget_lines WHERE year_id = (SELECT id FROM fiscal_years WHERE year = 2020))")
    con.close()
    # The officer goes on working: this row records the tampered totals as the new state …
    budget.post_adjustment(demo, 2020, date="2020-12-20", category="日常公用经费", amount="1.00",
                           doc_no="测试〔2020〕9号", reason="测试")
    budget.post_adjustment(demo, 2020, date="2020-12-21", category="日常公用经费", amount="2.00",
                           doc_no="测试〔2020〕10号", reason="测试")
    found = check_by_id(demo, 2020, "totals_audited")
    # … but also what it found changed before it, which check goes on reporting.
    assert found.severity == ERROR
    assert "数据曾在本程序以外被改动" in found.message and "年初预算（budget_lines） amount_fen" in found.message
    assert found.message.count("数据曾在本程序以外被改动") == 1  # the second row found nothing new


def test_ordinary_work_leaves_every_integrity_check_passing(demo):
    budget.post_adjustment(demo, 2020, date="2020-12-20", category="日常公用经费", amount="1.00",
                           doc_no="测试〔2020〕9号", reason="测试")
    budget.reverse_adjustment(demo, 2020, 1, reason="冲销测试")
    years.unlock_year(demo, 2019, "更正")
    years.lock_year(demo, 2019, "重新锁定")
    for year in (2019, 2020):
        for check in evaluation.checks(demo, year):
            if check.id in ("totals_kept", "totals_audited", "locked_seal"):
                assert check.severity == PASS, check.message
