"""The self-evaluation report: the figure catalogue of a year, the Word draft written from it,
and the check of a written report (.docx, .txt) against it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.core import figures as core_figures
from desktop.core import review as core_review
from desktop.core.errors import ValidationError
from desktop.core.figures import Catalogue
from desktop.services.evaluation import Evaluation, evaluate
from desktop.services.workspace import Workspace


@dataclass(frozen=True)
class ReportData:
    evaluation: Evaluation
    catalogue: Catalogue
    narratives: dict[str, str]


def catalogue_of(evaluation: Evaluation) -> Catalogue:
    return core_figures.build(evaluation.facts, evaluation.indicators, evaluation.score)


def report_data(ws: Workspace, year: int, unit: str | None = None) -> ReportData:
    from desktop.services import people

    evaluation = evaluate(ws, year, unit)
    return ReportData(evaluation, catalogue_of(evaluation), people.narratives(ws, year, unit))


def catalogue(ws: Workspace, year: int, unit: str | None = None) -> Catalogue:
    return catalogue_of(evaluate(ws, year, unit))


def read_blocks(path: Path) -> list[core_review.Block]:
    """The paragraphs (and table cells) of a written report."""
    path = Path(path)
    if not path.exists():
        raise ValidationError(f"报告文件：找不到 {path}", "报告文件")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from desktop.export.report_reader import docx_blocks

        return docx_blocks(path)
    if suffix in (".txt", ".text", ".md"):
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return core_review.text_blocks(raw.decode(encoding))
            except UnicodeDecodeError:
                continue
        raise ValidationError(f"报告文件：{path.name} 不是 UTF-8 或 GB18030 编码的文本", "报告文件")
    raise ValidationError(f"报告文件：只能核对 .docx 或 .txt（不是 {suffix or '无扩展名'}）；"
                          "PDF 请先另存为 .docx 或复制文字为 .txt", "报告文件")


def review_file(ws: Workspace, path: Path, year: int, unit: str | None = None) -> core_review.Review:
    blocks = read_blocks(path)
    return core_review.review_blocks(blocks, catalogue(ws, year, unit))


def chart_png(evaluation: Evaluation, kind: str) -> bytes:
    """A chart of the report at print resolution (the same drawing as the window and `chart`)."""
    from desktop.core import charts as core_charts
    from desktop.export import charts as drawing

    data = core_charts.chart_data(kind, evaluation.facts, evaluation.indicators)
    return drawing.render(data, "png", size=(6.4, 3.8), dpi=200)


def write_report(ws: Workspace, year: int, out: Path, *, unit: str | None = None, template: Path | None = None,
                 sources: bool = True, charts: bool = True):
    """Write the draft (.docx). With a template that has {{ 数据编号 }} fields, fill those fields;
    with a template without fields, use its styles for the program's own layout."""
    from desktop.core.report_outline import build_outline
    from desktop.export import report_docx

    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise ValidationError(f"输出文件：自评报告只能保存为 .docx（不是 {out.suffix or '无扩展名'}）", "输出文件")
    data = report_data(ws, year, unit)
    if template is not None:
        template = Path(template)
        if not template.exists():
            raise ValidationError(f"模板：找不到 {template}", "模板")
        if report_docx.template_fields(template):
            return report_docx.fill_template(template, data.catalogue, out)
    outline = build_outline(data.catalogue, data.evaluation.indicators, data.evaluation.score, data.narratives,
                            sources=sources)
    drawer = (lambda kind: chart_png(data.evaluation, kind)) if charts else None
    return report_docx.write_outline(outline, out, drawer, template)
