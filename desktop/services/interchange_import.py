"""Importing an interchange document in two steps: plan, then write.

`plan_document` checks everything that can be checked without the database (the schema, then
row by row: duplicates, project references, reversals, dates, lengths) and turns each table's
rows into the values that will be inserted. `conflicts` asks the database the two questions left
(is the unit known under another name, does the year exist). `write_plan` inserts the planned
rows with bulk `insert()` in batches, in the caller's transaction, audit row included.

The preview of an Excel import is a plan: what it showed is exactly what gets written, and
nothing is run twice. Every refusal names the document path, e.g. `$.years[0].adjustments[3].amount`.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, MetaData, Table, bindparam, insert, select
from sqlalchemy.orm import Session

from desktop.core import entry_rules
from desktop.core.domain import BudgetCategory
from desktop.core.errors import ConflictError, ValidationError
from desktop.core.money import plain_to_fen as fen
from desktop.services import fields, year_details
from desktop.services.interchange_check import validate_document
from desktop.store import audit, seal
from desktop.store.models import (
    AssetCard,
    BudgetAdjustment,
    BudgetLine,
    CarryOver,
    Disbursement,
    Expenditure,
    FiscalYear,
    Headcount,
    IncomeLine,
    IndicatorTarget,
    KeyTask,
    LedgerBalance,
    Narrative,
    OutcomeMetric,
    PerformanceTarget,
    Procurement,
    Project,
    ScoreEntry,
    Department,
)

BATCH = 10_000  # rows per executemany: bounded memory for SQLAlchemy's parameter processing

# Tables whose rows may name a project (by code; the id is known only when writing).
_WITH_PROJECT = (BudgetLine, BudgetAdjustment, Expenditure, Procurement)


@dataclass
class YearPlan:
    """One year's rows as they go into the tables: column names, database values (分 as
    integers, dates as ISO text), a project named by its code until its id is known."""

    year: int
    locked: bool
    lock_reason: str
    at: str
    projects: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    # in insertion order: (model, column names, rows as tuples: a tuple is a third of a dict's memory)
    tables: list[tuple[type, tuple[str, ...], list[tuple]]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    adjustments_audit: list[list] = field(default_factory=list)
    details: dict[str, int | None] = field(default_factory=dict)  # 离退休人员 etc. (year_details)


@dataclass
class ImportPlan:
    unit_code: str
    unit_name: str
    years: list[YearPlan]

    @property
    def counts(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for y in self.years:
            for key, n in y.counts.items():
                total[key] = total.get(key, 0) + n
        return total


def plan_document(document: Any) -> ImportPlan:
    validate_document(document)
    unit = document["unit"]
    code = fields.text(unit["code"], "$.unit.code", max_len=40)
    name = fields.text(unit["name"], "$.unit.name", max_len=200)
    return ImportPlan(code, name, [_plan_year(y, f"$.years[{i}]") for i, y in enumerate(document["years"])])


def _date(text: str, where: str, fiscal_year: int | None = None) -> str:
    try:
        value = dt.date.fromisoformat(text)  # the schema's pattern: YYYY-MM-DD
    except ValueError:
        value = fields.date(text, where, fiscal_year)  # raises the Chinese message
    if fiscal_year is not None and value.year != fiscal_year:
        fields.date(text, where, fiscal_year)
    return value.isoformat()  # as SQLAlchemy's Date keeps it in SQLite


def _datetime(text: str) -> str:
    """As SQLAlchemy's DateTime keeps it in SQLite."""
    return dt.datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M:%S.%f")


def _quantity(value: Any, where: str) -> str | None:
    return None if value is None else str(fields.quantity(value, where))


