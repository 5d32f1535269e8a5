"""The words a self-evaluation report uses for its figures, as the 2020 report words them
(docs/report-wording.md): which words name a concept, which words choose a scope within it,
and the known terms whose typos the check reports as 用语.

Aliases have a priority: 2 for words that name one thing (人员经费, 政府采购执行率), 1 for words
that a sentence about a part also contains (调整预算数 in “基本支出调整预算数”), so the specific
word wins wherever both appear.
"""

from __future__ import annotations

from dataclasses import dataclass

QUARTERS = tuple((word, f"q{q}") for q, names in ((1, "一1"), (2, "二2"), (3, "三3"), (4, "四4"))
                 for n in names for word in (f"第{n}季度", f"{n}季度"))
BUDGET_SCOPES = (("年初", "initial"), ("调整金额", "adjustment"), ("调整笔数", "count"), ("调整预算", "adjusted"), ("预算调整", "adjusted"), ("调整数", "adjusted"),
                 ("调整后", "adjusted"), ("决算", "actual"), ("实际支出", "actual"), ("实际", "actual"),
                 ("执行率", "rate"), ("支出执行", "rate"))
CHANGE_SCOPES = (("上年", "previous"), ("上年实际", "previous"), ("2019", "previous"), ("减少", "change_amount"), ("增加", "change_amount"),
                 ("下降", "change"), ("上升", "change"), ("增长", "change"), ("变动", "change"))

PROCUREMENT_SCOPES = (("预算", "budget"), ("支付", "actual"), ("支出", "actual"), ("项目数", "count"), ("笔数", "count"))


@dataclass(frozen=True)
class Concept:
    aliases: tuple[tuple[str, int], ...]
    scopes: tuple[tuple[str, str], ...] = ()
    default: str = ""  # scope when no scope word is found (else the first figure of the unit)


def _a(*words: str, priority: int = 2) -> tuple[tuple[str, int], ...]:
    return tuple((w, priority) for w in words)


