"""Charts: every series checked against the indicator engine and the year's facts (not pixels),
and drawing in Chinese with no missing glyph on a machine without system CJK fonts."""

import subprocess
import sys

import pytest

from desktop.cli.main import main
from desktop.core.charts import KINDS
from desktop.core.domain import AssetKind, BudgetCategory
from desktop.core.money import Unit
from desktop.services import budget, charts, evaluation
from desktop.services.facts import year_facts


@pytest.fixture
def series(demo):
    return charts.chart_series(demo, 2020)


def test_quarterly_progress_matches_the_indicator(demo, series):
    entries = evaluation.indicators(demo, 2020)["quarterly_execution"].entries
    chart = series["quarterly_progress"]
    assert [f"{v:.2f}" for v in chart.series[0].values] == [e["progress"] for e in entries]
    assert chart.series[0].labels == ("29.53%", "57.60%", "82.00%", "99.83%")
    assert chart.series[1].values == (25, 50, 75, 100)


def test_budget_by_category_matches_the_facts(demo, series):
    facts = year_facts(demo, 2020)
    chart = series["budget_by_category"]
    assert chart.unit == "万元" and chart.categories == ("人员经费", "日常公用经费", "项目支出")
    cats = [BudgetCategory.PERSONNEL, BudgetCategory.PUBLIC, BudgetCategory.PROJECT]
    assert list(chart.series[1].values) == [facts.adjusted_of(c) / 10000 for c in cats]
    assert sum(chart.series[1].values) * 10000 == facts.adjusted_total
    assert chart.series[2].labels == ("1,053.74", "1,340.89", "21,605.02")


def test_three_public_procurement_assets_headcount(demo, series):
    facts = year_facts(demo, 2020)
    results = evaluation.indicators(demo, 2020)
    tp = series["three_public"]
    assert sum(tp.series[1].values) * 10000 == facts.three_public_actual
    assert tp.note.endswith(results["three_public_control_rate"].printed + "%")
    proc = series["procurement_by_type"]
    assert sum(proc.series[1].values) * 10000 == facts.procurement_sum("paid")
    assert proc.series[1].labels[:2] == ("215.14", "1,208.88")
    by_class = series["assets_by_class"]
    assert sum(by_class.series[0].values) * 10000 == facts.held(AssetKind.FIXED) + facts.held(AssetKind.INTANGIBLE)
    by_status = series["assets_by_status"]
    assert by_status.series[0].labels[0] == "5,055.89" and "93.22%" in by_status.note
    assert sum(by_status.series[0].values) * 10000 == facts.held(AssetKind.FIXED)
    people = series["headcount"]
    assert people.categories == ("行政", "参公事业", "非参公事业", "临聘人员")
    assert people.series[1].values == (9, 0, 19, 356)
    yoy = series["year_over_year"]
    assert yoy.series[0].labels[yoy.categories.index("公务用车运行维护费")] == "10.06"


def test_series_follow_the_money_unit(demo):
    in_yuan = charts.chart_series(demo, 2020, money_unit=Unit.YUAN)["budget_by_category"]
    assert in_yuan.unit == "元" and in_yuan.series[2].labels[0] == "10,537,400.00"


def test_series_follow_an_edit(demo):
    from desktop.services import staff

    staff.set_headcount(demo, 2020, "行政", authorized=12, actual=11)
    assert charts.chart_series(demo, 2020)["headcount"].series[1].values[0] == 11


def test_three_public_items_as_the_budget_states_them(demo, empty):
    """The demo's budget gives 公务用车购置及运行维护费 as one sum (its report: 28 万元, spent 1.81
    on running the car): one vehicle item, its budget beside all spent on the vehicle. A budget
    split into 购置 and 运行维护 keeps the two items."""
    tp = charts.chart_series(demo, 2020)["three_public"]
    assert tp.categories == ("因公出国（境）费", "公务接待费", "公务用车购置及运行维护费")
    assert tp.series[0].labels == ("0.00", "1.00", "28.05") and tp.series[1].labels == ("0.00", "0.00", "1.81")
    budget.add_budget_line(empty, 2021, category="公务用车购置费", amount="200000")
    budget.add_budget_line(empty, 2021, category="公务用车运行维护费", amount="30000")
    split = charts.chart_series(empty, 2021)["three_public"]
    assert split.categories == ("因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行维护费")
    assert split.series[0].labels == ("0.00", "0.00", "20.00", "3.00")


