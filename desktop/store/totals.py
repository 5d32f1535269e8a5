"""Per-year totals of every year-scoped table, kept current by SQL triggers (migration 0003).

`year_totals` holds, per fiscal year and table, the row count and the sums of the table's money
columns in 分; `asset_buckets` holds the asset register grouped as the year's figures need it.
Both change in the same transaction as the rows they count, whoever writes them (the program or
raw SQL), so reading them costs a few dozen rows at any register size. `recount*` computes the
same figures from the rows themselves, for the 数据检查 and for tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, and_, case, func, select, text, type_coerce
from sqlalchemy.orm import Session

from desktop.core.facts import AssetGroup
from desktop.core.money import fen_to_yuan
from desktop.store.models import MONEY_COLUMNS, YEAR_SCOPED_TABLES, AssetBucket, AssetCard, FiscalYear, YearTotal

# Table → its money columns, in the order of year_totals.money1_fen … money3_fen.
TOTALLED: dict[str, tuple[str, ...]] = {t: MONEY_COLUMNS.get(t, ()) for t in YEAR_SCOPED_TABLES}

TABLE_NAMES = {
    "fiscal_years": "年度", "projects": "项目", "performance_targets": "绩效目标", "budget_lines": "年初预算",
    "budget_adjustments": "预算调整", "expenditures": "支出", "disbursements": "国库支付进度",
    "carryovers": "结转结余", "procurements": "政府采购", "key_tasks": "重点工作",
    "asset_cards": "资产卡片", "headcount": "人员编制", "outcome_metrics": "其他指标",
    "narratives": "报告文字", "ledger_balances": "总账余额", "score_entries": "自评打分",
    "income_lines": "决算收入", "indicator_targets": "指标目标",
}


def table_label(table: str) -> str:
    """How messages name a table: its Chinese name, then the SQL name for whoever opens the file."""
    return f"{TABLE_NAMES.get(table, table)}（{table}）"


@dataclass(frozen=True)
class TableTotal:
    """Row count and money sums (分, in the order of `TOTALLED[table]`) of one table in one year."""

    rows: int
    sums: tuple[int, ...] = ()

    def to_json(self) -> list:
        return [self.rows, *self.sums]

    @classmethod
    def from_json(cls, value: list) -> "TableTotal":
        return cls(int(value[0]), tuple(value[1:]))


YearTotals = dict[str, TableTotal]


def _empty(table: str) -> TableTotal:
    return TableTotal(0, (0,) * len(TOTALLED[table]))


def _from_row(row: YearTotal) -> TableTotal:
    sums = (row.money1_fen, row.money2_fen, row.money3_fen)
    return TableTotal(row.row_count, sums[:len(TOTALLED.get(row.table_name, ()))])


def year_totals(session: Session, year_id: int) -> YearTotals:
    """Every year-scoped table's count and money sums in one year, read from `year_totals`."""
    found = {row.table_name: _from_row(row)
             for row in session.scalars(select(YearTotal).where(YearTotal.year_id == year_id))}
    return {table: found.get(table, _empty(table)) for table in TOTALLED}


def all_year_totals(session: Session) -> dict[int, YearTotals]:
    result: dict[int, YearTotals] = {}
    for year_id in session.scalars(select(FiscalYear.id).order_by(FiscalYear.id)):
        result[year_id] = {table: _empty(table) for table in TOTALLED}
    for row in session.scalars(select(YearTotal)):
        if row.year_id in result and row.table_name in TOTALLED:
            result[row.year_id][row.table_name] = _from_row(row)
    return result


def recount(session: Session, year_id: int) -> YearTotals:
    """The same figures as `year_totals`, counted from the rows (a full scan of the year)."""
    result = {}
    for table, columns in TOTALLED.items():
        sums = "".join(f", coalesce(sum({c}), 0)" for c in columns)
        row = session.execute(text(f"SELECT count(*){sums} FROM {table} WHERE year_id = :y"),
                              {"y": year_id}).one()
        result[table] = TableTotal(row[0], tuple(row[1:]))
    return result


def asset_groups(session: Session, year_id: int) -> list[AssetGroup]:
    """The year's asset register as `AssetGroup`s, read from `asset_buckets` (no register scan)."""
    b = AssetBucket
    query = (select(b).where(b.year_id == year_id, b.cards != 0)
             .order_by(b.kind, b.asset_class, b.status, b.acquisition, b.acquired_this_year,
                       b.disposed_this_year))
    return [AssetGroup(r.kind, r.asset_class, r.status, r.acquisition, bool(r.acquired_this_year),
                       bool(r.disposed_this_year), r.cards, fen_to_yuan(r.original_fen),
                       fen_to_yuan(r.depreciation_fen), fen_to_yuan(r.residual_fen), fen_to_yuan(r.remitted_fen))
            for r in session.scalars(query)]


def recount_asset_groups(session: Session, year_id: int, year: int) -> list[AssetGroup]:
    """The same groups by a GROUP BY over the register (what `asset_groups` saves)."""
    t = AssetCard.__table__.c
    start, end = f"{year}-01-01", f"{year}-12-31"
    acquired = case((and_(t.acquired_on >= start, t.acquired_on <= end), 1), else_=0)
    disposed = case((and_(t.disposed_on.is_not(None), t.disposed_on >= start, t.disposed_on <= end), 1), else_=0)
    residual = type_coerce(t.residual_fen, Integer)  # raw 分, not the Fen type's 元
    remitted = case((t.residual_remitted, residual), else_=None)
    query = (
        select(t.kind, t.asset_class, t.status, t.acquisition, acquired.label("acq"), disposed.label("disp"),
               func.count(), func.sum(t.original_fen, type_=Integer), func.sum(t.depreciation_fen, type_=Integer),
               func.coalesce(func.sum(residual), 0, type_=Integer),
               func.coalesce(func.sum(remitted), 0, type_=Integer))
        .where(t.year_id == year_id)
        .group_by(t.kind, t.asset_class, t.status, t.acquisition, "acq", "disp")
        .order_by(t.kind, t.asset_class, t.status, t.acquisition, "acq", "disp")
    )
    return [AssetGroup(k, c, st, a, bool(acq), bool(disp), n, fen_to_yuan(o), fen_to_yuan(d),
                       fen_to_yuan(r), fen_to_yuan(rr))
            for k, c, st, a, acq, disp, n, o, d, r, rr in session.execute(query)]


def column_label(table: str, index: int) -> str:
    """The name of the `index`-th figure of `TableTotal.to_json()` (0 = row count)."""
    return "条数" if index == 0 else TOTALLED[table][index - 1]


def differences(expected: YearTotals, actual: YearTotals) -> list[tuple[str, str, object, object]]:
    """(table, figure, expected, actual) for every figure that differs."""
    found = []
    for table in TOTALLED:
        want = expected.get(table, _empty(table)).to_json()
        have = actual.get(table, _empty(table)).to_json()
        for i, (a, b) in enumerate(zip(want, have)):
            if a != b:
                found.append((table, column_label(table, i), a, b))
    return found
