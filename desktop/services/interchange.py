"""The interchange format: one JSON document per unit holding one or more fiscal years.

It is the demo dataset's format, what `export --format json` writes and `import` reads. A
round trip is lossless: export → import into an empty file → export gives the same document
(apart from `exported_at` and `audit_head`). The export is streamed: rows go from SQL into the file one at a time
in the same bytes `json.dumps(document, ensure_ascii=False, indent=1)` would give. An import is
checked in full before anything is written (`interchange_check`, `interchange_import`); the
first problem is reported with the path of the element (e.g. `$.years[0].adjustments[3].amount`)
and nothing is written: the whole import is one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.errors import ConflictError, ValidationError
from desktop.core.money import fen_to_plain, format_plain
from desktop.services import backups, interchange_check, interchange_import, year_details
from desktop.services.interchange_check import schema, validate_document  # noqa: F401 - the module's API
from desktop.services.interchange_import import ImportPlan
from desktop.services.workspace import Workspace
from desktop.store import audit
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

FORMAT = "budget-desk"
VERSION = 2  # 2: optional unit_details, income, project origin (version 1 files still import)
SCHEMA_FILE = interchange_check.SCHEMA_FILE


def _money(value: Decimal) -> str:
    return format_plain(value, 2)


def _qty(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


# --- export ---------------------------------------------------------------------------------

class Rows:
    """A section's rows, produced from SQL when iterated (a streamed export never holds them all)."""

    def __init__(self, produce: Callable[[], Iterable[dict[str, Any]]]):
        self._produce = produce

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._produce())


def _document(s: Session, unit: str | None, years: list[int] | None) -> dict[str, Any]:
    """The document's skeleton: small parts as values, every row section as `Rows`."""
    units = s.execute(select(Department.id, Department.code, Department.name).order_by(Department.code)).all()
    if unit:
        units = [u for u in units if unit in (u.code, u.name)]
    if not units:
        raise ValidationError(f"数据文件中没有单位“{unit}”" if unit else "数据文件中还没有任何单位")
    if len(units) > 1:
        names = "、".join(u.name for u in units)
        raise ConflictError(f"数据文件中有多个单位（{names}），请用 --unit 指定一个")
    u = units[0]
    fys = s.execute(select(FiscalYear.id, FiscalYear.year, FiscalYear.locked, FiscalYear.lock_reason,
                           *(getattr(FiscalYear, key) for key in year_details.DETAIL_FIELDS))
                    .where(FiscalYear.unit_id == u.id).order_by(FiscalYear.year)).all()
    fys = [fy for fy in fys if years is None or fy.year in years]
    if years and len(fys) != len(set(years)):
        missing = sorted(set(years) - {fy.year for fy in fys})
        raise ValidationError(f"{u.name} 没有 {'、'.join(map(str, missing))} 年度的数据")
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": dt.datetime.now().replace(microsecond=0).isoformat(),
        "unit": {"code": u.code, "name": u.name},
        "years": [_year(s, fy) for fy in fys],
        # The audit log's head at export, for `log --verify --against` (ignored by an import).
        "audit_head": _head_json(audit.audit_head(s)),
    }


def _head_json(head: audit.AuditHead) -> dict[str, Any]:
    return {"count": head.count, "last_hash": head.last_hash}


def year_skeleton(s: Session, unit: str, year: int) -> dict[str, Any]:
    """One year's document with its row sections still unread (`Rows`), inside session `s`."""
    return _document(s, unit, [year])


def _materialize(value: Any) -> Any:
    if isinstance(value, Rows):
        return list(value)
    if isinstance(value, dict):
        return {k: _materialize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_materialize(v) for v in value]
    return value


def export_document(ws: Workspace, unit: str | None = None, years: list[int] | None = None) -> dict[str, Any]:
    """The whole document in memory (tests, the workbook's small sections)."""
    with ws.read() as s:
        return _materialize(_document(s, unit, years))


