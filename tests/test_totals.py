"""Per-year totals kept by triggers (migration 0003): current after every kind of write, read by
the year's figures, filled in older files at upgrade, and checked by `check` against a recount."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest

from desktop.core.checks import ERROR, PASS
from desktop.services import budget, evaluation, integrity, years
from desktop.services.facts import year_facts
from desktop.services.workspace import Workspace, find_year
from desktop.store import audit, totals
from tests.test_store import make_v1_file


def _year_id(ws: Workspace, year: int) -> int:
    with ws.read() as s:
        return find_year(s, year).id


def assert_totals_current(ws: Workspace, year: int) -> None:
    with ws.read() as s:
        fy = find_year(s, year)
        assert totals.year_totals(s, fy.id) == totals.recount(s, fy.id)
        assert totals.asset_groups(s, fy.id) == totals.recount_asset_groups(s, fy.id, fy.year)


def check_by_id(ws: Workspace, year: int, check_id: str):
    return next(c for c in evaluation.checks(ws, year) if c.id == check_id)


def test_demo_totals_equal_a_recount_and_feed_the_year_figures(demo):
    for year in (2019, 2020):
        assert_totals_current(demo, year)
    with demo.read() as s:
        kept = totals.year_totals(s, find_year(s, 2020).id)
    assert kept["asset_cards"].rows == 544
    assert kept["budget_lines"].rows == 34
    facts = year_facts(demo, 2020)
    assert sum(g.count for g in facts.assets) == 544
    assert check_by_id(demo, 2020, "totals_kept").severity == PASS


def test_program_writes_and_raw_sql_keep_the_totals_current(demo, demo_path):
    budget.post_adjustment(demo, 2020, date="2020-12-01", category="project", project="LH2020-30",
                           amount="-1,200.00", doc_no="深龙政数〔2020〕99号", reason="测试")
    assert_totals_current(demo, 2020)
    con = sqlite3.connect(demo_path)
    with con:
        con.execute("UPDATE expenditures SET amount_fen = amount_fen + 1 WHERE id = "
                    "(SELECT min(id) FROM expenditures WHERE year_id = (SELECT id FROM fiscal_years WHERE year = 2020))")
        con.execute("UPDATE asset_cards SET status = 'idle', original_fen = original_fen + 500 WHERE id = "
                    "(SELECT min(id) FROM asset_cards)")
        con.execute("DELETE FROM asset_cards WHERE id = (SELECT max(id) FROM asset_cards)")
        con.execute("UPDATE asset_cards SET disposed_on = '2020-06-30', status = 'disposed', disposal_method = 'sale', "
                    "residual_fen = 100, residual_remitted = 1 WHERE id = (SELECT min(id) + 1 FROM asset_cards)")
    con.close()
    assert_totals_current(demo, 2020)
    assert_totals_current(demo, 2019)


def test_dropped_trigger_makes_check_name_the_table_with_both_figures(demo, demo_path):
    con = sqlite3.connect(demo_path)
    with con:
        con.execute("DROP TRIGGER trg_budget_lines_totals_update")
        con.execute("UPDATE budget_lines SET amount_fen = amount_fen + 100000000 WHERE id = "
                    "(SELECT min(id) FROM budget_lines WHERE year_id = (SELECT id FROM fiscal_years WHERE year = 2020))")
    con.close()
    found = check_by_id(demo, 2020, "totals_kept")
    assert found.severity == ERROR
    assert "年初预算（budget_lines） amount_fen" in found.message
    with demo.read() as s:
        kept = totals.year_totals(s, find_year(s, 2020).id)["budget_lines"].sums[0]
    assert integrity.figure_text("amount_fen", kept) in found.message
    assert integrity.figure_text("amount_fen", kept + 100000000) in found.message


def test_upgrade_fills_the_totals_and_writes_one_baseline_audit_row(tmp_path):
    path = tmp_path / "old.sqlite3"
    make_v1_file(path)
    with Workspace.open(path) as ws:
        assert_totals_current(ws, 2019)
        with ws.read() as s:
            assert totals.year_totals(s, 1)["budget_lines"] == totals.TableTotal(1, (123456789,))
            assert audit.verify_chain(s) is None
            seq, recorded = audit.recorded_totals(s, 1)
            assert recorded["budget_lines"].to_json() == [1, 123456789]
            assert audit.audit_head(s).count == seq == 1
        assert check_by_id(ws, 2019, "totals_kept").severity == PASS


def test_raw_unlock_is_refused_and_the_program_unlock_passes(demo, demo_path):
    years.lock_year(demo, 2020, "决算已报送")
    con = sqlite3.connect(demo_path)
    with pytest.raises(sqlite3.OperationalError):
        con.execute("UPDATE fiscal_years SET locked = 0 WHERE year = 2020")
    con.close()
    with demo.read() as s:
        assert find_year(s, 2020).locked
    assert not years.unlock_year(demo, 2020, "更正支出").locked
    years.lock_year(demo, 2020, "再次锁定")
    # The permit is used once: the same connection cannot unlock again by raw SQL.
    with demo.engine.connect() as conn, pytest.raises(Exception):
        conn.exec_driver_sql("UPDATE fiscal_years SET locked = 0 WHERE year = 2020")


def test_upgrade_seals_a_year_locked_before_it(tmp_path):
    path = tmp_path / "old.sqlite3"
    make_v1_file(path)
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE fiscal_years SET locked = 1, lock_reason = '决算已报送' WHERE id = 1")
    con.close()
    with Workspace.open(path) as ws:
        assert check_by_id(ws, 2019, "locked_seal").severity == PASS
        assert check_by_id(ws, 2019, "totals_audited").severity == PASS
    con = sqlite3.connect(path)
    with con:
        con.execute("DROP TRIGGER trg_budget_lines_locked_update")
        con.execute("DROP TRIGGER trg_budget_lines_locked_update_new")
        con.execute("UPDATE budget_lines SET note = '改过' WHERE year_id = 1")
    con.close()
    with Workspace.open(path) as ws:
        found = check_by_id(ws, 2019, "locked_seal")
        assert found.severity == ERROR and "年初预算（budget_lines）" in found.message
