"""The vocabulary of a fiscal year: categories, classes and statuses, with their Chinese labels.

Stored values are the English codes; everything a person sees goes through `label()`.
"""

from __future__ import annotations

from enum import Enum


class Labeled(str, Enum):
    """A str enum whose members carry a Chinese label."""

    def __new__(cls, code: str, label: str):
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.label = label  # type: ignore[attr-defined]
        return obj

    @classmethod
    def from_text(cls, text: str, field: str = ""):
        """Accept the code or the Chinese label."""
        for member in cls:
            if text in (member.value, member.label):
                return member
        choices = "、".join(m.label for m in cls)
        raise ValueError(f"{field or cls.__name__}：“{text}”不是可选值（可选：{choices}）")

    @classmethod
    def codes(cls) -> list[str]:
        return [m.value for m in cls]


class BudgetCategory(Labeled):
    """What a budget line, an adjustment or an expenditure is for.

    The three main categories add up to the budget; the 三公 items are a memo subset of
    spending, budgeted and tracked on their own (they are never added to the main total).
    """

    PERSONNEL = ("personnel", "人员经费")
    PUBLIC = ("public", "日常公用经费")
    PROJECT = ("project", "项目支出")
    ABROAD = ("three_public_abroad", "因公出国（境）费")
    RECEPTION = ("three_public_reception", "公务接待费")
    VEHICLE_PURCHASE = ("three_public_vehicle_purchase", "公务用车购置费")
    VEHICLE_OPERATION = ("three_public_vehicle_operation", "公务用车运行维护费")
    # Budget only: a report may state a budget without its split (the whole 三公 budget, or 公务用车
    # 购置及运行维护费 as one figure). Spending is always recorded on one of the four items above.
    THREE_PUBLIC_UNSPLIT = ("three_public_unsplit", "“三公”经费（未分项）")
    VEHICLE_UNSPLIT = ("three_public_vehicle", "公务用车购置及运行维护费（未分项）")

    @property
    def is_main(self) -> bool:
        return self in MAIN_CATEGORIES

    @property
    def is_three_public(self) -> bool:
        return self in THREE_PUBLIC_BUDGET_CATEGORIES

    @property
    def budget_only(self) -> bool:
        """A category that holds a budget whose parts are unknown; nothing is spent on it."""
        return self in THREE_PUBLIC_BUDGET_ONLY


MAIN_CATEGORIES = (BudgetCategory.PERSONNEL, BudgetCategory.PUBLIC, BudgetCategory.PROJECT)
BASIC_CATEGORIES = (BudgetCategory.PERSONNEL, BudgetCategory.PUBLIC)
THREE_PUBLIC_CATEGORIES = (
    BudgetCategory.ABROAD,
    BudgetCategory.RECEPTION,
    BudgetCategory.VEHICLE_PURCHASE,
    BudgetCategory.VEHICLE_OPERATION,
)
THREE_PUBLIC_BUDGET_ONLY = (BudgetCategory.THREE_PUBLIC_UNSPLIT, BudgetCategory.VEHICLE_UNSPLIT)
THREE_PUBLIC_BUDGET_CATEGORIES = THREE_PUBLIC_CATEGORIES + THREE_PUBLIC_BUDGET_ONLY
VEHICLE_CATEGORIES = (BudgetCategory.VEHICLE_PURCHASE, BudgetCategory.VEHICLE_OPERATION)


class ProjectClass(Labeled):
    GENERAL = ("general", "一般项目")
    CAPITAL = ("capital", "基本建设类项目")


class ProjectOrigin(Labeled):
    """Where a project's money came from in the year."""

    INITIAL = ("initial", "年初安排")
    ADDED = ("added", "年中追加")
    CARRIED_OVER = ("carried_over", "上年结转")


class IncomeSource(Labeled):
    """决算收入 by source (收入支出决算表)."""

    APPROPRIATION = ("appropriation", "财政拨款收入")
    BUSINESS = ("business", "事业收入")
    OPERATING = ("operating", "经营收入")
    SUBSIDY = ("subsidy", "上级补助收入")
    OTHER = ("other", "其他收入")


class ProjectStatus(Labeled):
    PLANNED = ("planned", "未启动")
    IN_PROGRESS = ("in_progress", "实施中")
    COMPLETED = ("completed", "已完成")
    CANCELLED = ("cancelled", "已取消")


class TargetLevel1(Labeled):
    OUTPUT = ("output", "产出指标")
    BENEFIT = ("benefit", "效益指标")
    SATISFACTION = ("satisfaction", "满意度指标")


