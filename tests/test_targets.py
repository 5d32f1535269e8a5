"""One target per indicator: the rules file's (its full-marks point) or the year's own (目标设置),
read back from every place that shows it — the 绩效指标 and 概览 snapshots, the 自评表, the
exported workbook opened again and `indicators --json` — and found to be one value."""

import json
import sqlite3
from decimal import Decimal

import openpyxl
import pytest

from desktop.cli.main import main
from desktop.core.domain import Direction
from desktop.core.errors import ValidationError, YearLockedError
from desktop.core.money import Unit
from desktop.services import audit_log, evaluation, interchange, snapshots, targets, workbook
from desktop.services.workspace import Workspace

PUBLIC = "public_expense_control_rate"
VERDICT = {True: "达标", False: "未达标", None: ""}


def shown_everywhere(ws, db_path, tmp_path, capsys) -> dict[str, dict[str, tuple[str, str]]]:
    """indicator id → {where: (target text, verdict)} for every indicator that has a target."""
    seen: dict[str, dict[str, tuple[str, str]]] = {}

    def put(where, rid, target, verdict):
        seen.setdefault(rid, {})[where] = (target, verdict)

    for r in snapshots.indicators_snapshot(ws, 2020, None).indicators:
        if r.target is not None:
            put("绩效指标", r.id, r.target_text, VERDICT[r.met])
    overview = snapshots.overview_snapshot(ws, 2020, None, Unit.WAN)
    for r in overview.indicators.values():
        if r.target is not None:
            put("概览", r.id, r.target_text, VERDICT[r.met])
    for s in overview.score.items:
        if s.target:
            # full marks exactly when the indicator meets its target
            put("自评表", s.item.indicator, s.target, VERDICT[s.points == s.item.weight])

    out = tmp_path / "targets.xlsx"
    workbook.export_workbook(ws, 2020, out)
    book = openpyxl.load_workbook(out, read_only=True)
    names = {r.name: r.id for r in overview.indicators.values()}
    for row in book["绩效指标"].iter_rows(values_only=True):
        if row and row[0] in names and row[3]:
            put("工作簿·绩效指标", names[row[0]], row[3], row[4] or "")
    sheet = list(book["自评评分表"].iter_rows(values_only=True))
    col = {h: n for n, h in enumerate(sheet[0])}
    items = {s.item.code: s.item.indicator for s in overview.score.items}
    for row in sheet[1:]:
        code = row[col["评分项代码"]]
        if code in items and row[col["目标（满分点）"]]:
            put("工作簿·自评评分表", items[code], row[col["目标（满分点）"]], seen[items[code]]["自评表"][1])
    book.close()

    capsys.readouterr()
    assert main(["indicators", "--year", "2020", "--db", str(db_path), "--json"]) == 0
    for rid, r in json.loads(capsys.readouterr().out).items():
        if r["target"] is not None:
            put("indicators --json", rid, f"{Direction(r['direction']).label}{r['target']}%", VERDICT[r["met"]])
    return seen


def test_every_place_shows_one_target_and_one_verdict(demo, demo_path, tmp_path, capsys):
    seen = shown_everywhere(demo, demo_path, tmp_path, capsys)
    rules = {r.indicator: r for r in targets.target_rows(demo, 2020)}
    assert set(seen) == set(rules)  # every indicator with a target is shown
    for rid, places in seen.items():
        assert len(set(places.values())) == 1, (rid, places)
        assert {"绩效指标", "概览", "indicators --json", "工作簿·绩效指标"} <= set(places), (rid, places)
    assert {rid for rid, places in seen.items() if "自评表" in places} >= {
        "budget_execution_rate", "procurement_execution_rate", "carryover_rate", "budget_adjustment_rate", PUBLIC}

    def one(rid):
        return next(iter(seen[rid].values()))

    # the full-marks point of each score item is the target
    assert one("budget_execution_rate") == ("≥100.00%", "未达标")
    assert one("procurement_execution_rate") == ("≥100.00%", "未达标")
    assert one("carryover_rate") == ("≤1.00%", "达标")
    assert one("budget_adjustment_rate") == ("≤0.00%", "未达标")
    # the demo sets the report's own 控制目标 90% for 日常公用经费: 99.54% misses it everywhere
    assert one(PUBLIC) == ("≤90.00%", "未达标")
    assert seen[PUBLIC]["工作簿·自评评分表"][0] == "≤90.00%"

    # back to the rules file's target: 达标 everywhere
    targets.clear_target(demo, 2020, PUBLIC)
    seen = shown_everywhere(demo, demo_path, tmp_path, capsys)
    assert set(seen[PUBLIC].values()) == {("≤100.00%", "达标")}
    # and a year's own 90% turns it 未达标 everywhere again
    targets.set_target(demo, 2020, PUBLIC, "90")
    seen = shown_everywhere(demo, demo_path, tmp_path, capsys)
    assert set(seen[PUBLIC].values()) == {("≤90.00%", "未达标")}