def _plan_year(doc: dict[str, Any], at: str) -> YearPlan:
    year = doc["year"]
    entry_rules.check_year_document(doc, at)
    plan = YearPlan(year, doc["locked"], doc["lock_reason"], at, details=year_details.detail_columns(doc))
    codes: set[str] = set()
    for i, p in enumerate(doc["projects"]):
        where = f"{at}.projects[{i}]"
        if p["code"] in codes:
            raise ValidationError(f"{where}.code：项目编码“{p['code']}”重复", f"{where}.code")
        codes.add(p["code"])
        plan.projects.append({"code": p["code"], "name": fields.text(p["name"], f"{where}.name", max_len=200),
                              "project_class": p["class"], "status": p["status"], "note": p["note"],
                              "origin": p.get("origin")})
        for j, t in enumerate(p["targets"]):
            tw = f"{where}.targets[{j}]"
            plan.targets.append({
                "project_id": p["code"], "position": j + 1, "level1": t["level1"], "level2": t["level2"],
                "name": fields.text(t["name"], f"{tw}.name", max_len=200), "measure_unit": t["unit"],
                "direction": t["direction"], "target_value": _quantity(t["target"], f"{tw}.target"),
                "actual_value": _quantity(t["actual"], f"{tw}.actual")})
    plan.counts["projects"] = len(codes)

    def project_of(item: dict[str, Any], where: str, category: str | None = None) -> str | None:
        code = item.get("project")
        if category is not None:
            if category == BudgetCategory.PROJECT.value and code is None:
                raise ValidationError(f"{where}.project：项目支出必须指明项目", f"{where}.project")
            if category != BudgetCategory.PROJECT.value and code is not None:
                raise ValidationError(f"{where}.project：“{BudgetCategory(category).label}”不属于具体项目",
                                      f"{where}.project")
        if code is not None and code not in codes:
            raise ValidationError(f"{where}.project：没有项目编码“{code}”", f"{where}.project")
        return code

    def add(model: type, key: str | None, items: list[dict] | list[tuple], columns: tuple[str, ...] = ()) -> None:
        if not columns:
            columns = tuple(items[0]) if items else ()
            items = [tuple(item.values()) for item in items]
        plan.tables.append((model, columns, items))
        if key:
            plan.counts[key] = len(items)

    add(BudgetLine, "budget_lines", [
        {"category": b["category"], "project_id": project_of(b, f"{at}.budget_lines[{i}]", b["category"]),
         "amount_fen": fen(b["amount"]), "note": b["note"]} for i, b in enumerate(doc["budget_lines"])])

    adjustments: dict[int, dict] = {}
    for i, a in enumerate(doc["adjustments"]):
        where = f"{at}.adjustments[{i}]"
        if a["seq"] in adjustments:
            raise ValidationError(f"{where}.seq：调整序号 {a['seq']} 重复", f"{where}.seq")
        amount = fen(a["amount"])
        if a["reverses"] is not None:
            reversed_ = adjustments.get(a["reverses"])
            if reversed_ is None:
                raise ValidationError(f"{where}.reverses：冲销的第 {a['reverses']} 号调整不在它之前", f"{where}.reverses")
            if amount != -reversed_["amount_fen"] or a["category"] != reversed_["category"]:
                raise ValidationError(f"{where}.amount：冲销金额必须与第 {a['reverses']} 号调整金额相反", f"{where}.amount")
        adjustments[a["seq"]] = {
            "seq": a["seq"], "date": _date(a["date"], f"{where}.date", year), "category": a["category"],
            "project_id": project_of(a, where, a["category"]), "amount_fen": amount, "doc_no": a["doc_no"],
            "reason": a["reason"], "entered_by": a["entered_by"], "entered_at": _datetime(a["entered_at"]),
            "reverses_id": a["reverses"]}  # a seq until written
        plan.adjustments_audit.append([a["seq"], a["amount"]])
    add(BudgetAdjustment, "adjustments", list(adjustments.values()))

    add(Expenditure, "expenditures", [
        {"category": e["category"], "project_id": project_of(e, f"{at}.expenditures[{i}]", e["category"]),
         "amount_fen": fen(e["amount"]), "note": e["note"]} for i, e in enumerate(doc["expenditures"])])

    _unique(doc["disbursements"], "month", f"{at}.disbursements", "{}月重复")
    add(Disbursement, "disbursements", [{"month": d["month"], "cumulative_fen": fen(d["cumulative"])}
                                        for d in doc["disbursements"]])
    c = doc["carryover"]
    add(CarryOver, None, [] if c is None else [
        {"begin_fen": fen(c["begin"]), "appropriation_fen": fen(c["appropriation"]), "end_fen": fen(c["end"])}])

    _unique(doc["procurements"], "code", f"{at}.procurements", "采购编号“{}”重复", with_path=True)
    add(Procurement, "procurements", [
        {"code": p["code"], "name": p["name"], "ptype": p["type"], "method": p["method"],
         "project_id": project_of(p, f"{at}.procurements[{i}]"), "budget_fen": fen(p["budget"]),
         "contract_fen": fen(p["contract"]), "paid_fen": fen(p["paid"]), "supplier": p["supplier"]}
        for i, p in enumerate(doc["procurements"])])
    add(KeyTask, "key_tasks", [{"position": i + 1, "kind": t["kind"], "name": t["name"], "status": t["status"],
                                "note": t["note"]} for i, t in enumerate(doc["key_tasks"])])

    cards = [_card_values(year, c, f"{at}.asset_cards[{i}]") for i, c in enumerate(doc["asset_cards"])]
    _unique(cards, 0, f"{at}.asset_cards", "卡片编号“{}”重复", name="card_no")
    add(AssetCard, "asset_cards", cards, CARD_COLUMNS)

    _unique(doc["headcount"], "category", f"{at}.headcount", "人员类别重复")
    add(Headcount, "headcount", [{"category": h["category"], "authorized": h["authorized"], "actual": h["actual"]}
                                 for h in doc["headcount"]])
    add(OutcomeMetric, "metrics", [{
        "position": i + 1, "code": m["code"], "name": m["name"], "measure_unit": m["unit"],
        "value": _quantity(m["value"], f"{at}.metrics[{i}].value"),
        "target": _quantity(m["target"], f"{at}.metrics[{i}].target"), "direction": m["direction"],
        "previous": _quantity(m["previous"], f"{at}.metrics[{i}].previous"), "note": m["note"],
    } for i, m in enumerate(doc["metrics"])])
    add(Narrative, None, [{"section": n["section"], "body": n["body"]} for n in doc["narratives"]])
    ledger = doc.get("ledger", [])
    _unique(ledger, "account", f"{at}.ledger", "科目重复")
    add(LedgerBalance, None, [{"account": b["account"], "amount_fen": fen(b["amount"]), "note": b["note"]}
                              for b in ledger])
    scores = doc.get("self_evaluation", [])
    _unique(scores, "item", f"{at}.self_evaluation", "评分项“{}”重复")
    add(ScoreEntry, None, [{"item": e["item"], "points": str(Decimal(e["points"])),
                            "reason": fields.text(e["reason"], f"{at}.self_evaluation[{i}].reason")}
                           for i, e in enumerate(scores)])
    income = doc.get("income") or []
    _unique(income, "source", f"{at}.income", "收入来源重复", with_path=True)
    add(IncomeLine, None, [{"source": x["source"], "amount_fen": fen(x["amount"]), "note": x.get("note", "")}
                           for x in income])
    add(IndicatorTarget, None, year_details.target_items(doc))  # the year's own targets (目标设置)
    return plan


