"""The unit's details for a year (离退休人员, 内设机构, 公务接待人次) and its 决算收入 by source: the
figures other departments' reports print beside the budget. Entered by `set_unit_details` /
`set_income` (command line `details`, `income`), carried by the interchange document."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from desktop.core import entry_rules
from desktop.core.domain import IncomeSource
from desktop.core.money import Unit, format_amount, format_plain
from desktop.services import audited, fields
from desktop.services.workspace import Workspace, ensure_open, find_year
from desktop.store.models import FiscalYear, IncomeLine

DETAIL_FIELDS = {"retired_count": "离退休人员", "internal_units": "内设机构", "reception_persons": "公务接待人次"}


# --- interchange ---------------------------------------------------------------------------------

def export_details(fy: FiscalYear, income: list[IncomeLine], targets: list = ()) -> dict[str, Any]:
    return {
        "unit_details": {key: getattr(fy, key) for key in DETAIL_FIELDS},
        "income": [{"source": i.source, "amount": format_plain(i.amount), "note": i.note} for i in income],
        # the year's own targets (目标设置), so a round trip keeps them
        "indicator_targets": [{"indicator": t.indicator, "value": str(t.value)} for t in targets],
    }


def target_items(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The year's own indicator targets of a document, checked, as table rows."""
    from desktop.core.errors import ValidationError
    from desktop.core.indicators import BY_ID

    seen: set[str] = set()
    out = []
    for i, t in enumerate(doc.get("indicator_targets") or []):
        where = f"years[{doc['year']}].indicator_targets[{i}]"
        if t["indicator"] not in BY_ID or BY_ID[t["indicator"]].direction is None:
            raise ValidationError(f"{where}.indicator：没有可设目标的指标“{t['indicator']}”", f"{where}.indicator")
        if t["indicator"] in seen:
            raise ValidationError(f"{where}.indicator：指标“{t['indicator']}”重复", f"{where}.indicator")
        seen.add(t["indicator"])
        out.append({"indicator": t["indicator"],
                    "value": str(fields.quantity(t["value"], f"{where}.value", max_decimals=2))})
    return out


def detail_columns(doc: dict[str, Any]) -> dict[str, int | None]:
    details = doc.get("unit_details") or {}
    return {key: details.get(key) for key in DETAIL_FIELDS}


def income_rows(fy: FiscalYear, doc: dict[str, Any]) -> list[IncomeLine]:
    seen: set[str] = set()
    out = []
    for i, line in enumerate(doc.get("income") or []):
        if line["source"] in seen:
            from desktop.core.errors import ValidationError

            raise ValidationError(f"years[{doc['year']}].income[{i}].source：收入来源重复", f"income[{i}].source")
        seen.add(line["source"])
        out.append(IncomeLine(year_id=fy.id, source=line["source"], amount=Decimal(line["amount"]),
                              note=line.get("note", "")))
    return out


# --- entry ---------------------------------------------------------------------------------------

def set_unit_details(ws: Workspace, year: int, *, unit: str | None = None, **values: Any) -> None:
    """Set any of retired_count / internal_units / reception_persons (None or "" clears one)."""
    changes = {}
    for key, value in values.items():
        if key not in DETAIL_FIELDS:
            raise KeyError(key)
        changes[key] = None if value in (None, "") else fields.count(value, DETAIL_FIELDS[key])
    with ws.write() as s:
        fy = find_year(s, year, unit)
        ensure_open(fy)
        summary = "单位情况：" + "，".join(f"{DETAIL_FIELDS[k]} {'未填' if v is None else v}" for k, v in changes.items())
        audited.audited_update(s, ws.actor, fy, fy, "fiscal_year", changes, summary)


def set_income(ws: Workspace, year: int, source: Any, amount: Any, *, note: str = "",
               money_unit: Unit = Unit.YUAN, unit: str | None = None) -> None:
    src = fields.choice(source, IncomeSource, "收入来源")
    label = IncomeSource(src).label
    value = fields.money(amount, f"{label}金额", money_unit)
    note = fields.text(note, "备注", required=False)
    with ws.write() as s:
        fy = find_year(s, year, unit)
        ensure_open(fy)
        others = [a for a, in s.execute(select(IncomeLine.amount).where(IncomeLine.year_id == fy.id,
                                                                          IncomeLine.source != src))]
        entry_rules.check_year_total("决算收入", sum(others, Decimal(0)) + value, f"{label}金额")
        row = s.scalar(select(IncomeLine).where(IncomeLine.year_id == fy.id, IncomeLine.source == src))
        summary = f"决算收入：{label} {format_amount(value)} 元"
        if row is None:
            audited.audited_create(s, ws.actor, fy, IncomeLine(year_id=fy.id, source=src, amount=value, note=note),
                                "income_line", summary)
        else:
            audited.audited_update(s, ws.actor, fy, row, "income_line", {"amount": value, "note": note}, summary)
