"""Excel for superiors and Excel back in: the services the window and the command line call."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, insert, select

from desktop.core import entry_rules, scoring
from desktop.core.errors import BudgetDeskError, ConflictError, ValidationError
from desktop.core.files import file_sha256
from desktop.core.money import fen_to_yuan
from desktop.services import audited, backups, evaluation, interchange
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.models import AssetCard, AuditEntry


def manual_items(rules_path: Path | None = None) -> list[tuple]:
    rules = scoring.load_rules(rules_path)
    return [(i.code, i.level1, i.level2, i.name, i.weight) for i in rules.manual_items.values()]


def export_workbook(ws: Workspace, year: int, out: Path, unit: str | None = None, progress=None,
                    rules_path: Path | None = None):
    """The workbook for superiors; the asset cards go from SQL straight into the sheet."""
    from desktop.export.workbook import WorkbookInput, write_workbook
    from desktop.export.workbook_base import RowStream

    if progress:
        progress(1, "汇总数据")
    ev = evaluation.evaluate(ws, year, unit, rules_path)
    with ws.read_year(year, unit) as (s, fy):
        document = interchange.year_skeleton(s, fy.unit.code, year)
        year_doc = {k: (v if not isinstance(v, interchange.Rows) else list(v)) for k, v in document["years"][0].items()
                    if k != "asset_cards"}
        count = s.scalar(select(func.count()).select_from(AssetCard).where(AssetCard.year_id == fy.id))
        year_doc["asset_cards"] = RowStream(lambda: interchange.card_rows(s, fy.id, fen_to_yuan), count)
        head = document["audit_head"]
        data = WorkbookInput(document["unit"]["code"], document["unit"]["name"], year, year_doc["locked"],
                             year_doc["lock_reason"], year_doc, ev.facts, ev.indicators, ev.checks, ev.score,
                             audit_head=(head["count"], head["last_hash"]))
        return write_workbook(data, Path(out), progress, manual_items(rules_path))


def write_template(year: int, out: Path, unit_code: str = "", unit_name: str = "",
                   rules_path: Path | None = None):
    """An empty workbook of the same sheets, for a colleague to fill and `import` to read back."""
    from desktop.export.workbook import WorkbookInput, write_workbook

    empty = {s: [] for s in ("projects", "budget_lines", "adjustments", "expenditures", "disbursements",
                             "procurements", "key_tasks", "asset_cards", "headcount", "metrics", "narratives",
                             "ledger", "self_evaluation", "income", "indicator_targets")}
    empty["carryover"] = None
    data = WorkbookInput(unit_code, unit_name, year, False, "", empty)
    return write_workbook(data, Path(out), None, manual_items(rules_path), template=True)


# --- import -----------------------------------------------------------------------------------

CARD_FIELDS = ("name", "asset_class", "kind", "acquisition", "acquired_on", "original_value", "depreciation",
               "status", "custodian", "location")


@dataclass
class ImportPreview:
    """What an import would do; nothing has been written yet."""

    kind: str                      # "year" (template/export workbook) or "assets" (a card list)
    source: str
    sha256: str
    unit_code: str = ""
    unit_name: str = ""
    year: int | None = None
    adds: dict[str, int] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    unchanged: int = 0
    refusals: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    duplicate: str = ""
    plan: interchange.ImportPlan | None = None   # a year workbook: exactly what apply_import writes
    cards: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refusals

    def lines(self) -> list[str]:
        out = [f"文件：{self.source}（SHA-256 {self.sha256[:12]}…）"]
        if self.year is not None:
            out.append(f"单位：{self.unit_name}（{self.unit_code}），年度：{self.year}")
        if self.duplicate:
            out.append(f"注意：{self.duplicate}")
        if self.adds:
            out.append("将新增：" + "，".join(f"{k} {v} 条" for k, v in self.adds.items()))
        if self.changes:
            out.append(f"将修改 {len(self.changes)} 条：")
            out += [f"  {c}" for c in self.changes[:50]]
            if len(self.changes) > 50:
                out.append(f"  ……另有 {len(self.changes) - 50} 条")
        if self.unchanged:
            out.append(f"内容相同、不变：{self.unchanged} 条")
        for note in self.notes[:30]:
            out.append(f"提示：{note}")
        if self.refusals:
            out.append(f"拒绝 {len(self.refusals)} 处（有任何拒绝时不会导入）：")
            out += [f"  {r}" for r in self.refusals[:100]]
            if len(self.refusals) > 100:
                out.append(f"  ……另有 {len(self.refusals) - 100} 处")
        return out


def _previous_import(ws: Workspace, sha256: str) -> str:
    with ws.read() as s:
        for at, actor, after in s.execute(select(AuditEntry.at, AuditEntry.actor, AuditEntry.after)
                                          .where(AuditEntry.action.in_(("import", "import_assets")))):
            if after and json.loads(after).get("sha256") == sha256:
                return f"此文件已于 {at:%Y-%m-%d %H:%M} 由 {actor} 导入过，再次导入需确认"
    return ""


def _where(parsed, message: str) -> str:
    """'$.years[0].adjustments[3].amount：…' → the cell it came from."""
    import re

    match = re.search(r"\$\.years\[0\]\.(\w+)\[(\d+)\]\.?([\w.]*)", message)
    if match:
        section, index, key = match.group(1), int(match.group(2)), match.group(3) or ""
        place = parsed.locate(section, index, key)
        if place:
            text = message.split("：", 1)[-1] if "：" in message else message
            return f"工作表“{place[0]}”第 {place[1]} 行（{place[2]} 列附近）：{text}"
    return message


def preview_workbook(ws: Workspace, path: Path) -> ImportPreview:
    """Our template or export, read into a new fiscal year (checked in full, nothing written)."""
    from desktop.export.reader import read_workbook

    path = Path(path)
    preview = ImportPreview("year", path.name, file_sha256(path))
    parsed = read_workbook(path)
    preview.unit_code, preview.unit_name, preview.year = parsed.unit_code, parsed.unit_name, parsed.year
    preview.refusals = [str(r) for r in parsed.refusals]
    preview.notes = parsed.notes + [f"工作表“{name}”是隐藏的，其内容也会导入" for name in parsed.hidden]
    preview.duplicate = _previous_import(ws, preview.sha256)
    doc = parsed.year_doc
    preview.adds = {label: len(doc.get(section) or []) for label, section in (
        ("项目", "projects"), ("年初预算行", "budget_lines"), ("预算调整", "adjustments"), ("支出", "expenditures"),
        ("月度支付", "disbursements"), ("政府采购", "procurements"), ("重点工作", "key_tasks"),
        ("资产卡片", "asset_cards"), ("人员类别", "headcount"), ("其他指标", "metrics"), ("报告章节", "narratives"),
        ("总账科目", "ledger"), ("人工评分", "self_evaluation")) if doc.get(section)}
    if preview.refusals:
        return preview
    document = {"format": "budget-desk", "version": interchange.VERSION,
                "unit": {"code": parsed.unit_code, "name": parsed.unit_name}, "years": [doc]}
    try:
        preview.plan = interchange.check_document(ws, document)
    except BudgetDeskError as exc:
        preview.refusals.append(_where(parsed, str(exc)))
    return preview


def preview_asset_list(ws: Workspace, year: int, path: Path, unit: str | None = None) -> ImportPreview:
    """Asset cards from another system into an open year: matched by card number."""
    from desktop.export.reader import read_asset_list

    path = Path(path)
    preview = ImportPreview("assets", path.name, file_sha256(path), year=year)
    cards, parsed = read_asset_list(path)
    preview.refusals = [str(r) for r in parsed.refusals]
    preview.notes = list(parsed.notes)
    preview.duplicate = _previous_import(ws, preview.sha256)
    with ws.read_year(year, unit) as (s, fy):
        preview.unit_code, preview.unit_name = fy.unit.code, fy.unit.name
        if fy.locked:
            preview.refusals.append(f"{fy.year}年度已锁定，不能导入")
        existing = _existing_cards(s, fy.id, [c["card_no"] for c in cards])
        adds = _compare_cards(preview, parsed, cards, existing, year)
    if adds:
        preview.adds = {"资产卡片": adds}
    return preview


BATCH = 10_000  # rows per executemany, and card numbers per IN (…) (SQLite allows 32,766 parameters)


def _existing_cards(s, year_id: int, card_nos: list[str]) -> dict[str, AssetCard]:
    found: dict[str, AssetCard] = {}
    for start in range(0, len(card_nos), BATCH):
        found.update((c.card_no, c) for c in s.scalars(select(AssetCard).where(
            AssetCard.year_id == year_id, AssetCard.card_no.in_(card_nos[start:start + BATCH]))))
    return found


def _compare_cards(preview: ImportPreview, parsed, cards: list[dict], existing: dict, year: int) -> int:
    """Sort the list into new, changed, unchanged and refused cards (inside the read session)."""
    seen: set[str] = set()
    adds = 0
    for card in cards:
        where = parsed.locate("asset_cards", card["_row"], "card_no") or ("", 0, "")
        place = f"工作表“{where[0]}”第 {where[1]} 行"
        if card["card_no"] in seen:
            preview.refusals.append(f"{place}：卡片编号“{card['card_no']}”重复")
            continue
        seen.add(card["card_no"])
        values = _card_values(card)
        # the rules the card form and the JSON import apply (a 已处置 card needs its disposal data)
        problems = entry_rules.asset_card_problems(
            {**card, "acquired_on": dt.date.fromisoformat(card["acquired_on"])}, year)
        if problems:
            preview.refusals.append(f"{place}：{'；'.join(entry_rules.asset_problem_text(p, year) for p in problems)}")
            continue
        old = existing.get(card["card_no"])
        if old is None:
            adds += 1
            preview.cards.append(card)
            continue
        if old.status == "disposed":
            preview.refusals.append(f"{place}：卡片 {old.card_no} 已处置，不能修改")
            continue
        differences = {k: (getattr(old, k), v) for k, v in values.items() if getattr(old, k) != v}
        if differences:
            preview.cards.append(card)
            shown = "，".join(f"{k}：{a} → {b}" for k, (a, b) in differences.items())
            preview.changes.append(f"{old.card_no} {old.name}：{shown}")
        else:
            preview.unchanged += 1
    return adds


def _card_values(card: dict) -> dict:
    import datetime as dt

    return {"name": card["name"], "asset_class": card["class"], "kind": card["kind"],
            "acquisition": card["acquisition"], "acquired_on": dt.date.fromisoformat(card["acquired_on"]),
            "original_value": Decimal(card["original_value"]), "depreciation": Decimal(card["depreciation"]),
            "status": card["status"], "custodian": card["custodian"], "location": card["location"]}


def apply_import(ws: Workspace, preview: ImportPreview, *, force: bool = False, unit: str | None = None):
    """Write what the preview showed: all or nothing, one audit row with the file's hash."""
    if not preview.ok:
        raise ValidationError("导入被拒绝：" + "；".join(preview.refusals[:5]))
    if preview.duplicate and not force:
        raise ConflictError(preview.duplicate)
    if preview.kind == "year":
        return interchange.apply_plan(ws, preview.plan, sha256=preview.sha256, source=preview.source)
    backups.before(ws.path, "import")
    with ws.edit_year(preview.year, unit or preview.unit_code) as (s, fy):
        existing = _existing_cards(s, fy.id, [c["card_no"] for c in preview.cards])
        added, changed, new_rows = [], [], []
        for card in preview.cards:
            values = _card_values(card)
            old = existing.get(card["card_no"])
            if old is None:
                new_rows.append({"year_id": fy.id, "card_no": card["card_no"], "residual_remitted": False, **values})
                added.append(card["card_no"])
            else:
                before = {k: getattr(old, k) for k in values if getattr(old, k) != values[k]}
                for key, value in values.items():
                    setattr(old, key, value)
                changed.append({"card_no": old.card_no, "before": before,
                                "after": {k: values[k] for k in before}})
        for start in range(0, len(new_rows), BATCH):  # bulk insert(), typed: money checked by Fen
            s.execute(insert(AssetCard), new_rows[start:start + BATCH])
        s.flush()
        for column, label in ((AssetCard.__table__.c.original_fen, "资产卡片账面原值"),
                              (AssetCard.__table__.c.depreciation_fen, "资产卡片累计折旧")):
            audited.check_year_total(s, fy, column, label, Decimal(0), f"{preview.source}")
        audit.append(s, actor=ws.actor, action="import_assets", entity="asset_card", entity_id=preview.source,
                     year_id=fy.id, summary=f"导入资产卡片（{preview.source}）：新增 {len(added)} 张，修改 {len(changed)} 张",
                     after={"sha256": preview.sha256, "source": preview.source, "added": added[:1000],
                            "added_count": len(added), "changed": changed[:1000], "changed_count": len(changed)})
        return {"added": len(added), "changed": len(changed)}

