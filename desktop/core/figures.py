"""The figures of the self-evaluation report, each under one id: value, printed text, unit,
precision and trace. Taken from the summary, the indicator engine and the score sheet — never
recomputed here — so the Word draft, a bureau's template fields and the check of a written
report all print the same figure the program shows elsewhere.

Each figure also names a *concept* (what a reader calls it: 人员经费, 政府采购, 支出进度 …) and
a *scope* within it (年初/调整/决算, 第几季度 …). `desktop/core/review.py` uses these to place a
number it reads in a report; the vocabulary that names concepts lives in `report_terms.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from desktop.core.facts import YearFacts
from desktop.core.indicators import TREASURY_BASIS as TREASURY
from desktop.core.indicators import Result
from desktop.core.money import round_half_up
from desktop.core.scoring import ScoreSheet
from desktop.core.summary import Figure as SummaryFigure
from desktop.core.summary import summary_figures

WAN = Decimal(10000)
COUNT_UNITS = {"staff": "人", "contract": "人", "tasks": "项", "projects": "个"}


@dataclass(frozen=True)
class ReportFigure:
    id: str
    label: str
    value: Decimal | None  # exact, in `unit` (万元 = 元 ÷ 10000, not rounded)
    unit: str  # 万元, %, 人, 个, 项, 分
    places: int
    trace: str
    concept: str
    scope: str = ""
    alternates: tuple[str, ...] = ()  # the same quantity on another basis (口径)
    table_only: bool = False  # targets and score points: placed only from a table's headers

    @property
    def text(self) -> str:
        """As printed in the report: separators, `places` decimals, half-up; “—” without data."""
        if self.value is None:
            return "—"
        return f"{round_half_up(self.value, self.places):,.{self.places}f}"

    @property
    def text_with_unit(self) -> str:
        if self.value is None:
            return "—"
        return f"{self.text}{self.unit}" if self.unit == "%" else f"{self.text} {self.unit}"

    @property
    def is_amount(self) -> bool:
        return self.unit == "万元"


@dataclass(frozen=True)
class SumRule:
    """A total printed beside its parts; parts rounded separately may differ by 尾差."""

    total: str
    parts: tuple[str, ...]


@dataclass
class Catalogue:
    unit_name: str
    year: int
    figures: dict[str, ReportFigure] = field(default_factory=dict)
    sums: list[SumRule] = field(default_factory=list)

    def add(self, fig: ReportFigure) -> None:
        self.figures[fig.id] = fig

    def __getitem__(self, key: str) -> ReportFigure:
        return self.figures[key]

    def get(self, key: str) -> ReportFigure | None:
        return self.figures.get(key)

    def text(self, key: str) -> str:
        return self.figures[key].text

    def in_concept(self, concept: str) -> list[ReportFigure]:
        return [f for f in self.figures.values() if f.concept == concept]


# summary key → (concept, scope). Keys left out are not printed in the report text.
SUMMARY_PLACES: dict[str, tuple[str, str]] = {
    "initial.total": ("total", "initial"), "adjusted.total": ("total", "adjusted"),
    "actual.total": ("total", "actual"),
    "initial.basic": ("basic", "initial"), "adjusted.basic": ("basic", "adjusted"),
    "initial.personnel": ("personnel", "initial"), "adjusted.personnel": ("personnel", "adjusted"),
    "actual.personnel": ("personnel", "actual"),
    "initial.public": ("public", "initial"), "adjusted.public": ("public", "adjusted"),
    "actual.public": ("public", "actual"),
    "initial.project": ("project", "initial"), "adjusted.project": ("project", "adjusted"),
    "actual.project": ("project", "actual"),
    "adjusted.project.capital": ("capital", "adjusted"), "actual.project.capital": ("capital", "actual"),
    "projects.capital": ("capital", "count"),
    "initial.three_public": ("three_public", "initial"), "three_public.actual": ("three_public", "actual"),
    "previous.three_public.actual": ("three_public", "previous"),
    "initial.three_public.abroad": ("abroad", "initial"), "three_public.abroad": ("abroad", "actual"),
    "initial.three_public.reception": ("reception", "initial"), "three_public.reception": ("reception", "actual"),
    "initial.three_public.vehicle": ("vehicle", "initial"),
    "three_public.vehicle_purchase": ("vehicle_purchase", "actual"),
    "three_public.vehicle_operation": ("vehicle_operation", "actual"),
    "previous.three_public.vehicle_operation": ("vehicle_operation", "previous"),
    "initial.procurement": ("procurement", "budget"), "procurement.actual": ("procurement", "actual"),
    "procurement.goods": ("procurement_goods", "actual"), "procurement.services": ("procurement_services", "actual"),
    "procurement.works": ("procurement_works", "actual"),
    "carryover.begin": ("carryover", "begin"), "carryover.end": ("carryover", "end"),
    "appropriation": ("appropriation", ""),
    "assets.fixed.new": ("fixed_new", ""), "assets.fixed.transfer_in": ("fixed_transfer", ""),
    "assets.intangible.new": ("intangible_new", ""), "assets.intangible.transfer_in": ("intangible_transfer", ""),
    "assets.disposed": ("disposed", ""),
    "assets.fixed.original": ("fixed_original", ""), "assets.fixed.in_use": ("fixed_original", "in_use"),
    "assets.fixed.pending_disposal": ("fixed_original", "pending"),
    "staff.authorized": ("staff", "authorized"), "staff.actual": ("staff", "actual"),
    "staff.admin": ("staff", "admin"), "staff.civil_service_institution": ("staff", "csi"),
    "staff.institution": ("staff", "institution"),
    "contract.authorized": ("contract", "authorized"), "contract.actual": ("contract", "actual"),
    "tasks.key": ("key_tasks", ""), "tasks.key.done": ("key_tasks", "done"),
    "tasks.livelihood": ("livelihood", ""), "tasks.livelihood.done": ("livelihood", "done"),
    "projects.executed": ("projects", "executed"), "projects.completed": ("projects", "completed"),
    "satisfaction": ("satisfaction", ""),
    **{f"progress.q{q}": ("progress", f"q{q}") for q in (1, 2, 3, 4)},
    **{f"time_progress.q{q}": ("time_progress", f"q{q}") for q in (1, 2, 3, 4)},
}

# indicator id → (concept, scope) for the indicator's own value
INDICATOR_PLACES: dict[str, tuple[str, str]] = {
    "budget_execution_rate": ("total", "rate"),
    "basic_execution_rate": ("basic", "rate"),
    "project_execution_rate": ("project", "rate"),
    "budget_adjustment_rate": ("adjustment", ""),
    "public_expense_control_rate": ("public", "rate"),
    "three_public_control_rate": ("three_public", "control"),
    "three_public_change_rate": ("three_public", "change"),
    "vehicle_operation_change_rate": ("vehicle_operation", "change"),
    "procurement_execution_rate": ("procurement", "rate"),
    "fixed_asset_utilization_rate": ("fixed_original", "rate"),
    "staffing_rate": ("staff", "rate"),
    "contract_staffing_rate": ("contract", "rate"),
    "project_completion_rate": ("projects", "rate"),
    "key_task_completion_rate": ("key_tasks", "rate"),
    "performance_target_achievement_rate": ("targets", ""),
    "carryover_rate": ("carryover", "rate"),
    "carryover_end": ("carryover", "end_indicator"),
    "quarterly_execution": ("quarter_rate", "q4"),
    "service_satisfaction": ("satisfaction", "indicator"),
}

SUM_RULES = (
    SumRule("initial.basic", ("initial.personnel", "initial.public")),
    SumRule("initial.total", ("initial.basic", "initial.project")),
    SumRule("adjusted.basic", ("adjusted.personnel", "adjusted.public")),
    SumRule("adjusted.total", ("adjusted.basic", "adjusted.project")),
    SumRule("actual.total", ("actual.personnel", "actual.public", "actual.project")),
    SumRule("procurement.actual", ("procurement.goods", "procurement.services", "procurement.works")),
    SumRule("initial.three_public", ("initial.three_public.abroad", "initial.three_public.reception",
                                     "initial.three_public.vehicle")),
    SumRule("assets.fixed.original", ("assets.fixed.in_use", "assets.fixed.pending_disposal")),
)


def _summary_unit(fig: SummaryFigure) -> tuple[str, int]:
    if fig.kind == "amount":
        return "万元", 2
    if fig.kind == "percent":
        return "%", 2
    head = fig.key.split(".")[0]
    return COUNT_UNITS.get(head, "个"), 0


def _trace_of(result: Result) -> str:
    lines = [f"{result.name} = {result.formula}；口径：{result.basis}"]
    lines += [f"{i.label}：{i.printed()} {i.unit} ← {i.source}" for i in result.inputs]
    if result.reason:
        lines.append(f"无数值：{result.reason}")
    return "\n".join(lines)


def build(facts: YearFacts, results: dict[str, Result], sheet: ScoreSheet | None = None) -> Catalogue:
    """Every figure the report prints, from the engines' own results."""
    cat = Catalogue(facts.unit_name, facts.year)
    traces = {i.key: f"{i.label}：{i.printed()} {i.unit} ← {i.source}"
              for r in results.values() for i in r.inputs}
    for fig in summary_figures(facts):
        if fig.key not in SUMMARY_PLACES:
            continue
        concept, scope = SUMMARY_PLACES[fig.key]
        unit, places = _summary_unit(fig)
        value = None if fig.value is None else Decimal(fig.value)
        if value is not None and unit == "万元":
            value = value / WAN
        trace = traces.get(fig.key, f"{fig.label}：由本年度数据汇总（budget-desk summary 中的 {fig.key}）")
        cat.add(ReportFigure(fig.key, fig.label, value, unit, places, trace, concept, scope))
    _add_indicator_inputs(cat, results)
    _add_indicators(cat, results)
    _add_quarters(cat, results)
    _add_categories(cat, results)
    _add_details(cat, facts, results)
    if sheet is not None:
        _add_score(cat, sheet)
    cat.sums = [rule for rule in SUM_RULES if all(k in cat.figures for k in (rule.total, *rule.parts))]
    return cat


