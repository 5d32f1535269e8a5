"""The self-evaluation score (自评表): an indicator tree with weights and deduction rules that
lives in a rules file (see resources/scoring/README.md), so a district can change it without
code. Quantitative items are scored from the indicators; qualitative items take the score and
the reason the officer entered.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from desktop.core.domain import Direction
from desktop.core.errors import ValidationError
from desktop.core.facts import ManualScore, YearFacts, target_met
from desktop.core.indicators import BY_ID, Result
from desktop.core.money import format_plain, round_half_up

RULE_TYPES = ("bands", "proportional", "deduct_over", "met", "quarters_met", "manual", "target_ratio")
# Rule types that read the year's data directly instead of an indicator
DATA_RULES = ("manual", "target_ratio")
HUNDRED = Decimal(100)
NOT_SCORED = "不评分（本年度没有预算数据，仅供对比）"


@dataclass(frozen=True)
class Item:
    code: str
    level1: str
    level2: str
    name: str
    weight: Decimal
    rule: dict[str, Any]
    indicator: str | None


@dataclass(frozen=True)
class Rules:
    name: str
    items: tuple[Item, ...]
    grades: tuple[tuple[str, Decimal], ...]  # (grade, minimum), highest first
    targets: dict[str, tuple[Decimal, str, bool | None]]  # indicator id → (target, direction, abs)

    @property
    def manual_items(self) -> dict[str, Item]:
        return {i.code: i for i in self.items if i.rule["type"] == "manual"}


@dataclass(frozen=True)
class ItemScore:
    item: Item
    points: Decimal
    value: str  # the indicator value as printed, or "定性"
    reason: str
    entered: bool = True  # False for a qualitative item the officer has not scored yet
    target: str = ""  # the indicator's target the item reaches full marks at (“≥100.00%”), as shown everywhere

    @property
    def lost(self) -> Decimal:
        return self.item.weight - self.points


@dataclass(frozen=True)
class ScoreSheet:
    rules_name: str
    items: tuple[ItemScore, ...]
    total: Decimal
    full: Decimal
    grade: str
    grades: tuple[tuple[str, Decimal], ...] = ()  # the rules' bands (grade, minimum), highest first
    scored: bool = True  # False for a year without a budget (仅供对比): the total means nothing

    @property
    def top_grade(self) -> bool:
        """The total reaches the rules' highest band (what the overview marks as good)."""
        return bool(self.grades) and self.grade == self.grades[0][0]

    def to_json(self) -> dict:
        return {
            "rules": self.rules_name, "total": format_plain(self.total), "full": format_plain(self.full),
            "grade": self.grade, "scored": self.scored,
            "items": [{"code": s.item.code, "level1": s.item.level1, "level2": s.item.level2, "name": s.item.name,
                       "weight": format_plain(s.item.weight), "points": format_plain(s.points),
                       "lost": format_plain(s.lost), "value": s.value, "target": s.target or None,
                       "reason": s.reason} for s in self.items],
        }