def test_target_command_sets_clears_and_is_audited(demo_path, capsys):
    db = str(demo_path)
    assert main(["target", "--year", "2020", "--db", db]) == 0
    listing = capsys.readouterr().out
    assert "procurement_execution_rate" in listing and "≤90.00%" in listing
    assert main(["target", "--year", "2020", "--db", db, "--indicator", "procurement_execution_rate",
                 "--value", "90"]) == 0
    assert "≥100.00% → ≥90.00%" in capsys.readouterr().out
    assert main(["indicators", "--year", "2020", "--db", db, "--json"]) == 0
    procurement = json.loads(capsys.readouterr().out)["procurement_execution_rate"]
    assert (procurement["target"], procurement["met"], procurement["target_source"]) == ("90.00", True, "本年度设定")
    assert main(["target", "--year", "2020", "--db", db, "--indicator", "procurement_execution_rate", "--clear"]) == 0
    assert "恢复评分规则的目标 ≥100.00%" in capsys.readouterr().out
    with Workspace.open(demo_path) as ws:
        summaries = [e.summary for e in audit_log.entries(ws, year=2020, text="目标设置")]
    assert len(summaries) == 2 and all("政府采购执行率" in s for s in summaries)
    # refused: both or neither of --value/--clear, an unknown indicator, a locked year
    assert main(["target", "--year", "2020", "--db", db, "--indicator", PUBLIC]) != 0
    assert "二者选一" in capsys.readouterr().err
    assert main(["target", "--year", "2020", "--db", db, "--indicator", "nope", "--value", "1"]) != 0
    assert "没有目标值可设" in capsys.readouterr().err
    assert main(["target", "--year", "2019", "--db", db, "--indicator", PUBLIC, "--value", "90"]) != 0
    assert "锁定" in capsys.readouterr().err


def test_bad_values_and_locked_year_leave_nothing_changed(demo):
    with pytest.raises(ValidationError, match="目标值"):
        targets.set_target(demo, 2020, PUBLIC, "九十")
    with pytest.raises(ValidationError, match="超出合理范围"):
        targets.set_target(demo, 2020, PUBLIC, "5000")
    with pytest.raises(YearLockedError):
        targets.set_target(demo, 2019, PUBLIC, "90")
    assert {r.indicator: r.year_value for r in targets.target_rows(demo, 2020)}[PUBLIC] == 90


def test_locked_year_trigger_and_year_totals(demo_path):
    con = sqlite3.connect(demo_path)
    year_2019 = con.execute("SELECT id FROM fiscal_years WHERE year = 2019").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="已锁定"):
        con.execute("INSERT INTO indicator_targets (year_id, indicator, value) VALUES (?, ?, '90')",
                    (year_2019, PUBLIC))
    year_2020 = con.execute("SELECT id FROM fiscal_years WHERE year = 2020").fetchone()[0]
    count = con.execute("SELECT row_count FROM year_totals WHERE year_id = ? AND table_name = 'indicator_targets'",
                        (year_2020,)).fetchone()
    con.close()
    assert count == (1,)


def test_interchange_round_trip_keeps_the_year_targets(demo, tmp_path):
    document = interchange.export_document(demo, None, [2020])
    assert document["years"][0]["indicator_targets"] == [{"indicator": PUBLIC, "value": "90"}]
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with Workspace.open(tmp_path / "again.sqlite3", create=True) as ws:
        interchange.import_file(ws, path)
        assert evaluation.indicators(ws, 2020)[PUBLIC].target == Decimal(90)
        assert interchange.export_document(ws, None, [2020])["years"] == document["years"]
