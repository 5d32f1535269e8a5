"""Generated departments: the engine's main indicators against an independent Decimal computation,
and the meaning of 预算调整率 shared by indicator and score."""

from __future__ import annotations

from decimal import Decimal

import pytest
from generated_departments import department, expected_indicators

from desktop.core import checks as core_checks
from desktop.core import scoring
from desktop.services import evaluation, interchange
from desktop.services.workspace import Workspace

SEEDS = range(36)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """One data file holding every generated department (one unit each)."""
    path = tmp_path_factory.mktemp("generated") / "g.sqlite3"
    documents = {}
    with Workspace.open(path, create=True, actor="测试员") as ws:
        for seed in SEEDS:
            documents[seed] = department(seed)
            interchange.import_document(ws, documents[seed])
    return path, documents


def test_main_indicators_equal_an_independent_computation(generated):
    path, documents = generated
    compared = 0
    with Workspace.open(path, actor="测试员") as ws:
        for seed, document in documents.items():
            results = evaluation.indicators(ws, 2023, document["unit"]["code"])
            for key, value in expected_indicators(document).items():
                printed = None if results[key].value is None else results[key].printed
                assert printed == value, (seed, key, results[key].reason)
                compared += 1
    assert compared >= 36 * 20


def test_the_generator_reaches_the_awkward_cases(generated):
    _, documents = generated
    values = [v for d in documents.values() for v in expected_indicators(d).values()]
    assert any(v is None for v in values)  # zero bases
    rates = [Decimal(expected_indicators(d)["budget_adjustment_rate"] or 0) for d in documents.values()]
    assert any(r < -10 for r in rates), "a cut of more than 10%"
    assert any(b["category"] == "three_public_unsplit" for d in documents.values() for b in d["years"][1]["budget_lines"])


def test_a_budget_cut_reads_the_same_in_indicator_and_score(generated):
    path, documents = generated
    rules = scoring.load_rules()
    seen = 0
    with Workspace.open(path, actor="测试员") as ws:
        for document in documents.values():
            code = document["unit"]["code"]
            ev = evaluation.evaluate(ws, 2023, code)
            rate = ev.indicators["budget_adjustment_rate"]
            if rate.value is None or rate.value >= -10:
                continue
            seen += 1
            item = next(s for s in ev.score.items if s.item.indicator == "budget_adjustment_rate")
            assert rate.met is False and rate.target_text == "≤0.00%" and "按绝对值" in rate.note  # full marks at 0
            assert item.points < item.item.weight, item.reason
            assert rules.items  # the default rules judge the same absolute value
    assert seen


def test_total_only_three_public_budget_raises_no_false_warning(generated):
    path, documents = generated
    with Workspace.open(path, actor="测试员") as ws:
        for document in documents.values():
            current = document["years"][1]
            if not any(b["category"] == "three_public_unsplit" for b in current["budget_lines"]):
                continue
            ev = evaluation.evaluate(ws, 2023, document["unit"]["code"])
            over = [c for c in ev.checks if c.id == "three_public_items_within_budget"]
            within = ev.facts.three_public_actual <= ev.facts.three_public_budget
            assert (not over) == within, [c.message for c in over]
            assert all("“三公”经费合计" in c.message for c in over)
            assert ev.indicators["three_public_control_rate"].inputs[1].value == ev.facts.three_public_budget


def test_negative_disbursement_low_execution_and_negative_budget_are_flagged():
    """Data entered before the rules (or by another program): the checks still say what is wrong."""
    from desktop.core.facts import ProjectFacts, YearFacts

    f = YearFacts("U", "单位", 2023, initial={"personnel": Decimal("100.00"), "public": Decimal("50.00")},
                  adjustments={"public": Decimal("-80.00")}, actual={"personnel": Decimal("10.00")},
                  disbursements={1: Decimal("-5.00"), 3: Decimal("10.00")},
                  carryover_begin=Decimal("0.00"), appropriation=Decimal("10.00"), carryover_end=Decimal("0.00"),
                  projects=[ProjectFacts("P1", "项目", "general", "planned", Decimal("1.00"), Decimal("-2.00"),
                                         Decimal(0))])
    found = {c.id: c for c in core_checks.run_checks(f)}
    assert found["budget_not_negative"].severity == core_checks.ERROR
    assert "日常公用经费" in found["budget_not_negative"].message and "P1" in str(found["budget_not_negative"].figures)
    assert found["disbursement_not_negative"].severity == core_checks.INFO
    assert "1月" in found["disbursement_not_negative"].message
    low = found["low_execution_zero_carryover"]
    assert low.severity == core_checks.INFO and "没有形成结转和结余" in low.message
    from desktop.core import indicators

    results = indicators.compute(f)
    assert results["public_expense_control_rate"].value is None  # "—" on a budget below zero
    assert results["quarterly_execution"].entries[0]["progress"] == "14.29"  # 10 ÷ 70; month 1 is no quarter end


def test_new_fields_survive_json_and_excel(generated, tmp_path):
    """Income by source, unit details and project origin: export → import gives the same year,
    through JSON and through the workbook."""
    from desktop.services import workbook

    path, documents = generated
    with Workspace.open(path, actor="测试员") as ws:
        for seed in list(documents)[:6]:
            code = documents[seed]["unit"]["code"]
            first = interchange.export_document(ws, code, [2023])
            book = tmp_path / f"{code}.xlsx"
            workbook.export_workbook(ws, 2023, book, unit=code)
            with Workspace.open(tmp_path / f"{code}.sqlite3", create=True, actor="测试员") as other:
                preview = workbook.preview_workbook(other, book)
                assert preview.ok, preview.refusals
                workbook.apply_import(other, preview)
                second = interchange.export_document(other, code, [2023])
            year_a, year_b = first["years"][0], second["years"][0]
            for key in ("income", "unit_details", "projects", "budget_lines", "adjustments"):
                assert year_a[key] == year_b[key], (seed, key)


def test_project_origin_share(generated):
    path, documents = generated
    with Workspace.open(path, actor="测试员") as ws:
        for document in documents.values():
            current = document["years"][1]
            result = evaluation.indicators(ws, 2023, document["unit"]["code"])["added_project_share"]
            origins = [p["origin"] for p in current["projects"]]
            if not origins or all(o is None for o in origins):
                assert result.value is None
                continue
            budgets = {p["code"]: Decimal(0) for p in current["projects"]}
            for line in current["budget_lines"] + current["adjustments"]:
                if line["category"] == "project":
                    budgets[line["project"]] += Decimal(line["amount"])
            added = sum((budgets[p["code"]] for p in current["projects"] if p["origin"] == "added"), Decimal(0))
            total = sum(budgets.values(), Decimal(0))
            expected = None if total <= 0 else str((added * 100 / total).quantize(Decimal("0.01"), "ROUND_HALF_UP"))
            assert (None if result.value is None else result.printed) == expected
