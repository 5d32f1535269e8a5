"""Each screen's snapshot, without Qt: one call returns everything the screen shows, computed."""

import dataclasses
from decimal import Decimal

import pytest

from desktop.core.money import Unit
from desktop.services import assets, snapshots, spending, staff
from desktop.services.facts import year_facts


def test_snapshots_are_frozen(demo):
    snap = snapshots.budget_snapshot(demo, 2020, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        snap.initial = Decimal(0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        year_facts(demo, 2020).year = 2021


def test_overview(demo):
    snap = snapshots.overview_snapshot(demo, 2020, None, Unit.WAN)
    assert (snap.unit_name, snap.year, snap.locked) == ("深圳市龙华区政务服务数据管理局", 2020, False)
    assert snap.indicators["budget_execution_rate"].printed == "99.82"
    assert f"{snap.score.total:.2f}" == "91.65" and snap.errors == () and snap.rounding_differences == 4
    assert [c.kind for c in snap.charts][0] == "quarterly_progress" and len(snap.charts) == 8


def test_budget(demo):
    snap = snapshots.budget_snapshot(demo, 2020, None)
    assert len(snap.adjustments) == 37 and len(snap.projects) == 33
    assert (snap.initial, snap.adjusted) == (Decimal("171093000.00"), Decimal("240417530.00"))
    assert snap.adjustment == Decimal("69324530.00")


def test_spending(demo):
    snap = snapshots.spending_snapshot(demo, 2020, None)
    december = snap.months[11]
    assert (december.month, f"{december.progress:.2f}", december.time_progress) == (12, "99.83", Decimal(100))
    assert snap.months[0].time_progress == Decimal(100) / 12 and snap.months[2].time_progress == Decimal(25)
    assert snap.carryover.difference == 0 and snap.carryover.computed_end == Decimal("7545.00")


def test_procurement(demo):
    snap = snapshots.procurement_snapshot(demo, 2020, None)
    assert len(snap.lines) == 12 and f"{snap.rate:.2f}" == "91.52"
    assert sum(paid for _label, paid in snap.paid_by_type) == snap.paid


def test_projects(demo):
    snap = snapshots.projects_snapshot(demo, 2020, None)
    assert (len(snap.figures), snap.executed, snap.completed, snap.capital) == (33, 33, 33, 11)
    assert snap.project("LH2020-01").targets and snap.project("nope") is None


def test_assets_follow_the_filter(demo):
    every = snapshots.assets_snapshot(demo, 2020, None, assets.CardFilter())
    assert every.totals.count == 544 and len(every.first_page) == 200
    assert f"{every.figures.utilization:.2f}" == "93.22"
    one = snapshots.assets_snapshot(demo, 2020, None, assets.CardFilter(text="GD2020-0001"))
    assert one.totals.count == 1 and [c.card_no for c in one.first_page] == ["GD2020-0001"]
    assert one.figures == every.figures  # the year's figures do not depend on the filter


def test_staff_indicators_narrative_audit(demo):
    people = snapshots.staff_snapshot(demo, 2020, None)
    assert people.established == (35, 28) and people.contract.actual == 356
    assert people.of("admin").authorized == 12
    ind = snapshots.indicators_snapshot(demo, 2020, None)
    assert ind.checks[0].severity == "尾差" and ind.count("错误") == 0 and (ind.met, ind.judged) == (11, 18)
    assert snapshots.narrative_snapshot(demo, 2020, None).texts["functions"]
    log = snapshots.audit_snapshot(demo, year=None, text=None)
    assert log.entries and log.broken_at is None


def test_figures_are_read_once_per_change(demo):
    first = year_facts(demo, 2020)
    assert year_facts(demo, 2020) is first
    assert year_facts(demo, 2020, with_previous=False) is first  # served by the fuller load
    staff.set_headcount(demo, 2020, "行政", authorized=12, actual=10)
    again = year_facts(demo, 2020)
    assert again is not first and again.staff().actual == first.staff().actual + 1
    spending.set_disbursement(demo, 2020, 12, "240000000", unit=None)
    assert year_facts(demo, 2020).disbursements[12] == Decimal("240000000.00")


def test_a_change_by_another_program_is_seen(demo, demo_path):
    import sqlite3

    before = year_facts(demo, 2020).staff()
    con = sqlite3.connect(demo_path)
    with con:
        con.execute("UPDATE headcount SET actual = actual + 1 WHERE category = 'admin' AND year_id ="
                    " (SELECT id FROM fiscal_years WHERE year = 2020)")
    con.close()
    assert year_facts(demo, 2020).staff().actual == before.actual + 1
