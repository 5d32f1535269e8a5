"""The check of a written report: the 2020 report as printed, the demo's own narrative, the
program's own draft, and 200 drafts with an error planted in each."""

from __future__ import annotations

import json
import random
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.core import review as core_review
from desktop.core.domain import NarrativeSection
from desktop.core.report_outline import Paragraph, Table, build_outline
from desktop.services import report

DATA = Path(__file__).parent / "data"
REAL_REPORT = DATA / "longhua-2020-self-evaluation.txt"


@pytest.fixture(scope="module")
def demo_data(demo_template):
    from desktop.services.workspace import Workspace

    with Workspace.open(demo_template, actor="测试员") as ws:
        return report.report_data(ws, 2020)


def _review_text(text: str, data) -> core_review.Review:
    return core_review.review_blocks(core_review.text_blocks(text), data.catalogue)


def _by_printed(review, printed: str) -> list[core_review.Finding]:
    return [f for f in review.findings if f.printed == printed]


def test_the_2020_report_as_printed(demo_data):
    review = _review_text(REAL_REPORT.read_text(encoding="utf-8"), demo_data)
    counts = review.counts()
    assert counts["不一致"] == 0
    fmt = [f for f in review.findings if f.kind == "格式错误"]
    assert [f.printed for f in fmt] == ["24.000.30万元"]
    assert fmt[0].figure == "appropriation" and fmt[0].expected == "24,000.30 万元" and fmt[0].line == 176
    assert {f.printed: f.figure for f in review.findings if f.kind == "精度不一"} == {
        "57.6%": "progress.q2", "82.0%": "progress.q3"}
    # the four sums that do not add up as printed, each a 尾差 of separately rounded parts
    assert sorted(f.figure for f in review.findings if f.kind == "尾差") == [
        "adjusted.total", "initial.basic", "initial.total", "procurement.actual"]
    wording = [f for f in review.findings if f.kind == "用语"]
    assert [(f.printed, f.expected) for f in wording] == [("日用公用经费", "日常公用经费")]
    placed = {f.figure for f in review.findings if f.kind == "一致"}
    assert {"actual.total", "progress.q4", "quarter_rate.q4", "indicator.procurement_execution_rate",
            "contract.actual", "assets.disposed", "three_public.vehicle_operation",
            "indicator.vehicle_operation_change_rate", "satisfaction"} <= placed
    # numbers the data does not hold are listed, never guessed
    assert all(f.figure is None for f in _by_printed(review, "99.2%"))
    assert all(f.kind == "未能对应" for f in _by_printed(review, "84"))


def test_the_basis_of_spending_progress_is_named(demo_data):
    review = _review_text("2020年预算执行率为99.83%。第四季度累计支出进度99.82%。", demo_data)
    kinds = [(f.printed, f.kind, f.figure) for f in review.findings]
    assert kinds == [("99.83%", "口径不同", "indicator.budget_execution_rate"),
                     ("99.82%", "口径不同", "progress.q4")]
    assert "国库支付" in review.findings[0].trace


def test_the_demo_narrative(demo_data):
    text = "\n".join(demo_data.narratives.get(s.value, "") for s in NarrativeSection)
    review = _review_text(text, demo_data)
    assert review.count("不一致") == 0 and review.count("格式错误") == 0
    assert {f.figure for f in _by_printed(review, "91.52%")} == {"indicator.procurement_execution_rate"}
    assert {f.kind for f in _by_printed(review, "99.54%")} == {"一致"}


def test_typos_of_known_terms_only(demo_data):
    review = _review_text("我局日用公用经费控制率为99.54%，绩效指标设置合理，政府采购执性率91.52%。", demo_data)
    assert [(f.printed, f.expected) for f in review.findings if f.kind == "用语"] == [
        ("日用公用经费", "日常公用经费"), ("政府采购执性率", "政府采购执行率")]


