"""The JSON interchange format: lossless round trips, and bad files refused whole."""

import copy
import json
import random
from decimal import Decimal

import pytest

from conftest import snapshot
from desktop.core.errors import BudgetDeskError, ConflictError, ValidationError
from desktop.services import interchange
from desktop.services.demo import demo_document_path
from desktop.services.workspace import Workspace


def without_stamp(doc):
    doc = copy.deepcopy(doc)
    doc.pop("exported_at", None)
    doc.pop("audit_head", None)  # the audit log of the file exported from, like the time
    return doc


def round_trip(ws_factory, document):
    with ws_factory("a") as a:
        interchange.import_document(a, document)
        first = interchange.export_document(a)
    with ws_factory("b") as b:
        interchange.import_document(b, json.loads(json.dumps(first)))
        second = interchange.export_document(b)
    return without_stamp(first), without_stamp(second)


@pytest.fixture
def ws_factory(tmp_path):
    return lambda name: Workspace.open(tmp_path / f"{name}.sqlite3", create=True)


def test_demo_document_validates_against_the_schema():
    document = json.loads(demo_document_path().read_text(encoding="utf-8"))
    interchange.validate_document(document)


def test_demo_round_trip_is_identical(ws_factory):
    document = json.loads(demo_document_path().read_text(encoding="utf-8"))
    first, second = round_trip(ws_factory, document)
    assert first == second
    # and the export holds exactly what the demo document holds (same keys, same values)
    for original, exported in zip(document["years"], first["years"]):
        assert original["adjustments"] == exported["adjustments"]
        assert original["carryover"] == exported["carryover"]
        assert len(original["asset_cards"]) == len(exported["asset_cards"])


def test_cli_export_file_round_trip(demo, tmp_path):
    out = tmp_path / "export.json"
    interchange.write_json(interchange.export_document(demo), out)
    with Workspace.open(tmp_path / "again.sqlite3", create=True) as ws:
        interchange.import_file(ws, out)
        again = interchange.export_document(ws)
    assert without_stamp(again) == without_stamp(json.loads(out.read_text(encoding="utf-8")))


