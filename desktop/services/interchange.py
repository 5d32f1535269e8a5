"""The interchange format: one JSON document per unit holding one or more fiscal years.

It is the demo dataset's format, what `export --format json` writes and `import` reads. A
round trip is lossless: export → import into an empty file → export gives the same document
(apart from `exported_at` and `audit_head`). An import is validated against the JSON Schema, then row by row;
the first problem is reported with the path of the element (e.g. `$.years[0].adjustments[3].amount`)
and nothing is written: the whole import is one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop.core import entry_rules
from desktop.core.domain import BudgetCategory
from desktop.core.errors import ConflictError, ValidationError
from desktop.core.money import format_plain
from desktop.core.paths import resource_path
from desktop.services import rows, year_details
from desktop.services.workspace import Workspace
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
    Unit,
)

FORMAT = "budget-desk"
VERSION = 2  # 2: optional unit_details, income, project origin (version 1 files still import)
SCHEMA_FILE = "interchange-v1.schema.json"


def schema() -> dict[str, Any]:
    return json.loads(resource_path("schema", SCHEMA_FILE).read_text(encoding="utf-8"))


def _money(value: Decimal) -> str:
    return format_plain(value, 2)


def _qty(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


# --- export ---------------------------------------------------------------------------------

def export_document(ws: Workspace, unit: str | None = None, years: list[int] | None = None) -> dict[str, Any]:
    with ws.read() as s:
        units = s.scalars(select(Unit).order_by(Unit.code)).all()
        if unit:
            units = [u for u in units if unit in (u.code, u.name)]
        if not units:
            raise ValidationError(f"数据文件中没有单位“{unit}”" if unit else "数据文件中还没有任何单位")
        if len(units) > 1:
            names = "、".join(u.name for u in units)
            raise ConflictError(f"数据文件中有多个单位（{names}），请用 --unit 指定一个")
        u = units[0]
        fys = [fy for fy in u.years if years is None or fy.year in years]
        if years and len(fys) != len(set(years)):
            missing = sorted(set(years) - {fy.year for fy in fys})
            raise ValidationError(f"{u.name} 没有 {'、'.join(map(str, missing))} 年度的数据")
        return {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": dt.datetime.now().replace(microsecond=0).isoformat(),
            "unit": {"code": u.code, "name": u.name},
            "years": [_export_year(s, fy) for fy in fys],
            # The audit log's head at export, for `log --verify --against` (ignored by an import).
            "audit_head": _head_json(audit.audit_head(s)),
        }


def _head_json(head: audit.AuditHead) -> dict[str, Any]:
    return {"count": head.count, "last_hash": head.last_hash}


def _export_year(s: Session, fy: FiscalYear) -> dict[str, Any]:
    def all_of(model, *order):
        return s.scalars(select(model).where(model.year_id == fy.id).order_by(*order)).all()

    def code_of(project: Project | None) -> str | None:
        return project.code if project else None

    adjustments = all_of(BudgetAdjustment, BudgetAdjustment.seq)
    seq_by_id = {a.id: a.seq for a in adjustments}
    carry = s.get(CarryOver, fy.id)
    return {
        "year": fy.year,
        "locked": fy.locked,
        "lock_reason": fy.lock_reason,
        "projects": [{
            "code": p.code, "name": p.name, "class": p.project_class, "status": p.status, "note": p.note,
            "origin": p.origin,
            "targets": [{"level1": t.level1, "level2": t.level2, "name": t.name, "unit": t.measure_unit,
                         "direction": t.direction, "target": _qty(t.target_value),
                         "actual": _qty(t.actual_value)} for t in p.targets],
        } for p in all_of(Project, Project.id)],
        "budget_lines": [{"category": b.category, "project": code_of(b.project), "amount": _money(b.amount),
                          "note": b.note} for b in all_of(BudgetLine, BudgetLine.id)],
        "adjustments": [{
            "seq": a.seq, "date": a.date.isoformat(), "category": a.category, "project": code_of(a.project),
            "amount": _money(a.amount), "doc_no": a.doc_no, "reason": a.reason, "entered_by": a.entered_by,
            "entered_at": a.entered_at.isoformat(), "reverses": seq_by_id.get(a.reverses_id),
        } for a in adjustments],
        "expenditures": [{"category": e.category, "project": code_of(e.project), "amount": _money(e.amount),
                          "note": e.note} for e in all_of(Expenditure, Expenditure.id)],
        "disbursements": [{"month": d.month, "cumulative": _money(d.cumulative)}
                          for d in all_of(Disbursement, Disbursement.month)],
        "carryover": None if carry is None else {
            "begin": _money(carry.begin), "appropriation": _money(carry.appropriation), "end": _money(carry.end)},
        "procurements": [{
            "code": p.code, "name": p.name, "type": p.ptype, "method": p.method, "project": code_of(p.project),
            "budget": _money(p.budget), "contract": _money(p.contract), "paid": _money(p.paid),
            "supplier": p.supplier,
        } for p in all_of(Procurement, Procurement.id)],
        "key_tasks": [{"kind": t.kind, "name": t.name, "status": t.status, "note": t.note}
                      for t in all_of(KeyTask, KeyTask.position, KeyTask.id)],
        "asset_cards": [_export_card(c) for c in all_of(AssetCard, AssetCard.id)],
        "headcount": [{"category": h.category, "authorized": h.authorized, "actual": h.actual}
                      for h in all_of(Headcount, Headcount.id)],
        "metrics": [{"code": m.code, "name": m.name, "unit": m.measure_unit, "value": _qty(m.value),
                     "target": _qty(m.target), "direction": m.direction, "previous": _qty(m.previous),
                     "note": m.note} for m in all_of(OutcomeMetric, OutcomeMetric.position, OutcomeMetric.id)],
        "narratives": [{"section": n.section, "body": n.body} for n in all_of(Narrative, Narrative.id)],
        "ledger": [{"account": b.account, "amount": _money(b.amount), "note": b.note}
                   for b in all_of(LedgerBalance, LedgerBalance.id)],
        "self_evaluation": [{"item": e.item, "points": str(e.points), "reason": e.reason}
                            for e in all_of(ScoreEntry, ScoreEntry.id)],
        **year_details.export_details(fy, all_of(IncomeLine, IncomeLine.id),
                                      all_of(IndicatorTarget, IndicatorTarget.id)),
    }


def _export_card(c: AssetCard) -> dict[str, Any]:
    disposal = None
    if c.disposal_method:
        disposal = {"method": c.disposal_method, "date": c.disposed_on.isoformat() if c.disposed_on else None,
                    "residual_value": _money(c.residual_value or Decimal(0)), "remitted": c.residual_remitted}
    return {
        "card_no": c.card_no, "name": c.name, "class": c.asset_class, "kind": c.kind,
        "acquisition": c.acquisition, "acquired_on": c.acquired_on.isoformat(),
        "original_value": _money(c.original_value), "depreciation": _money(c.depreciation),
        "status": c.status, "custodian": c.custodian, "location": c.location, "disposal": disposal,
    }


def write_json(document: dict[str, Any], out: Path) -> None:
    """Write next to the target and move into place: never a truncated file under the name."""
    from desktop.export.atomic import atomic_write_bytes

    data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    atomic_write_bytes(out, data)


# --- import ---------------------------------------------------------------------------------

class ImportResult:
    def __init__(self, unit: str, years: list[int], counts: dict[str, int], sha256: str):
        self.unit = unit
        self.years = years
        self.counts = counts
        self.sha256 = sha256


def read_document(path: Path) -> tuple[dict[str, Any], str]:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError(f"无法读取文件“{path}”：{exc.strerror or exc}") from exc
    digest = hashlib.sha256(raw).hexdigest()
    try:
        document = json.loads(raw.decode("utf-8-sig"), parse_float=Decimal)
    except UnicodeDecodeError as exc:
        raise ValidationError(f"文件“{Path(path).name}”不是 UTF-8 编码的 JSON 文件") from exc
    except json.JSONDecodeError as exc:
        raise ValidationError(f"文件“{Path(path).name}”不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列附近有错误") from exc
    return document, digest


def _pointer(path) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def validate_document(document: Any) -> None:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    validator = Draft202012Validator(schema())
    errors = list(validator.iter_errors(document))
    if errors:
        err = best_match(errors)
        while err.context:  # anyOf (a value or null): report the branch that almost matched
            err = best_match(err.context)
        more = f"（另有 {len(errors) - 1} 处问题）" if len(errors) > 1 else ""
        raise ValidationError(f"数据文件格式不符：{_pointer(err.absolute_path)}：{_explain(err)}{more}",
                              _pointer(err.absolute_path))


def _explain(err) -> str:
    if err.validator == "pattern":
        return f"“{err.instance}”格式不对（金额须为元、两位小数，如 1234.50；日期如 2020-03-31）"
    if err.validator == "required":
        return f"缺少必填项（{err.message.split(' is a required')[0]}）"
    if err.validator == "enum":
        return f"“{err.instance}”不是可选值（可选：{'、'.join(map(str, err.validator_value))}）"
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        return f"有不认识的项目：{'、'.join(extra)}"
    if err.validator == "type":
        kinds = {"string": "文本", "integer": "整数", "boolean": "是/否", "array": "列表", "object": "对象",
                 "null": "空"}
        expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        return f"类型不对，应为{'或'.join(kinds.get(k, k) for k in expected)}"
    if err.validator == "const":
        return f"应为 {err.validator_value!r}"
    if err.validator in ("minimum", "maximum"):
        return f"{err.instance} 超出允许的范围"
    if err.validator == "minItems":
        return "至少要有一项"
    return f"格式不符（{err.validator}）"


def import_file(ws: Workspace, path: Path) -> ImportResult:
    document, digest = read_document(path)
    return import_document(ws, document, sha256=digest, source=Path(path).name)


class _DryRun(Exception):
    pass


def check_document(ws: Workspace, document: Any) -> None:
    """Run the whole import inside a transaction that is always rolled back: every error the
    real import would meet, and nothing written."""
    try:
        import_document(ws, document, _dry_run=True)
    except _DryRun:
        pass


def import_document(ws: Workspace, document: Any, *, sha256: str = "", source: str = "",
                    _dry_run: bool = False) -> ImportResult:
    validate_document(document)
    counts: dict[str, int] = {}
    with ws.write() as s:
        unit = _unit(s, document["unit"])
        years = []
        for i, year_doc in enumerate(document["years"]):
            years.append(_import_year(s, unit, year_doc, f"$.years[{i}]", counts))
        locked = s.scalars(select(FiscalYear).where(FiscalYear.unit_id == unit.id, FiscalYear.locked,
                                                    FiscalYear.year.in_(years))).all()
        audit.append(s, actor=ws.actor, action="import", entity="document", entity_id=source,
                     summary=f"导入 {unit.name} {'、'.join(map(str, years))} 年度数据（{source}）",
                     after={"sha256": sha256, "source": source, "unit": unit.code, "years": years,
                            "counts": counts, "adjustments": {
                                str(y["year"]): [[a["seq"], a["amount"]] for a in y["adjustments"]]
                                for y in document["years"]},
                            "seals": {str(fy.id): seal.seal_year(s, fy.id) for fy in locked}})
        if _dry_run:
            raise _DryRun()
        return ImportResult(unit.name, years, counts, sha256)


def _unit(s: Session, doc: dict[str, Any]) -> Unit:
    unit = s.scalar(select(Unit).where(Unit.code == doc["code"]))
    if unit is None:
        unit = Unit(code=rows.text(doc["code"], "$.unit.code", max_len=40),
                    name=rows.text(doc["name"], "$.unit.name", max_len=200))
        s.add(unit)
        s.flush()
    elif unit.name != doc["name"]:
        raise ConflictError(f"$.unit：单位代码“{doc['code']}”在数据文件中对应“{unit.name}”，与导入文件的“{doc['name']}”不一致")
    return unit


def _import_year(s: Session, unit: Unit, doc: dict[str, Any], at: str, counts: dict[str, int]) -> int:
    year = doc["year"]
    if s.scalar(select(FiscalYear).where(FiscalYear.unit_id == unit.id, FiscalYear.year == year)):
        raise ConflictError(f"{at}.year：{unit.name} 的 {year} 年度已存在，导入未进行（数据未改动）")
    entry_rules.check_year_document(doc, at)
    fy = FiscalYear(unit=unit, year=year, locked=False, lock_reason="", **year_details.detail_columns(doc))
    s.add(fy)
    s.flush()

    def bump(key: str, n: int) -> None:
        counts[key] = counts.get(key, 0) + n

    projects: dict[str, Project] = {}
    for i, p in enumerate(doc["projects"]):
        where = f"{at}.projects[{i}]"
        if p["code"] in projects:
            raise ValidationError(f"{where}.code：项目编码“{p['code']}”重复", f"{where}.code")
        project = Project(year_id=fy.id, code=p["code"], name=rows.text(p["name"], f"{where}.name", max_len=200),
                          project_class=p["class"], status=p["status"], note=p["note"], origin=p.get("origin"))
        for j, t in enumerate(p["targets"]):
            tw = f"{where}.targets[{j}]"
            project.targets.append(PerformanceTarget(
                year_id=fy.id, position=j + 1, level1=t["level1"], level2=t["level2"],
                name=rows.text(t["name"], f"{tw}.name", max_len=200), measure_unit=t["unit"],
                direction=t["direction"], target_value=rows.quantity(t["target"], f"{tw}.target"),
                actual_value=None if t["actual"] is None else rows.quantity(t["actual"], f"{tw}.actual")))
        s.add(project)
        projects[p["code"]] = project
    s.flush()
    bump("projects", len(projects))

    def project_ref(item: dict[str, Any], where: str, category: str | None = None) -> Project | None:
        code = item.get("project")
        if category is not None:
            if category == BudgetCategory.PROJECT.value and code is None:
                raise ValidationError(f"{where}.project：项目支出必须指明项目", f"{where}.project")
            if category != BudgetCategory.PROJECT.value and code is not None:
                raise ValidationError(f"{where}.project：“{BudgetCategory(category).label}”不属于具体项目",
                                      f"{where}.project")
        if code is None:
            return None
        if code not in projects:
            raise ValidationError(f"{where}.project：没有项目编码“{code}”", f"{where}.project")
        return projects[code]

    for i, b in enumerate(doc["budget_lines"]):
        where = f"{at}.budget_lines[{i}]"
        s.add(BudgetLine(year_id=fy.id, category=b["category"], project=project_ref(b, where, b["category"]),
                         amount=Decimal(b["amount"]), note=b["note"]))
    bump("budget_lines", len(doc["budget_lines"]))

    by_seq: dict[int, BudgetAdjustment] = {}
    for i, a in enumerate(doc["adjustments"]):
        where = f"{at}.adjustments[{i}]"
        if a["seq"] in by_seq:
            raise ValidationError(f"{where}.seq：调整序号 {a['seq']} 重复", f"{where}.seq")
        reverses = None
        if a["reverses"] is not None:
            reverses = by_seq.get(a["reverses"])
            if reverses is None:
                raise ValidationError(f"{where}.reverses：冲销的第 {a['reverses']} 号调整不在它之前", f"{where}.reverses")
            if Decimal(a["amount"]) != -reverses.amount or a["category"] != reverses.category:
                raise ValidationError(f"{where}.amount：冲销金额必须与第 {a['reverses']} 号调整金额相反", f"{where}.amount")
        date = rows.date(a["date"], f"{where}.date", year)
        entry = BudgetAdjustment(
            year_id=fy.id, seq=a["seq"], date=date, category=a["category"],
            project=project_ref(a, where, a["category"]), amount=Decimal(a["amount"]), doc_no=a["doc_no"],
            reason=a["reason"], entered_by=a["entered_by"],
            entered_at=dt.datetime.fromisoformat(a["entered_at"]), reverses=reverses)
        s.add(entry)
        s.flush()
        by_seq[a["seq"]] = entry
    bump("adjustments", len(by_seq))

    for i, e in enumerate(doc["expenditures"]):
        where = f"{at}.expenditures[{i}]"
        s.add(Expenditure(year_id=fy.id, category=e["category"], project=project_ref(e, where, e["category"]),
                          amount=Decimal(e["amount"]), note=e["note"]))
    bump("expenditures", len(doc["expenditures"]))

    months = set()
    for i, d in enumerate(doc["disbursements"]):
        if d["month"] in months:
            raise ValidationError(f"{at}.disbursements[{i}].month：{d['month']}月重复")
        months.add(d["month"])
        s.add(Disbursement(year_id=fy.id, month=d["month"], cumulative=Decimal(d["cumulative"])))
    bump("disbursements", len(months))

    if doc["carryover"] is not None:
        c = doc["carryover"]
        s.add(CarryOver(year_id=fy.id, begin=Decimal(c["begin"]), appropriation=Decimal(c["appropriation"]),
                        end=Decimal(c["end"])))

    codes = set()
    for i, p in enumerate(doc["procurements"]):
        where = f"{at}.procurements[{i}]"
        if p["code"] in codes:
            raise ValidationError(f"{where}.code：采购编号“{p['code']}”重复", f"{where}.code")
        codes.add(p["code"])
        s.add(Procurement(year_id=fy.id, code=p["code"], name=p["name"], ptype=p["type"], method=p["method"],
                          project=project_ref(p, where), budget=Decimal(p["budget"]),
                          contract=Decimal(p["contract"]), paid=Decimal(p["paid"]), supplier=p["supplier"]))
    bump("procurements", len(codes))

    for i, t in enumerate(doc["key_tasks"]):
        s.add(KeyTask(year_id=fy.id, position=i + 1, kind=t["kind"], name=t["name"], status=t["status"],
                      note=t["note"]))
    bump("key_tasks", len(doc["key_tasks"]))

    s.flush()
    cards = [_card_values(fy, c, f"{at}.asset_cards[{i}]") for i, c in enumerate(doc["asset_cards"])]
    seen: set[str] = set()
    for i, c in enumerate(cards):
        if c["card_no"] in seen:
            raise ValidationError(f"{at}.asset_cards[{i}].card_no：卡片编号“{c['card_no']}”重复")
        seen.add(c["card_no"])
    if cards:
        s.execute(insert(AssetCard), cards)
    bump("asset_cards", len(cards))

    cats = set()
    for i, h in enumerate(doc["headcount"]):
        if h["category"] in cats:
            raise ValidationError(f"{at}.headcount[{i}].category：人员类别重复")
        cats.add(h["category"])
        s.add(Headcount(year_id=fy.id, category=h["category"], authorized=h["authorized"], actual=h["actual"]))
    bump("headcount", len(cats))

    for i, m in enumerate(doc["metrics"]):
        where = f"{at}.metrics[{i}]"
        s.add(OutcomeMetric(
            year_id=fy.id, position=i + 1, code=m["code"], name=m["name"], measure_unit=m["unit"],
            value=rows.quantity(m["value"], f"{where}.value"),
            target=None if m["target"] is None else rows.quantity(m["target"], f"{where}.target"),
            direction=m["direction"],
            previous=None if m["previous"] is None else rows.quantity(m["previous"], f"{where}.previous"),
            note=m["note"]))
    bump("metrics", len(doc["metrics"]))

    for n in doc["narratives"]:
        s.add(Narrative(year_id=fy.id, section=n["section"], body=n["body"]))
    accounts = set()
    for i, b in enumerate(doc.get("ledger", [])):
        if b["account"] in accounts:
            raise ValidationError(f"{at}.ledger[{i}].account：科目重复")
        accounts.add(b["account"])
        s.add(LedgerBalance(year_id=fy.id, account=b["account"], amount=Decimal(b["amount"]), note=b["note"]))
    items = set()
    for i, e in enumerate(doc.get("self_evaluation", [])):
        if e["item"] in items:
            raise ValidationError(f"{at}.self_evaluation[{i}].item：评分项“{e['item']}”重复")
        items.add(e["item"])
        s.add(ScoreEntry(year_id=fy.id, item=e["item"], points=Decimal(e["points"]),
                         reason=rows.text(e["reason"], f"{at}.self_evaluation[{i}].reason")))
    s.add_all(year_details.income_rows(fy, doc))
    s.add_all(year_details.target_rows(fy, doc))
    s.flush()
    if doc["locked"]:
        fy.locked = True
        fy.lock_reason = doc["lock_reason"]
        s.flush()
    return year


def _card_values(fy: FiscalYear, c: dict[str, Any], where: str) -> dict[str, Any]:
    original, depreciation = Decimal(c["original_value"]), Decimal(c["depreciation"])
    acquired = rows.date(c["acquired_on"], f"{where}.acquired_on")
    disposal = c["disposal"]
    disposed_on = rows.date(disposal["date"], f"{where}.disposal.date") if disposal and disposal.get("date") else None
    entry_rules.check_asset_card({**c, "acquired_on": acquired,
                                  "disposal": {**disposal, "date": disposed_on} if disposal else None}, fy.year, where)
    return {
        "year_id": fy.id, "card_no": c["card_no"], "name": c["name"], "asset_class": c["class"],
        "kind": c["kind"], "acquisition": c["acquisition"], "acquired_on": acquired,
        "original_value": original, "depreciation": depreciation, "status": c["status"],
        "custodian": c["custodian"], "location": c["location"],
        "disposal_method": disposal["method"] if disposal else None,
        "disposed_on": disposed_on,
        "residual_value": Decimal(disposal["residual_value"]) if disposal else None,
        "residual_remitted": bool(disposal["remitted"]) if disposal else False,
    }
