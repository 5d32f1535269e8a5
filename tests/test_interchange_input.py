"""Interchange files as they arrive: duplicate keys, absurd nesting, the size cap, the streamed
export's bytes, and the preview that is what gets written."""

import json
import re

import pytest

from conftest import snapshot
from desktop.core.errors import BudgetDeskError, ValidationError
from desktop.services import interchange, interchange_check
from desktop.services.demo import demo_document_path
from desktop.services.workspace import Workspace


def demo_text() -> str:
    return demo_document_path().read_text(encoding="utf-8")


def refused(ws, path, match: str) -> str:
    before = snapshot(ws.path)
    with pytest.raises(BudgetDeskError) as info:
        interchange.import_file(ws, path)
    message = str(info.value)
    assert match in message, message
    assert "Traceback" not in message and "Error" not in message
    assert snapshot(ws.path) == before
    return message


def test_a_duplicate_key_is_refused_with_its_path(empty, tmp_path):
    document = json.loads(demo_text())
    first = document["years"][1]["budget_lines"][0]
    assert first["amount"] == "11734000.00"
    text = json.dumps(document, ensure_ascii=False, indent=1)
    # the same key twice in one object: json.loads keeps the last one (0.01) without a word
    text = text.replace('"amount": "11734000.00"', '"amount": "11734000.00", "amount": "0.01"', 1)
    path = tmp_path / "dup.json"
    path.write_text(text, encoding="utf-8")
    message = refused(empty, path, "$.years[1].budget_lines[0].amount")
    assert "两次" in message


def test_json_nested_100000_deep_is_refused_in_chinese(empty, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    refused(empty, path, "嵌套层数超过 64 层")


def test_nesting_beyond_64_levels_inside_a_row_is_refused_as_nesting(empty, tmp_path):
    document = json.loads(demo_text())
    document["years"][1]["budget_lines"][0]["note"] = json.loads("[" * 70 + "]" * 70)
    path = tmp_path / "deep70.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    refused(empty, path, "嵌套层数超过 64 层")


def test_the_size_cap_lets_a_million_card_export_back_in(demo, tmp_path):
    out = tmp_path / "demo.json"
    interchange.export_json(demo, out)
    document = json.loads(out.read_text(encoding="utf-8"))
    cards = [c for y in document["years"] for c in y["asset_cards"]]
    per_card = len(json.dumps(cards, ensure_ascii=False, indent=1).encode()) / len(cards)
    assert interchange_check.MAX_JSON_BYTES > 1.3 * 1_000_000 * per_card  # a million cards of the demo's kind
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(interchange_check.MAX_JSON_BYTES + 1)
    with Workspace.open(tmp_path / "x.sqlite3", create=True) as ws:
        refused(ws, big, f"超过 {interchange_check.MAX_JSON_BYTES // 2**20} MB")


def without_stamp(text: str) -> str:
    """Without the export time and the audit head (both differ between two files by design)."""
    text = re.sub(r'"exported_at": "[^"]*"', '"exported_at": ""', text)
    return re.sub(r'"audit_head": \{[^}]*\}', '"audit_head": {}', text)


@pytest.mark.parametrize("seed", [0, 3, 7])
def test_streamed_export_is_byte_for_byte_json_dumps(tmp_path, seed):
    from test_interchange import random_document

    with Workspace.open(tmp_path / "a.sqlite3", create=True) as ws:
        interchange.import_document(ws, random_document(seed))
        out = tmp_path / "out.json"
        interchange.export_json(ws, out)
        expected = json.dumps(interchange.export_document(ws), ensure_ascii=False, indent=1) + "\n"
    assert without_stamp(out.read_text(encoding="utf-8")) == without_stamp(expected)


def test_streamed_export_of_the_demo_imports_back_identically(demo, tmp_path):
    out = tmp_path / "demo.json"
    interchange.export_json(demo, out)
    with Workspace.open(tmp_path / "again.sqlite3", create=True) as ws:
        interchange.import_file(ws, out)
        again = tmp_path / "again.json"
        interchange.export_json(ws, again)
    assert without_stamp(again.read_text(encoding="utf-8")) == without_stamp(out.read_text(encoding="utf-8"))


def test_a_bad_row_among_many_names_its_path_once(empty):
    document = json.loads(demo_text())
    cards = document["years"][1]["asset_cards"]
    cards.extend({**cards[0], "card_no": f"X{n}"} for n in range(5000))
    cards[4000]["original_value"] = "12.345"
    cards[4500]["status"] = "stolen"
    with pytest.raises(ValidationError) as info:
        interchange.import_document(empty, document)
    message = str(info.value)
    assert "$.years[1].asset_cards[4000].original_value" in message and "另有 1 处问题" in message


def test_the_row_predicate_agrees_with_jsonschema_on_the_demo_rows():
    from jsonschema import Draft202012Validator

    _, _, rows = interchange_check._compiled()
    document = json.loads(demo_text())
    for year in document["years"]:
        for key, (ok, validator) in rows.items():
            for item in year.get(key, []):
                assert ok(item) and validator.is_valid(item)
                for field, wrong in (("amount", 1), ("note", None), ("extra", "x"), ("code", "")):
                    changed = {**item, field: wrong}
                    assert ok(changed) == validator.is_valid(changed), (key, field)
    assert isinstance(Draft202012Validator, type)
