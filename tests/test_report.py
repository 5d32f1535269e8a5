"""The Word draft of the self-evaluation report: written from the demo, opened by LibreOffice,
read back figure by figure; bureau templates with figure-id fields."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from desktop.cli.main import main
from desktop.core.errors import ValidationError
from desktop.core.paths import resource_path
from desktop.export.report_reader import docx_blocks
from desktop.services import report

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
FONT_STANDINS = ("仿宋", "宋体", "黑体", "楷体")


@pytest.fixture(scope="module")
def draft(demo_template, tmp_path_factory) -> Path:
    from desktop.services.workspace import Workspace

    out = tmp_path_factory.mktemp("draft") / "龙华2020自评报告.docx"
    with Workspace.open(demo_template, actor="测试员") as ws:
        written = report.write_report(ws, 2020, out)
    assert written.placeholders == ("制度管理情况",)
    return out


def _all_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_draft_has_the_reports_structure_and_fonts(draft):
    doc = Document(str(draft))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings == ["一、部门基本情况", "二、部门主要履职绩效分析", "三、总体评价和整改措施",
                        "附表 部门整体支出绩效自评表", "附录 数据来源"]
    level2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert "（四）2020年部门预算执行情况" in level2 and "（三）部门履职绩效情况" in level2
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    east_asian = doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia"))
    assert east_asian == "仿宋"
    assert doc.styles["报告表格"].element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert len(doc.inline_shapes) == 3  # the charts, drawn at print resolution
    assert all(shape.width.cm > 14 for shape in doc.inline_shapes)
    captions = [p.text for p in doc.paragraphs if p.text.startswith("表")]
    assert "表1 预算收支情况" in captions and "表8 分季度支出进度（国库支付口径）" in captions
    text = _all_text(draft)
    assert "日用公用经费" not in text and "24.000.30" not in text
    assert "政府采购执行率91.52%" in text
    # both bases of spending progress are named
    assert "预算执行率（决算口径" in text and "按国库支付口径" in text


def test_every_figure_in_the_draft_is_the_programs(draft, demo_path):
    """Read the document back: every number the check can place equals the program's figure,
    and the tables hold the catalogue's printed texts cell by cell."""
    from desktop.core.review import review_blocks
    from desktop.services.workspace import Workspace

    with Workspace.open(demo_path, actor="测试员") as ws:
        cat = report.catalogue(ws, 2020)
    review = review_blocks(docx_blocks(draft), cat)
    placed = [f for f in review.findings if f.figure]
    assert placed and all(f.kind in ("一致", "尾差") for f in placed), [f for f in placed if f.kind not in ("一致", "尾差")]
    ids = {f.figure for f in placed}
    for key in ("initial.total", "adjusted.total", "actual.total", "indicator.budget_execution_rate", "progress.q4",
                "quarter_rate.q1", "procurement.actual", "indicator.procurement_execution_rate", "assets.fixed.original",
                "staff.actual", "contract.actual", "score.total", "target.budget_execution_rate"):
        assert key in ids, key
    doc = Document(str(draft))
    budget = next(t for t in doc.tables if t.rows[0].cells[1].text == "年初预算（万元）")
    rows = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in budget.rows[1:]}
    assert rows["合计"] == [cat.text("initial.total"), cat.text("adjusted.total"), cat.text("actual.total"),
                          cat.text("indicator.budget_execution_rate") + "%"]
    assert rows["合计"][:3] == ["17,109.30", "24,041.75", "23,999.65"]
    quarters = next(t for t in doc.tables if t.rows[0].cells[0].text == "季度")
    assert [r.cells[1].text for r in quarters.rows[1:]] == ["29.53%", "57.60%", "82.00%", "99.83%"]


@pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice not installed")
def test_libreoffice_converts_the_draft_to_pdf(draft, tmp_path):
    """Offices have 仿宋/宋体; this machine does not, so fontconfig stands in the shipped font."""
    fonts = tmp_path / "fonts.conf"
    rules = "".join(f'<match target="pattern"><test name="family"><string>{name}</string></test>'
                    f'<edit name="family" mode="assign" binding="strong"><string>WenQuanYi Micro Hei</string></edit>'
                    f"</match>" for name in FONT_STANDINS)
    fonts.write_text(f'<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                     f"<dir>{resource_path('fonts')}</dir>{rules}</fontconfig>", encoding="utf-8")
    profile = tmp_path / "lo-profile"
    out = tmp_path / "pdf"
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts)}
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(draft)], check=True, capture_output=True, timeout=300, env=env)
    pdf = out / (draft.stem + ".pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext") and shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        assert 15 <= pages <= 60
        assert "595" in next(line for line in info.splitlines() if line.startswith("Page size"))  # A4
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "部门整体支出绩效自评报告" in text and "24,041.75" in text and "99.82%" in text


def _template(path: Path, paragraphs: list[str], cell: str | None = None) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if cell is not None:
        table = doc.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text = "第四季度末支出进度"
        table.rows[0].cells[1].text = cell
    doc.save(str(path))
    return path


def test_a_bureau_template_with_three_fields(demo_path, tmp_path, capsys):
    template = _template(tmp_path / "区财政局模板.docx",
                         ["{{ unit_name }}{{ year }}年度自评", "调整预算数为{{ adjusted.total }}万元，预算执行率"
                          "{{ indicator.budget_execution_rate }}%。"], cell="{{ progress.q4 }}%")
    out = tmp_path / "填好的报告.docx"
    assert main(["report", "--year", "2020", "--template", str(template), "--out", str(out),
                 "--db", str(demo_path)]) == 0
    doc = Document(str(out))
    assert [p.text for p in doc.paragraphs] == ["深圳市龙华区政务服务数据管理局2020年度自评",
                                                "调整预算数为24,041.75万元，预算执行率99.82%。"]
    assert doc.tables[0].rows[0].cells[1].text == "99.83%"
    capsys.readouterr()
    assert main(["review", str(out), "--year", "2020", "--db", str(demo_path)]) == 0


def test_an_unknown_field_is_refused_with_its_name_and_place(demo, tmp_path):
    template = _template(tmp_path / "模板.docx", ["调整预算数{{ adjusted.total }}万元"], cell="{{ progres.q4 }}")
    out = tmp_path / "out.docx"
    with pytest.raises(ValidationError) as err:
        report.write_report(demo, 2020, out, template=template)
    assert "progres.q4" in str(err.value) and "第 1 个表格第 1 行第 2 列" in str(err.value)
    assert not out.exists()
    template = _template(tmp_path / "模板2.docx", ["{{ adjusted.total | round }}"])
    with pytest.raises(ValidationError, match="不能有运算或过滤器"):
        report.write_report(demo, 2020, out, template=template)
    template = _template(tmp_path / "模板3.docx", ["{% for x in y %}{% endfor %}"])
    with pytest.raises(ValidationError, match="控制语句"):
        report.write_report(demo, 2020, out, template=template)


def test_fields_are_listed(demo_path, capsys):
    assert main(["report", "--fields", "--year", "2020", "--db", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert "{{ adjusted.total }}" in out and "24,041.75" in out and "{{ indicator.budget_execution_rate }}" in out


def test_a_template_without_fields_lends_its_styles(demo, tmp_path):
    doc = Document(str(resource_path("report", "default.docx")))
    doc.styles["Normal"].font.size = None
    styled = tmp_path / "样式.docx"
    doc.save(str(styled))
    out = tmp_path / "out.docx"
    report.write_report(demo, 2020, out, template=styled, charts=False, sources=False)
    assert "一、部门基本情况" in _all_text(out)


def test_bad_output_and_missing_template(demo, tmp_path):
    with pytest.raises(ValidationError, match=".docx"):
        report.write_report(demo, 2020, tmp_path / "r.pdf")
    with pytest.raises(ValidationError, match="找不到"):
        report.write_report(demo, 2020, tmp_path / "r.docx", template=tmp_path / "无.docx")