class TargetLevel2(Labeled):
    QUANTITY = ("quantity", "数量指标")
    QUALITY = ("quality", "质量指标")
    TIMELINESS = ("timeliness", "时效指标")
    COST = ("cost", "成本指标")
    ECONOMIC = ("economic", "经济效益指标")
    SOCIAL = ("social", "社会效益指标")
    ECOLOGICAL = ("ecological", "生态效益指标")
    SUSTAINABLE = ("sustainable", "可持续影响指标")
    SERVICE_SATISFACTION = ("service_satisfaction", "服务对象满意度指标")


class Direction(Labeled):
    """How an actual value is compared with its target."""

    AT_LEAST = (">=", "≥")
    AT_MOST = ("<=", "≤")
    EQUAL = ("=", "=")


class ProcurementType(Labeled):
    GOODS = ("goods", "货物")
    SERVICES = ("services", "服务")
    WORKS = ("works", "工程")


class ProcurementMethod(Labeled):
    OPEN_TENDER = ("open_tender", "公开招标")
    INVITED_TENDER = ("invited_tender", "邀请招标")
    COMPETITIVE_NEGOTIATION = ("competitive_negotiation", "竞争性谈判")
    COMPETITIVE_CONSULTATION = ("competitive_consultation", "竞争性磋商")
    INQUIRY = ("inquiry", "询价")
    SINGLE_SOURCE = ("single_source", "单一来源")
    FRAMEWORK = ("framework", "框架协议")
    ONLINE_MALL = ("online_mall", "电子卖场")


class TaskKind(Labeled):
    KEY = ("key", "重点工作")
    LIVELIHOOD = ("livelihood", "民生实事")


class TaskStatus(Labeled):
    NOT_STARTED = ("not_started", "未开始")
    IN_PROGRESS = ("in_progress", "推进中")
    DONE = ("done", "已完成")


class AssetClass(Labeled):
    """Top-level classes of GB/T 14885-2010 (固定资产分类与代码), plus 无形资产."""

    LAND_BUILDINGS = ("1", "土地、房屋及构筑物")
    GENERAL_EQUIPMENT = ("2", "通用设备")
    SPECIAL_EQUIPMENT = ("3", "专用设备")
    CULTURAL_RELICS = ("4", "文物和陈列品")
    BOOKS_ARCHIVES = ("5", "图书、档案")
    FURNITURE = ("6", "家具、用具、装具及动植物")
    INTANGIBLE = ("9", "无形资产")


class AssetKind(Labeled):
    FIXED = ("fixed", "固定资产")
    INTANGIBLE = ("intangible", "无形资产")


class Acquisition(Labeled):
    PURCHASE = ("purchase", "新购")
    TRANSFER_IN = ("transfer_in", "调拨")
    DONATION = ("donation", "捐赠")
    SELF_BUILT = ("self_built", "自建")
    INVENTORY_GAIN = ("inventory_gain", "盘盈")


class AssetStatus(Labeled):
    IN_USE = ("in_use", "在用")
    IDLE = ("idle", "闲置")
    LENT = ("lent", "出租出借")
    PENDING_DISPOSAL = ("pending_disposal", "待处置")
    DISPOSED = ("disposed", "已处置")


class DisposalMethod(Labeled):
    SCRAP = ("scrap", "报废")
    SALE = ("sale", "出售")
    TRANSFER_OUT = ("transfer_out", "无偿调拨")
    DONATION = ("donation", "对外捐赠")
    LOSS = ("loss", "盘亏")


class StaffCategory(Labeled):
    ADMIN = ("admin", "行政")
    CIVIL_SERVICE_INSTITUTION = ("civil_service_institution", "参公事业")
    INSTITUTION = ("institution", "非参公事业")
    CONTRACT = ("contract", "临聘人员")


ESTABLISHED_STAFF = (
    StaffCategory.ADMIN,
    StaffCategory.CIVIL_SERVICE_INSTITUTION,
    StaffCategory.INSTITUTION,
)


class NarrativeSection(Labeled):
    FUNCTIONS = ("functions", "部门主要职能")
    ANNUAL_WORK = ("annual_work", "年度总体工作和重点工作任务")
    BUDGET_PREPARATION = ("budget_preparation", "部门预算编制情况")
    PERFORMANCE_GOALS = ("performance_goals", "主要履职目标")
    PERFORMANCE = ("performance", "主要履职情况")
    EXPERIENCE = ("experience", "预算绩效管理工作主要经验、做法")
    PROBLEMS = ("problems", "存在问题及改进措施")
    PLANS = ("plans", "后续工作计划、相关建议")


class LedgerAccount(Labeled):
    """Year-end balances of the general ledger that the asset cards must agree with."""

    FIXED_ORIGINAL = ("fixed_original", "固定资产原值")
    FIXED_DEPRECIATION = ("fixed_depreciation", "固定资产累计折旧")
    INTANGIBLE_ORIGINAL = ("intangible_original", "无形资产原值")
    INTANGIBLE_AMORTIZATION = ("intangible_amortization", "无形资产累计摊销")
