"""The asset register: cards with acquisition, status changes and disposal, each audited.

Lists are paged, filtered and sorted in SQL: a register may hold a million cards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, or_, select

from desktop.core import entry_rules
from desktop.core.domain import Acquisition, AssetClass, AssetKind, AssetStatus, DisposalMethod
from desktop.core.errors import ConflictError, ValidationError
from desktop.core.money import Unit, format_amount
from desktop.services import audited, fields
from desktop.services.workspace import Workspace
from desktop.store.models import AssetCard
from desktop.store.types import money_sum


@dataclass(frozen=True)
class CardRow:
    id: int
    card_no: str
    name: str
    asset_class: str
    kind: str
    acquisition: str
    acquired_on: dt.date
    original_value: Decimal
    depreciation: Decimal
    status: str
    custodian: str
    location: str
    disposal_method: str | None
    disposed_on: dt.date | None
    residual_value: Decimal | None
    residual_remitted: bool

    @property
    def book_value(self) -> Decimal:
        return self.original_value - self.depreciation


@dataclass
class CardFilter:
    asset_class: str | None = None
    status: str | None = None
    acquisition: str | None = None
    kind: str | None = None
    custodian: str | None = None  # contains
    location: str | None = None   # contains
    text: str | None = None       # card number or name contains


SORTABLE = {
    "card_no": AssetCard.card_no, "name": AssetCard.name, "asset_class": AssetCard.asset_class,
    "kind": AssetCard.kind, "acquisition": AssetCard.acquisition, "acquired_on": AssetCard.acquired_on,
    "original_value": AssetCard.__table__.c.original_fen,
    "depreciation": AssetCard.__table__.c.depreciation_fen, "status": AssetCard.status,
    "custodian": AssetCard.custodian, "location": AssetCard.location,
}


def _card_values(values: dict[str, Any], money_unit: Unit) -> dict[str, Any]:
    """The card's values; a refusal is keyed by its parameter, the dictionary key here."""
    parsers = {
        "card_no": lambda v, k: fields.text(v, "卡片编号", max_len=60, key=k),
        "name": lambda v, k: fields.text(v, "资产名称", max_len=200, key=k),
        "asset_class": lambda v, k: fields.choice(v, AssetClass, "资产分类", key=k),
        "kind": lambda v, k: fields.choice(v, AssetKind, "资产类型", key=k),
        "acquisition": lambda v, k: fields.choice(v, Acquisition, "取得方式", key=k),
        "acquired_on": lambda v, k: fields.date(v, "取得日期", key=k),
        "original_value": lambda v, k: fields.money(v, "账面原值", money_unit, key=k),
        "depreciation": lambda v, k: fields.money(v, "累计折旧（摊销）", money_unit, key=k),
        "status": lambda v, k: fields.choice(v, AssetStatus, "使用状况", key=k),
        "custodian": lambda v, k: fields.text(v, "使用人/保管人", required=False, max_len=100, key=k),
        "location": lambda v, k: fields.text(v, "存放地点", required=False, max_len=200, key=k),
    }
    unknown = set(values) - set(parsers)
    if unknown:
        raise ValidationError(f"不能直接修改：{'、'.join(sorted(unknown))}")
    return {k: parsers[k](v, k) for k, v in values.items()}


def document_card(values: dict[str, Any]) -> dict[str, Any]:
    """A card's columns as the interchange (and core.entry_rules) names them."""
    method, disposed_on = values.get("disposal_method"), values.get("disposed_on")
    return {"class": values["asset_class"], "kind": values["kind"], "original_value": values["original_value"],
            "depreciation": values["depreciation"], "acquired_on": values.get("acquired_on"),
            "status": values["status"],
            "disposal": {"method": method, "date": disposed_on} if method or disposed_on else None}


# The parameter of add_card/change_card (dispose_card) a rule of core.entry_rules is about, by the
# field name core gives it: the form shows the refusal next to that field.
CARD_RULE_KEYS = {"depreciation": "depreciation", "acquired_on": "acquired_on", "class": "asset_class",
                  "disposal": "status", "disposal.date": "date"}


def _check_card(card: dict[str, Any], year: int) -> None:
    """The rules every entry point applies (core.entry_rules), and the form's own: a card becomes
    已处置 only through 处置, which records the method and date."""
    if card["status"] == AssetStatus.DISPOSED.value and not card.get("disposal_method"):
        raise ValidationError("使用状况：请用“处置”操作登记处置，不能直接改为已处置", "使用状况", "status")
    entry_rules.check_asset_card(document_card(card), year, keys=CARD_RULE_KEYS)


def add_card(ws: Workspace, year: int, *, money_unit: Unit = Unit.YUAN, unit: str | None = None,
             **values: Any) -> int:
    values.setdefault("depreciation", "0")
    values.setdefault("status", AssetStatus.IN_USE.value)
    card = _card_values(values, money_unit)
    missing = {"card_no", "name", "asset_class", "kind", "acquisition", "acquired_on",
               "original_value"} - set(card)
    if missing:
        raise ValidationError(f"资产卡片缺少必填项：{'、'.join(sorted(missing))}")
    with ws.edit_year(year, unit) as (s, fy):
        _check_card(card, fy.year)
        if s.scalar(select(AssetCard.id).where(AssetCard.year_id == fy.id, AssetCard.card_no == card["card_no"])):
            raise ConflictError(f"卡片编号：{fy.year}年度已有卡片“{card['card_no']}”", "card_no")
        audited.check_year_total(s, fy, AssetCard.__table__.c.original_fen, "资产卡片账面原值",
                              card["original_value"], "账面原值", "original_value")
        row = AssetCard(year_id=fy.id, residual_remitted=False, **card)
        audited.audited_create(s, ws.actor, fy, row, "asset_card",
                            f"新增资产卡片 {card['card_no']} {card['name']} 原值 {format_amount(card['original_value'])} 元")
        return row.id