def random_document(seed: int) -> dict:
    """Generated data with awkward values: negative amounts, text starting with '=', full-width
    text, large amounts, reversals, disposals, empty sections."""
    rnd = random.Random(seed)

    def amount(lo=0, hi=10**11):
        return f"{Decimal(rnd.randint(lo, hi)) / 100:.2f}"

    projects = [{"code": f"P{i}", "name": rnd.choice(["=SUM(A1)", "＋项目", "-负号开头", "@at", "普通项目"]) + str(i),
                 "class": rnd.choice(["general", "capital"]),
                 "status": rnd.choice(["planned", "in_progress", "completed", "cancelled"]), "note": "",
                 "targets": [{"level1": "output", "level2": "quantity", "name": "数量", "unit": "个",
                              "direction": rnd.choice([">=", "<=", "="]), "target": str(rnd.randint(0, 100)),
                              "actual": rnd.choice([None, "12.5", "100"])}]}
                for i in range(rnd.randint(0, 6))]
    adjustments = []
    for i in range(rnd.randint(0, 8)):
        proj = rnd.choice(projects)["code"] if projects and rnd.random() < 0.5 else None
        adjustments.append({"seq": len(adjustments) + 1, "date": f"2022-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}",
                            "category": "project" if proj else rnd.choice(["personnel", "public", "three_public_reception"]),
                            "project": proj, "amount": amount(-10**9, 10**9), "doc_no": f"文{i}",
                            "reason": "\t原因\n第二行", "entered_by": "某人", "entered_at": "2022-01-02T03:04:05",
                            "reverses": None})
    for a in adjustments:
        if a["amount"] == "0.00":  # refused at entry, as `adjust` refuses it
            a["amount"] = "0.01"
    budget_lines = [{"category": "public", "project": None, "amount": amount(), "note": "=1+1"}]
    cuts: dict = {}
    for a in adjustments:
        cuts[(a["category"], a["project"])] = cuts.get((a["category"], a["project"]), 0) + Decimal(a["amount"])
    for (category, project), total in cuts.items():  # a budget is never cut below zero
        if total < 0:
            budget_lines.append({"category": category, "project": project, "amount": f"{-total:.2f}", "note": ""})
    if adjustments:
        first = adjustments[0]
        adjustments.append({**first, "seq": len(adjustments) + 1,
                            "amount": f"{-Decimal(first['amount']):.2f}", "reverses": first["seq"]})
    cards = []
    for i in range(rnd.randint(0, 30)):
        original = Decimal(amount(100, 10**9))
        disposed = rnd.random() < 0.2
        cards.append({"card_no": f"K{i:05d}", "name": "卡片", "class": "2", "kind": "fixed",
                      "acquisition": rnd.choice(["purchase", "transfer_in", "donation"]),
                      "acquired_on": "2021-03-04", "original_value": f"{original:.2f}",
                      "depreciation": f"{original / 2:.2f}" if original % 2 == 0 else "0.00",
                      "status": "disposed" if disposed else rnd.choice(["in_use", "idle", "pending_disposal"]),
                      "custodian": "", "location": "",
                      "disposal": {"method": "scrap", "date": "2022-06-01", "residual_value": "1.00",
                                   "remitted": rnd.random() < 0.5} if disposed else None})
    return {
        "format": "budget-desk", "version": 1, "unit": {"code": "G", "name": "生成单位"},
        "years": [{
            "year": 2022, "locked": rnd.random() < 0.3, "lock_reason": "测试",
            "projects": projects,
            "budget_lines": budget_lines,
            "adjustments": adjustments,
            "expenditures": [{"category": "personnel", "project": None, "amount": amount(-10**6, 10**6), "note": ""}],
            "disbursements": [{"month": m, "cumulative": amount()} for m in sorted(rnd.sample(range(1, 13), 3))],
            "carryover": rnd.choice([None, {"begin": amount(), "appropriation": amount(), "end": amount()}]),
            "procurements": [], "key_tasks": [{"kind": "key", "name": "任务", "status": "done", "note": ""}],
            "asset_cards": cards,
            "headcount": [{"category": "admin", "authorized": rnd.randint(0, 50), "actual": rnd.randint(0, 50)}],
            "metrics": [{"code": "m", "name": "指标", "unit": "%", "value": "99.999", "target": None,
                         "direction": None, "previous": "-1.5", "note": ""}],
            "narratives": [{"section": "plans", "body": "计划\r\n全角１２３"}],
        }],
    }


@pytest.mark.parametrize("seed", range(12))
def test_generated_round_trip_is_identical(ws_factory, seed):
    document = random_document(seed)
    first, second = round_trip(ws_factory, document)
    assert first == second
    assert first["years"][0]["adjustments"] == document["years"][0]["adjustments"]
    assert first["years"][0]["asset_cards"] == document["years"][0]["asset_cards"]


def broken(path_and_value):
    document = json.loads(demo_document_path().read_text(encoding="utf-8"))
    target = document
    *parents, last = path_and_value[0]
    for key in parents:
        target = target[key]
    target[last] = path_and_value[1]
    return document


@pytest.mark.parametrize("change,where", [
    ((["years", 1, "adjustments", 3, "amount"], "24.000.30"), "$.years[1].adjustments[3].amount"),
    ((["years", 1, "carryover", "appropriation"], "24000.3"), "$.years[1].carryover.appropriation"),
    ((["years", 1, "budget_lines", 0, "amount"], 11734000.0), "$.years[1].budget_lines[0].amount"),
    ((["years", 1, "expenditures", 0, "category"], "差旅费"), "$.years[1].expenditures[0].category"),
    ((["years", 1, "asset_cards", 5, "original_value"], "0.015"), "$.years[1].asset_cards[5].original_value"),
    ((["years", 1, "adjustments", 0, "project"], "NO-SUCH"), "$.years[1].adjustments[0].project"),
    ((["years", 1, "adjustments", 0, "date"], "2019-02-18"), "$.years[1].adjustments[0].date"),
    ((["years", 1, "asset_cards", 7, "card_no"], "GD2020-0001"), "$.years[1].asset_cards[7].card_no"),
])
def test_malformed_import_is_refused_with_its_path_and_changes_nothing(empty, change, where):
    before = snapshot(empty.path)
    with pytest.raises(ValidationError) as info:
        interchange.import_document(empty, broken(change))
    assert where in str(info.value)
    assert snapshot(empty.path) == before