def _unique(items: list, key: str | int, at: str, message: str, *, with_path: bool = False, name: str = "") -> None:
    seen: set = set()
    for i, item in enumerate(items):
        if item[key] in seen:
            where = f"{at}[{i}].{name or key}"
            raise ValidationError(f"{where}：{message.format(item[key])}", where if with_path else "")
        seen.add(item[key])


CARD_COLUMNS = ("card_no", "name", "asset_class", "kind", "acquisition", "acquired_on", "original_fen",
                "depreciation_fen", "status", "custodian", "location", "disposal_method", "disposed_on",
                "residual_fen", "residual_remitted")


def _card_values(year: int, c: dict[str, Any], where: str) -> tuple:
    """One card's row, in CARD_COLUMNS order."""
    original, depreciation = fen(c["original_value"]), fen(c["depreciation"])
    acquired = _date(c["acquired_on"], f"{where}.acquired_on")
    disposal = c["disposal"]
    disposed_on = _date(disposal["date"], f"{where}.disposal.date") if disposal and disposal.get("date") else None
    # the rules the card form applies (core.entry_rules), in 分 and dates
    entry_rules.check_asset_card({
        "class": c["class"], "kind": c["kind"], "original_value": original, "depreciation": depreciation,
        "acquired_on": dt.date.fromisoformat(acquired), "status": c["status"],
        "disposal": None if disposal is None else {
            "method": disposal.get("method"), "date": disposed_on and dt.date.fromisoformat(disposed_on)}},
        year, where)
    if disposal is None:
        return (c["card_no"], c["name"], c["class"], c["kind"], c["acquisition"], acquired, original, depreciation,
                c["status"], c["custodian"], c["location"], None, None, None, 0)
    return (c["card_no"], c["name"], c["class"], c["kind"], c["acquisition"], acquired, original, depreciation,
            c["status"], c["custodian"], c["location"], disposal["method"],
            disposed_on, fen(disposal["residual_value"]),
            int(bool(disposal["remitted"])))


