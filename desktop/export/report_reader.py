"""Read a written report (.docx) into the blocks the check works on: each paragraph in order,
and each table cell that holds a number with its row label and column heading as context.

Columns that hold prose or references rather than figures (评分说明, 公式与来源, 序号) and the
appendix 数据来源 (a listing of formulas and inputs in 元, not report text) are not checked.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop.core.errors import ValidationError
from desktop.core.logs import log
from desktop.core.review import Block

SKIP_COLUMNS = ("评分说明", "公式与来源", "序号", "数据编号", "说明", "备注")
SKIP_TABLE_FIRST = ("数据编号",)
UNIT_IN_HEADING = re.compile(r"[（(](万元|元|亿元|%|人|个|项|分|笔)[）)]")
HAS_DIGIT = re.compile(r"\d")
# a cell that holds a figure (and nothing else): 1,234.56 · 99.82% · 35人 · ≥95.00% · -81.98% · —
VALUE = re.compile(r"[≥≤<>=]?\s*[-−]?[\d,.]+\s*(万元|元|%|人|个|项|分|笔)?|—")


def docx_blocks(path: Path) -> list[Block]:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a .docx
        log.warning("不是有效的 Word 文档：%s", Path(path).name, exc_info=True)
        raise ValidationError(f"报告文件：{Path(path).name} 不是有效的 Word 文档（.docx）：{exc}", "报告文件") from exc
    blocks: list[Block] = []
    number = 0
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            number += 1
            text = Paragraph(child, doc).text
            if text.strip():
                blocks.append(Block(text, number, f"p{number}"))
        elif tag == "tbl":
            number += 1
            blocks += _table_blocks(Table(child, doc), number)
    return blocks


def _table_blocks(table, number: int) -> list[Block]:
    return rows_to_blocks([[cell.text.strip() for cell in row.cells] for row in table.rows], number)


def rows_to_blocks(rows: list[list[str]], number: int) -> list[Block]:
    """A table's figures, each with its row label and column heading (the first row)."""
    if not rows or (rows[0] and rows[0][0] in SKIP_TABLE_FIRST):
        return []
    header = rows[0]
    out = []
    for cells in rows[1:]:
        label = " ".join(dict.fromkeys(
            text for c, text in enumerate(cells)
            if text and not VALUE.fullmatch(text) and (c >= len(header) or header[c] not in SKIP_COLUMNS)))
        for c, text in enumerate(cells):
            column = header[c] if c < len(header) else ""
            if column in SKIP_COLUMNS or not VALUE.fullmatch(text) or not HAS_DIGIT.search(text):
                continue
            unit = UNIT_IN_HEADING.search(column)
            out.append(Block(text, number, f"t{number}", context=f"{label} {column}".strip(), column=column,
                             unit=unit.group(1) if unit else "", line_starts=((0, number),)))
    return out
