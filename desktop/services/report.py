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