def change_card(ws: Workspace, year: int, card_no: str, *, money_unit: Unit = Unit.YUAN,
                unit: str | None = None, **changes: Any) -> None:
    values = _card_values(changes, money_unit)
    with ws.edit_year(year, unit) as (s, fy):
        row = _card(s, fy, card_no)
        if row.status == AssetStatus.DISPOSED.value:
            raise ConflictError(f"卡片 {card_no} 已处置，不能修改")
        merged = {**{k: getattr(row, k) for k in ("depreciation", "original_value", "status", "asset_class",
                                                  "kind", "acquired_on", "disposal_method", "disposed_on")},
                  **values}
        _check_card(merged, fy.year)
        audited.audited_update(s, ws.actor, fy, row, "asset_card", values, f"修改资产卡片 {card_no}")


def set_card_status(ws: Workspace, year: int, card_no: str, status: Any, unit: str | None = None) -> None:
    change_card(ws, year, card_no, status=status, unit=unit)


def dispose_card(ws: Workspace, year: int, card_no: str, *, method: Any, date: Any,
                 residual_value: Any = "0", remitted: bool = False, money_unit: Unit = Unit.YUAN,
                 unit: str | None = None) -> None:
    values = {
        "disposal_method": fields.choice(method, DisposalMethod, "处置方式", key="method"),
        "residual_value": fields.money(residual_value, "处置残值", money_unit, key="residual_value"),
        "residual_remitted": bool(remitted),
        "status": AssetStatus.DISPOSED.value,
    }
    with ws.edit_year(year, unit) as (s, fy):
        values["disposed_on"] = fields.date(date, "处置日期", fy.year, key="date")
        row = _card(s, fy, card_no)
        if row.status == AssetStatus.DISPOSED.value:
            raise ConflictError(f"卡片 {card_no} 已于 {row.disposed_on} 处置")
        entry_rules.check_asset_card(document_card({
            **{k: getattr(row, k) for k in ("depreciation", "original_value", "asset_class", "kind", "acquired_on")},
            **values}), fy.year, keys=CARD_RULE_KEYS)
        audited.audited_update(s, ws.actor, fy, row, "asset_card", values,
                            f"处置资产 {card_no} {row.name}（{DisposalMethod(values['disposal_method']).label}）")


def _card(s, fy, card_no: str) -> AssetCard:
    row = s.scalar(select(AssetCard).where(AssetCard.year_id == fy.id, AssetCard.card_no == card_no))
    if row is None:
        raise ValidationError(f"卡片编号：{fy.year}年度没有卡片“{card_no}”", "卡片编号", "card_no")
    return row


def _filtered(query: Select, year_id: int, flt: CardFilter) -> Select:
    query = query.where(AssetCard.year_id == year_id)
    for attr in ("asset_class", "status", "acquisition", "kind"):
        value = getattr(flt, attr)
        if value:
            query = query.where(getattr(AssetCard, attr) == value)
    for attr in ("custodian", "location"):  # typed by the officer: part of the text is enough
        value = getattr(flt, attr)
        if value:
            query = query.where(getattr(AssetCard, attr).like(_contains(value)))
    if flt.text:
        pattern = _contains(flt.text)
        query = query.where(or_(AssetCard.card_no.like(pattern), AssetCard.name.like(pattern)))
    return query


def _contains(text: str) -> str:
    return f"%{text.replace('%', '').replace('_', '')}%"


def query_cards(ws: Workspace, year: int, flt: CardFilter | None = None, *, sort: str = "card_no",
                descending: bool = False, offset: int = 0, limit: int = 200,
                unit: str | None = None) -> list[CardRow]:
    if sort not in SORTABLE:
        raise ValidationError(f"不能按“{sort}”排序")
    column = SORTABLE[sort]
    with ws.read_year(year, unit) as (s, fy):
        query = _filtered(select(AssetCard), fy.id, flt or CardFilter())
        query = query.order_by(column.desc() if descending else column.asc(), AssetCard.id)
        return [_row(c) for c in s.scalars(query.offset(offset).limit(limit))]


@dataclass(frozen=True)
class CardTotals:
    count: int
    original_value: Decimal
    depreciation: Decimal

    @property
    def book_value(self) -> Decimal:
        return self.original_value - self.depreciation


def card_totals(ws: Workspace, year: int, flt: CardFilter | None = None,
                unit: str | None = None) -> CardTotals:
    t = AssetCard.__table__.c
    with ws.read_year(year, unit) as (s, fy):
        query = _filtered(select(func.count(), money_sum(t.original_fen), money_sum(t.depreciation_fen))
                          .select_from(AssetCard), fy.id, flt or CardFilter())
        return CardTotals(*s.execute(query).one())


def _row(c: AssetCard) -> CardRow:
    return CardRow(c.id, c.card_no, c.name, c.asset_class, c.kind, c.acquisition, c.acquired_on,
                   c.original_value, c.depreciation, c.status, c.custodian, c.location,
                   c.disposal_method, c.disposed_on, c.residual_value, c.residual_remitted)


__all__ = ["CardFilter", "CardRow", "CardTotals", "add_card", "change_card", "dispose_card",
           "set_card_status", "query_cards", "card_totals"]
