"""Score items that read the year's data (a project's output target and actual, an outcome metric),
and qualitative scores of a district's own rules that survive an Excel round trip."""

from __future__ import annotations

import json
import dataclasses
from decimal import Decimal

import pytest

from desktop.core import scoring
from desktop.core.errors import ValidationError
from desktop.core.paths import resource_path
from desktop.services import evaluation, workbook
from desktop.services.facts import year_facts
from desktop.services.workspace import Workspace


def custom_rules(tmp_path, replace: str, item: dict) -> tuple[dict, object]:
    data = json.loads(resource_path("scoring", "default.json").read_text(encoding="utf-8"))
    index = next(n for n, i in enumerate(data["items"]) if i["code"] == replace)
    data["items"][index] = {**item, "weight": data["items"][index]["weight"]}
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return data, path


def test_an_item_reads_a_project_target_and_its_actual(demo, tmp_path):
    _, path = custom_rules(tmp_path, "budget_preparation", {
        "code": "acceptance", "level1": "产出", "level2": "产出数量", "name": "子项目竣工验收",
        "rule": {"type": "target_ratio", "project": "LH2020-01", "target": "子项目竣工验收数"}})
    sheet = evaluation.score(demo, 2020, rules_path=path)
    item = next(s for s in sheet.items if s.item.code == "acceptance")
    assert item.points == item.item.weight and "实际 56个" in item.reason and "达到目标（≥56个）" in item.reason

    facts = year_facts(demo, 2020)
    project = facts.project("LH2020-01")
    short = project.targets[0].__class__("output", "文章", "篇", ">=", Decimal(40), Decimal(30))
    rule = scoring.Item("a", "产出", "数量", "文章", Decimal(4), {"type": "target_ratio", "project": "X", "target": "文章"},
                        None)
    extra = project.__class__("X", "宣传", "general", "completed", Decimal(0), Decimal(0), Decimal(0),
                              targets=(short,))
    facts = dataclasses.replace(facts, projects=(*facts.projects, extra))
    scored = scoring.score_item(rule, None, None, facts)
    assert scored.points == Decimal("3.00") and "未达到目标（≥40篇）" in scored.reason  # 4 × 30 ÷ 40


def test_an_item_reads_an_outcome_metric(demo, tmp_path):
    _, path = custom_rules(tmp_path, "budget_preparation", {
        "code": "on_time", "level1": "效果", "level2": "服务", "name": "按时办结率",
        "rule": {"type": "target_ratio", "metric": "on_time_rate"}})
    item = next(s for s in evaluation.score(demo, 2020, rules_path=path).items if s.item.code == "on_time")
    assert item.points == item.item.weight


def test_a_target_rule_must_name_what_it_reads():
    data = json.loads(resource_path("scoring", "default.json").read_text(encoding="utf-8"))
    data["items"][0] = {**data["items"][0], "rule": {"type": "target_ratio", "project": "P"}}
    with pytest.raises(ValidationError, match="project 与 target"):
        scoring.parse_rules(data)


def test_qualitative_scores_of_custom_rules_survive_the_workbook(demo, tmp_path):
    _, path = custom_rules(tmp_path, "budget_preparation", {
        "code": "district_extra", "level1": "过程", "level2": "区定", "name": "区里自定的定性指标",
        "rule": {"type": "manual"}})
    evaluation.set_score(demo, 2020, "district_extra", "1.5", "区定指标：按要求完成", rules_path=path)
    for rules_path in (None, path):  # exported with the default rules, and with the district's own
        book = tmp_path / f"out-{rules_path is None}.xlsx"
        workbook.export_workbook(demo, 2020, book, rules_path=rules_path)
        with Workspace.open(tmp_path / f"again-{rules_path is None}.sqlite3", create=True) as ws:
            preview = workbook.preview_workbook(ws, book)
            assert preview.ok, preview.refusals
            workbook.apply_import(ws, preview)
            entries = year_facts(ws, 2020).score_entries
        assert entries["district_extra"] == (Decimal("1.5"), "区定指标：按要求完成")
        assert entries == year_facts(demo, 2020).score_entries
