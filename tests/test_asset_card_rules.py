"""Asset-card rules live once (core.entry_rules): the card form, the JSON import, the Excel asset
list and the year's check all refuse — or report — the same card with the same words."""

import copy
import datetime as dt

import pytest

from desktop.core import entry_rules
from desktop.core.errors import ValidationError
from desktop.services import assets, evaluation, interchange, workbook
from desktop.services.workspace import Workspace
from tests.test_workbook_hostile import other_system_list


def test_an_asset_list_card_marked_disposed_without_disposal_data_is_refused(demo, tmp_path):
    """Seen: the list was accepted, then `check` reported an 错误 for the card it brought in."""
    path = other_system_list(tmp_path, [
        ["NEW-0001", "旧打印机", "2", "2019-03-01", "0.3", "已处置", "办公室", "库房"],
    ])
    preview = workbook.preview_asset_list(demo, 2020, path)
    assert not preview.ok
    assert any("第 3 行" in r and "已处置但缺少处置日期或方式" in r for r in preview.refusals), preview.refusals
    # the form refuses the same card, and the year's check names stored ones the same way
    with pytest.raises(ValidationError, match="请用“处置”操作"):
        assets.add_card(demo, 2020, card_no="NEW-0001", name="旧打印机", asset_class="2", kind="fixed",
                        acquisition="purchase", acquired_on="2019-03-01", original_value="3000", status="disposed")
    assert not [c for c in evaluation.checks(demo, 2020) if c.severity == "错误"]


def test_json_import_refuses_what_the_form_refuses(demo, tmp_path):
    document = interchange.export_document(demo, None, [2020])
    bad = copy.deepcopy(document)
    card = next(c for c in bad["years"][0]["asset_cards"] if c["status"] == "disposed")
    card["disposal"]["date"] = "2010-01-01"  # before the card was acquired
    path = tmp_path / "bad.json"
    path.write_text(__import__("json").dumps(bad, ensure_ascii=False), encoding="utf-8")
    with Workspace.open(tmp_path / "x.sqlite3", create=True) as ws:
        with pytest.raises(ValidationError, match=r"asset_cards\[\d+\]\.disposal\.date：处置日期早于取得日期"):
            interchange.import_file(ws, path)
    with pytest.raises(ValidationError, match="处置日期早于取得日期"):
        assets.dispose_card(demo, 2020, "GD2020-0001", method="scrap", date="2020-01-02")  # acquired 2020-04-20


@pytest.mark.parametrize("change,code", [
    ({"depreciation": "2.00"}, "depreciation_over_original"),
    ({"acquired_on": dt.date(2021, 1, 1)}, "acquired_after_year"),
    ({"status": "disposed"}, "disposed_without_disposal"),
    ({"disposal": {"method": "scrap", "date": dt.date(2020, 5, 1)}}, "disposal_not_disposed"),
    ({"status": "disposed", "disposal": {"method": "scrap", "date": dt.date(2021, 2, 1)}}, "disposed_after_year"),
    ({"status": "disposed", "disposal": {"method": "scrap", "date": dt.date(2019, 1, 1)}}, "disposed_before_acquired"),
    ({"class": "9"}, "kind_and_class"),
])
def test_each_card_rule(change, code):
    card = {"class": "2", "kind": "fixed", "original_value": "1.00", "depreciation": "0.00",
            "acquired_on": dt.date(2020, 1, 1), "status": "in_use", "disposal": None, **change}
    assert entry_rules.asset_card_problems(card, 2020) == [code]
    with pytest.raises(ValidationError):
        entry_rules.check_asset_card(card, 2020, "years[2020].asset_cards[0]")
