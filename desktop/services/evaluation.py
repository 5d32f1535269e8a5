"""Indicators, cross-checks and the self-evaluation score of a year: one implementation that
the window, the command line and the workbook all call."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.core import checks as core_checks
from desktop.core import indicators as core_indicators
from desktop.core import scoring
from desktop.core.errors import ValidationError
from desktop.core.facts import YearFacts
from desktop.core.money import format_plain
from desktop.services import audited, fields, integrity
from desktop.services.facts import year_facts
from desktop.services.workspace import Workspace
from desktop.store.models import ScoreEntry


@dataclass(frozen=True)
class Evaluation:
    facts: YearFacts
    indicators: dict[str, core_indicators.Result]
    checks: list[core_checks.Check]
    score: scoring.ScoreSheet


def compute_indicators(facts: YearFacts, rules: scoring.Rules | None = None) -> dict[str, core_indicators.Result]:
    """The year's indicators judged against the one target each has: the rules file's, or the
    year's own (目标设置). Every caller — screens, charts, workbook, command line — goes here."""
    return core_indicators.compute(facts, (rules or scoring.load_rules()).targets)


def evaluate(ws: Workspace, year: int, unit: str | None = None, rules_path: Path | None = None) -> Evaluation:
    rules = scoring.load_rules(rules_path)
    facts = year_facts(ws, year, unit)
    results = compute_indicators(facts, rules)
    return Evaluation(facts, results, core_checks.run_checks(facts),
                      scoring.score(results, facts.score_entries, rules, facts))


def indicators(ws: Workspace, year: int, unit: str | None = None,
               rules_path: Path | None = None) -> dict[str, core_indicators.Result]:
    return compute_indicators(year_facts(ws, year, unit), scoring.load_rules(rules_path))


def checks(ws: Workspace, year: int, unit: str | None = None) -> list[core_checks.Check]:
    """The cross-checks of the year's figures, then the checks of the file against itself."""
    return core_checks.run_checks(year_facts(ws, year, unit)) + integrity.checks(ws, year, unit)


def score(ws: Workspace, year: int, unit: str | None = None, rules_path: Path | None = None) -> scoring.ScoreSheet:
    return evaluate(ws, year, unit, rules_path).score


def set_score(ws: Workspace, year: int, item: str, points: Any, reason: str, *, unit: str | None = None,
              rules_path: Path | None = None) -> None:
    """Enter the officer's score and reason for a qualitative (manual) item of the 自评表."""
    rules = scoring.load_rules(rules_path)
    manual = rules.manual_items
    if item not in manual:
        choices = "、".join(f"{code}（{i.name}）" for code, i in manual.items())
        raise ValidationError(f"评分项：“{item}”不是需要人工评分的项目（可选：{choices}）", "评分项")
    value = fields.quantity(points, "得分", max_decimals=2)
    weight = manual[item].weight
    if not Decimal(0) <= value <= weight:
        raise ValidationError(f"得分：应在 0 到 {format_plain(weight)} 分之间", "得分")
    reason = fields.text(reason, "评分理由")
    with ws.edit_year(year, unit) as (s, fy):
        row = s.scalar(select(ScoreEntry).where(ScoreEntry.year_id == fy.id, ScoreEntry.item == item))
        summary = f"自评 {manual[item].name}：{value} 分"
        if row is None:
            audited.audited_create(s, ws.actor, fy, ScoreEntry(year_id=fy.id, item=item, points=value, reason=reason),
                                "score_entry", summary)
        else:
            audited.audited_update(s, ws.actor, fy, row, "score_entry", {"points": value, "reason": reason}, summary)