def test_late_failure_rolls_back_everything(empty):
    # The last year fails only after the first year's rows were written: nothing stays.
    document = json.loads(demo_document_path().read_text(encoding="utf-8"))
    document["years"][1]["headcount"].append({"category": "admin", "authorized": 1, "actual": 1})
    before = snapshot(empty.path)
    with pytest.raises(ValidationError, match="人员类别重复"):
        interchange.import_document(empty, document)
    assert snapshot(empty.path) == before


def test_importing_an_existing_year_is_refused(demo):
    before = snapshot(demo.path)
    with pytest.raises(ConflictError, match="已存在"):
        interchange.import_file(demo, demo_document_path())
    assert snapshot(demo.path) == before


def test_not_json_and_wrong_encoding(empty, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{ 不是 json", encoding="utf-8")
    with pytest.raises(BudgetDeskError, match="不是有效的 JSON"):
        interchange.import_file(empty, bad)
    gbk = tmp_path / "gbk.json"
    gbk.write_bytes('{"单位": 1}'.encode("gbk"))
    with pytest.raises(BudgetDeskError, match="UTF-8"):
        interchange.import_file(empty, gbk)


@pytest.mark.parametrize("change,message", [
    (lambda d: d["years"][1].update(extra=1), "有不认识的项目：extra"),
    (lambda d: d["years"][1].update(year="2020"), "类型不对，应为整数"),
    (lambda d: d["years"][1].pop("adjustments"), "缺少必填项"),
    (lambda d: d.update(years=[]), "至少要有一项"),
])
def test_schema_errors_are_chinese(empty, change, message):
    document = json.loads(demo_document_path().read_text(encoding="utf-8"))
    change(document)
    with pytest.raises(ValidationError) as info:
        interchange.import_document(empty, document)
    assert message in str(info.value)
    assert not any(word in str(info.value) for word in ("is not", "was unexpected", "required property"))


def _indexes(path):
    import sqlite3

    con = sqlite3.connect(path)
    try:
        return sorted(con.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'").fetchall())
    finally:
        con.close()


def test_a_large_insert_rebuilds_the_indexes_it_set_aside(ws_factory, tmp_path, monkeypatch):
    # Every table counts as "large" here, so each bulk insert drops its plain indexes and builds
    # them again: the file ends with exactly the indexes it began with and the same contents.
    from desktop.services import interchange_import

    document = json.loads(demo_document_path().read_text(encoding="utf-8"))
    with ws_factory("plain") as plain:
        interchange.import_document(plain, document)
        expected = without_stamp(interchange.export_document(plain))
    monkeypatch.setattr(interchange_import, "INDEX_REBUILD_MIN", 1)
    with ws_factory("rebuilt") as rebuilt:
        before = _indexes(rebuilt.path)
        interchange.import_document(rebuilt, document)
        assert without_stamp(interchange.export_document(rebuilt)) == expected
    assert _indexes(tmp_path / "rebuilt.sqlite3") == before
    assert any(name == "ix_asset_cards_year_custodian" for name, _t, _s in before)


def test_a_failed_large_insert_restores_the_indexes(ws_factory, tmp_path, monkeypatch):
    from desktop.services import interchange_import

    monkeypatch.setattr(interchange_import, "INDEX_REBUILD_MIN", 1)
    document = json.loads(demo_document_path().read_text(encoding="utf-8"))
    document["years"][1]["headcount"].append({"category": "admin", "authorized": 1, "actual": 1})
    with ws_factory("failed") as failed:
        before = _indexes(failed.path)
        with pytest.raises(ValidationError, match="人员类别重复"):
            interchange.import_document(failed, document)
    assert _indexes(tmp_path / "failed.sqlite3") == before
