"""Write the self-evaluation report as a Word document (.docx) with python-docx.

Two ways: the program's own layout of the outline (desktop/core/report_outline.py) into the
default template's styles (resources/report/default.docx: A4, 仿宋 body, 黑体/楷体 headings,
宋体 tables — the East Asian font names official documents expect), or a bureau's template with
Jinja fields naming figure ids (`{{ adjusted.total }}`), filled by docxtpl. A field the program
does not know is refused with its name and place before anything is written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import ValidationError
from desktop.core.logs import log
from desktop.core.figures import Catalogue
from desktop.core.paths import resource_path
from desktop.core.report_outline import Chart, Heading, Outline, Paragraph, Table
from desktop.export.atomic import atomic_write_bytes

DEFAULT_TEMPLATE = ("report", "default.docx")
BODY_FONT, TITLE_FONT, H1_FONT, H2_FONT, TABLE_FONT = "仿宋", "宋体", "黑体", "楷体", "宋体"
FIELD = re.compile(r"{{\s*(.*?)\s*}}")
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*")
BLOCK_TAG = re.compile(r"{%.*?%}")


def default_template() -> Path:
    return resource_path(*DEFAULT_TEMPLATE)


# --- the default template ---------------------------------------------------------------------

def _set_fonts(style_or_run, latin: str, east_asian: str, size_pt: float | None = None, bold: bool | None = None):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = style_or_run.font
    font.name = latin
    if size_pt:
        font.size = Pt(size_pt)
    if bold is not None:
        font.bold = bold
    rpr = style_or_run.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), east_asian if attr == "w:eastAsia" else latin)


def build_default_template() -> bytes:
    """The shipped template: A4, margins of GB/T 9704, the styles the writer uses."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    styles = doc.styles
    normal = styles["Normal"]
    _set_fonts(normal, "Times New Roman", BODY_FONT, 16)
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.first_line_indent = Pt(32)
    normal.paragraph_format.space_after = Pt(0)
    for name, font, size, bold in (("Title", TITLE_FONT, 22, True), ("Heading 1", H1_FONT, 16, False),
                                   ("Heading 2", H2_FONT, 16, False), ("Heading 3", BODY_FONT, 16, True)):
        st = styles[name]
        _set_fonts(st, "Times New Roman", font, size, bold)
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.font.italic = False
        pf = st.paragraph_format
        pf.first_line_indent = Pt(0) if name == "Title" else Pt(32)
        pf.space_before, pf.space_after = Pt(6 if name != "Title" else 0), Pt(6 if name == "Title" else 0)
        pf.line_spacing = Pt(28 if name != "Title" else 36)
        pf.keep_with_next = True
        if name == "Title":
            pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
            title_rpr = st.element.get_or_add_rPr()
            for border in title_rpr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bdr"):
                title_rpr.remove(border)
            ppr = st.element.get_or_add_pPr()
            for child in list(ppr):
                if child.tag.endswith("pBdr"):
                    ppr.remove(child)
    for name, font, size, align in (("报告表格", TABLE_FONT, 10.5, None), ("报告表题", H1_FONT, 12, "center"),
                                    ("报告图题", BODY_FONT, 12, "center"), ("报告说明", BODY_FONT, 16, None)):
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        _set_fonts(st, "Times New Roman", font, size)
        pf = st.paragraph_format
        pf.first_line_indent = Pt(32) if name == "报告说明" else Pt(0)
        pf.line_spacing = Pt(28) if name == "报告说明" else 1.0
        if align:
            pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if name == "报告表题":
            pf.keep_with_next = True
            pf.space_before = Pt(6)
            pf.space_after = Pt(3)
        if name == "报告说明":
            st.font.color.rgb = RGBColor(0x1F, 0x3A, 0x68)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- laying out the outline ---------------------------------------------------------------------

def _clear_body(doc) -> None:
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)


def _style(doc, name: str, fallback: str = "Normal"):
    try:
        return doc.styles[name]
    except KeyError:
        return doc.styles[fallback]


def _page_number_footer(doc) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    footer = doc.sections[0].footer
    para = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    para.text = ""
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.first_line_indent = 0
    para.add_run("— ")
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        r = para.add_run()
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        r._r.append(el)
    para.add_run(" —")


def _table(doc, table: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    doc.add_paragraph(table.caption, style=_style(doc, "报告表题"))
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.header))
    try:
        grid.style = doc.styles["Table Grid"]
    except KeyError:
        pass
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    usable = 15.6
    widths = table.widths or (1.0,) * len(table.header)
    scale = usable / sum(widths)
    for c, column in enumerate(grid.columns):  # LibreOffice lays out by the grid, Word by the cells
        column.width = Cm(widths[c] * scale)
    cell_style = _style(doc, "报告表格")
    for r, values in enumerate((table.header, *table.rows)):
        row = grid.rows[r]
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
        if r == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))  # the heading row repeats on every page
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = Cm(widths[c] * scale)
            para = cell.paragraphs[0]
            para.style = cell_style
            run = para.add_run(value)
            if r == 0:
                run.bold = True
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                shade = OxmlElement("w:shd")
                shade.set(qn("w:val"), "clear")
                shade.set(qn("w:fill"), "E7EDF5")
                cell._tc.get_or_add_tcPr().append(shade)
            elif _numeric(value):
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph("", style=_style(doc, "报告表格"))


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[-≥≤]?[\d,]+(\.\d+)?\s*[%人项个]?|—", text.strip()))


