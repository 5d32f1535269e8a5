"""The sheets of the workbook that carry data, column by column, shared by the writer and the
reader: what is exported can be read back (template and round trip), in 元 to the 分.

A column maps a field of the interchange document (one year) to a Chinese header and a kind:
text, yuan (amount in 元), int, qty (exact decimal), date, datetime, bool, or an enum whose
cells hold the Chinese label.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.domain import (
    Acquisition,
    AssetClass,
    AssetKind,
    AssetStatus,
    BudgetCategory,
    Direction,
    DisposalMethod,
    IncomeSource,
    LedgerAccount,
    NarrativeSection,
    ProcurementMethod,
    ProcurementType,
    ProjectClass,
    ProjectOrigin,
    ProjectStatus,
    StaffCategory,
    TargetLevel1,
    TargetLevel2,
    TaskKind,
    TaskStatus,
)


@dataclass(frozen=True)
class Col:
    key: str          # field of the interchange item ("disposal.method" for nested)
    header: str
    kind: str = "text"  # text | yuan | int | qty | date | datetime | bool | enum
    enum: type | None = None
    required: bool = True
    width: int = 0


@dataclass(frozen=True)
class DataSheet:
    name: str
    section: str      # key of the year document
    columns: tuple[Col, ...]
    total_columns: tuple[str, ...] = ()  # yuan columns that get a 合计 row
    landscape: bool = False


def enum_col(key: str, header: str, enum, required: bool = True) -> Col:
    return Col(key, header, "enum", enum, required)


BUDGET_LINES = DataSheet("年初预算明细", "budget_lines", (
    enum_col("category", "支出类别", BudgetCategory),
    Col("project", "项目编码", required=False),
    Col("amount", "年初预算（元）", "yuan"),
    Col("note", "备注", required=False),
), total_columns=())
ADJUSTMENTS = DataSheet("预算调整明细", "adjustments", (
    Col("seq", "序号", "int"),
    Col("date", "调整日期", "date"),
    enum_col("category", "支出类别", BudgetCategory),
    Col("project", "项目编码", required=False),
    Col("amount", "调整金额（元）", "yuan"),
    Col("doc_no", "文号"),
    Col("reason", "调整原因"),
    Col("entered_by", "录入人"),
    Col("entered_at", "录入时间", "datetime"),
    Col("reverses", "冲销序号", "int", required=False),
), total_columns=("amount",), landscape=True)
EXPENDITURES = DataSheet("支出明细", "expenditures", (
    enum_col("category", "支出类别", BudgetCategory),
    Col("project", "项目编码", required=False),
    Col("amount", "支出金额（元）", "yuan"),
    Col("note", "摘要", required=False),
))
DISBURSEMENTS = DataSheet("分季支出进度", "disbursements", (
    Col("month", "月份", "int"),
    Col("cumulative", "月末累计国库支付（元）", "yuan"),
))
CARRYOVER = DataSheet("结转结余", "carryover", (
    Col("begin", "年初财政拨款结转和结余（元）", "yuan"),
    Col("appropriation", "本年财政拨款收入（元）", "yuan"),
    Col("end", "年末财政拨款结转和结余（元）", "yuan"),
))
PROCUREMENTS = DataSheet("政府采购", "procurements", (
    Col("code", "采购编号"),
    Col("name", "采购项目名称"),
    enum_col("type", "采购类型", ProcurementType),
    enum_col("method", "采购方式", ProcurementMethod),
    Col("project", "项目编码", required=False),
    Col("budget", "采购预算（元）", "yuan"),
    Col("contract", "合同金额（元）", "yuan"),
    Col("paid", "已支付（元）", "yuan"),
    Col("supplier", "供应商", required=False),
), total_columns=("budget", "contract", "paid"), landscape=True)
PROJECTS = DataSheet("项目", "projects", (
    Col("code", "项目编码"),
    Col("name", "项目名称"),
    enum_col("class", "项目类别", ProjectClass),
    enum_col("status", "项目状态", ProjectStatus),
    Col("note", "备注", required=False),
    enum_col("origin", "项目来源", ProjectOrigin, required=False),
), landscape=True)
TARGETS = DataSheet("绩效目标", "targets", (
    Col("project", "项目编码"),
    enum_col("level1", "一级指标", TargetLevel1),
    enum_col("level2", "二级指标", TargetLevel2),
    Col("name", "三级指标"),
    Col("unit", "计量单位", required=False),
    enum_col("direction", "比较方向", Direction),
    Col("target", "目标值", "qty"),
    Col("actual", "实际值", "qty", required=False),
), landscape=True)
TASKS = DataSheet("重点工作", "key_tasks", (
    enum_col("kind", "类别", TaskKind),
    Col("name", "任务"),
    enum_col("status", "完成情况", TaskStatus),
    Col("note", "备注", required=False),
))
CARDS = DataSheet("资产卡片明细", "asset_cards", (
    Col("card_no", "卡片编号"),
    Col("name", "资产名称"),
    enum_col("class", "资产分类", AssetClass),
    enum_col("kind", "资产类型", AssetKind),
    enum_col("acquisition", "取得方式", Acquisition),
    Col("acquired_on", "取得日期", "date"),
    Col("original_value", "账面原值（元）", "yuan"),
    Col("depreciation", "累计折旧（元）", "yuan"),
    enum_col("status", "使用状况", AssetStatus),
    Col("custodian", "使用人/保管人", required=False),
    Col("location", "存放地点", required=False),
    enum_col("disposal.method", "处置方式", DisposalMethod, required=False),
    Col("disposal.date", "处置日期", "date", required=False),
    Col("disposal.residual_value", "处置残值（元）", "yuan", required=False),
    Col("disposal.remitted", "残值已上缴", "bool", required=False),
), total_columns=("original_value", "depreciation"), landscape=True)
HEADCOUNT = DataSheet("人员编制", "headcount", (
    enum_col("category", "人员类别", StaffCategory),
    Col("authorized", "核定数", "int"),
    Col("actual", "实有数", "int"),
))
METRICS = DataSheet("其他绩效指标", "metrics", (
    Col("code", "指标代码"),
    Col("name", "指标名称"),
    Col("unit", "计量单位", required=False),
    Col("value", "本年值", "qty"),
    Col("target", "目标值", "qty", required=False),
    enum_col("direction", "比较方向", Direction, required=False),
    Col("previous", "上年值", "qty", required=False),
    Col("note", "说明", required=False),
), landscape=True)
NARRATIVES = DataSheet("报告文字", "narratives", (
    enum_col("section", "章节", NarrativeSection),
    Col("body", "内容", required=False),
))
LEDGER = DataSheet("总账余额", "ledger", (
    enum_col("account", "科目", LedgerAccount),
    Col("amount", "年末余额（元）", "yuan"),
    Col("note", "说明", required=False),
))

INCOME = DataSheet("决算收入", "income", (
    enum_col("source", "收入来源", IncomeSource),
    Col("amount", "决算收入（元）", "yuan"),
    Col("note", "说明", required=False),
))
UNIT_DETAILS = DataSheet("单位情况", "unit_details", (  # one row, like 结转结余
    Col("retired_count", "离退休人员（人）", "int", required=False),
    Col("internal_units", "内设机构（个）", "int", required=False),
    Col("reception_persons", "公务接待人次", "int", required=False),
))

# The year's own indicator targets (目标设置; services/targets.py), so a workbook round trip keeps them.
INDICATOR_TARGETS = DataSheet("目标设置", "indicator_targets", (
    Col("indicator", "指标代码"),
    Col("value", "本年度目标值（%）", "qty"),
))

DATA_SHEETS = (BUDGET_LINES, ADJUSTMENTS, EXPENDITURES, DISBURSEMENTS, CARRYOVER, PROCUREMENTS, PROJECTS,
               TARGETS, TASKS, CARDS, HEADCOUNT, METRICS, NARRATIVES, LEDGER, INCOME, UNIT_DETAILS,
               INDICATOR_TARGETS)
SCORE_SHEET = "自评评分表"
# Read back by header name (reader._read_scores); the code the import keys on comes last, so the
# printed page starts with the Chinese names.
SCORE_HEADERS = ("一级指标", "二级指标", "评分项", "分值", "得分", "扣分", "评分方式", "目标（满分点）", "评分说明",
                 "评分项代码")
COVER = "封面"
COVER_FIELDS = {"单位代码": "unit_code", "单位名称": "unit_name", "年度": "year", "年度状态": "locked",
                "锁定原因": "lock_reason"}
# The audit head at export time, for `log --verify --against` (not read back by an import).
COVER_AUDIT_COUNT = "操作日志条数"
COVER_AUDIT_HASH = "操作日志末条哈希"
