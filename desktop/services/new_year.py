"""A new fiscal year opened from the previous one, carrying what carries (新建年度).

What carries, and why:
- the asset cards still held at the previous year-end (the register belongs to a year; a card
  disposed of last year stays in last year);
- the carry-over: last year's 年末结转和结余 is this year's 年初 balance (the appropriation and the
  year-end balance start at zero and at the opening balance, so the identity holds until the
  officer records the year);
- headcount: the authorization (核定编制) and last year's actual headcount as the starting value;
- the project catalogue with its performance targets (targets' actual values start empty; a
  cancelled project does not carry; every project starts 未启动);
- the narrative section 部门主要职能, which rarely changes from one year to the next;
- the year's own indicator targets (目标设置), e.g. a 90% control target for 日常公用经费.

Budget lines, adjustments, spending, disbursement, procurement, key tasks, metrics, ledger
balances and scores belong to their year and do not carry.

`plan_new_year` says what would carry without writing; `create_year_from` writes it in one
transaction with one audit row that records the counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Integer, func, insert, literal, select
from sqlalchemy.orm import Session

from desktop.core.domain import AssetStatus, NarrativeSection, ProjectStatus, StaffCategory
from desktop.core.errors import ConflictError, ValidationError
from desktop.core.money import Unit as MoneyUnit
from desktop.core.money import format_amount
from desktop.services.workspace import Workspace, find_year
from desktop.store import audit
from desktop.store.models import (
    AssetCard,
    CarryOver,
    FiscalYear,
    Headcount,
    IndicatorTarget,
    Narrative,
    PerformanceTarget,
    Project,
)

_CARRIED_NARRATIVES = (NarrativeSection.FUNCTIONS.value,)


@dataclass(frozen=True)
class HeadcountCarried:
    category: str  # the Chinese label
    authorized: int
    actual: int


@dataclass(frozen=True)
class NewYearPlan:
    """What a new year takes from the previous one (before or after it is written)."""

    unit_code: str
    unit_name: str
    from_year: int
    year: int
    from_locked: bool
    cards_held: int
    cards_held_original: Decimal
    cards_left_disposed: int
    carryover_begin: Decimal | None
    headcount: tuple[HeadcountCarried, ...]
    projects: int
    projects_left_cancelled: int
    targets: int
    narratives: tuple[str, ...]
    targets_set: int = 0  # the year's own indicator targets (目标设置) carried

    def lines(self) -> list[str]:
        """The plan in the officer's words, one line per thing that carries."""
        wan = MoneyUnit.WAN
        out = [f"资产卡片：结转 {self.cards_held:,} 张（原值 {format_amount(self.cards_held_original, wan)} 万元）；"
               f"{self.from_year}年度已处置的 {self.cards_left_disposed:,} 张留在{self.from_year}年度"]
        if self.carryover_begin is None:
            out.append(f"结转结余：{self.from_year}年度没有填报结转结余，{self.year}年度年初结转结余需手工填写")
        else:
            out.append(f"结转结余：{self.from_year}年末结转和结余 {format_amount(self.carryover_begin, wan)} 万元"
                       f" 作为{self.year}年初结转和结余")
        if self.headcount:
            parts = "，".join(f"{h.category} 编制 {h.authorized}/实有 {h.actual}" for h in self.headcount)
            out.append(f"人员编制：{parts}（实有人数为上年末人数，可修改）")
        else:
            out.append("人员编制：上一年度没有人员编制数据")
        skipped = f"；已取消的 {self.projects_left_cancelled} 个不结转" if self.projects_left_cancelled else ""
        out.append(f"项目：{self.projects} 个二级项目及其 {self.targets} 个绩效目标（实际值留空，状态为未启动）{skipped}")
        if self.narratives:
            out.append("报告文字：" + "、".join(self.narratives))
        if self.targets_set:
            out.append(f"目标设置：本单位自定的 {self.targets_set} 个指标目标")
        out.append("不结转：年初预算、调整、支出、国库支付进度、政府采购、重点工作、业务指标、总账余额、自评打分")
        return out


def _check_years(year: int, from_year: int) -> None:
    if int(year) != int(from_year) + 1:
        raise ValidationError(f"年度：只能从上一年度新建（{year}年度应从{int(year) - 1}年度结转，而不是{from_year}年度）",
                              "年度")


