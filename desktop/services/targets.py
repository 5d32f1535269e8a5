"""目标设置: each indicator has one target, the rules file's (the value at which its score item
reaches full marks, resources/scoring/README.md); a year can set its own instead, e.g. the
report's 90% 控制目标 for 日常公用经费. Every screen, the workbook, the charts and the command
line read the target through `core.indicators.compute`, so they all show the same one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.core import scoring
from desktop.core.domain import Direction
from desktop.core.errors import ValidationError
from desktop.core.indicators import BY_ID
from desktop.core.money import format_plain
from desktop.services import audited, fields
from desktop.services.workspace import Workspace
from desktop.store.models import IndicatorTarget

LIMIT = Decimal(1000)  # a target beyond ±1000% is a typing mistake


@dataclass(frozen=True)
class TargetRow:
    indicator: str
    name: str
    direction: str  # ≥ / ≤ / =
    rules_value: Decimal  # the rules file's target
    year_value: Decimal | None  # the year's own, or None
    absolute: bool  # judged on the absolute value (预算调整率)

    @property
    def value(self) -> Decimal:
        return self.rules_value if self.year_value is None else self.year_value

    def text(self, value: Decimal | None = None) -> str:
        return f"{self.direction}{format_plain(self.value if value is None else value, 2)}%"


def target_rows(ws: Workspace, year: int, unit: str | None = None,
                rules_path: Path | None = None) -> tuple[TargetRow, ...]:
    """Every indicator that has a target, with the rules file's value and the year's own."""
    rules = scoring.load_rules(rules_path)
    with ws.read_year(year, unit) as (s, fy):
        own = dict(s.execute(select(IndicatorTarget.indicator, IndicatorTarget.value)
                             .where(IndicatorTarget.year_id == fy.id)).all())
    out = []
    for d in BY_ID.values():  # in the order the indicators are listed
        if d.id not in rules.targets:
            continue
        value, direction, absolute = rules.targets[d.id]
        out.append(TargetRow(d.id, d.name, Direction(direction).label, value, own.get(d.id),
                             bool(d.absolute if absolute is None else absolute)))
    return tuple(out)


def _row_of(ws: Workspace, year: int, indicator: str, unit: str | None, rules_path: Path | None) -> TargetRow:
    found = {r.indicator: r for r in target_rows(ws, year, unit, rules_path)}
    if indicator not in found:
        names = "、".join(f"{r.indicator}（{r.name}）" for r in found.values())
        raise ValidationError(f"指标：“{indicator}”没有目标值可设（可选：{names}）", "指标", "indicator")
    return found[indicator]


def set_target(ws: Workspace, year: int, indicator: str, value: Any, *, unit: str | None = None,
               rules_path: Path | None = None) -> str:
    """Set the year's own target of one indicator; returns what changed, in Chinese."""
    row = _row_of(ws, year, indicator, unit, rules_path)
    number = fields.quantity(value, f"{row.name}目标值", max_decimals=2, key="value")
    if abs(number) > LIMIT:
        raise ValidationError(f"{row.name}目标值：{format_plain(number)}% 超出合理范围（±1000%）", "目标值", "value")
    summary = f"目标设置：{year} 年度 {row.name} 目标 {row.text(row.value)} → {row.text(number)}"
    with ws.edit_year(year, unit) as (s, fy):
        current = s.scalar(select(IndicatorTarget).where(IndicatorTarget.year_id == fy.id,
                                                         IndicatorTarget.indicator == indicator))
        if current is None:
            audited.audited_create(s, ws.actor, fy, IndicatorTarget(year_id=fy.id, indicator=indicator, value=number),
                                "indicator_target", summary)
        else:
            audited.audited_update(s, ws.actor, fy, current, "indicator_target", {"value": number}, summary)
    return summary


def clear_target(ws: Workspace, year: int, indicator: str, *, unit: str | None = None,
                 rules_path: Path | None = None) -> str:
    """Drop the year's own target: the rules file's applies again."""
    row = _row_of(ws, year, indicator, unit, rules_path)
    summary = f"目标设置：{year} 年度 {row.name} 恢复评分规则的目标 {row.text(row.rules_value)}"
    with ws.edit_year(year, unit) as (s, fy):
        current = s.scalar(select(IndicatorTarget).where(IndicatorTarget.year_id == fy.id,
                                                         IndicatorTarget.indicator == indicator))
        if current is None:
            return f"{year} 年度 {row.name} 没有本年度设定的目标，仍为评分规则的 {row.text(row.rules_value)}"
        audited.audited_delete(s, ws.actor, fy, current, "indicator_target", summary)
    return summary