def _dec(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValidationError(f"评分规则 {where}：应为数字文本（如 \"2.5\"），不能是 {value!r}")
    try:
        result = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError(f"评分规则 {where}：“{value}”不是数字") from exc
    if not result.is_finite():
        raise ValidationError(f"评分规则 {where}：“{value}”不是数字")
    return result


def parse_rules(data: Any, source: str = "评分规则") -> Rules:
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ValidationError(f"{source}：缺少 items 列表")
    items = []
    codes = set()
    for n, raw in enumerate(data["items"]):
        where = f"items[{n}]"
        if not isinstance(raw, dict):
            raise ValidationError(f"{source} {where}：应为对象")
        for key in ("code", "level1", "level2", "name", "weight", "rule"):
            if key not in raw:
                raise ValidationError(f"{source} {where}：缺少 {key}")
        code = str(raw["code"])
        if code in codes:
            raise ValidationError(f"{source} {where}.code：“{code}”重复")
        codes.add(code)
        rule = raw["rule"]
        if not isinstance(rule, dict) or rule.get("type") not in RULE_TYPES:
            raise ValidationError(f"{source} {where}.rule.type：应为 {'、'.join(RULE_TYPES)} 之一")
        indicator = raw.get("indicator")
        if rule["type"] not in DATA_RULES:
            if indicator not in BY_ID:
                raise ValidationError(f"{source} {where}.indicator：没有指标“{indicator}”")
        weight = _dec(raw["weight"], f"{where}.weight")
        if weight <= 0:
            raise ValidationError(f"{source} {where}.weight：权重必须大于零")
        _check_rule(rule, f"{where}.rule", source)
        items.append(Item(code, str(raw["level1"]), str(raw["level2"]), str(raw["name"]), weight, rule, indicator))
    total = sum((i.weight for i in items), Decimal(0))
    if total != 100:
        raise ValidationError(f"{source}：各项权重合计为 {format_plain(total)}，应为 100")
    grades = tuple(sorted(((str(g["name"]), _dec(g["min"], f"grades[{k}].min"))
                           for k, g in enumerate(data.get("grades", []))), key=lambda g: g[1], reverse=True))
    if not grades or grades[-1][1] != 0:
        raise ValidationError(f"{source}：grades 必须有一档 min 为 0")
    targets = {}
    for indicator, spec in (data.get("targets") or {}).items():
        if indicator not in BY_ID:
            raise ValidationError(f"{source} targets：没有指标“{indicator}”")
        direction = spec.get("direction")
        if direction not in Direction.codes():
            raise ValidationError(f"{source} targets.{indicator}.direction：应为 >=、<= 或 =")
        absolute = spec.get("abs")
        if absolute is not None and not isinstance(absolute, bool):
            raise ValidationError(f"{source} targets.{indicator}.abs：应为 true 或 false")
        targets[indicator] = (_dec(spec.get("value"), f"targets.{indicator}.value"), direction, absolute)
    for n, item in enumerate(items):
        _agree_full_marks(item, targets, f"{source} items[{n}]（{item.name}）")
    return Rules(str(data.get("name", source)), tuple(items), grades, targets)


def full_marks_point(item: Item) -> tuple[Decimal, str, bool | None] | None:
    """Where the item's rule itself gives full marks — (value, direction, absolute) — or None when
    the rule takes that point from the indicator's target (proportional without `target`,
    deduct_over without `limit`, met, quarters_met)."""
    rule, kind = item.rule, item.rule["type"]
    if kind == "bands":
        for band in rule["bands"]:
            if Decimal(band["points"]) >= item.weight:
                edge = "max" if "max" in band else "min"
                direction = Direction.AT_MOST.value if edge == "max" else Direction.AT_LEAST.value
                return Decimal(band[edge]), direction, rule.get("abs")
        return None
    if kind == "deduct_over" and "limit" in rule:
        return Decimal(rule["limit"]), Direction.AT_MOST.value, None
    if kind == "proportional" and "target" in rule:
        return Decimal(rule["target"]), BY_ID[item.indicator].direction or Direction.AT_LEAST.value, None
    return None


def _agree_full_marks(item: Item, targets: dict[str, tuple[Decimal, str, bool | None]], where: str) -> None:
    """One target per indicator: the value at which its score item reaches full marks. A rule
    that states its own full-marks point gives the indicator's target (or must equal the one in
    `targets`); a rule that does not takes it from `targets`."""
    if item.rule["type"] in DATA_RULES:
        return
    point = full_marks_point(item)
    stated = targets.get(item.indicator)
    if point is None:
        if stated is None:
            raise ValidationError(f"{where}：请在 targets 中写明指标“{item.indicator}”的目标值（达到它即得满分）")
        return
    if stated is None:
        targets[item.indicator] = point
    elif (stated[0], stated[1]) != point[:2]:
        raise ValidationError(
            f"{where}：满分点 {Direction(point[1]).label}{format_plain(point[0])} 与 targets 中的目标 "
            f"{Direction(stated[1]).label}{format_plain(stated[0])} 不一致（一个指标只有一个目标：达到它即得满分）")


def _check_rule(rule: dict, where: str, source: str) -> None:
    kind = rule["type"]
    if kind == "bands":
        bands = rule.get("bands")
        if not isinstance(bands, list) or not bands:
            raise ValidationError(f"{source} {where}.bands：至少一档")
        for k, band in enumerate(bands):
            if ("max" in band) == ("min" in band):
                raise ValidationError(f"{source} {where}.bands[{k}]：每档须有 max 或 min 之一")
            _dec(band.get("max", band.get("min")), f"{where}.bands[{k}]")
            _dec(band["points"], f"{where}.bands[{k}].points")
        _dec(rule.get("otherwise", "0"), f"{where}.otherwise")
    elif kind == "target_ratio":
        if ("metric" in rule) == ("project" in rule and "target" in rule):
            raise ValidationError(f"{source} {where}：须写明 project 与 target（项目及其绩效目标名称），或 metric（其他绩效指标编码）")
    elif kind == "deduct_over":
        for key in ("per", "deduct") + (("limit",) if "limit" in rule else ()):
            _dec(rule.get(key), f"{where}.{key}")
        if _dec(rule["per"], f"{where}.per") <= 0:
            raise ValidationError(f"{source} {where}.per：必须大于零")


def load_rules(path: Path | None = None) -> Rules:
    from desktop.core.paths import resource_path

    path = Path(path) if path else resource_path("scoring", "default.json")
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValidationError(f"无法读取评分规则文件“{path}”：{exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise ValidationError(f"评分规则文件“{Path(path).name}”不是有效的 JSON（第 {exc.lineno} 行）") from exc
    return parse_rules(data, f"评分规则文件“{Path(path).name}”")


def _p(value: Decimal) -> str:
    return format_plain(value)


def score_item(item: Item, result: Result | None, manual: ManualScore | None,
               facts: YearFacts | None = None) -> ItemScore:
    rule = item.rule
    kind = rule["type"]
    w = item.weight
    if kind == "target_ratio":
        return _score_target(item, facts)
    if kind == "manual":
        if manual is None:
            return ItemScore(item, Decimal(0), "定性", "尚未评分（请在自评表中填写得分和理由）", entered=False)
        points, reason = manual
        return ItemScore(item, min(max(points, Decimal(0)), w), "定性", reason)
    assert result is not None
    if result.value is None:
        return ItemScore(item, Decimal(0), "—", f"无法计算{result.name}：{result.reason}，不得分")
    value = round_half_up(result.value, 2)  # scored on the printed figure
    shown = f"{_p(value)}{result.unit}"
    if kind == "bands":
        # Unless the rules file says otherwise, a band is judged as the indicator is (预算调整率: on
        # its absolute value), so the score and “达标” never disagree.
        judged = abs(value) if rule.get("abs", result.absolute) else value
        if result.met:  # the target is the full-marks point, also when the year sets its own
            return ItemScore(item, w, shown, f"{result.name} {shown}，达到目标（{result.target_text}），得满分")
        for band in rule["bands"]:
            if Decimal(band["points"]) >= w and result.target is not None:
                continue  # full marks only at the target

            if "max" in band and judged <= Decimal(band["max"]):
                points = Decimal(band["points"])
                return ItemScore(item, points, shown, f"{result.name} {shown}，不高于 {band['max']}%，得 {_p(points)} 分")
            if "min" in band and judged >= Decimal(band["min"]):
                points = Decimal(band["points"])
                return ItemScore(item, points, shown, f"{result.name} {shown}，不低于 {band['min']}%，得 {_p(points)} 分")
        points = Decimal(rule.get("otherwise", "0"))
        last = rule["bands"][-1]
        edge = f"高于 {last['max']}%" if "max" in last else f"低于 {last['min']}%"
        return ItemScore(item, points, shown, f"{result.name} {shown}，{edge}，得 {_p(points)} 分")
    if kind == "met":
        ok = result.met
        return ItemScore(item, w if ok else Decimal(0), shown,
                         f"{result.name} {shown}，{'达到' if ok else '未达到'}目标（{result.target_text}）")
    if kind == "proportional":
        direction = result.direction or Direction.AT_LEAST.value
        # The indicator's target (the rules file's, or the year's own), which a rule `target` equals
        target = result.target if result.target is not None else (
            Decimal(rule["target"]) if "target" in rule else None)
        if target is None:
            raise ValidationError(f"评分项“{item.name}”：指标没有目标值，请在规则中写明 target")
        target_text = f"{Direction(direction).label}{_p(target)}%"
        met = value <= target if direction == Direction.AT_MOST.value else value >= target
        if met:
            return ItemScore(item, w, shown, f"{result.name} {shown}，达到评分目标（{target_text}），得满分")
        if direction == Direction.AT_MOST.value:
            share = target / value if value > 0 else Decimal(0)
        else:
            share = value / target if target > 0 else Decimal(0)
        points = round_half_up(w * max(min(share, Decimal(1)), Decimal(0)), 2)
        return ItemScore(item, points, shown,
                         f"{result.name} {shown}，未达到评分目标（{target_text}），按比例得 {_p(points)} 分")
    if kind == "deduct_over":
        per, deduct = Decimal(rule["per"]), Decimal(rule["deduct"])
        limit = result.target if result.target is not None else Decimal(rule["limit"])
        if value <= limit:
            return ItemScore(item, w, shown, f"{result.name} {shown}，不超过 {_p(limit)}%，得满分")
        steps = math.ceil((value - limit) / per)
        points = max(w - deduct * steps, Decimal(0))
        return ItemScore(item, points, shown,
                         f"{result.name} {shown}，超过 {_p(limit)}% 共 {_p(value - limit)} 个百分点，扣 {_p(w - points)} 分")
    if kind == "quarters_met":
        quarters = [e for e in result.entries if e.get("rate") is not None]
        bar = result.target if result.target is not None else HUNDRED
        met = [e["quarter"] for e in quarters if round_half_up(Decimal(e["rate"]), 2) >= bar]
        points = round_half_up(w * len(met) / 4, 2)
        missed = [e["quarter"] for e in quarters if e["quarter"] not in met]
        why = f"第{'、'.join(map(str, missed))}季度支出进度低于序时进度" if missed else "各季度支出进度均达到序时进度"
        return ItemScore(item, points, shown, f"{why}，{len(met)}/4 个季度达标，得 {_p(points)} 分")
    raise ValidationError(f"未知的评分方法“{kind}”")


def _quantity(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _score_target(item: Item, facts: YearFacts | None) -> ItemScore:
    """A project's performance target (or an outcome metric) against its actual: full marks when
    met, otherwise in proportion (actual ÷ target for ≥, target ÷ actual for ≤), zero for a missed =."""
    rule, w = item.rule, item.weight
    if "metric" in rule:
        metric = facts.metrics.get(rule["metric"]) if facts else None
        if metric is None or metric.target is None or metric.direction is None:
            return ItemScore(item, Decimal(0), "—", f"没有其他绩效指标“{rule['metric']}”或其目标值，不得分")
        label, unit = metric.name, metric.measure_unit
        direction, target, actual = metric.direction, metric.target, metric.value
    else:
        project = facts.project(rule["project"]) if facts else None
        found = [t for t in project.targets if t.name == rule["target"]] if project else []
        if not found:
            return ItemScore(item, Decimal(0), "—", f"项目“{rule['project']}”没有绩效目标“{rule['target']}”，不得分")
        t = found[0]
        label, unit, direction, target, actual = f"{project.name}：{t.name}", t.measure_unit, t.direction, t.target, t.actual
    if actual is None:
        return ItemScore(item, Decimal(0), "—", f"{label} 未填写实际值，不得分")
    shown = f"{_quantity(actual)}{unit}"  # as typed: 56 articles, 98.02%
    target_text = f"{Direction(direction).label}{_quantity(target)}{unit}"
    if target_met(direction, target, actual):
        return ItemScore(item, w, shown, f"{label} 实际 {shown}，达到目标（{target_text}），得满分")
    if direction == Direction.AT_LEAST.value:
        share = actual / target if target > 0 else Decimal(0)
    elif direction == Direction.AT_MOST.value:
        share = target / actual if actual > 0 else Decimal(0)
    else:
        share = Decimal(0)
    points = round_half_up(w * max(min(share, Decimal(1)), Decimal(0)), 2)
    return ItemScore(item, points, shown, f"{label} 实际 {shown}，未达到目标（{target_text}），得 {_p(points)} 分")


def score(results: dict[str, Result], entries: dict[str, ManualScore], rules: Rules,
          facts: YearFacts | None = None) -> ScoreSheet:
    def scored(item: Item) -> ItemScore:
        result = results.get(item.indicator) if item.indicator else None
        one = score_item(item, result, entries.get(item.code), facts)
        return replace(one, target=result.target_text) if result is not None and item.rule["type"] not in DATA_RULES \
            else one

    items = tuple(scored(item) for item in rules.items)
    total = sum((s.points for s in items), Decimal(0))
    full = sum((i.weight for i in rules.items), Decimal(0))
    if facts is not None and facts.comparison_only:
        return ScoreSheet(rules.name, items, total, full, NOT_SCORED, rules.grades, scored=False)
    grade = next(name for name, minimum in rules.grades if total >= minimum)
    return ScoreSheet(rules.name, items, total, full, grade, rules.grades)
