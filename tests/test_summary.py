"""The demo reproduces every input of the 2020 report (SEED-FIGURES.md) at the report's precision.

The expected strings below are what the report prints; the values come from the stored lines.
"""

import json
from decimal import Decimal

import pytest

from desktop.cli.main import main
from desktop.core.money import round_half_up

# key → (as printed in the report, in 万元 unless a count or a percentage)
REPORT = {
    "initial.total": "17,109", "initial.basic": "2,589", "initial.personnel": "1,173",
    "initial.public": "1,415", "initial.project": "14,521", "initial.three_public": "29",
    "initial.three_public.abroad": "0", "initial.three_public.reception": "1",
    "initial.three_public.vehicle": "28", "initial.procurement": "1,556",
    "adjusted.total": "24,041.75", "adjusted.basic": "2,409.19", "adjusted.public": "1,347.02",
    "adjusted.project": "21,632.57", "adjusted.project.capital": "12,953",
    "actual.total": "23,999.65", "actual.personnel": "1,053.74", "actual.public": "1,340.89",
    "actual.project": "21,605.02", "actual.project.capital": "12,953",
    "carryover.begin": "0.10", "carryover.end": "0.75", "appropriation": "24,000.30",
    "procurement.actual": "1,424.01", "procurement.goods": "215.14", "procurement.services": "1,208.88",
    "three_public.actual": "1.81", "three_public.abroad": "0.00", "three_public.reception": "0.00",
    "three_public.vehicle_purchase": "0.00", "three_public.vehicle_operation": "1.81",
    "previous.three_public.vehicle_operation": "10.06",
    "assets.fixed.new": "151.92", "assets.fixed.transfer_in": "4,589.15",
    "assets.intangible.new": "187.10", "assets.intangible.transfer_in": "560.15",
    "assets.disposed": "13.76", "assets.fixed.original": "5,423.44", "assets.fixed.in_use": "5,055.89",
    "assets.fixed.pending_disposal": "367.55",
}
PERCENTAGES = {  # printed with two decimals by the application (the report has 57.6%, 82.0%)
    "progress.q1": "29.53", "progress.q2": "57.60", "progress.q3": "82.00", "progress.q4": "99.83",
    "time_progress.q1": "25.00", "time_progress.q2": "50.00", "time_progress.q3": "75.00",
    "time_progress.q4": "100.00", "satisfaction": "98.02",
}
COUNTS = {
    "staff.authorized": 35, "staff.actual": 28, "staff.admin": 9, "staff.institution": 19,
    "contract.authorized": 392, "contract.actual": 356, "tasks.key": 9, "tasks.livelihood": 2,
    "projects.executed": 33, "projects.completed": 33,
}


@pytest.fixture
def summary(demo_path, capsys):
    assert main(["summary", "--year", "2020", "--db", str(demo_path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("key", sorted(REPORT))
def test_amount_prints_as_the_report_prints_it(summary, key):
    printed = REPORT[key]
    digits = len(printed.split(".")[1]) if "." in printed else 0
    wan = Decimal(summary[key]) / 10000
    assert f"{round_half_up(wan, digits):,.{digits}f}" == printed
    assert summary[key] == f"{Decimal(summary[key]):.2f}"  # 元 with two decimals


@pytest.mark.parametrize("key", sorted(PERCENTAGES))
def test_percentages(summary, key):
    assert summary[key] == PERCENTAGES[key]


@pytest.mark.parametrize("key", sorted(COUNTS))
def test_counts(summary, key):
    assert summary[key] == COUNTS[key]
    assert isinstance(summary[key], int)


def test_every_seed_key_is_present(summary):
    assert set(REPORT) | set(PERCENTAGES) | set(COUNTS) <= set(summary)


def test_figures_follow_the_data(demo, demo_path, capsys):
    """Not typed in: a new spending line moves the figure."""
    from desktop.services import spending

    spending.add_expenditure(demo, 2020, category="日常公用经费", amount="100000")
    assert main(["summary", "--year", "2020", "--db", str(demo_path), "--json"]) == 0
    after = json.loads(capsys.readouterr().out)
    assert after["actual.public"] == "13508855.00"
    assert after["actual.total"] == "240096455.00"


def test_chinese_summary_is_in_wan(demo_path, capsys):
    assert main(["summary", "--year", "2020", "--db", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert "金额单位：万元" in out
    assert "24,041.75" in out and "99.83%" in out and "5,423.44" in out