def export_json(ws: Workspace, out: Path, unit: str | None = None, years: list[int] | None = None) -> dict[str, Any]:
    """Stream the document into `out` (atomically); returns the unit and the years written."""
    from desktop.export.atomic import atomic_write

    written: dict[str, Any] = {}

    def write(tmp: Path) -> None:
        with ws.read() as s, open(tmp, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as fh:
            document = _document(s, unit, years)
            written.update(unit=document["unit"], years=[y["year"] for y in document["years"]])
            _encode(fh.write, document, 0)
            fh.write("\n")

    atomic_write(Path(out), write)
    return written


def _year(s: Session, fy) -> dict[str, Any]:
    year_id = fy.id

    def rows_of(*columns, order=None):
        model = columns[0].class_
        return s.execute(select(*columns).where(model.year_id == year_id).order_by(*(order or [model.id])))

    codes = dict(s.execute(select(Project.id, Project.code).where(Project.year_id == year_id)).all())
    carry = s.get(CarryOver, year_id)

    def projects():
        targets: dict[int, list] = {}
        for t in rows_of(PerformanceTarget.project_id, PerformanceTarget.level1, PerformanceTarget.level2,
                         PerformanceTarget.name, PerformanceTarget.measure_unit, PerformanceTarget.direction,
                         PerformanceTarget.target_value, PerformanceTarget.actual_value,
                         order=[PerformanceTarget.project_id, PerformanceTarget.position, PerformanceTarget.id]):
            targets.setdefault(t.project_id, []).append({
                "level1": t.level1, "level2": t.level2, "name": t.name, "unit": t.measure_unit,
                "direction": t.direction, "target": _qty(t.target_value), "actual": _qty(t.actual_value)})
        for p in rows_of(Project.id, Project.code, Project.name, Project.project_class, Project.status, Project.note,
                         Project.origin):
            yield {"code": p.code, "name": p.name, "class": p.project_class, "status": p.status, "note": p.note,
                   "origin": p.origin, "targets": targets.get(p.id, [])}

    def adjustments():
        seq_by_id = dict(s.execute(select(BudgetAdjustment.id, BudgetAdjustment.seq)
                                   .where(BudgetAdjustment.year_id == year_id)).all())
        for a in rows_of(BudgetAdjustment.seq, BudgetAdjustment.date, BudgetAdjustment.category,
                         BudgetAdjustment.project_id, BudgetAdjustment.amount, BudgetAdjustment.doc_no,
                         BudgetAdjustment.reason, BudgetAdjustment.entered_by, BudgetAdjustment.entered_at,
                         BudgetAdjustment.reverses_id, order=[BudgetAdjustment.seq]):
            yield {"seq": a.seq, "date": a.date.isoformat(), "category": a.category, "project": codes.get(a.project_id),
                   "amount": _money(a.amount), "doc_no": a.doc_no, "reason": a.reason, "entered_by": a.entered_by,
                   "entered_at": a.entered_at.isoformat(), "reverses": seq_by_id.get(a.reverses_id)}

    def lines(model):
        for b in rows_of(model.category, model.project_id, model.amount, model.note):
            yield {"category": b.category, "project": codes.get(b.project_id), "amount": _money(b.amount),
                   "note": b.note}

    return {
        "year": fy.year,
        "locked": fy.locked,
        "lock_reason": fy.lock_reason,
        "projects": Rows(projects),
        "budget_lines": Rows(lambda: lines(BudgetLine)),
        "adjustments": Rows(adjustments),
        "expenditures": Rows(lambda: lines(Expenditure)),
        "disbursements": Rows(lambda: ({"month": d.month, "cumulative": _money(d.cumulative)} for d in rows_of(
            Disbursement.month, Disbursement.cumulative, order=[Disbursement.month]))),
        "carryover": None if carry is None else {
            "begin": _money(carry.begin), "appropriation": _money(carry.appropriation), "end": _money(carry.end)},
        "procurements": Rows(lambda: ({
            "code": p.code, "name": p.name, "type": p.ptype, "method": p.method, "project": codes.get(p.project_id),
            "budget": _money(p.budget), "contract": _money(p.contract), "paid": _money(p.paid),
            "supplier": p.supplier,
        } for p in rows_of(Procurement.code, Procurement.name, Procurement.ptype, Procurement.method,
                           Procurement.project_id, Procurement.budget, Procurement.contract, Procurement.paid,
                           Procurement.supplier))),
        "key_tasks": Rows(lambda: ({"kind": t.kind, "name": t.name, "status": t.status, "note": t.note}
                                   for t in rows_of(KeyTask.kind, KeyTask.name, KeyTask.status, KeyTask.note,
                                                    order=[KeyTask.position, KeyTask.id]))),
        "asset_cards": Rows(lambda: card_rows(s, year_id)),
        "headcount": Rows(lambda: ({"category": h.category, "authorized": h.authorized, "actual": h.actual}
                                   for h in rows_of(Headcount.category, Headcount.authorized, Headcount.actual))),
        "metrics": Rows(lambda: ({
            "code": m.code, "name": m.name, "unit": m.measure_unit, "value": _qty(m.value), "target": _qty(m.target),
            "direction": m.direction, "previous": _qty(m.previous), "note": m.note,
        } for m in rows_of(OutcomeMetric.code, OutcomeMetric.name, OutcomeMetric.measure_unit, OutcomeMetric.value,
                           OutcomeMetric.target, OutcomeMetric.direction, OutcomeMetric.previous, OutcomeMetric.note,
                           order=[OutcomeMetric.position, OutcomeMetric.id]))),
        "narratives": Rows(lambda: ({"section": n.section, "body": n.body}
                                    for n in rows_of(Narrative.section, Narrative.body))),
        "ledger": Rows(lambda: ({"account": b.account, "amount": _money(b.amount), "note": b.note}
                                for b in rows_of(LedgerBalance.account, LedgerBalance.amount, LedgerBalance.note))),
        "self_evaluation": Rows(lambda: ({"item": e.item, "points": str(e.points), "reason": e.reason}
                                         for e in rows_of(ScoreEntry.item, ScoreEntry.points, ScoreEntry.reason))),
        **year_details.export_details(fy, rows_of(IncomeLine.source, IncomeLine.amount, IncomeLine.note).all(),
                                      rows_of(IndicatorTarget.indicator, IndicatorTarget.value).all()),
    }


_CARD_COLUMNS = ("card_no", "name", "asset_class", "kind", "acquisition", "acquired_on", "original_fen",
                 "depreciation_fen", "status", "custodian", "location", "disposal_method", "disposed_on",
                 "residual_fen", "residual_remitted")


def card_rows(s: Session, year_id: int, money: Callable[[int], Any] = fen_to_plain) -> Iterator[dict[str, Any]]:
    """A year's asset cards in the interchange shape, fetched from SQL a block at a time as the
    stored values (分, ISO dates: what the interchange format and the sheet need, no Decimal on
    the way); `money` turns 分 into the amount written (text for JSON, Decimal for a sheet)."""
    table = interchange_import.raw_table(AssetCard)
    result = s.execute(select(*(table.c[name] for name in _CARD_COLUMNS)).where(table.c.year_id == year_id)
                       .order_by(table.c.id).execution_options(yield_per=2000))
    for (card_no, name, cls, kind, acquisition, acquired_on, original, depreciation, status, custodian, location,
         method, disposed_on, residual, remitted) in result:
        yield {
            "card_no": card_no, "name": name, "class": cls, "kind": kind, "acquisition": acquisition,
            "acquired_on": acquired_on, "original_value": money(original), "depreciation": money(depreciation),
            "status": status, "custodian": custodian, "location": location,
            "disposal": None if not method else {
                "method": method, "date": disposed_on, "residual_value": money(residual or 0),
                "remitted": bool(remitted)},
        }


_END = object()


def _lazy(value: Any) -> bool:
    if isinstance(value, Rows):
        return True
    if isinstance(value, dict):
        return any(isinstance(v, (Rows, list)) and _lazy(v) for v in value.values())
    if isinstance(value, list):
        return any(isinstance(v, (dict, Rows)) and _lazy(v) for v in value)
    return False


def _encode(write: Callable[[str], Any], value: Any, level: int) -> None:
    """Write `value` as json.dumps(…, ensure_ascii=False, indent=1) would at this nesting level;
    a row is dumped whole, containers holding `Rows` are walked so the rows stream."""
    pad = "\n" + " " * level
    inner = pad + " "
    if isinstance(value, Rows) or (isinstance(value, list) and _lazy(value)):
        items = iter(value)
        first = next(items, _END)
        if first is _END:
            write("[]")
            return
        write("[" + inner)
        _encode(write, first, level + 1)
        for item in items:
            write("," + inner)
            _encode(write, item, level + 1)
        write(pad + "]")
    elif isinstance(value, dict) and _lazy(value):
        write("{")
        for n, (key, item) in enumerate(value.items()):
            write(("," if n else "") + inner + json.dumps(key, ensure_ascii=False) + ": ")
            _encode(write, item, level + 1)
        write(pad + "}")
    else:
        write(_dump(value, pad))


def _dump(value: Any, pad: str) -> str:
    """json.dumps(value, ensure_ascii=False, indent=1) continued at `pad`, for the values a row
    holds (text, integers, booleans, null, nested rows), without building an encoder per row."""
    if value.__class__ is str:
        return _quote(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value.__class__ is int:
        return int.__repr__(value)
    inner = pad + " "
    if value.__class__ is dict:
        if not value:
            return "{}"
        return "{" + inner + ("," + inner).join(f"{_quote(k)}: {_dump(v, inner)}" for k, v in value.items()) + pad + "}"
    if value.__class__ is list:
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join(_dump(v, inner) for v in value) + pad + "]"
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", pad)  # anything else, as json does


_quote = json.encoder.encode_basestring  # the C implementation: the quoting json.dumps uses


def write_json(document: dict[str, Any], out: Path) -> None:
    """Write a document held in memory (next to the target, then moved into place)."""
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
    raw, name = interchange_check.read_file(path)
    return interchange_check.parse(raw, name), hashlib.sha256(raw).hexdigest()


def import_file(ws: Workspace, path: Path) -> ImportResult:
    document, digest = read_document(path)
    return import_document(ws, document, sha256=digest, source=Path(path).name)


def check_document(ws: Workspace, document: Any) -> ImportPlan:
    """Everything the import would check, nothing written: the plan that `apply_plan` writes."""
    plan = interchange_import.plan_document(document)
    with ws.read() as s:
        interchange_import.conflicts(s, plan)
    return plan


def apply_plan(ws: Workspace, plan: ImportPlan, *, sha256: str = "", source: str = "") -> ImportResult:
    backups.before(ws.path, "import")  # a verified copy of the file as it was, to go back to
    with ws.write() as s:
        years = interchange_import.write_plan(s, plan, actor=ws.actor, sha256=sha256, source=source)
    return ImportResult(plan.unit_name, years, plan.counts, sha256)


def import_document(ws: Workspace, document: Any, *, sha256: str = "", source: str = "") -> ImportResult:
    return apply_plan(ws, interchange_import.plan_document(document), sha256=sha256, source=source)