CONCEPTS: dict[str, Concept] = {
    "total": Concept(_a("年初预算为", "调整预算数", "预算调整数", "财政拨款支出决算数", "支出决算数", "决算数",
                        "预算总额", "合计", "调整笔数", priority=1) + _a("预算执行率", "部门预算执行率"),
                     BUDGET_SCOPES + (("执行率", "rate"),), "actual"),
    "basic": Concept(_a("基本支出"), BUDGET_SCOPES, "actual"),
    "personnel": Concept(_a("人员经费"), BUDGET_SCOPES + (("执行", "execution"),), "actual"),
    "public": Concept(_a("日常公用经费", "公用经费", "日常公用经费控制率", "占日常公用经费调整预算数"),
                      BUDGET_SCOPES + (("控制率", "rate"), ("执行", "execution")), "actual"),
    "project": Concept(_a("项目支出"), BUDGET_SCOPES, "actual"),
    "capital": Concept(_a("基本建设类项目", "基本建设项目"), BUDGET_SCOPES, "adjusted"),
    "three_public": Concept(_a("“三公”经费", "\"三公\"经费", "三公经费", "“三公”经费控制率", "“三公”经费变动率"),
                            (("年初", "initial"), ("年初预算", "initial"), ("预算", "budget"), ("实际", "actual"),
                             ("控制率", "control"))
                            + CHANGE_SCOPES, "actual"),
    "abroad": Concept(_a("因公出国（境）", "因公出国(境)", "因公出国"), (("预算", "initial"), ("年初", "initial")),
                      "actual"),
    "reception": Concept(_a("公务接待费", "公务接待"), (("预算", "initial"), ("年初", "initial")), "actual"),
    "vehicle": Concept(_a("公务用车购置与运行维护费", "公务用车购置和运行维护费"), (("预算", "initial"), ("年初", "initial")),
                       "initial"),
    "vehicle_purchase": Concept(_a("公务用车购置费"), (), "actual"),
    "vehicle_operation": Concept(_a("公务用车运行费", "公务用车运行维护费", "公务用车运行费变动率"),
                                 CHANGE_SCOPES, "actual"),
    "procurement": Concept(_a("政府采购", "政府采购执行率"),
                           (("预算", "budget"), ("支出", "actual"), ("实际", "actual"), ("执行率", "rate")), "actual"),
    "procurement_goods": Concept(_a("采购货物", "货物支出", "货物类"), PROCUREMENT_SCOPES, "actual"),
    "procurement_services": Concept(_a("采购服务", "服务支出", "服务类"), PROCUREMENT_SCOPES, "actual"),
    "procurement_works": Concept(_a("采购工程", "工程支出", "工程类"), PROCUREMENT_SCOPES, "actual"),
    "carryover": Concept(_a("结转和结余", "结转结余", "结转结余率"),
                         (("年初", "begin"), ("初", "begin"), ("年末", "end"), ("末", "end"), ("率", "rate")), "end"),
    "appropriation": Concept(_a("财政拨款收入", "一般公共预算财政拨款")),
    "fixed_new": Concept(_a("新购固定资产", "新购的固定资产", "新购固定资产账面价值")),
    "fixed_transfer": Concept(_a("调拨固定资产", "调拨的固定资产", "调拨固定资产账面价值", "调入固定资产")),
    "intangible_new": Concept(_a("新购无形资产", "新购的无形资产", "新购无形资产账面价值")),
    "intangible_transfer": Concept(_a("调拨无形资产", "调拨的无形资产", "调拨无形资产账面价值", "调入无形资产")),
    "disposed": Concept(_a("处置资产", "资产处置", "报废处置", "处置的资产") + _a("资产账面价值", priority=1)),
    "fixed_original": Concept(_a("固定资产账面原值", "固定资产原值", "固定资产利用率"),
                              (("在用", "in_use"), ("待处置", "pending"), ("利用率", "rate")), ""),
    "staff": Concept(_a("核定编制", "编制数", "在编", "在职人员", "行政人员", "参公事业", "事业人员", "在职人员控制率",
                        priority=1),
                     (("核定", "authorized"), ("编制", "authorized"), ("实有", "actual"), ("在编", "actual"),
                      ("行政人员", "admin"), ("非参公事业", "institution"), ("参公事业", "csi"),
                      ("控制率", "rate")), "actual"),
    "contract": Concept(_a("临聘人员", "临聘"),
                        (("核定", "authorized"), ("编制", "authorized"), ("实有", "actual"), ("在编", "actual"),
                         ("到岗率", "rate")), "actual"),
    "key_tasks": Concept(_a("重点工作", "重点工作完成率"), (("完成", "done"), ("完成率", "rate")), ""),
    "livelihood": Concept(_a("民生实事"), (("完成", "done"),), ""),
    "projects": Concept(_a("二级项目", "项目完成率"), (("执行", "executed"), ("完成", "completed"), ("完成率", "rate")),
                        "executed"),
    "targets": Concept(_a("绩效目标达成率", "目标达成率")),
    "adjustment": Concept(_a("预算调整率")),
    "progress": Concept(_a("支出进度", "资金支出进度", "累计支出进度", "执行进度"), QUARTERS, "q4"),
    "time_progress": Concept(_a("序时进度"), QUARTERS, "q4"),
    "quarter_rate": Concept(_a("季度执行率", "分季执行率", "季执行率", "分季预算执行率"), QUARTERS, "q4"),
    "satisfaction": Concept(_a("平均满意率", "服务对象满意度", "满意率")),
    "score_total": Concept(_a("总分", "自评得分", "自评总分"), (("分值", "full"), ("满分", "full"), ("得分", "total")),
                           "total"),
}

# Known terms of the report, and the correct form of each (用语 findings are typos of these).
KNOWN_TERMS = (
    "日常公用经费", "人员经费", "项目支出", "基本支出", "预算执行率", "预算调整率", "政府采购执行率",
    "固定资产利用率", "财政拨款", "结转和结余", "序时进度", "公务接待费", "公务用车运行费", "公务用车购置费",
    "因公出国（境）", "“三公”经费", "在职人员控制率", "临聘人员", "绩效目标", "资产账面原值", "分季执行率",
    "调整预算数", "决算数", "控制率", "国库支付",
)
# Words that are one character away from a known term but are right in themselves.
LEGITIMATE = frozenset({
    "项目收入", "基本收入", "预算执行", "财政拨付", "财政补款", "绩效指标", "绩效目的", "人员经历",
    "年度决算数", "调整决算数", "调整预算", "分类执行率", "分季执行", "资产账面净值", "资产账面价值",
})


def concept_terms(extra: dict[str, Concept] | None = None) -> dict[str, Concept]:
    return {**CONCEPTS, **(extra or {})}