@dataclass(frozen=True)
class WrittenReport:
    path: Path
    placeholders: tuple[str, ...]
    blank_fields: tuple[str, ...] = ()


def write_outline(outline: Outline, out: Path, charts: Callable[[str], bytes] | None,
                  template: Path | None = None) -> WrittenReport:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    doc = Document(str(template or default_template()))
    _clear_body(doc)
    doc.add_paragraph(outline.title, style=_style(doc, "Title"))
    sub = doc.add_paragraph(outline.subtitle, style=_style(doc, "报告图题"))
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for item in outline.items:
        if isinstance(item, Heading):
            para = doc.add_paragraph(item.text, style=_style(doc, f"Heading {item.level}"))
            para.paragraph_format.page_break_before = item.new_page
        elif isinstance(item, Paragraph):
            doc.add_paragraph(item.text, style=_style(doc, "报告说明" if item.note else "Normal"))
        elif isinstance(item, Table):
            _table(doc, item)
        elif isinstance(item, Chart) and charts is not None:
            para = doc.add_paragraph(style=_style(doc, "报告图题"))
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.paragraph_format.keep_with_next = True
            para.add_run().add_picture(io.BytesIO(charts(item.kind)), width=Cm(14.5))
            doc.add_paragraph(item.caption, style=_style(doc, "报告图题"))
    _page_number_footer(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    atomic_write_bytes(Path(out), buffer.getvalue())
    return WrittenReport(Path(out), tuple(outline.placeholders))


# --- a bureau's template with fields ------------------------------------------------------------

def template_fields(path: Path) -> list[tuple[str, str]]:
    """Every `{{ field }}` of a template with its place (段落 / 表格 / 页眉页脚)."""
    from docx import Document

    try:
        doc = Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a .docx
        log.warning("不是有效的 Word 文档：%s", Path(path).name, exc_info=True)
        raise ValidationError(f"模板：{Path(path).name} 不是有效的 Word 文档（.docx）：{exc}", "模板") from exc
    found: list[tuple[str, str]] = []

    def scan(text: str, place: str) -> None:
        if BLOCK_TAG.search(text):
            raise ValidationError(f"模板：{place}含有控制语句“{BLOCK_TAG.search(text).group(0)}”，"
                                  "模板只能使用 {{ 数据编号 }} 字段", "模板")
        for m in FIELD.finditer(text):
            found.append((m.group(1), place))

    for n, para in enumerate(doc.paragraphs, start=1):
        scan(para.text, f"正文第 {n} 段")
    for t, table in enumerate(doc.tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            for c, cell in enumerate(row.cells, start=1):
                scan(cell.text, f"第 {t} 个表格第 {r} 行第 {c} 列")
    for s, section in enumerate(doc.sections, start=1):
        for part, name in ((section.header, "页眉"), (section.footer, "页脚")):
            for para in part.paragraphs:
                scan(para.text, f"第 {s} 节{name}")
    return found


class _Node:
    """A figure id's dotted path for Jinja: `{{ adjusted.project }}` prints the figure and
    `{{ adjusted.project.capital }}` goes on to the child."""

    def __init__(self, text: str | None = None):
        self.text, self.children = text, {}

    def __getattr__(self, name: str):
        try:
            return self.__dict__["children"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __str__(self) -> str:
        return self.text if self.text is not None else ""


def field_values(cat: Catalogue) -> dict[str, str]:
    values = {"unit_name": cat.unit_name, "year": str(cat.year)}
    for fig in cat.figures.values():
        if FIELD_NAME.fullmatch(fig.id):
            values[fig.id] = fig.text
    return values


def fill_template(template: Path, cat: Catalogue, out: Path) -> WrittenReport:
    from docxtpl import DocxTemplate
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    fields = template_fields(template)
    if not fields:
        raise ValidationError(f"模板：{Path(template).name} 中没有 {{{{ 数据编号 }}}} 字段", "模板")
    values = field_values(cat)
    for name, place in fields:
        if not FIELD_NAME.fullmatch(name):
            raise ValidationError(f"模板：{place}的字段“{{{{ {name} }}}}”不是数据编号（字段只能写数据编号，不能有运算或过滤器）",
                                  "模板")
        if name not in values:
            raise ValidationError(f"模板：{place}的字段“{{{{ {name} }}}}”不是已知的数据编号"
                                  "（用 budget-desk report --fields 查看可用字段）", "模板")
    root = _Node()
    for key, text in values.items():
        node = root
        for part in key.split("."):
            node = node.children.setdefault(part, _Node())
        node.text = text
    blank = tuple(sorted({name for name, _ in fields if values[name] == "—"}))
    doc = DocxTemplate(str(template))
    doc.render(dict(root.children), jinja_env=SandboxedEnvironment(undefined=StrictUndefined, autoescape=True))
    buffer = io.BytesIO()
    doc.save(buffer)
    atomic_write_bytes(Path(out), buffer.getvalue())
    return WrittenReport(Path(out), (), blank)
