"""The self-evaluation report as an outline: headings, paragraphs, tables and charts, in the
structure of the 2020 report (docs/report-wording.md). Every sentence that carries a figure is
written here from the figure catalogue; the officer's narrative sections are placed as they are.
The Word writer (desktop/export/report_docx.py) only lays this out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from desktop.core.domain import NarrativeSection as N
from desktop.core.figures import Catalogue
from desktop.core.indicators import Result
from desktop.core.money import round_half_up
from desktop.core.scoring import ScoreSheet

CN_NUM = "一二三四五六七八九十"
# how a sentence names a figure where the catalogue's label would not read well
PHRASES = {"procurement.goods": "货物支出", "procurement.services": "服务支出", "procurement.works": "工程支出",
           "initial.personnel": "年初人员经费", "initial.public": "年初日常公用经费", "initial.project": "年初项目支出",
           "initial.basic": "年初基本支出", "actual.personnel": "人员经费决算数", "actual.public": "日常公用经费决算数",
           "actual.project": "项目支出决算数", "assets.fixed.in_use": "在用固定资产账面原值",
           "assets.fixed.pending_disposal": "待处置固定资产账面原值",
           "initial.three_public.abroad": "因公出国（境）费用年初预算",
           "initial.three_public.reception": "公务接待费年初预算",
           "initial.three_public.vehicle": "公务用车购置与运行维护费年初预算"}


@dataclass(frozen=True)
class Heading:
    level: int  # 1 一、, 2 （一）, 3 1.
    text: str
    new_page: bool = False  # an annex starts on a new page


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False  # a line the program wrote about the data (not the officer's words)


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths


@dataclass(frozen=True)
class Chart:
    kind: str
    caption: str


@dataclass
class Outline:
    title: str
    subtitle: str
    items: list = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)  # sections left for the officer to write


def _pct(cat: Catalogue, key: str) -> str:
    fig = cat.get(key)
    return "—" if fig is None or fig.value is None else f"{fig.text}%"


def _wan(cat: Catalogue, key: str) -> str:
    fig = cat.get(key)
    return "—" if fig is None or fig.value is None else f"{fig.text} 万元"


def _n(cat: Catalogue, key: str) -> str:
    fig = cat.get(key)
    return "—" if fig is None or fig.value is None else fig.text


def _cell(cat: Catalogue, key: str, unit: str = "") -> str:
    fig = cat.get(key)
    if fig is None or fig.value is None:
        return "—"
    return fig.text + unit


class _Writer:
    def __init__(self, cat: Catalogue, results: dict[str, Result], sheet: ScoreSheet, narratives: dict[str, str]):
        self.cat, self.results, self.sheet, self.narratives = cat, results, sheet, narratives
        self.out = Outline(f"{cat.unit_name}{cat.year}年度部门整体支出绩效自评报告", "（自评报告初稿，由预算绩效工作台根据数据生成）")
        self.counters = [0, 0, 0, 0]

    def heading(self, level: int, text: str) -> None:
        self.counters[level] += 1
        for deeper in range(level + 1, 4):
            self.counters[deeper] = 0
        n = self.counters[level]
        prefix = {1: f"{CN_NUM[n - 1]}、", 2: f"（{CN_NUM[n - 1]}）", 3: f"{n}."}[level]
        self.out.items.append(Heading(level, prefix + text))

    def annex(self, text: str) -> None:
        self.out.items.append(Heading(1, text, new_page=True))

    def para(self, text: str, note: bool = False) -> None:
        self.out.items.append(Paragraph(text, note))

    def narrative(self, section: N, fallback: str | None = None) -> None:
        text = (self.narratives.get(section.value) or "").strip()
        if text:
            for line in text.splitlines():
                if line.strip():
                    self.para(line.strip())
        elif fallback:
            self.para(fallback, note=True)
        else:
            self.out.placeholders.append(section.label)
            self.para(f"【待填写：{section.label}。请在“报告文字”中填写本节，再重新生成。】", note=True)

    def table(self, caption: str, header, rows, widths=()) -> None:
        self.out.items.append(Table(caption, tuple(header), tuple(tuple(r) for r in rows), tuple(widths)))


def build_outline(cat: Catalogue, results: dict[str, Result], sheet: ScoreSheet,
                  narratives: dict[str, str], *, sources: bool = True) -> Outline:
    w = _Writer(cat, results, sheet, narratives)
    _basic_situation(w)
    _performance(w)
    _evaluation(w)
    _score_tables(w)
    if sources:
        _sources(w)
    return w.out


# --- 一、部门基本情况 -------------------------------------------------------------------------------

def _basic_situation(w: _Writer) -> None:
    c, y = w.cat, w.cat.year
    w.heading(1, "部门基本情况")
    w.heading(2, "部门主要职能")
    w.narrative(N.FUNCTIONS)
    w.heading(2, "年度总体工作和重点工作任务")
    w.narrative(N.ANNUAL_WORK)
    w.heading(2, f"{y}年部门预算编制情况")
    w.narrative(N.BUDGET_PREPARATION, fallback="我局按照财政部门有关要求和预算编制程序编制部门预算，对“三公”经费、政府采购等重要环节给予重点关注。")
    w.para(f"我局{y}年年初预算为{_wan(c, 'initial.total')}，包括：基本支出预算{_wan(c, 'initial.basic')}"
           f"（人员经费{_wan(c, 'initial.personnel')}，日常公用经费{_wan(c, 'initial.public')}），"
           f"项目支出预算{_wan(c, 'initial.project')}。其中，“三公”经费年初预算{_wan(c, 'initial.three_public')}，"
           f"包括：因公出国（境）费用预算{_wan(c, 'initial.three_public.abroad')}，"
           f"公务接待费预算{_wan(c, 'initial.three_public.reception')}，"
           f"公务用车购置与运行维护费预算{_wan(c, 'initial.three_public.vehicle')}；"
           f"政府采购预算{_wan(c, 'initial.procurement')}。")
    w.para(f"{y}年调整预算数{_wan(c, 'adjusted.total')}，其中：基本支出调整预算数{_wan(c, 'adjusted.basic')}，"
           f"项目支出调整预算数{_wan(c, 'adjusted.project')}。项目支出中基本建设类项目调整预算数"
           f"{_wan(c, 'adjusted.project.capital')}。预算调整笔数{_n(c, 'adjustment.count')}笔（含冲销），"
           f"预算调整率{_pct(c, 'indicator.budget_adjustment_rate')}。")
    _budget_table(w)
    _adjustment_table(w)
    w.heading(2, f"{y}年部门预算执行情况")
    w.heading(3, "资金管理方面")
    w.para(f"{y}年财政拨款支出决算数为{_wan(c, 'actual.total')}。其中：人员经费支出{_wan(c, 'actual.personnel')}，"
           f"日常公用经费支出{_wan(c, 'actual.public')}，项目支出{_wan(c, 'actual.project')}"
           f"（其中基本建设类项目{_wan(c, 'actual.project.capital')}）。")
    w.para(f"预算执行率（决算口径，财政拨款支出决算数 ÷ 调整预算数）为{_pct(c, 'indicator.budget_execution_rate')}；"
           f"按国库支付口径（12月末累计国库支付数 ÷ 调整预算数），第四季度末支出进度为{_pct(c, 'progress.q4')}。"
           "两者口径不同，数值不可互换。", note=True)
    w.para(f"{y}年初财政拨款结转和结余为{_wan(c, 'carryover.begin')}，本年财政拨款收入{_wan(c, 'appropriation')}，"
           f"年末财政拨款结转和结余为{_wan(c, 'carryover.end')}。")
    w.para(f"{y}年度政府采购预算{_wan(c, 'initial.procurement')}，政府采购支出{_wan(c, 'procurement.actual')}。"
           f"其中政府采购货物支出{_wan(c, 'procurement.goods')}，政府采购服务支出{_wan(c, 'procurement.services')}，"
           f"政府采购工程支出{_wan(c, 'procurement.works')}。政府采购执行率{_pct(c, 'indicator.procurement_execution_rate')}。")
    _procurement_table(w)
    w.heading(3, "项目管理方面")
    w.para(f"全年执行二级项目数{_n(c, 'projects.executed')}个，完成二级项目数{_n(c, 'projects.completed')}个，"
           f"项目完成率{_pct(c, 'indicator.project_completion_rate')}；绩效目标达成率"
           f"{_pct(c, 'indicator.performance_target_achievement_rate')}。各项目情况见下表。")
    _project_table(w)
    w.heading(3, "资产管理方面")
    w.para(f"{y}年新购固定资产账面价值{_wan(c, 'assets.fixed.new')}，调拨固定资产账面价值{_wan(c, 'assets.fixed.transfer_in')}；"
           f"新购无形资产账面价值{_wan(c, 'assets.intangible.new')}，调拨无形资产账面价值{_wan(c, 'assets.intangible.transfer_in')}。"
           f"本年报废处置资产账面价值{_wan(c, 'assets.disposed')}。")
    w.para(f"{y}年末，固定资产账面原值{_wan(c, 'assets.fixed.original')}，其中在用的固定资产账面原值"
           f"{_wan(c, 'assets.fixed.in_use')}，待处置固定资产账面原值{_wan(c, 'assets.fixed.pending_disposal')}，"
           f"固定资产利用率为{_pct(c, 'indicator.fixed_asset_utilization_rate')}。")
    _asset_table(w)
    w.heading(3, "人员管理方面")
    w.para(f"我局{y}年核定编制为{_n(c, 'staff.authorized')}人，截至年末实有在编{_n(c, 'staff.actual')}人，其中："
           f"行政人员{_n(c, 'staff.admin')}人，参公事业人员{_n(c, 'staff.civil_service_institution')}人，"
           f"非参公事业人员{_n(c, 'staff.institution')}人；在职人员控制率{_pct(c, 'indicator.staffing_rate')}。"
           f"临聘人员核定{_n(c, 'contract.authorized')}人，实有{_n(c, 'contract.actual')}人，"
           f"临聘人员到岗率{_pct(c, 'indicator.contract_staffing_rate')}。")
    _staff_table(w)
    w.heading(3, "制度管理方面")
    w.out.placeholders.append("制度管理情况")
    w.para("【待填写：内部控制制度建设情况（预算、收支、资产、采购、建设项目、合同等业务领域的管理制度）。】", note=True)


def _budget_table(w: _Writer) -> None:
    c = w.cat
    rows = [("人员经费", "personnel"), ("日常公用经费", "public"), ("基本支出", "basic"), ("项目支出", "project"),
            ("其中：基本建设类项目", "project.capital"), ("合计", "total")]
    rates = {"personnel": "rate.personnel", "public": "rate.public", "basic": "indicator.basic_execution_rate",
             "project": "indicator.project_execution_rate", "total": "indicator.budget_execution_rate"}
    body = []
    for label, key in rows:
        body.append((label, _cell(c, f"initial.{key}"), _cell(c, f"adjusted.{key}"),
                     _cell(c, "actual.basic" if key == "basic" else f"actual.{key}"),
                     _cell(c, rates[key], "%") if key in rates else "—"))
    w.table("表1 预算收支情况", ("项目", "年初预算（万元）", "调整预算数（万元）", "决算数（万元）", "执行率"), body,
            (2.2, 1.4, 1.4, 1.4, 1.0))


def _adjustment_table(w: _Writer) -> None:
    c = w.cat
    body = [(label, _cell(c, f"initial.{key}"), _cell(c, f"adjustment.{key}"), _cell(c, f"adjusted.{key}"))
            for label, key in (("人员经费", "personnel"), ("日常公用经费", "public"), ("项目支出", "project"),
                               ("合计", "total"))]
    w.table("表2 预算调整情况", ("项目", "年初预算（万元）", "调整金额（万元）", "调整预算数（万元）"), body,
            (2.2, 1.5, 1.5, 1.5))


def _procurement_table(w: _Writer) -> None:
    c = w.cat
    names = {"goods": "货物类", "services": "服务类", "works": "工程类"}
    body = [(names[t], _cell(c, f"procurement.{t}.count", "项"), _cell(c, f"procurement.{t}.budget"),
             _cell(c, f"procurement.{t}"))
            for t in names if c.get(f"procurement.{t}.budget")]
    w.table("表3 政府采购情况", ("采购类型", "项目数", "采购预算（万元）", "支付金额（万元）"), body, (1.6, 1.0, 1.6, 1.6))


def _project_table(w: _Writer) -> None:
    c = w.cat
    codes = sorted({k.split(".")[1] for k in c.figures if k.startswith("project.") and k.endswith(".adjusted")})
    body = []
    for n, code in enumerate(codes, start=1):
        name = c[f"project.{code}.adjusted"].label.removesuffix("（调整预算）")
        body.append((str(n), name, _cell(c, f"project.{code}.adjusted"), _cell(c, f"project.{code}.actual"),
                     _cell(c, f"project.{code}.targets"), _cell(c, f"project.{code}.met")))
    w.table("表4 项目绩效目标完成情况", ("序号", "项目名称", "调整预算（万元）", "决算（万元）", "绩效目标数（个）", "达成数（个）"),
            body, (0.5, 3.2, 1.2, 1.2, 0.9, 0.8))


def _asset_table(w: _Writer) -> None:
    c = w.cat
    rows = (("年末固定资产账面原值", "assets.fixed.original"), ("在用固定资产账面原值", "assets.fixed.in_use"),
            ("待处置固定资产账面原值", "assets.fixed.pending_disposal"), ("新购固定资产账面价值", "assets.fixed.new"),
            ("调拨固定资产账面价值", "assets.fixed.transfer_in"), ("新购无形资产账面价值", "assets.intangible.new"),
            ("调拨无形资产账面价值", "assets.intangible.transfer_in"), ("本年报废处置资产账面价值", "assets.disposed"))
    w.table("表5 资产情况", ("项目", "金额（万元）"), [(label, _cell(c, key)) for label, key in rows], (3.0, 1.5))


def _staff_table(w: _Writer) -> None:
    c = w.cat
    rows = (("核定编制", "staff.authorized", "人"), ("实有在编", "staff.actual", "人"),
            ("其中行政人员", "staff.admin", "人"), ("其中参公事业人员", "staff.civil_service_institution", "人"),
            ("其中非参公事业人员", "staff.institution", "人"), ("临聘人员核定数", "contract.authorized", "人"),
            ("临聘人员实有数", "contract.actual", "人"), ("在职人员控制率", "indicator.staffing_rate", "%"),
            ("临聘人员到岗率", "indicator.contract_staffing_rate", "%"))
    w.table("表6 人员情况", ("项目", "数值"), [(label, _cell(c, key, unit)) for label, key, unit in rows], (3.0, 1.5))


# --- 二、部门主要履职绩效分析 ----------------------------------------------------------------------

def _performance(w: _Writer) -> None:
    c, y = w.cat, w.cat.year
    w.heading(1, "部门主要履职绩效分析")
    w.heading(2, "主要履职目标")
    w.narrative(N.PERFORMANCE_GOALS)
    w.heading(2, "主要履职情况")
    w.narrative(N.PERFORMANCE)
    w.heading(2, "部门履职绩效情况")
    w.heading(3, "经济性")
    w.para(f"（1）日常公用经费。{y}年日常公用经费调整预算数{_wan(c, 'adjusted.public')}，实际支出"
           f"{_wan(c, 'actual.public')}，日常公用经费控制率{_pct(c, 'indicator.public_expense_control_rate')}。")
    w.para(f"（2）“三公”经费。{y}年“三公”经费预算{_wan(c, 'three_public.budget')}，实际支出{_wan(c, 'three_public.actual')}，"
           f"“三公”经费控制率{_pct(c, 'indicator.three_public_control_rate')}。其中：因公出国（境）费{_wan(c, 'three_public.abroad')}；"
           f"公务接待费{_wan(c, 'three_public.reception')}；公务用车购置费{_wan(c, 'three_public.vehicle_purchase')}；"
           f"公务用车运行费{_wan(c, 'three_public.vehicle_operation')}{_vehicle_change(c)}")
    _three_public_table(w)
    w.out.items.append(Chart("three_public", "图1 “三公”经费预算与实际"))
    w.heading(3, "效率性")
    w.para(f"（1）预算执行率。{y}年预算执行率（决算口径）{_pct(c, 'indicator.budget_execution_rate')}，"
           f"基本支出执行率{_pct(c, 'indicator.basic_execution_rate')}，项目支出执行率{_pct(c, 'indicator.project_execution_rate')}。"
           "分季度支出进度按国库支付口径计算如下：")
    for q, name in ((1, "一"), (2, "二"), (3, "三"), (4, "四")):
        w.para(f"第{name}季度累计支出进度{_pct(c, f'progress.q{q}')}，当季序时进度{_pct(c, f'time_progress.q{q}')}，"
               f"第{name}季度执行率为{_pct(c, f'quarter_rate.q{q}')}；")
    _quarter_table(w)
    w.out.items.append(Chart("quarterly_progress", "图2 分季度支出进度与序时进度"))
    w.para(f"（2）重点工作完成率。{y}年牵头重点工作{_n(c, 'tasks.key')}项，已完成{_n(c, 'tasks.key.done')}项；"
           f"民生实事{_n(c, 'tasks.livelihood')}项，已完成{_n(c, 'tasks.livelihood.done')}项；"
           f"重点工作完成率{_pct(c, 'indicator.key_task_completion_rate')}。")
    w.para(f"（3）项目完成的及时性。项目支出年初预算数{_wan(c, 'initial.project')}，调整预算数{_wan(c, 'adjusted.project')}，"
           f"决算数{_wan(c, 'actual.project')}。全年执行二级项目数{_n(c, 'projects.executed')}个，"
           f"完成二级项目数{_n(c, 'projects.completed')}个，完成率{_pct(c, 'indicator.project_completion_rate')}。")
    w.heading(3, "效果性")
    w.para(f"绩效目标达成率{_pct(c, 'indicator.performance_target_achievement_rate')}（各项目绩效目标完成情况见表4）。")
    w.out.items.append(Chart("budget_by_category", "图3 年初预算、调整预算与实际支出"))
    w.heading(3, "公平性")
    w.para(f"行政服务大厅服务平均满意率{_pct(c, 'satisfaction')}。")


def _vehicle_change(c: Catalogue) -> str:
    rate, amount = c.get("indicator.vehicle_operation_change_rate"), c.get(
        "indicator.vehicle_operation_change_rate.amount")
    if rate is None or rate.value is None or amount is None:
        return "。"
    down = rate.value < 0
    rate_text = f"{round_half_up(abs(rate.value), 2):,.2f}%"
    return (f"，与上年同期对比{'减少' if down else '增加'}{amount.text} 万元，{'下降' if down else '上升'}{rate_text}。")


def _three_public_table(w: _Writer) -> None:
    c = w.cat
    rows = (("因公出国（境）费", "initial.three_public.abroad", "three_public.abroad", None),
            ("公务接待费", "initial.three_public.reception", "three_public.reception", None),
            ("公务用车购置费", None, "three_public.vehicle_purchase", None),
            ("公务用车运行费", None, "three_public.vehicle_operation", "previous.three_public.vehicle_operation"),
            ("公务用车购置与运行维护费", "initial.three_public.vehicle", None, None),
            ("“三公”经费合计", "initial.three_public", "three_public.actual", "previous.three_public.actual"))
    body = [(label, _cell(c, a) if a else "—", _cell(c, b) if b else "—", _cell(c, p) if p else "—")
            for label, a, b, p in rows]
    w.table("表7 “三公”经费情况", ("项目", "年初数（万元）", "本年实际支出（万元）", "上年实际支出（万元）"), body,
            (2.6, 1.3, 1.5, 1.5))


def _quarter_table(w: _Writer) -> None:
    c = w.cat
    body = [(f"第{q}季度", _cell(c, f"progress.q{q}", "%"), _cell(c, f"time_progress.q{q}", "%"),
             _cell(c, f"quarter_rate.q{q}", "%")) for q in (1, 2, 3, 4)]
    w.table("表8 分季度支出进度（国库支付口径）", ("季度", "累计支出进度", "序时进度", "分季执行率"), body, (1.2, 1.3, 1.3, 1.3))


# --- 三、总体评价和整改措施 ------------------------------------------------------------------------

def _evaluation(w: _Writer) -> None:
    w.heading(1, "总体评价和整改措施")
    w.heading(2, "预算绩效管理工作主要经验、做法")
    w.narrative(N.EXPERIENCE)
    w.heading(2, "部门整体支出绩效存在问题及改进措施")
    for text in _findings_from_data(w):
        w.para(text, note=True)
    w.narrative(N.PROBLEMS)
    w.heading(2, "后续工作计划、相关建议等")
    w.narrative(N.PLANS)


def _findings_from_data(w: _Writer) -> list[str]:
    """What the data says a reader must know: targets missed, and the 尾差 of printed totals."""
    out = []
    for r in w.results.values():
        if r.met is False and f"indicator.{r.id}" in w.cat.figures:
            fig = w.cat[f"indicator.{r.id}"]
            word = "超过控制目标" if r.direction == "<=" else "未达到目标"
            out.append(f"根据数据：{r.name}{fig.text}%，{word}（目标{r.target_text}）。")
    for rule in w.cat.sums:
        total = w.cat[rule.total]
        parts = [w.cat[p] for p in rule.parts]
        if total.value is None or any(p.value is None for p in parts):
            continue
        printed = sum((round_half_up(p.value, 2) for p in parts), Decimal(0))
        if printed != round_half_up(total.value, 2):
            joined = "、".join(f"{PHRASES.get(p.id, p.label)}{p.text} 万元" for p in parts)
            out.append(f"说明：{PHRASES.get(total.id, total.label)}{total.text} 万元与其分项（{joined}）分别四舍五入后，"
                       "分项之和与合计数不等，系尾差，按元计算相等。")
    return out


# --- 自评表与数据来源 --------------------------------------------------------------------------------

def _score_tables(w: _Writer) -> None:
    c, sheet = w.cat, w.sheet
    w.annex("附表 部门整体支出绩效自评表")
    body = [(s.item.level1, s.item.level2, s.item.name, f"{s.item.weight:.2f}",
             _cell(c, f"score.{s.item.code}.points"), s.reason) for s in sheet.items]
    body.append(("", "", "总分", f"{sheet.full:.2f}", _cell(c, "score.total"), f"等级：{sheet.grade}"))
    w.table(f"表9 自评表（{sheet.rules_name}）", ("一级指标", "二级指标", "评分项", "分值（分）", "得分（分）", "评分说明"),
            body, (0.6, 0.9, 1.4, 0.8, 0.8, 3.3))
    rows = []
    for r in w.results.values():
        fig = c.get(f"indicator.{r.id}")
        if fig is None or fig.unit != "%" or r.id == "category_execution":
            continue
        met = {True: "达标", False: "未达标", None: "—"}[r.met]
        target = c.get(f"target.{r.id}")
        rows.append((r.name, f"{r.target_text[0]}{target.text}%" if target and target.value is not None else "—",
                     _cell(c, fig.id, "%"), met))
    w.table("表10 绩效指标完成情况", ("指标", "目标", "实际值", "是否达标"), rows, (2.4, 1.2, 1.2, 1.0))


def _sources(w: _Writer) -> None:
    c = w.cat
    w.annex("附录 数据来源")
    w.para("本报告中每个数据的计算公式和所用数据如下（数据编号可用于模板字段）。", note=True)
    rows = [(fig.id, fig.label, "—" if fig.value is None else fig.text_with_unit, fig.trace.replace("\n", "；"))
            for fig in c.figures.values() if not fig.id.startswith(("project.", "score.", "target."))]
    w.table("表11 数据来源", ("数据编号", "名称", "数值", "公式与来源"), rows, (1.8, 1.6, 1.5, 3.5))