def _add_indicator_inputs(cat: Catalogue, results: dict[str, Result]) -> None:
    """Inputs the summary does not list but the report prints (基本支出决算数, “三公”经费预算)."""
    wanted = {"actual.basic": ("basic", "actual"), "three_public.budget": ("three_public", "budget")}
    for r in results.values():
        for i in r.inputs:
            if i.key in wanted and i.key not in cat.figures and i.unit == "元":
                concept, scope = wanted[i.key]
                value = None if i.value is None else Decimal(i.value) / WAN
                cat.add(ReportFigure(i.key, i.label, value, "万元", 2, f"{i.label} ← {i.source}", concept, scope))


def _add_indicators(cat: Catalogue, results: dict[str, Result]) -> None:
    for rid, r in results.items():
        if rid not in INDICATOR_PLACES:
            continue
        concept, scope = INDICATOR_PLACES[rid]
        unit = "万元" if r.unit == "万元" else "%"
        cat.add(ReportFigure(f"indicator.{rid}", r.name, r.value, unit, 2, _trace_of(r), concept, scope))
        if r.target is not None:
            cat.add(ReportFigure(f"target.{rid}", f"{r.name}目标（{r.target_text}）", r.target, unit, 2,
                                 f"{r.name}的目标值：{r.target_text}（{r.target_source or '评分规则'}）", concept, f"target.{scope}",
                                 table_only=True))
        change = next((e.get("change_wan") for e in r.entries if "change_wan" in e), None)
        if change is not None:
            cat.add(ReportFigure(f"indicator.{rid}.amount", f"{r.name.removesuffix('变动率')}变动额",
                                 abs(Decimal(change)), "万元", 2, r.note + "\n" + _trace_of(r), concept,
                                 "change_amount"))
    execution = cat.get("indicator.budget_execution_rate")
    q4 = cat.get("progress.q4")
    if execution and q4:  # the same ratio on the treasury basis: a reader must not swap them
        cat.add(ReportFigure(execution.id, execution.label, execution.value, "%", 2, execution.trace,
                             execution.concept, execution.scope, alternates=("progress.q4",)))


