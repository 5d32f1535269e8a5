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
    assert sheet.total == Decimal("94.65")
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
    assert sheet.total == Decimal("94.65") - 10 - Decimal("0")  # 13 lost instead of 3
    assert sheet.grade == "良"


def test_rules_can_change_targets(demo, tmp_path):
    path = custom_rules(tmp_path, lambda d: d["targets"].update(
        {"public_expense_control_rate": {"value": "90", "direction": "<="}}))
    results = evaluation.indicators(demo, 2020, rules_path=path)
    assert results["public_expense_control_rate"].met is False  # 99.54% above the 90% of the report


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
    assert data["total"] == "94.65" and data["grade"] == "优"
    assert main(["score", "--year", "2020", "--db", str(demo_path)]) == 0
    assert "总分 94.65 / 100.00，等级：优" in capsys.readouterr().out
