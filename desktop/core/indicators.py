"""The indicators of the self-evaluation, each defined once: id, Chinese name, formula, unit,
target with direction, the basis it uses, and a trace of the inputs it used.

Arithmetic is exact (`Decimal`); a value is rounded half-up to two decimals only when printed.
A zero denominator gives no value ("—") and a reason, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from desktop.core.domain import (
    BASIC_CATEGORIES,
    MAIN_CATEGORIES,
    THREE_PUBLIC_BUDGET_CATEGORIES,
    THREE_PUBLIC_CATEGORIES,
    VEHICLE_CATEGORIES,
    AssetKind,
    AssetStatus,
    BudgetCategory as C,
    Direction,
    IncomeSource,
    ProjectOrigin,
)
from desktop.core.facts import YearFacts
from desktop.core.money import Unit, format_amount, format_plain, round_half_up
from desktop.core.summary import SATISFACTION_METRIC, TIME_PROGRESS, percent

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Input:
    """One figure an indicator used, and where it comes from."""

    key: str
    label: str
    value: Decimal | int | None
    unit: str  # "元", "人", "个", "%", "项"
    source: str

    def printed(self) -> str:
        if self.value is None:
            return "—"
        if self.unit == "元":
            return format_amount(Decimal(self.value))
        if isinstance(self.value, int):
            return str(self.value)
        return format_plain(Decimal(self.value))

    def to_json(self) -> dict:
        if self.value is None:
            value = None
        elif self.unit == "元":
            value = format_plain(Decimal(self.value))
        elif isinstance(self.value, int):
            value = self.value
        else:
            value = format_plain(Decimal(self.value))
        return {"label": self.label, "value": value, "unit": self.unit, "source": self.source}


@dataclass
class Result:
    id: str
    name: str
    unit: str
    formula: str
    basis: str
    target: Decimal | None
    direction: str | None
    value: Decimal | None = None
    reason: str = ""  # why there is no value
    inputs: list[Input] = field(default_factory=list)
    entries: list[dict] = field(default_factory=list)  # per quarter / per item detail
    note: str = ""
    absolute: bool = False  # the target applies to the absolute value (a signed rate such as 预算调整率)
    target_source: str = ""  # 评分规则 (the rules file) or 本年度设定 (the year's own target)

    @property
    def printed(self) -> str:
        return "—" if self.value is None else format_plain(self.value, 2)

    @property
    def met(self) -> bool | None:
        if self.value is None or self.target is None or self.direction is None:
            return None
        value = round_half_up(self.value, 2)  # judged on the printed figure, as a reader would
        if self.absolute:
            value = abs(value)
        if self.direction == Direction.AT_LEAST.value:
            return value >= self.target
        if self.direction == Direction.AT_MOST.value:
            return value <= self.target
        return value == self.target

    @property
    def target_text(self) -> str:
        if self.target is None or self.direction is None:
            return ""
        # An absolute-value judgement is said in the basis and, for a negative value, in the note
        # (the report writer reads the direction sign from the first character).
        return f"{Direction(self.direction).label}{format_plain(self.target, 2)}{self.unit if self.unit == '%' else ''}"

    def to_json(self) -> dict:
        out = {
            "value": None if self.value is None else self.printed,
            "unit": self.unit,
            "name": self.name,
            "formula": self.formula,
            "basis": self.basis,
            "target": None if self.target is None else format_plain(self.target, 2),
            "direction": self.direction,
            "met": self.met,
            "target_source": self.target_source or None,
            "judged_on_absolute_value": self.absolute,
            "inputs": {i.key: i.to_json() for i in self.inputs},
        }
        if self.reason:
            out["reason"] = self.reason
        if self.entries:
            out["entries"] = self.entries
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Definition:
    id: str
    name: str
    unit: str
    formula: str
    basis: str
    direction: str | None  # the sense of a good value; the target itself is in the rules file
    compute: Callable[[YearFacts, Result], None]
    absolute: bool = False


def ratio(result: Result, numerator: Input, denominator: Input, *, scale: Decimal = HUNDRED) -> None:
    result.inputs += [numerator, denominator]
    if numerator.value is None or denominator.value is None:
        missing = numerator if numerator.value is None else denominator
        result.reason = f"缺少数据：{missing.label}"
        return
    if denominator.value == 0:
        result.reason = f"{denominator.label}为零，无法计算"
        return
    if denominator.value < 0:
        result.reason = f"{denominator.label}为负数（{denominator.printed()}），比率无意义"
        return
    result.value = Decimal(numerator.value) * scale / Decimal(denominator.value)


def change(result: Result, current: Input, previous: Input) -> None:
    """(current − previous) / previous, with the change amount in the note and entries."""
    result.inputs += [current, previous]
    if current.value is None or previous.value is None:
        result.reason = f"缺少数据：{(current if current.value is None else previous).label}"
        return
    if previous.value == 0:
        result.reason = f"{previous.label}为零，无法计算变动率"
        return
    delta = Decimal(current.value) - Decimal(previous.value)
    result.value = delta * HUNDRED / abs(Decimal(previous.value))
    word = "减少" if delta < 0 else "增加"
    result.note = f"{word} {format_amount(abs(delta), Unit.WAN)} 万元"
    result.entries.append({"change": format_plain(delta), "change_wan": format_plain(delta / 10000)})


# --- inputs, named once -----------------------------------------------------------------------

def _amount(key: str, label: str, value: Decimal | None, source: str) -> Input:
    return Input(key, label, value, "元", source)


def adjusted_input(f: YearFacts, key: str, label: str, *cats: C) -> Input:
    names = "、".join(c.label for c in cats)
    initial, adjusted = f.initial_of(*cats), f.adjusted_of(*cats)
    return _amount(key, label, adjusted,
                   f"年初预算（{names}）{format_amount(initial)} 元 + 预算调整 {format_amount(adjusted - initial)} 元")


def actual_input(f: YearFacts, key: str, label: str, *cats: C) -> Input:
    names = "、".join(c.label for c in cats)
    return _amount(key, label, f.actual_of(*cats), f"支出记录（{names}）合计")


# --- the indicators ---------------------------------------------------------------------------

def _budget_execution(f: YearFacts, r: Result) -> None:
    ratio(r, actual_input(f, "actual.total", "财政拨款支出决算数", *MAIN_CATEGORIES),
          adjusted_input(f, "adjusted.total", "调整预算数", *MAIN_CATEGORIES))


def _basic_execution(f: YearFacts, r: Result) -> None:
    ratio(r, actual_input(f, "actual.basic", "基本支出决算数", *BASIC_CATEGORIES),
          adjusted_input(f, "adjusted.basic", "基本支出调整预算数", *BASIC_CATEGORIES))


def _project_execution(f: YearFacts, r: Result) -> None:
    ratio(r, actual_input(f, "actual.project", "项目支出决算数", C.PROJECT),
          adjusted_input(f, "adjusted.project", "项目支出调整预算数", C.PROJECT))


def _category_execution(f: YearFacts, r: Result) -> None:
    _budget_execution(f, r)
    for cat in MAIN_CATEGORIES:
        adjusted, actual = f.adjusted_of(cat), f.actual_of(cat)
        rate = percent(actual, adjusted)
        r.entries.append({"category": cat.value, "name": cat.label,
                          "initial": format_plain(f.initial_of(cat)), "adjusted": format_plain(adjusted),
                          "actual": format_plain(actual), "rate": None if rate is None else format_plain(rate)})


def _adjustment_rate(f: YearFacts, r: Result) -> None:
    initial = _amount("initial.total", "年初预算", f.initial_total, "年初预算行（人员经费、日常公用经费、项目支出）合计")
    adjusted = adjusted_input(f, "adjusted.total", "调整预算数", *MAIN_CATEGORIES)
    r.inputs += [adjusted, initial,
                 Input("adjustments.count", "预算调整笔数（含冲销）", f.adjustment_count, "笔", "预算调整明细")]
    if f.initial_total <= 0:
        r.reason = "年初预算为零，无法计算" if f.initial_total == 0 else "年初预算为负数，比率无意义"
        return
    r.value = (f.adjusted_total - f.initial_total) * HUNDRED / f.initial_total
    if r.value < 0:
        r.note = f"调减 {format_plain(-r.value)}%：按绝对值与目标比较，调减与追加同样计入"


def _public_control(f: YearFacts, r: Result) -> None:
    ratio(r, actual_input(f, "actual.public", "日常公用经费支出", C.PUBLIC),
          adjusted_input(f, "adjusted.public", "日常公用经费调整预算数", C.PUBLIC))


def _three_public_control(f: YearFacts, r: Result) -> None:
    ratio(r, actual_input(f, "three_public.actual", "“三公”经费实际支出", *THREE_PUBLIC_CATEGORIES),
          adjusted_input(f, "three_public.budget", "“三公”经费调整预算数", *THREE_PUBLIC_BUDGET_CATEGORIES))
    r.note = (f"所用预算：调整后 {format_amount(f.three_public_budget, Unit.WAN)} 万元"
              f"（年初 {format_amount(f.three_public_initial, Unit.WAN)} 万元）")
    for cat in three_public_rows(f):
        budget, actual = f.adjusted_of(cat), f.actual_of(cat)
        rate = None if cat.budget_only else percent(actual, budget)
        r.entries.append({"category": cat.value, "name": cat.label, "budget": format_plain(budget),
                          "actual": format_plain(actual), "rate": None if rate is None else format_plain(rate)})


def three_public_rows(f: YearFacts) -> list[C]:
    """The 三公 lines to show: the four items, and a budget stated without its split where there is one."""
    return [c for c in THREE_PUBLIC_BUDGET_CATEGORIES if not c.budget_only or f.adjusted_of(c) != 0]


def _previous_actual(f: YearFacts, key: str, label: str, *cats: C) -> Input:
    prev = f.previous
    value = prev.actual_of(*cats) if prev else None
    return _amount(key, label, value, f"{f.year - 1}年度支出记录" if prev else f"数据文件中没有 {f.year - 1} 年度")


def _three_public_change(f: YearFacts, r: Result) -> None:
    change(r, actual_input(f, "three_public.actual", "本年“三公”经费支出", *THREE_PUBLIC_CATEGORIES),
           _previous_actual(f, "previous.three_public.actual", "上年“三公”经费支出", *THREE_PUBLIC_CATEGORIES))


def _vehicle_change(f: YearFacts, r: Result) -> None:
    change(r, actual_input(f, "three_public.vehicle_operation", "本年公务用车运行费", C.VEHICLE_OPERATION),
           _previous_actual(f, "previous.three_public.vehicle_operation", "上年公务用车运行费",
                            C.VEHICLE_OPERATION))


def _procurement_execution(f: YearFacts, r: Result) -> None:
    ratio(r, _amount("procurement.actual", "政府采购支出", f.procurement_sum("paid"), "政府采购明细（已支付）合计"),
          _amount("procurement.budget", "政府采购预算", f.procurement_sum("budget"), "政府采购明细（采购预算）合计"))
    for group in sorted(f.procurement, key=lambda g: g.ptype):
        r.entries.append({"type": group.ptype, "count": group.count, "budget": format_plain(group.budget),
                          "contract": format_plain(group.contract), "paid": format_plain(group.paid)})


def _asset_utilization(f: YearFacts, r: Result) -> None:
    in_use = f.held(AssetKind.FIXED, AssetStatus.IN_USE)
    total = f.held(AssetKind.FIXED)
    ratio(r, _amount("assets.fixed.in_use", "在用固定资产账面原值", in_use, "资产卡片（固定资产、在用）合计"),
          _amount("assets.fixed.original", "年末固定资产账面原值", total, "资产卡片（固定资产、未处置）合计"))
    r.inputs.append(Input("assets.fixed.count", "年末固定资产卡片数",
                          f.asset_count(kind=AssetKind.FIXED.value) - f.asset_count(kind=AssetKind.FIXED.value,
                                                                                    status=AssetStatus.DISPOSED.value),
                          "张", "资产卡片"))


def _staffing(f: YearFacts, r: Result) -> None:
    authorized, actual = f.staff()
    ratio(r, Input("staff.actual", "实有在编人数", actual, "人", "人员编制（行政、参公事业、非参公事业）"),
          Input("staff.authorized", "核定编制数", authorized, "人", "人员编制（行政、参公事业、非参公事业）"))


def _contract_staffing(f: YearFacts, r: Result) -> None:
    authorized, actual = f.contract_staff
    ratio(r, Input("contract.actual", "临聘人员实有数", actual, "人", "人员编制（临聘人员）"),
          Input("contract.authorized", "临聘人员核定数", authorized, "人", "人员编制（临聘人员）"))


def _project_completion(f: YearFacts, r: Result) -> None:
    ratio(r, Input("projects.completed", "完成二级项目数", f.projects_completed, "个", "项目（状态：已完成）"),
          Input("projects.executed", "全年执行二级项目数", f.projects_executed, "个", "项目（状态：实施中、已完成）"))


def _task_completion(f: YearFacts, r: Result) -> None:
    ratio(r, Input("tasks.done", "已完成的重点工作和民生实事", f.task_count(done=True), "项", "重点工作（已完成）"),
          Input("tasks.total", "重点工作和民生实事", f.task_count(), "项", "重点工作"))


def _target_achievement(f: YearFacts, r: Result) -> None:
    total = sum(p.targets_total for p in f.projects)
    met = sum(p.targets_met for p in f.projects)
    ratio(r, Input("targets.met", "达成的绩效目标", met, "个", "项目绩效目标（实际值达到目标值）"),
          Input("targets.total", "绩效目标", total, "个", "项目绩效目标"))


def _carryover_rate(f: YearFacts, r: Result) -> None:
    known = f.appropriation is not None and f.carryover_begin is not None
    end = f.carryover_begin + f.appropriation - f.actual_total if known else None
    ratio(r, _amount("carryover.end", "年末财政拨款结转和结余", end, "年初结转结余 + 本年财政拨款收入 − 本年支出"),
          actual_input(f, "actual.total", "财政拨款支出决算数", *MAIN_CATEGORIES))


def _carryover_end(f: YearFacts, r: Result) -> None:
    begin = _amount("carryover.begin", "年初财政拨款结转和结余", f.carryover_begin, "结转结余表")
    appropriation = _amount("appropriation", "本年财政拨款收入", f.appropriation, "结转结余表")
    actual = actual_input(f, "actual.total", "财政拨款支出决算数", *MAIN_CATEGORIES)
    r.inputs += [begin, appropriation, actual,
                 _amount("carryover.end.stored", "年末结转和结余（填报数）", f.carryover_end, "结转结余表")]
    if f.appropriation is None or f.carryover_begin is None:
        r.reason = "缺少结转结余数据"
        return
    r.value = (f.carryover_begin + f.appropriation - f.actual_total) / 10000


def _quarterly(f: YearFacts, r: Result) -> None:
    adjusted = adjusted_input(f, "adjusted.total", "调整预算数", *MAIN_CATEGORIES)
    r.inputs.append(adjusted)
    for q in (1, 2, 3, 4):
        cumulative = f.cumulative_at_quarter(q)
        r.inputs.append(_amount(f"disbursed.q{q}", f"第{q}季度末累计国库支付", cumulative,
                                f"国库支付（{q * 3}月末累计）"))
        progress = percent(cumulative, f.adjusted_total) if cumulative is not None else None
        rate = progress * HUNDRED / TIME_PROGRESS[q] if progress is not None else None
        r.entries.append({"quarter": q, "progress": None if progress is None else format_plain(progress),
                          "time_progress": format_plain(TIME_PROGRESS[q]),
                          "rate": None if rate is None else format_plain(rate)})
        if q == 4:
            if rate is None:
                r.reason = "缺少12月末累计国库支付或调整预算为零"
            r.value = rate


def _satisfaction(f: YearFacts, r: Result) -> None:
    metric = f.metrics.get(SATISFACTION_METRIC)
    r.inputs.append(Input("satisfaction", "行政服务大厅平均满意率", metric.value if metric else None, "%",
                          "其他绩效指标（行政服务大厅平均满意率）"))
    if metric is None:
        r.reason = "缺少满意度数据"
        return
    r.value = metric.value


# --- figures other departments' reports print -----------------------------------------------------

def _spending_share(*cats: C):
    def compute(f: YearFacts, r: Result) -> None:
        ratio(r, actual_input(f, f"actual.{cats[0].value}", f"{'、'.join(c.label for c in cats)}支出", *cats),
              actual_input(f, "actual.total", "财政拨款支出决算数（总支出）", *MAIN_CATEGORIES))
    return compute


def _three_public_share(key: str, label: str, *cats: C):
    def compute(f: YearFacts, r: Result) -> None:
        ratio(r, actual_input(f, f"three_public.{key}", label, *cats),
              actual_input(f, "three_public.actual", "“三公”经费实际支出", *THREE_PUBLIC_CATEGORIES))
    return compute


def _reception_per_person(f: YearFacts, r: Result) -> None:
    ratio(r, actual_input(f, "three_public.reception", "公务接待费", C.RECEPTION),
          Input("three_public.reception_persons", "公务接待人次", f.reception_persons, "人次", "单位情况（公务接待人次）"),
          scale=Decimal(1))


def _fund_availability(f: YearFacts, r: Result) -> None:
    ratio(r, _amount("appropriation", "本年财政拨款收入（到位资金）", f.appropriation, "结转结余表（本年财政拨款收入）"),
          adjusted_input(f, "adjusted.total", "调整预算数", *MAIN_CATEGORIES))


def _income_of(f: YearFacts | None, year: int, key: str, label: str, source: IncomeSource | None) -> Input:
    """决算收入 (all sources, or one); 财政拨款收入 falls back on the 结转结余表 when no income is recorded."""
    if f is None:
        return _amount(key, label, None, f"数据文件中没有 {year} 年度")
    if source is None:
        return _amount(key, label, f.income_total, f"{year}年度决算收入（各来源合计）")
    if source.value in f.income:
        return _amount(key, label, f.income[source.value], f"{year}年度决算收入（{source.label}）")
    if source is IncomeSource.APPROPRIATION and f.appropriation is not None:
        return _amount(key, label, f.appropriation, f"{year}年度结转结余表（本年财政拨款收入）")
    return _amount(key, label, None, f"{year}年度没有录入决算收入（{source.label}）")


def _income_growth(source: IncomeSource | None, label: str):
    def compute(f: YearFacts, r: Result) -> None:
        key = f"income.{source.value if source else 'total'}"
        change(r, _income_of(f, f.year, key, f"本年{label}", source),
               _income_of(f.previous, f.year - 1, f"previous.{key}", f"上年{label}", source))
    return compute


def _added_projects(f: YearFacts, r: Result) -> None:
    added = [p for p in f.projects if p.origin == ProjectOrigin.ADDED.value]
    ratio(r, _amount("projects.added.adjusted", "年中追加项目调整预算", sum((p.adjusted for p in added), Decimal(0)),
                     "项目（来源：年中追加）"),
          adjusted_input(f, "adjusted.project", "项目支出调整预算数", C.PROJECT))
    unknown = sum(1 for p in f.projects if p.origin is None)
    r.inputs.append(Input("projects.origin.unknown", "未填来源的项目", unknown, "个", "项目（来源未填）"))
    for origin in ProjectOrigin:
        chosen = [p for p in f.projects if p.origin == origin.value]
        r.entries.append({"origin": origin.value, "name": origin.label, "count": len(chosen),
                          "adjusted": format_plain(sum((p.adjusted for p in chosen), Decimal(0)))})
    if unknown and unknown == len(f.projects):
        r.value, r.reason = None, "项目均未填写来源（年初安排/年中追加/上年结转）"
    elif unknown:
        r.note = f"{unknown} 个项目未填来源"


GE, LE = Direction.AT_LEAST.value, Direction.AT_MOST.value
TREASURY_BASIS = "国库支付口径：累计国库支付数 ÷ 调整预算数"
ACTUAL_BASIS = "决算口径：财政拨款支出决算数 ÷ 调整预算数"

DEFINITIONS: tuple[Definition, ...] = (
    Definition("budget_execution_rate", "预算执行率", "%", "财政拨款支出决算数 ÷ 调整预算数 × 100%",
               ACTUAL_BASIS, GE, _budget_execution),
    Definition("basic_execution_rate", "基本支出执行率", "%", "基本支出决算数 ÷ 基本支出调整预算数 × 100%",
               ACTUAL_BASIS, GE, _basic_execution),
    Definition("project_execution_rate", "项目支出执行率", "%", "项目支出决算数 ÷ 项目支出调整预算数 × 100%",
               ACTUAL_BASIS, GE, _project_execution),
    Definition("category_execution", "分类别预算执行情况", "%", "各类别决算数 ÷ 该类别调整预算数 × 100%",
               ACTUAL_BASIS, None, _category_execution),
    Definition("budget_adjustment_rate", "预算调整率", "%", "（调整预算数 − 年初预算数）÷ 年初预算数 × 100%",
               "调整预算 = 年初预算 + 预算调整明细（不手工填报）；有正负，调减为负；按绝对值与目标比较",
               LE, _adjustment_rate, absolute=True),
    Definition("public_expense_control_rate", "日常公用经费控制率", "%",
               "日常公用经费支出 ÷ 日常公用经费调整预算数 × 100%", ACTUAL_BASIS, LE, _public_control),
    Definition("three_public_control_rate", "“三公”经费控制率", "%", "“三公”经费实际支出 ÷ “三公”经费预算 × 100%",
               "“三公”经费为支出中单独核算的部分", LE, _three_public_control),
    Definition("three_public_change_rate", "“三公”经费变动率", "%", "（本年 − 上年）÷ 上年 × 100%",
               "与上年度同口径比较", LE, _three_public_change),
    Definition("vehicle_operation_change_rate", "公务用车运行费变动率", "%", "（本年 − 上年）÷ 上年 × 100%",
               "与上年度同口径比较", LE, _vehicle_change),
    Definition("procurement_execution_rate", "政府采购执行率", "%", "政府采购支出 ÷ 政府采购预算 × 100%",
               "政府采购明细：已支付 ÷ 采购预算", GE, _procurement_execution),
    Definition("fixed_asset_utilization_rate", "固定资产利用率", "%", "在用固定资产账面原值 ÷ 固定资产账面原值 × 100%",
               "年末资产卡片（不含已处置）", GE, _asset_utilization),
    Definition("staffing_rate", "在职人员控制率", "%", "实有在编人数 ÷ 核定编制数 × 100%",
               "年末人数", LE, _staffing),
    Definition("contract_staffing_rate", "临聘人员到岗率", "%", "临聘人员实有数 ÷ 临聘人员核定数 × 100%",
               "年末人数；临聘人员不属于在编人员", LE, _contract_staffing),
    Definition("project_completion_rate", "项目完成率", "%", "完成二级项目数 ÷ 全年执行二级项目数 × 100%",
               "项目状态", GE, _project_completion),
    Definition("key_task_completion_rate", "重点工作完成率", "%", "已完成的重点工作（含民生实事）÷ 重点工作总数 × 100%",
               "重点工作完成情况", GE, _task_completion),
    Definition("performance_target_achievement_rate", "绩效目标达成率", "%", "达成的绩效目标数 ÷ 绩效目标总数 × 100%",
               "项目绩效目标：实际值按比较方向与目标值比较", GE, _target_achievement),
    Definition("carryover_rate", "结转结余率", "%", "年末财政拨款结转和结余 ÷ 财政拨款支出决算数 × 100%",
               "年末结转结余按 年初 + 本年收入 − 本年支出 计算", LE, _carryover_rate),
    Definition("carryover_end", "年末财政拨款结转和结余", "万元", "年初结转和结余 + 本年财政拨款收入 − 本年支出",
               "由结转结余表和支出记录计算，与填报数核对", None, _carryover_end),
    Definition("quarterly_execution", "分季执行率", "%", "各季度末累计支出进度 ÷ 当季序时进度 × 100%",
               TREASURY_BASIS + "；序时进度 25%/50%/75%/100%", GE, _quarterly),
    Definition("service_satisfaction", "服务对象满意度", "%", "行政服务大厅平均满意率",
               "满意度测评（明察暗访）", GE, _satisfaction),
    Definition("personnel_share", "人员经费占总支出比重", "%", "人员经费支出 ÷ 财政拨款支出决算数 × 100%",
               "决算口径：支出记录", None, _spending_share(C.PERSONNEL)),
    Definition("public_share", "公用经费占总支出比重", "%", "日常公用经费支出 ÷ 财政拨款支出决算数 × 100%",
               "决算口径：支出记录", None, _spending_share(C.PUBLIC)),
    Definition("project_share", "项目支出占总支出比重", "%", "项目支出 ÷ 财政拨款支出决算数 × 100%",
               "决算口径：支出记录", None, _spending_share(C.PROJECT)),
    Definition("reception_share", "公务接待费占“三公”经费比重", "%", "公务接待费 ÷ “三公”经费实际支出 × 100%",
               "“三公”经费支出构成", None, _three_public_share("reception", "公务接待费", C.RECEPTION)),
    Definition("vehicle_share", "公务用车购置及运行维护费占“三公”经费比重", "%",
               "（公务用车购置费 + 公务用车运行维护费）÷ “三公”经费实际支出 × 100%", "“三公”经费支出构成", None,
               _three_public_share("vehicle", "公务用车购置及运行维护费", *VEHICLE_CATEGORIES)),
    Definition("reception_per_person", "人均接待费", "元/人次", "公务接待费 ÷ 公务接待人次",
               "公务接待费支出；接待人次见单位情况", None, _reception_per_person),
    Definition("fund_availability_rate", "资金到位率", "%", "本年财政拨款收入 ÷ 调整预算数 × 100%",
               "到位资金按结转结余表的本年财政拨款收入（不同于分季执行率所用的累计国库支付）", None,
               _fund_availability),
    Definition("income_growth_rate", "收入同比增长率", "%", "（本年决算收入 − 上年决算收入）÷ 上年决算收入 × 100%",
               "决算收入各来源合计，与上年度同口径比较", None, _income_growth(None, "决算收入")),
    Definition("appropriation_growth_rate", "财政拨款收入同比增长率", "%",
               "（本年财政拨款收入 − 上年财政拨款收入）÷ 上年财政拨款收入 × 100%",
               "决算收入中的财政拨款收入（未录入时用结转结余表的本年财政拨款收入）", None,
               _income_growth(IncomeSource.APPROPRIATION, "财政拨款收入")),
    Definition("added_project_share", "年中追加项目占项目支出比重", "%",
               "年中追加项目调整预算 ÷ 项目支出调整预算数 × 100%",
               "项目来源：年初安排 / 年中追加 / 上年结转（各来源的项目数和预算见明细）", None, _added_projects),
)

BY_ID = {d.id: d for d in DEFINITIONS}


def compute(f: YearFacts, targets: dict[str, tuple[Decimal, str, bool | None]] | None = None) -> dict[str, Result]:
    """Every indicator of the year. `targets` are the rules file's (`scoring.Rules.targets`: id →
    (value, direction, absolute)); a target the year sets (`f.target_overrides`, 目标设置) replaces
    the value. Without `targets` an indicator has no target and no verdict."""
    targets = targets or {}
    results = {}
    for d in DEFINITIONS:
        target, direction, *rest = targets.get(d.id, (None, d.direction, None))
        absolute = rest[0] if rest else None
        source = "评分规则" if target is not None else ""
        if d.id in f.target_overrides and direction is not None:
            target, source = f.target_overrides[d.id], "本年度设定"
        absolute = absolute if absolute is not None else d.absolute
        result = Result(d.id, d.name, d.unit, d.formula, d.basis, target, direction if target is not None else None,
                        absolute=absolute, target_source=source)
        d.compute(f, result)
        results[d.id] = result
    return results