def _add_quarters(cat: Catalogue, results: dict[str, Result]) -> None:
    quarterly = results.get("quarterly_execution")
    if quarterly is None:
        return
    for e in quarterly.entries:
        q = e["quarter"]
        value = None if e["rate"] is None else Decimal(e["rate"])
        cat.add(ReportFigure(f"quarter_rate.q{q}", f"第{q}季度分季执行率", value, "%", 2,
                             f"第{q}季度分季执行率 = 第{q}季度末累计支出进度 {e['progress'] or '—'}% ÷ 序时进度 "
                             f"{e['time_progress']}% × 100%\n口径：{quarterly.basis}", "quarter_rate", f"q{q}"))
    inputs = {i.key: i for i in quarterly.inputs}
    adjusted = inputs.get("adjusted.total")
    for q in (1, 2, 3, 4):  # each quarter's progress traced to its treasury disbursement
        fig, paid = cat.get(f"progress.q{q}"), inputs.get(f"disbursed.q{q}")
        if fig is not None and paid is not None and adjusted is not None:
            cat.add(ReportFigure(fig.id, fig.label, fig.value, fig.unit, fig.places,
                                 f"{fig.label} = {paid.label} ÷ {adjusted.label} × 100%\n"
                                 f"{paid.label}：{paid.printed()} 元 ← {paid.source}\n"
                                 f"{adjusted.label}：{adjusted.printed()} 元 ← {adjusted.source}\n口径：{TREASURY}",
                                 fig.concept, fig.scope))
    progress_q4 = cat.get("progress.q4")
    if progress_q4:  # Q4 progress is on the treasury basis; 预算执行率 is on actual spending
        cat.add(ReportFigure(progress_q4.id, progress_q4.label, progress_q4.value, "%", 2,
                             progress_q4.trace, progress_q4.concept,
                             progress_q4.scope, alternates=("indicator.budget_execution_rate",)))


