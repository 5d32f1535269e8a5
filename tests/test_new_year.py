"""新建年度 from the previous year: what carries, what stays, and nothing half-written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Integer, func, select

from desktop.cli.main import main
from desktop.core.domain import StaffCategory
from desktop.core.errors import ConflictError, ValidationError
from desktop.services import new_year
from desktop.services.facts import year_facts
from desktop.store import audit
from desktop.store.models import AssetCard, FiscalYear, PerformanceTarget, Project
from tests.conftest import snapshot


def test_preview_writes_nothing(demo, demo_path):
    before = snapshot(demo_path)
    plan = new_year.plan_new_year(demo, 2021, 2020)
    assert snapshot(demo_path) == before
    assert plan.cards_held == 543 and plan.cards_left_disposed == 1
    assert any("0.75 万元" in line for line in plan.lines())


def test_demo_2021_from_2020_carries_what_carries(demo):
    old = year_facts(demo, 2020)
    plan = new_year.create_year_from(demo, 2021, 2020)
    new = year_facts(demo, 2021, with_previous=False)
    assert plan.carryover_begin == old.carryover_end == Decimal("7545.00")
    assert new.carryover_begin == old.carryover_end
    assert new.staff() == (35, 28) == old.staff()
    assert new.staff(StaffCategory.CONTRACT) == (392, 356)
    with demo.read() as s:
        new_projects = s.scalar(select(func.count()).select_from(Project).join(FiscalYear)
                                .where(FiscalYear.year == 2021))
        cards = {y: n for y, n in s.execute(select(AssetCard.year_id, func.count()).group_by(AssetCard.year_id))}
        new_id = max(cards)
        names_2021 = set(s.scalars(select(AssetCard.name).where(AssetCard.year_id == new_id)))
        disposed_2020 = set(s.scalars(select(AssetCard.name).where(AssetCard.status == "disposed")))
        targets = s.scalar(select(func.count()).select_from(PerformanceTarget)
                           .where(PerformanceTarget.year_id == new_id))
        actuals = s.scalar(select(func.count()).select_from(PerformanceTarget).where(
            PerformanceTarget.year_id == new_id, PerformanceTarget.actual_value.is_not(None)))
        assert audit.verify_chain(s) is None
    assert cards[new_id] == 543
    assert disposed_2020 and not (disposed_2020 & names_2021)  # the scrapped vehicle stays in 2020
    assert new_projects == plan.projects == 33
    assert targets == plan.targets and actuals == 0
    # held cards' values carry unchanged: 2021's register is 2020's less the disposed cards
    with demo.read() as s:
        def total(where):
            return s.scalar(select(func.sum(AssetCard.__table__.c.original_fen, type_=Integer)).where(where))  # 分
        old_id = s.scalar(select(FiscalYear.id).where(FiscalYear.year == 2020))
        assert total(AssetCard.year_id == new_id) == total(
            (AssetCard.year_id == old_id) & (AssetCard.status != "disposed"))
        assert Decimal(total(AssetCard.year_id == new_id)) / 100 == plan.cards_held_original
    assert plan.cards_held_original == Decimal("62686900.00")  # 6,268.69 万元 held at 2020's end
    assert "原值 6,268.69 万元" in plan.lines()[0]


@pytest.mark.parametrize("year, from_year, error", [
    (2022, 2020, ValidationError),  # not the next year
    (2020, 2019, ConflictError),  # exists already
])
def test_refused_without_change(demo, demo_path, year, from_year, error):
    before = snapshot(demo_path)
    with pytest.raises(error):
        new_year.create_year_from(demo, year, from_year)
    assert snapshot(demo_path) == before


def test_cli_preview_then_yes(demo_path, capsys):
    assert main(["new-year", "--year", "2021", "--from", "2020", "--db", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert "将新建" in out and "数据未改变" in out
    assert main(["new-year", "--year", "2021", "--from", "2020", "--db", str(demo_path), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "已新建" in out and "2020年度尚未锁定" in out
    assert main(["years", "--db", str(demo_path)]) == 0
    assert "2021" in capsys.readouterr().out


def test_the_years_own_targets_carry(demo):
    from desktop.services import evaluation

    plan = new_year.create_year_from(demo, 2021, 2020)
    assert plan.targets_set >= 1 and any("目标设置" in line for line in plan.lines())
    results = evaluation.indicators(demo, 2021)
    assert results["public_expense_control_rate"].target_text == "≤90.00%"  # the report's own control target