def test_empty_year_charts_say_so(empty):
    for kind, chart in charts.chart_series(empty, 2021).items():
        if kind != "quarterly_progress":
            assert chart.empty, kind


GLYPH_CHECK = r"""
import sys, warnings, json
sys.path.insert(0, {root!r})
warnings.simplefilter("error")  # a missing glyph is a UserWarning from matplotlib
from desktop.services.workspace import Workspace
from desktop.services import charts
from desktop.export import charts as drawing
ws = Workspace.open({db!r})
family = drawing.setup_fonts()
for kind, (data, png) in charts.render_all(ws, 2020).items():
    assert png[:8] == b"\x89PNG\r\n\x1a\n", kind
    drawing.render(data, "svg")
print(json.dumps({{"family": family}}))
"""


def test_drawing_every_chart_emits_no_missing_glyph_warning(demo_path):
    from desktop.core.paths import project_root

    code = GLYPH_CHECK.format(root=str(project_root()), db=str(demo_path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert '"family": "WenQuanYi Micro Hei"' in out.stdout


def test_the_glyph_check_can_fail_without_our_font():
    """Control: with matplotlib's default font, Chinese text does raise the warning we test for."""
    code = ("import warnings; warnings.simplefilter('error'); import matplotlib; matplotlib.use('Agg');"
            "matplotlib.rcParams['font.family'] = ['DejaVu Sans'];"
            "from matplotlib.figure import Figure; f = Figure(); f.subplots().set_title('预算执行率');"
            "import io; f.savefig(io.BytesIO(), format='png')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode != 0 and "missing from font" in out.stderr


def test_cli_lists_kinds_and_writes_every_chart(demo_path, tmp_path, capsys):
    assert main(["chart", "--list"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == list(KINDS)
    assert main(["chart", "--db", str(demo_path), "--year", "2020", "--kind", "all", "--out", str(tmp_path)]) == 0
    for kind in KINDS:
        data = (tmp_path / f"{kind}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    svg = tmp_path / "q.svg"
    assert main(["chart", "--db", str(demo_path), "--year", "2020", "--kind", "quarterly_progress",
                 "--out", str(svg)]) == 0
    assert svg.read_text(encoding="utf-8").startswith("<?xml")
    assert main(["chart", "--db", str(demo_path), "--year", "2020", "--kind", "x", "--out", str(svg)]) == 2
    assert main(["chart", "--db", str(demo_path), "--year", "2020", "--kind", "headcount",
                 "--out", str(tmp_path / "a.gif")]) == 2


def test_a_chart_picture_is_kept_by_what_it_shows(demo, tmp_path, monkeypatch):
    from desktop.core.money import Unit
    from desktop.export import charts as drawing
    from desktop.services import charts

    monkeypatch.setattr(charts, "picture_cache", lambda: tmp_path / "pictures")
    series = charts.chart_series(demo, 2020)
    first = charts.picture(series["three_public"])
    assert first[:4] == b"\x89PNG" and len(list((tmp_path / "pictures").glob("*.png"))) == 1

    def no_drawing(*_args, **_kwargs):
        raise AssertionError("drawn again")

    monkeypatch.setattr(drawing, "render", no_drawing)
    assert charts.picture(series["three_public"]) == first  # the same figures: the kept picture
    other = charts.chart_series(demo, 2020, money_unit=Unit.YUAN)["three_public"]
    with pytest.raises(AssertionError, match="drawn again"):
        charts.picture(other)  # other figures (元): drawn anew