def _add_categories(cat: Catalogue, results: dict[str, Result]) -> None:
    by_category = results.get("category_execution")
    if by_category is None:
        return
    concepts = {"personnel": "personnel", "public": "public"}
    for e in by_category.entries:
        concept = concepts.get(e["category"])
        if concept and e["rate"] is not None:
            cat.add(ReportFigure(f"rate.{concept}", f"{e['name']}执行率", Decimal(e["rate"]), "%", 2,
                                 f"{e['name']}决算数 {e['actual']} 元 ÷ 调整预算数 {e['adjusted']} 元\n"
                                 + _trace_of(by_category), concept, "execution"))


def _add_details(cat: Catalogue, facts: YearFacts, results: dict[str, Result]) -> None:
    """The rows of the report's tables: adjustments by category, procurement by type, projects."""
    from desktop.core.domain import MAIN_CATEGORIES, ProcurementType

    concepts = {"personnel": "personnel", "public": "public", "project": "project"}
    for c in MAIN_CATEGORIES:
        amount = facts.adjustments.get(c.value, Decimal(0)) / WAN
        cat.add(ReportFigure(f"adjustment.{c.value}", f"{c.label}预算调整金额", amount, "万元", 2,
                             f"预算调整明细（{c.label}）合计，含冲销", concepts[c.value], "adjustment"))
    total = sum((facts.adjustments.get(c.value, Decimal(0)) for c in MAIN_CATEGORIES), Decimal(0)) / WAN
    cat.add(ReportFigure("adjustment.total", "预算调整金额合计", total, "万元", 2,
                         f"预算调整明细合计（{facts.adjustment_count} 笔，含冲销）", "total", "adjustment"))
    cat.add(ReportFigure("adjustment.count", "预算调整笔数", Decimal(facts.adjustment_count), "笔", 0,
                         "预算调整明细（含冲销）", "total", "count"))
    procurement = results.get("procurement_execution_rate")
    for e in procurement.entries if procurement else ():
        concept, name = f"procurement_{e['type']}", ProcurementType(e["type"]).label
        cat.add(ReportFigure(f"procurement.{e['type']}.budget", f"政府采购预算（{name}）",
                             Decimal(e["budget"]) / WAN, "万元", 2, "政府采购明细（采购预算）合计", concept, "budget"))
        cat.add(ReportFigure(f"procurement.{e['type']}.count", f"政府采购项目数（{name}）",
                             Decimal(e["count"]), "项", 0, "政府采购明细（条数）", concept, "count"))
    for p in facts.projects:
        concept = f"proj.{p.code}"
        source = f"项目 {p.code} {p.name}"
        cat.add(ReportFigure(f"project.{p.code}.adjusted", f"{p.name}（调整预算）", p.adjusted / WAN, "万元", 2,
                             f"{source}：年初 {p.initial} 元 + 调整 {p.adjustments} 元", concept, "adjusted", table_only=True))
        cat.add(ReportFigure(f"project.{p.code}.actual", f"{p.name}（决算）", p.actual / WAN, "万元", 2,
                             f"{source}：支出记录合计", concept, "actual", table_only=True))
        cat.add(ReportFigure(f"project.{p.code}.targets", f"{p.name}（绩效目标数）", Decimal(p.targets_total), "个", 0,
                             f"{source}：绩效目标条数", concept, "targets", table_only=True))
        cat.add(ReportFigure(f"project.{p.code}.met", f"{p.name}（达成目标数）", Decimal(p.targets_met), "个", 0,
                             f"{source}：实际值达到目标值的绩效目标条数", concept, "met", table_only=True))


def _add_score(cat: Catalogue, sheet: ScoreSheet) -> None:
    for s in sheet.items:
        concept = f"score.{s.item.code}"
        cat.add(ReportFigure(f"score.{s.item.code}.weight", f"{s.item.name}（分值）", s.item.weight, "分", 2,
                             f"评分规则：{sheet.rules_name}", concept, "weight", table_only=True))
        cat.add(ReportFigure(f"score.{s.item.code}.points", f"{s.item.name}（得分）", s.points, "分", 2,
                             s.reason, concept, "points", table_only=True))
    cat.add(ReportFigure("score.total", "自评总分", sheet.total, "分", 2,
                         f"各评分项得分之和；满分 {sheet.full}；等级 {sheet.grade}", "score_total", "total"))
    cat.add(ReportFigure("score.full", "自评表满分", sheet.full, "分", 2, f"评分规则：{sheet.rules_name}",
                         "score_total", "full", table_only=True))