def test_the_programs_own_draft_reads_back_consistent(demo_path, tmp_path, capsys):
    out = tmp_path / "自评报告.docx"
    assert main(["report", "--year", "2020", "--out", str(out), "--db", str(demo_path), "--no-charts"]) == 0
    capsys.readouterr()
    assert main(["review", str(out), "--year", "2020", "--db", str(demo_path), "--json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    kinds = {f["kind"] for f in findings}
    assert "不一致" not in kinds and "格式错误" not in kinds and "口径不同" not in kinds
    assert {f["figure"] for f in findings if f["kind"] == "尾差"} == {"adjusted.total", "procurement.actual"}
    assert set(findings[0]) >= {"kind", "text", "figure", "expected", "line"}


def test_review_exit_code_and_refusals(demo_path, tmp_path, capsys):
    assert main(["review", str(REAL_REPORT), "--year", "2020", "--db", str(demo_path)]) == 1
    assert "24.000.30" in capsys.readouterr().out
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert main(["review", str(pdf), "--year", "2020", "--db", str(demo_path)]) == 2
    assert ".docx 或 .txt" in capsys.readouterr().err


# --- 200 drafts with a planted error ------------------------------------------------------------

def _draft_blocks(data) -> list[core_review.Block]:
    """The draft's text as the check reads it: paragraphs, and table cells with their headings."""
    outline = build_outline(data.catalogue, data.evaluation.indicators, data.evaluation.score, data.narratives,
                            sources=False)
    blocks = []
    for n, item in enumerate(outline.items):
        if isinstance(item, Paragraph):
            blocks.append(core_review.Block(item.text, n, f"p{n}"))
        elif isinstance(item, Table):
            from desktop.export.report_reader import rows_to_blocks

            blocks += rows_to_blocks([list(item.header), *map(list, item.rows)], n)
    return blocks


NUM = re.compile(r"\d[\d,.]*\d|\d")


def _plant(rng: random.Random, blocks, finding, kind: str, data):
    block = blocks[finding.block]
    text = block.text
    start = finding.offset
    m = NUM.match(text, start + (1 if text[start] in "-−" else 0))
    num = m.group(0)
    if kind == "digit":
        digits = [i for i, ch in enumerate(num) if ch.isdigit()][:-1]
        if not digits:
            return None
        i = rng.choice(digits)
        new = num[:i] + rng.choice([d for d in "0123456789" if d != num[i]]) + num[i + 1:]
    elif kind == "unit":
        after = text[m.end():]
        stripped = after.lstrip()
        if not stripped.startswith(("万元", "元")) or block.context:
            return None
        pad = after[:len(after) - len(stripped)]
        swapped = "元" + stripped[2:] if stripped.startswith("万元") else "万元" + stripped[1:]
        return replace(block, text=text[:m.end()] + pad + swapped)
    elif kind == "point":
        if "." not in num:
            return None
        new = num.replace(".", "", 1)
    elif kind == "total":
        if finding.figure not in {rule.total for rule in data.catalogue.sums}:
            return None
        places = len(num.split(".")[1]) if "." in num else 0
        value = Decimal(num.replace(",", "")) + Decimal(rng.randint(2, 90)) * Decimal(1).scaleb(-places)
        new = f"{value:,.{places}f}"
    else:  # a rate on the wrong basis
        fig = data.catalogue.get(finding.figure)
        if fig is None or not fig.alternates:
            return None
        other = data.catalogue[fig.alternates[0]]
        if other.text == fig.text:
            return None
        new = other.text
    return replace(block, text=text[:m.start()] + new + text[m.end():])


def test_two_hundred_planted_errors_are_all_found(demo_data):
    blocks = _draft_blocks(demo_data)
    base = core_review.review_blocks(blocks, demo_data.catalogue)
    assert base.count("不一致") == 0 and base.count("格式错误") == 0 and base.count("口径不同") == 0
    placed = [f for f in base.findings if f.figure and f.kind in ("一致", "尾差")]
    rng = random.Random(20201231)
    planted = 0
    by_kind: dict[str, int] = {}
    while planted < 200:
        kind = rng.choice(["digit", "digit", "unit", "point", "total", "basis"])
        pool = [f for f in placed if kind != "basis" or demo_data.catalogue[f.figure].alternates]
        finding = rng.choice(pool)
        changed = _plant(rng, blocks, finding, kind, demo_data)
        if changed is None:
            continue
        variant = list(blocks)
        variant[finding.block] = changed
        review = core_review.review_blocks(variant, demo_data.catalogue)
        at = [f for f in review.findings if f.block == finding.block and f.offset == finding.offset]
        assert at and at[0].kind in ("不一致", "格式错误", "口径不同"), (kind, finding.text, changed.text, at)
        others = [f for f in review.findings if f.kind == "不一致" and f is not at[0]]
        assert not others, (kind, finding.text, [(f.text, f.message) for f in others])
        planted += 1
        by_kind[kind] = by_kind.get(kind, 0) + 1
    assert set(by_kind) == {"digit", "unit", "point", "total", "basis"}
