"""The self-evaluation score: default rules on the demo, rules files, qualitative items."""

import json
from decimal import Decimal

import pytest

from desktop.cli.main import main
from desktop.core.errors import ValidationError, YearLockedError
from desktop.core.paths import resource_path
from desktop.core.scoring import load_rules
from desktop.services import evaluation


def test_demo_score_total_grade_and_reasons(demo):
    sheet = evaluation.score(demo, 2020)
    assert sheet.full == 100
    assert sheet.grade == "优"
    lost = {s.item.code: s for s in sheet.items if s.lost}
    assert lost["adjustment_rate"].points == 0
    assert "40.52%" in lost["adjustment_rate"].reason and "高于 30%" in lost["adjustment_rate"].reason
    assert lost["quarterly"].points == 3 and "第4季度" in lost["quarterly"].reason
    assert lost["procurement"].points == Decimal("3.66")  # 4 × 91.52 / 100
    # the year's own 控制目标 90% (the report's): 99.54% is 9.54 points over, 10 × 0.5 > its 3 points
    assert lost["public_control"].points == 0 and "超过 90.00%" in lost["public_control"].reason
    assert sheet.total == Decimal("91.65")
    assert all(s.reason for s in sheet.items)


def custom_rules(tmp_path, change):
    data = json.loads(resource_path("scoring", "default.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_changed_weights_change_the_score(demo, tmp_path):
    def heavier_adjustment(data):
        items = {i["code"]: i for i in data["items"]}
        items["adjustment_rate"]["weight"] = "13"  # the lost item now weighs more…
        items["key_tasks"]["weight"] = "3"         # …taken from a fully met one
        items["social_benefit"]["weight"] = "1"
    path = custom_rules(tmp_path, heavier_adjustment)
    sheet = evaluation.score(demo, 2020, rules_path=path)
    assert sheet.total == Decimal("91.65") - 10 - Decimal("0")  # 13 lost instead of 3
    assert sheet.grade == "良"


def test_rules_can_change_targets(demo, tmp_path):
    path = custom_rules(tmp_path, lambda d: d["targets"].update(
        {"public_expense_control_rate": {"value": "90", "direction": "<="}}))
    results = evaluation.indicators(demo, 2020, rules_path=path)
    assert results["public_expense_control_rate"].met is False  # 99.54% above the 90% of the report


def test_a_target_is_where_its_item_reaches_full_marks():
    rules = load_rules()
    assert rules.targets["budget_execution_rate"][:2] == (100, ">=")
    assert rules.targets["procurement_execution_rate"][:2] == (100, ">=")
    assert rules.targets["carryover_rate"][:2] == (1, "<=")  # the 3-point band
    assert rules.targets["budget_adjustment_rate"] == (0, "<=", True)  # the 3-point band, absolute value


def test_a_rule_that_disagrees_with_the_target_is_refused(tmp_path):
    def carryover_full_at_five(data):
        items = {i["code"]: i for i in data["items"]}
        items["carryover"]["rule"]["bands"][0]["max"] = "5"
    with pytest.raises(ValidationError, match="满分点 ≤5.00 与 targets 中的目标 ≤1.00 不一致"):
        load_rules(custom_rules(tmp_path, carryover_full_at_five))
    with pytest.raises(ValidationError, match="请在 targets 中写明指标“procurement_execution_rate”"):
        load_rules(custom_rules(tmp_path, lambda d: d["targets"].pop("procurement_execution_rate")))


def test_the_year_target_moves_the_full_marks_point(demo):
    from desktop.services import targets

    targets.clear_target(demo, 2020, "public_expense_control_rate")
    item = next(s for s in evaluation.score(demo, 2020).items if s.item.code == "public_control")
    assert item.lost == 0 and "不超过 100.00%" in item.reason
    targets.set_target(demo, 2020, "procurement_execution_rate", "90")
    sheet = evaluation.score(demo, 2020)
    item = next(s for s in sheet.items if s.item.code == "procurement")
    assert item.lost == 0 and "≥90.00%" in item.reason
    assert sheet.total == Decimal("91.65") + 3 + Decimal("0.34")


@pytest.mark.parametrize("change,message", [
    (lambda d: d["items"][0].update(weight="4"), "权重合计"),
    (lambda d: d["items"][0].update(indicator="nope"), "没有指标"),
    (lambda d: d["items"][0]["rule"].update(type="magic"), "rule.type"),
    (lambda d: d["items"][0].update(weight=3.5), "数字文本"),
    (lambda d: d.update(grades=[{"name": "优", "min": "90"}]), "min 为 0"),
])
def test_bad_rules_are_refused(tmp_path, change, message):
    with pytest.raises(ValidationError, match=message):
        load_rules(custom_rules(tmp_path, change))


def test_manual_scores(demo):
    evaluation.set_score(demo, 2020, "economic_benefit", "4", "经济效益明显")
    sheet = evaluation.score(demo, 2020)
    item = next(s for s in sheet.items if s.item.code == "economic_benefit")
    assert item.points == 4 and item.reason == "经济效益明显"
    with pytest.raises(ValidationError, match="0 到 4"):
        evaluation.set_score(demo, 2020, "economic_benefit", "4.5", "太高")
    with pytest.raises(ValidationError, match="不是需要人工评分"):
        evaluation.set_score(demo, 2020, "execution", "8", "算出来的")
    with pytest.raises(YearLockedError):
        evaluation.set_score(demo, 2019, "economic_benefit", "1", "锁定年度")


def test_unscored_manual_item_scores_zero_with_a_reason():
    from desktop.core.scoring import score_item

    manual = next(iter(load_rules().manual_items.values()))
    result = score_item(manual, None, None)
    assert result.points == 0 and "尚未评分" in result.reason


def test_cli_score(demo_path, capsys):
    assert main(["score", "--year", "2020", "--db", str(demo_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == "91.65" and data["grade"] == "优"
    assert main(["score", "--year", "2020", "--db", str(demo_path)]) == 0
    assert "总分 91.65 / 100.00，等级：优" in capsys.readouterr().out


def test_the_demo_2019_is_for_comparison_only(demo):
    """2019 holds only the “三公” figures 2020 compares with: no 勾稽 错误, and no score of 0.00 “差”."""
    sheet = evaluation.score(demo, 2019)
    assert not sheet.scored and "仅供对比" in sheet.grade
    assert not [c for c in evaluation.checks(demo, 2019) if c.severity == "错误"]
    assert evaluation.score(demo, 2020).scored
