"""Check a written self-evaluation report against the data: find every number with its context,
place it on a figure id of the year, compare at the printed precision, and classify it.

Kinds: 一致, 尾差 (a total beside separately rounded parts), 不一致, 格式错误 (“24.000.30”, never read as
a number), 口径不同 (the value is the same quantity on another basis), 精度不一 (57.6% beside
two-decimal rates), 未能对应 (a number the program cannot place: listed, never guessed), and 用语
(a typo of a known term). Pure text in, findings out: no Qt, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from desktop.core.figures import Catalogue, ReportFigure
from desktop.core.money import round_half_up
from desktop.core.report_terms import KNOWN_TERMS, LEGITIMATE, Concept, concept_terms

SAME, TAIL, WRONG, FORMAT, BASIS, PRECISION, UNPLACED, WORDING = (
    "一致", "尾差", "不一致", "格式错误", "口径不同", "精度不一", "未能对应", "用语")
KINDS = (WRONG, FORMAT, BASIS, PRECISION, TAIL, WORDING, UNPLACED, SAME)
FAILING = frozenset({WRONG, FORMAT})

_WIDE = str.maketrans("０１２３４５６７８９％．", "0123456789%.")
_NUMBER = re.compile(r"(?<![0-9A-Za-z.,])(?P<sign>[-−])?(?P<num>\d(?:[\d,.]*\d)?)(?P<space>\s*)"
                     r"(?P<unit>万元|亿元|元|个百分点|%|人|个|项|分|笔)?")
_SKIP_AFTER = re.compile(r"\s*(年|月|日|号|季度|期|届|级|版|小时|周年|倍)")
_NUMBERING = re.compile(r"\s*[.、．)）]")
_NOT_A_FIGURE_AFTER = ("第", "×", "*", "表", "图", "附件")
_SENTENCE_END = "。；;！？!?\n"
UNIT_OF = {"万元": "万元", "亿元": "万元", "元": "万元", "%": "%", "人": "人", "个": "个", "项": "项", "分": "分",
           "笔": "笔"}


@dataclass(frozen=True)
class Block:
    """A paragraph of the report, or one table cell with its row and column headings."""

    text: str
    line: int
    group: str  # sums are looked for within one group (a paragraph, a table)
    context: str = ""  # a table cell: row label and column heading
    column: str = ""  # a table cell: its column heading
    unit: str = ""  # a table cell: the unit its column or caption gives
    line_starts: tuple[tuple[int, int], ...] = ()  # (offset in text, line of the file) of wrapped lines

    def line_at(self, offset: int) -> int:
        line = self.line
        for start, number in self.line_starts:
            if start <= offset:
                line = number
        return line


@dataclass
class Finding:
    kind: str
    text: str
    figure: str | None
    expected: str | None
    line: int
    start: int = 0  # offsets in Review.text, for highlighting
    end: int = 0
    message: str = ""
    trace: str = ""
    printed: str = ""
    block: int = -1  # which block (paragraph or cell) of the report, and where in it
    offset: int = 0

    def to_json(self) -> dict:
        return {"kind": self.kind, "text": self.text, "figure": self.figure, "expected": self.expected,
                "line": self.line, "message": self.message}


@dataclass
class Review:
    text: str
    findings: list[Finding] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for f in self.findings if f.kind == kind)

    @property
    def failed(self) -> bool:
        return any(f.kind in FAILING for f in self.findings)

    def counts(self) -> dict[str, int]:
        return {k: self.count(k) for k in KINDS}


@dataclass
class _Token:
    block: int
    start: int
    end: int
    raw: str
    value: Decimal | None
    decimals: int
    unit: str
    signed: bool
    fmt_error: str = ""


# --- reading numbers ----------------------------------------------------------------------------

def _format_problem(num: str) -> str:
    if num.count(".") > 1:
        return "数字中有多个小数点"
    whole = num.split(".")[0]
    if "," in num.split(".")[-1] and "." in num:
        return "小数部分有千位分隔符"
    if len(whole.replace(",", "")) > 1 and whole.startswith("0"):
        return "整数部分有多余的前导零"
    if "," in whole:
        groups = whole.split(",")
        if not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
            return "千位分隔符位置不对"
    return ""


def _tokens(index: int, block: Block) -> list[_Token]:
    text = block.text.translate(_WIDE)
    out = []
    for m in _NUMBER.finditer(text):
        num, unit = m.group("num"), m.group("unit") or ""
        after = text[m.end("num"):]
        if not unit and _SKIP_AFTER.match(after):
            continue
        if not unit and re.fullmatch(r"(19|20)\d\d", num):
            continue  # a year
        before = text[:m.start()].rstrip()
        numbering = not unit and _NUMBERING.match(after) and (before == "" or before.endswith(("（", "(")))
        in_brackets = before.endswith(("（", "(")) and after.startswith(("）", ")"))
        if numbering or in_brackets or before.endswith(_NOT_A_FIGURE_AFTER) or after.startswith("×"):
            continue  # 1. （1） 第3 表4 7×24: numbering and references, not figures
        if not unit and block.unit:
            unit = block.unit
        end = m.end("unit") if m.group("unit") else m.end("num")
        raw = text[m.start():end]
        problem = _format_problem(num)
        if problem:
            out.append(_Token(index, m.start(), end, raw, None, 0, unit, False, problem))
            continue
        value = Decimal(num.replace(",", ""))
        signed = bool(m.group("sign"))
        if signed:
            value = -value
        decimals = len(num.split(".")[1]) if "." in num else 0
        out.append(_Token(index, m.start(), end, raw, value, decimals, unit, signed))
    return out


# --- placing a number on a figure ---------------------------------------------------------------

def _last_hit(text: str, words) -> tuple[int, int, str] | None:
    """The word (of `words`) that ends nearest the end of `text`; ties go to the longest."""
    best = None
    for word in words:
        pos = text.rfind(word)
        if pos >= 0:
            key = (pos + len(word), len(word), word)
            if best is None or key > best:
                best = key
    return best


class _Placer:
    def __init__(self, catalogue: Catalogue):
        self.cat = catalogue
        extra = {}
        for fig in catalogue.figures.values():
            if fig.concept in extra:
                continue
            name = fig.label.rsplit("（", 1)[0]
            if fig.concept.startswith("score."):
                extra[fig.concept] = Concept(((name, 2),), (("分值", "weight"), ("满分", "weight"), ("得分", "points")),
                                             "points")
            elif fig.concept.startswith("proj."):
                extra[fig.concept] = Concept(((name, 3),), (("调整", "adjusted"), ("决算", "actual"), ("支出", "actual"),
                                                            ("目标数", "targets"), ("达成", "met")), "actual")
        self.concepts = concept_terms(extra)
        self.by_concept: dict[str, list[ReportFigure]] = {}
        for fig in catalogue.figures.values():
            self.by_concept.setdefault(fig.concept, []).append(fig)

    def candidates(self, concept: str, unit: str, in_table: bool, target: bool) -> list[ReportFigure]:
        figs = [f for f in self.by_concept.get(concept, []) if f.unit == unit]
        if in_table and target:
            return [f for f in figs if f.scope.startswith("target.")] or figs
        return [f for f in figs if not f.scope.startswith("target.") and (in_table or not f.table_only)]

    def concept_for(self, window: str, unit: str, in_table: bool, previous: str | None) -> str | None:
        hits = {1: [], 2: [], 3: []}
        for name, concept in self.concepts.items():
            if not self.candidates(name, unit, in_table, False):
                continue
            for level in (2, 3):
                hit = _last_hit(window, [w for w, p in concept.aliases if p == level])
                if hit:
                    hits[level].append((*hit, name))
            hit = _last_hit(window, [w for w, p in concept.aliases if p == 1])
            if hit:
                hits[1].append((*hit, name))
        if hits[3]:  # a project's own name
            return max(hits[3])[3]
        if hits[2]:
            return max(hits[2])[3]
        if previous and self.candidates(previous, unit, in_table, False):
            words = [w for w, s in self.concepts[previous].scopes]
            if not hits[1] or _last_hit(window, words):
                return previous
        if hits[1]:
            return max(hits[1])[3]
        return None

    def figure_for(self, concept: str, unit: str, in_table: bool, target: bool,
                   searches: list[str]) -> ReportFigure | None:
        figs = self.candidates(concept, unit, in_table, target)
        if not figs:
            return None
        if len(figs) == 1:
            return figs[0]
        by_scope = {f.scope.removeprefix("target."): f for f in figs}
        words = [(w, s) for w, s in self.concepts[concept].scopes if s in by_scope]
        for text in searches:  # the words just before the number first, then the sentence, the paragraph
            hit = _last_hit(text, [w for w, _ in words])
            if hit:
                scope = next(s for w, s in words if w == hit[2])
                return by_scope[scope]
        default = self.concepts[concept].default
        return by_scope.get(default, figs[0])


def _in_unit(fig: ReportFigure, token_unit: str) -> Decimal:
    value = Decimal(fig.value)
    if token_unit == "元":
        return value * 10000
    if token_unit == "亿元":
        return value / 10000
    return value


def _equal(fig: ReportFigure, tok: _Token) -> bool:
    if fig.value is None or tok.value is None:
        return False
    expected = round_half_up(_in_unit(fig, tok.unit), tok.decimals)
    value = tok.value if tok.signed else abs(tok.value)
    return expected == value or (not tok.signed and expected == -value) or \
        (not tok.signed and abs(expected) == value)


# --- the review ---------------------------------------------------------------------------------

def review_blocks(blocks: list[Block], catalogue: Catalogue) -> Review:
    placer = _Placer(catalogue)
    offsets, pieces, pos = [], [], 0
    for b in blocks:
        shown = (b.context + "：" if b.context else "") + b.text
        offsets.append(pos + (len(b.context) + 1 if b.context else 0))
        pieces.append(shown)
        pos += len(shown) + 1
    review = Review("\n".join(pieces))
    placed: dict[int, list[tuple[_Token, Finding, ReportFigure | None]]] = {}
    for index, block in enumerate(blocks):
        text = block.text.translate(_WIDE)
        previous: tuple[str, int] | None = None  # concept and end of the last placed number
        for tok in _tokens(index, block):
            finding = _classify(placer, block, text, tok, previous)
            finding.start, finding.end = offsets[index] + tok.start, offsets[index] + tok.end
            finding.line = block.line_at(tok.start)
            lo = max(0, tok.start - 8)
            finding.text = text[lo:min(len(text), tok.end + 4)].replace("\n", " ")
            finding.printed = tok.raw
            finding.block, finding.offset = index, tok.start
            review.findings.append(finding)
            fig = catalogue.get(finding.figure) if finding.figure else None
            placed.setdefault(index, []).append((tok, finding, fig))
            if fig is not None:
                previous = (fig.concept, tok.end)
    _tail_differences(blocks, placed, catalogue)
    review.findings += _wording(blocks, offsets)
    review.findings.sort(key=lambda f: (f.start, f.end))
    return review


def _classify(placer: _Placer, block: Block, text: str, tok: _Token,
              previous: tuple[str, int] | None) -> Finding:
    sentence_start = max(text.rfind(ch, 0, tok.start) for ch in _SENTENCE_END) + 1
    prev_concept, prev_end = previous if previous and previous[1] >= sentence_start else (None, 0)
    window = text[max(sentence_start, prev_end):tok.start]
    in_table = bool(block.context)
    if in_table:
        window = block.context + window
    unit = UNIT_OF.get(tok.unit, "")
    target = in_table and "目标" in block.column
    concept = placer.concept_for(window, unit, in_table, prev_concept) if unit else None
    fig = None
    if concept:
        searches = [window, text[sentence_start:tok.start]]
        if in_table:
            searches = [block.context + text[:tok.start]]
        fig = placer.figure_for(concept, unit, in_table, target, searches)
    if fig is not None and not in_table and re.search(r"目标[值为是：:\s≥≤<>=（(]*$", window):
        return Finding(UNPLACED, "", None, None, 0, message="目标值：正文中的目标不与数据比较（见自评表）")
    if tok.fmt_error:
        return Finding(FORMAT, "", fig.id if fig else None, fig.text_with_unit if fig else None, 0,
                       message=f"“{tok.raw}”{tok.fmt_error}，不能作为数字读取",
                       trace=fig.trace if fig else "")
    if fig is None:
        why = "没有单位" if not tok.unit else ("单位不是报告数据所用的单位" if not unit else "上下文中没有可对应的数据名称")
        return Finding(UNPLACED, "", None, None, 0, message=f"未能对应到任何数据（{why}）")
    if _equal(fig, tok):
        kind, message = SAME, f"与{fig.label} {fig.text_with_unit} 一致"
        if fig.unit == "%" and tok.decimals not in (fig.places,) and not (
                tok.decimals == 0 and fig.value == fig.value.to_integral_value()):
            kind = PRECISION
            message = f"{fig.label}应按 {fig.places} 位小数写作 {fig.text_with_unit}，此处写 {tok.raw}"
        elif fig.unit != "%" and tok.decimals not in (0, fig.places):
            kind = PRECISION
            message = f"{fig.label}应写作 {fig.text_with_unit}，此处写 {tok.raw}"
        return Finding(kind, "", fig.id, fig.text_with_unit, 0, message=message, trace=fig.trace)
    for other_id in fig.alternates + tuple(f.id for f in placer.candidates(fig.concept, fig.unit, in_table, False)
                                           if f.id != fig.id):
        other = placer.cat.get(other_id)
        if other is not None and _equal(other, tok):
            return Finding(BASIS, "", fig.id, fig.text_with_unit, 0,
                           message=f"此处为{fig.label}（{fig.text_with_unit}），所写 {tok.raw} 是{other.label}"
                                   f"（{other.text_with_unit}），口径不同",
                           trace=fig.trace + "\n—— 另一口径 ——\n" + other.trace)
    return Finding(WRONG, "", fig.id, fig.text_with_unit, 0,
                   message=f"{fig.label}：数据为 {fig.text_with_unit}，报告写 {tok.raw}", trace=fig.trace)


def _tail_differences(blocks: list[Block], placed, catalogue: Catalogue) -> None:
    """A total beside its parts: 尾差 when the printed parts differ from the printed total by at
    most one unit of the last printed digit while the exact figures agree."""
    by_group: dict[str, dict[str, tuple[_Token, Finding]]] = {}
    for index, items in placed.items():
        group = by_group.setdefault(blocks[index].group, {})
        for tok, finding, fig in items:
            if fig is not None and finding.kind == SAME:
                group.setdefault(fig.id, (tok, finding))
    for group in by_group.values():
        for rule in catalogue.sums:
            # a part the text leaves out counts only when it is nil (政府采购工程 0.00 万元)
            present = [p for p in rule.parts if p in group]
            absent_nil = all(catalogue[p].value is not None and round_half_up(catalogue[p].value, 2) == 0
                             for p in rule.parts if p not in group)
            if rule.total not in group or len(present) < 2 or not absent_nil:
                continue
            total_tok, total_finding = group[rule.total]
            part_toks = [group[p][0] for p in present]
            if any(t.unit != total_tok.unit for t in part_toks):
                continue
            places = max(t.decimals for t in (total_tok, *part_toks))
            diff = total_tok.value - sum(t.value for t in part_toks)
            if diff != 0 and abs(diff) <= Decimal(1).scaleb(-places):
                exact = "，".join(f"{catalogue[k].label} {_exact(catalogue[k])}" for k in (rule.total, *rule.parts))
                total_finding.kind = TAIL
                total_finding.message = (f"分项按所印位数分别四舍五入后合计 {sum(t.value for t in part_toks)}，"
                                         f"与合计数 {total_tok.raw} 相差 {abs(diff)}，属尾差；精确数：{exact}")


def _exact(fig: ReportFigure) -> str:
    if fig.value is None:
        return "—"
    return f"{fig.value * 10000:,.2f} 元" if fig.unit == "万元" else f"{fig.value}{fig.unit}"


def _wording(blocks: list[Block], offsets: list[int]) -> list[Finding]:
    out = []
    terms = [t for t in KNOWN_TERMS if len(t) >= 4]
    for index, block in enumerate(blocks):
        text = block.text
        for term in terms:
            n = len(term)
            for i in range(len(text) - n + 1):
                piece = text[i:i + n]
                if piece == term or piece[0] != term[0] or piece[-1] != term[-1]:
                    continue
                diffs = [k for k in range(n) if piece[k] != term[k]]
                if len(diffs) != 1 or not ("\u4e00" <= piece[diffs[0]] <= "\u9fff"):
                    continue
                if piece in LEGITIMATE or any(piece in known for known in KNOWN_TERMS):
                    continue
                start = offsets[index] + i
                out.append(Finding(WORDING, text[max(0, i - 4):i + n + 4], None, term, block.line_at(i), start, start + n,
                                   f"“{piece}”应为“{term}”", printed=piece, block=index, offset=i))
    return out


# --- reading a plain-text report ----------------------------------------------------------------

_HEADING = re.compile(r"^\s*([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、](?!\d)|（\d+）|[①②③④⑤⑥⑦⑧⑨⑩])")


def _width(line: str) -> int:
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in line)


def text_blocks(text: str) -> list[Block]:
    """Paragraphs of a plain-text report whose lines were wrapped (as text copied out of a PDF is):
    a line that starts with a heading or numbering, or follows a short line that ended a sentence,
    starts a new paragraph; wrapped lines are joined without a space."""
    lines = text.splitlines()
    widths = sorted(_width(line.strip()) for line in lines if line.strip())
    full = widths[int(len(widths) * 0.9)] if widths else 0

    def heading(line: str) -> bool:
        return bool(_HEADING.match(line)) and "。" not in line and _width(line) < full * 0.75

    blocks: list[Block] = []
    current: list[str] = []
    starts: list[tuple[int, int]] = []
    first_line = 0
    last = ""
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        new = (not current or _HEADING.match(stripped) or heading(last)
               or (last.endswith(("。", "：", ":")) and _width(last) < full - 8))
        if new and current:
            blocks.append(Block("".join(current), first_line, f"p{len(blocks)}", line_starts=tuple(starts)))
            current, starts = [], []
        if not current:
            first_line = number
        starts.append((sum(len(c) for c in current), number))
        current.append(stripped)
        last = stripped
    if current:
        blocks.append(Block("".join(current), first_line, f"p{len(blocks)}", line_starts=tuple(starts)))
    return blocks