# --- the database's part ---------------------------------------------------------------------

def conflicts(s: Session, plan: ImportPlan) -> None:
    """Refuse a unit code known under another name, or a year that already exists."""
    unit = s.execute(select(Department.id, Department.name).where(Department.code == plan.unit_code)).first()
    if unit is None:
        return
    if unit.name != plan.unit_name:
        raise ConflictError(f"$.unit：单位代码“{plan.unit_code}”在数据文件中对应“{unit.name}”，"
                            f"与导入文件的“{plan.unit_name}”不一致")
    existing = set(s.scalars(select(FiscalYear.year).where(FiscalYear.unit_id == unit.id)))
    for y in plan.years:
        if y.year in existing:
            raise ConflictError(f"{y.at}.year：{plan.unit_name} 的 {y.year} 年度已存在，导入未进行（数据未改动）")


def write_plan(s: Session, plan: ImportPlan, *, actor: str, sha256: str = "", source: str = "") -> list[int]:
    conflicts(s, plan)
    unit_id = s.scalar(select(Department.id).where(Department.code == plan.unit_code))
    if unit_id is None:
        unit_id = s.execute(insert(Department).values(code=plan.unit_code, name=plan.unit_name)).inserted_primary_key[0]
    seen: set[int] = set()
    locked: list[int] = []
    for y in plan.years:
        if y.year in seen:
            raise ConflictError(f"{y.at}.year：{plan.unit_name} 的 {y.year} 年度已存在，导入未进行（数据未改动）")
        seen.add(y.year)
        year_id = _write_year(s, unit_id, y)
        if y.locked:
            locked.append(year_id)
    audit.append(s, actor=actor, action="import", entity="document", entity_id=source,
                 summary=f"导入 {plan.unit_name} {'、'.join(str(y.year) for y in plan.years)} 年度数据（{source}）",
                 after={"sha256": sha256, "source": source, "unit": plan.unit_code,
                        "years": [y.year for y in plan.years], "counts": plan.counts,
                        "adjustments": {str(y.year): y.adjustments_audit for y in plan.years},
                        "seals": {str(year_id): seal.seal_year(s, year_id) for year_id in locked}})
    return [y.year for y in plan.years]


@functools.cache
def raw_table(model: type) -> Table:
    """The model's table with untyped columns: the planned values (分, ISO text) go in as they are,
    so a Core executemany costs little more than the driver's. The table's CHECK constraints
    (integer 分) and triggers still hold every row."""
    return Table(model.__tablename__, MetaData(), *(Column(c.name) for c in model.__table__.columns))


def _bulk(s: Session, model: type, items: list[dict]) -> None:
    """Core insert() executemany, BATCH rows at a time."""
    table = raw_table(model)
    for start in range(0, len(items), BATCH):
        s.execute(insert(table), items[start:start + BATCH])