def _plan(s: Session, old: FiscalYear, year: int) -> NewYearPlan:
    disposed = AssetStatus.DISPOSED.value
    held_count, held_original = s.execute(
        select(func.count(), func.coalesce(func.sum(AssetCard.__table__.c.original_fen, type_=Integer), 0))
        .where(AssetCard.year_id == old.id, AssetCard.status != disposed)).one()  # (Integer: 分, not the column's 元)
    left = s.scalar(select(func.count()).select_from(AssetCard)
                    .where(AssetCard.year_id == old.id, AssetCard.status == disposed)) or 0
    carry = s.get(CarryOver, old.id)
    heads = tuple(
        HeadcountCarried(StaffCategory(h.category).label, h.authorized, h.actual)
        for h in s.scalars(select(Headcount).where(Headcount.year_id == old.id).order_by(Headcount.id)))
    projects = s.scalars(select(Project).where(Project.year_id == old.id)).all()
    kept = [p for p in projects if p.status != ProjectStatus.CANCELLED.value]
    narratives = tuple(
        NarrativeSection(n.section).label for n in s.scalars(
            select(Narrative).where(Narrative.year_id == old.id, Narrative.section.in_(_CARRIED_NARRATIVES)))
        if n.body.strip())
    return NewYearPlan(
        unit_code=old.unit.code, unit_name=old.unit.name, from_year=old.year, year=int(year),
        from_locked=old.locked, cards_held=held_count, cards_held_original=Decimal(held_original) / 100,
        cards_left_disposed=left, carryover_begin=None if carry is None else carry.end, headcount=heads,
        projects=len(kept), projects_left_cancelled=len(projects) - len(kept),
        targets=sum(len(p.targets) for p in kept), narratives=narratives,
        targets_set=s.scalar(select(func.count()).select_from(IndicatorTarget)
                             .where(IndicatorTarget.year_id == old.id)) or 0)


def _refuse_existing(s: Session, old: FiscalYear, year: int) -> None:
    if s.scalar(select(FiscalYear).where(FiscalYear.unit_id == old.unit_id, FiscalYear.year == year)):
        raise ConflictError(f"{old.unit.name} 的 {year} 年度已存在")


def plan_new_year(ws: Workspace, year: int, from_year: int, unit: str | None = None) -> NewYearPlan:
    _check_years(year, from_year)
    with ws.read() as s:
        old = find_year(s, from_year, unit)
        _refuse_existing(s, old, year)
        return _plan(s, old, year)


def create_year_from(ws: Workspace, year: int, from_year: int, unit: str | None = None) -> NewYearPlan:
    """Open `year` carrying from `from_year`: all or nothing, one audit row with the counts."""
    _check_years(year, from_year)
    with ws.write() as s:
        old = find_year(s, from_year, unit)
        _refuse_existing(s, old, year)
        plan = _plan(s, old, year)
        new = FiscalYear(unit_id=old.unit_id, year=int(year), locked=False, lock_reason="")
        s.add(new)
        s.flush()
        _carry_cards(s, old, new)
        _carry_projects(s, old, new)
        if plan.carryover_begin is not None:
            s.add(CarryOver(year_id=new.id, begin=plan.carryover_begin, appropriation=Decimal(0),
                            end=plan.carryover_begin))
        for h in s.scalars(select(Headcount).where(Headcount.year_id == old.id)).all():
            s.add(Headcount(year_id=new.id, category=h.category, authorized=h.authorized, actual=h.actual))
        for n in s.scalars(select(Narrative).where(Narrative.year_id == old.id,
                                                   Narrative.section.in_(_CARRIED_NARRATIVES))).all():
            s.add(Narrative(year_id=new.id, section=n.section, body=n.body))
        for target in s.scalars(select(IndicatorTarget).where(IndicatorTarget.year_id == old.id)).all():
            s.add(IndicatorTarget(year_id=new.id, indicator=target.indicator, value=target.value))
        s.flush()
        audit.append(s, actor=ws.actor, action="create", entity="fiscal_year", entity_id=new.id,
                     year_id=new.id, summary=f"从{from_year}年度新建 {year} 年度",
                     after={"year": int(year), "from_year": int(from_year), "cards": plan.cards_held,
                            "projects": plan.projects, "targets": plan.targets,
                            "carryover_begin": plan.carryover_begin,
                            "headcount": [[h.category, h.authorized, h.actual] for h in plan.headcount]})
        return plan


def _carry_cards(s: Session, old: FiscalYear, new: FiscalYear) -> None:
    """Held cards copied inside SQLite (a million cards never pass through Python)."""
    table = AssetCard.__table__
    columns = [c for c in table.columns if c.name not in ("id", "year_id")]
    source = select(literal(new.id, Integer).label("year_id"), *columns).where(
        table.c.year_id == old.id, table.c.status != AssetStatus.DISPOSED.value).order_by(table.c.id)
    s.execute(insert(table).from_select(["year_id", *[c.name for c in columns]], source))


def _carry_projects(s: Session, old: FiscalYear, new: FiscalYear) -> None:
    olds = s.scalars(select(Project).where(Project.year_id == old.id,
                                           Project.status != ProjectStatus.CANCELLED.value)
                     .order_by(Project.id)).all()
    for p in olds:
        copy = Project(year_id=new.id, code=p.code, name=p.name, project_class=p.project_class,
                       status=ProjectStatus.PLANNED.value, note=p.note)
        s.add(copy)
        s.flush()
        for t in p.targets:
            s.add(PerformanceTarget(project_id=copy.id, year_id=new.id, position=t.position, level1=t.level1,
                                    level2=t.level2, name=t.name, measure_unit=t.measure_unit,
                                    direction=t.direction, target_value=t.target_value, actual_value=None))