def _bulk_rows(s: Session, model: type, columns: tuple[str, ...], rows: list[tuple], *, year_id: int,
               project_ids: dict[str, int] | None = None) -> None:
    """Planned tuples straight into the table: the Core insert() is compiled once to its positional
    SQL and run by the driver's executemany, BATCH rows at a time, with no dict per row (this is
    where a 250,000-row import spends its time)."""
    if not rows:
        return
    table = raw_table(model)
    compiled = insert(table).values({c: bindparam(c) for c in ("year_id", *columns)}).compile(
        dialect=s.get_bind().dialect)
    order = [("year_id", *columns).index(name) for name in compiled.positiontup]
    project = columns.index("project_id") + 1 if project_ids is not None else None
    connection = s.connection()
    rebuilt = _set_aside_indexes(connection, table.name, len(rows))
    for start in range(0, len(rows), BATCH):
        batch = [(year_id, *row) for row in rows[start:start + BATCH]]
        if project is not None:
            batch = [(*r[:project], project_ids.get(r[project]), *r[project + 1:]) for r in batch]
        if order != list(range(len(order))):
            batch = [tuple(r[i] for i in order) for r in batch]
        connection.exec_driver_sql(str(compiled), batch)
    for sql in rebuilt:  # the same CREATE INDEX text, in the same transaction: all or nothing
        connection.exec_driver_sql(sql)


# Below this many rows, or when the table already holds more rows than are coming, the indexes
# are kept up row by row; above it they are dropped and built again after the insert.
INDEX_REBUILD_MIN = 20_000


def _set_aside_indexes(connection, table: str, incoming: int) -> list[str]:
    """Drop the table's plain (non-unique) indexes before a large insert and return their CREATE
    statements. Measured on 100,000 asset cards: kept up row by row beside the per-row triggers
    the insert costs 2.6 s of CPU; dropped and built again once, 0.9 s. Unique indexes, and the
    ones SQLite makes for UNIQUE constraints (no SQL text), stay: they refuse a duplicate row as
    it comes. Everything is inside the import's transaction, so a failure restores them."""
    if incoming < INDEX_REBUILD_MIN:
        return []
    present = connection.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar()
    if present >= incoming:
        return []
    indexes = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
        "AND upper(sql) NOT LIKE 'CREATE UNIQUE%' ORDER BY name", (table,)).all()
    for name, _sql in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    return [sql for _name, sql in indexes]


def _write_year(s: Session, unit_id: int, y: YearPlan) -> int:
    # The year goes in open and is locked last: the lock triggers refuse rows in a locked year.
    year_id = s.execute(insert(FiscalYear).values(unit_id=unit_id, year=y.year, locked=False, lock_reason="",
                                                  **y.details)).inserted_primary_key[0]
    _bulk(s, Project, [{**p, "year_id": year_id} for p in y.projects])
    ids = dict(s.execute(select(Project.code, Project.id).where(Project.year_id == year_id)).all())
    _bulk(s, PerformanceTarget, [{**t, "year_id": year_id, "project_id": ids[t["project_id"]]} for t in y.targets])
    for model, columns, rows in y.tables:
        if model is BudgetAdjustment:
            _write_adjustments(s, year_id, ids, [dict(zip(columns, row)) for row in rows])
        elif model in _WITH_PROJECT:
            _bulk_rows(s, model, columns, rows, year_id=year_id, project_ids=ids)
        else:
            _bulk_rows(s, model, columns, rows, year_id=year_id)
    if y.locked:
        s.execute(FiscalYear.__table__.update().where(FiscalYear.id == year_id)
                  .values(locked=True, lock_reason=y.lock_reason))
    return year_id


def _write_adjustments(s: Session, year_id: int, project_ids: dict[str, int], items: list[dict]) -> None:
    """In sequence order; a reversal needs the id of the row it reverses, and posted adjustments
    cannot be updated (trigger), so the rows before a reversal go in first."""
    ids: dict[int, int] = {}
    pending: list[dict] = []

    def flush() -> None:
        if pending:
            _bulk(s, BudgetAdjustment, pending)
            pending.clear()
            ids.update(s.execute(select(BudgetAdjustment.seq, BudgetAdjustment.id).where(
                BudgetAdjustment.year_id == year_id, BudgetAdjustment.id > max(ids.values(), default=0))).all())

    for a in items:
        reverses = a["reverses_id"]
        if reverses is not None and reverses not in ids:
            flush()
        pending.append({**a, "year_id": year_id, "project_id": project_ids.get(a["project_id"]),
                        "reverses_id": None if reverses is None else ids[reverses]})
    flush()
