"""Read a workbook back: our template or export (every data sheet), or an asset card list
exported by another system (headers matched by name, with the usual Chinese synonyms).

Every cell is validated; a refusal names the sheet, the row and the column. Nothing here
touches the database: the result is an interchange document plus the list of refusals, which
the service shows as a preview before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.core.domain import AssetClass, AssetKind, AssetStatus
from desktop.core.errors import ValidationError
from desktop.core.money import MoneyError, format_amount, parse_decimal, plain_to_fen
from desktop.export import layout
from desktop.export.cells import FAILED, REFUSED, Cells, Refusal, converter, exact, norm
from desktop.export.xlsx_safety import check_file, check_xml_prologs
from desktop.export.xlsx_source import Book, column_letter

MAX_EMPTY_RUN = 50  # stop after this many empty rows (a stray formatted cell at XFD1048576 costs nothing)


@dataclass
class ParsedWorkbook:
    unit_code: str = ""
    unit_name: str = ""
    year: int | None = None
    locked: bool = False
    lock_reason: str = ""
    year_doc: dict[str, Any] = field(default_factory=dict)
    refusals: list[Refusal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)        # cells normalized or totals cross-checked
    rows: dict[str, list[int]] = field(default_factory=dict)            # section → sheet row of each item
    columns: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (section, key) → sheet, column
    hidden: list[str] = field(default_factory=list)

    def locate(self, section: str, index: int, key: str = "") -> tuple[str, int, str] | None:
        """Where item `index` of `section` (and its field `key`) came from."""
        rows = self.rows.get(section, [])
        if not 0 <= index < len(rows):
            return None
        sheet, column = self.columns.get((section, key.split(".")[0] if key else ""), (None, ""))
        if sheet is None:
            sheet = next((v[0] for k, v in self.columns.items() if k[0] == section), "")
        return sheet, rows[index], column


def _find_header(rows: list[tuple], wanted: dict[str, list[str]]) -> tuple[int, dict[str, int]] | None:
    """The header row among the first rows: the one naming most of the wanted columns."""
    best = None
    for index, row in enumerate(rows):
        names = {norm(v): n for n, v in enumerate(row) if v is not None}
        found = {}
        for key, synonyms in wanted.items():
            for synonym in synonyms:
                if norm(synonym) in names:
                    found[key] = names[norm(synonym)]
                    break
        if found and (best is None or len(found) > len(best[1])):
            best = (index, found)
    return best


def read_sheet(book: Book, parsed: ParsedWorkbook, sheet_name: str, spec: layout.DataSheet,
               synonyms: dict[str, list[str]] | None = None, *, strict_headers: bool = True) -> list[dict]:
    ws = book[sheet_name]
    cells = Cells(book, ws, parsed)
    wanted = {c.key: (synonyms or {}).get(c.key, [c.header]) for c in spec.columns}
    head_rows = list(ws.rows(1, 6))
    found = _find_header(head_rows, wanted)
    if found is None:
        cells.refuse(1, -1, "", f"找不到表头（应包含：{'、'.join(c.header for c in spec.columns)}）")
        return []
    header_index, columns = found
    missing = [c.header for c in spec.columns if c.required and c.key not in columns]
    if missing and strict_headers:
        cells.refuse(header_index + 1, -1, "", f"缺少必需的列：{'、'.join(missing)}")
        return []
    headers = {c.key: str(head_rows[header_index][columns[c.key]]) for c in spec.columns if c.key in columns}
    items: list[dict] = []
    item_rows: list[int] = []
    for c in spec.columns:
        if c.key in columns:
            parsed.columns[(spec.section, c.key.split(".")[0])] = (sheet_name, column_letter(columns[c.key]))
    plan = [(c, columns.get(c.key), headers.get(c.key), converter(c), c.key.split(".") if "." in c.key else None,
             c.kind == "text" and c.key != "project") for c in spec.columns]
    totals: dict[str, Decimal] = {}
    empty_run = 0
    first_data_row = header_index + 2
    for row_number, row in enumerate(ws.rows(first_data_row), start=first_data_row):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            empty_run += 1
            if empty_run >= MAX_EMPTY_RUN:
                break
            continue
        empty_run = 0
        first = row[0] if row else None
        if isinstance(first, str) and "计" in first and norm(first) in ("合计", "总计", "小计"):
            for key in spec.total_columns:
                if key in columns and columns[key] < len(row):
                    value = cells.raw(row_number, columns[key], row[columns[key]], headers[key])
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        totals[key] = exact(value)
            continue
        item: dict[str, Any] = {}
        ok = True
        for c, index, header, convert, parts, empty_is_text in plan:
            if index is None:
                value = None
                if c.required:
                    ok = False
            else:
                value = row[index] if index < len(row) else None
                if value is None and not c.required and not cells.merged:
                    pass  # an empty optional cell on a sheet without merged cells: nothing to check
                elif value is None or (value.__class__ is str and not value.strip()):
                    value = cells.convert(row_number, index, c, value, header, convert)  # blank: merged? required?
                else:
                    try:
                        value = convert(cells, row_number, index, c, value, header)
                    except REFUSED as exc:
                        cells.refuse_because(row_number, index, header, exc)
                        value = FAILED
                if value is FAILED:
                    ok = False
                    continue
            if value is None and empty_is_text:
                value = ""  # an empty optional text is "", as the database keeps it
            if parts is None:
                item[c.key] = value
            elif value is not None:  # a nested part (disposal.*) exists only when it holds something
                _put(item, c.key, value)
        if ok:
            items.append(item)
            item_rows.append(row_number)
    cells.finish()
    parsed.rows[spec.section] = item_rows
    for key, total in totals.items():
        # the items hold the "1234.50" text cells._to_yuan gives: summed as integer 分, exactly
        computed = Decimal(sum(plain_to_fen(_get(i, key) or "0.00", headers[key]) for i in items)).scaleb(-2)
        if computed != total.quantize(Decimal("0.01")):
            parsed.notes.append(f"工作表“{sheet_name}”的合计行（{headers[key]}）为 {format_amount(total)}，"
                                f"明细相加为 {format_amount(computed)}，以明细为准")
    return items


def _put(item: dict, key: str, value: Any) -> None:
    parts = key.split(".")
    for part in parts[:-1]:
        item = item.setdefault(part, {})
    item[parts[-1]] = value


def _get(item: dict, key: str) -> Any:
    for part in key.split("."):
        item = item.get(part) if isinstance(item, dict) else None
    return item


def open_book(path: Path) -> Book:
    check_file(path)
    check_xml_prologs(path)
    return Book(Path(path))


def read_workbook(path: Path) -> ParsedWorkbook:
    """Our template or export: the cover, then every data sheet present."""
    book = open_book(path)
    parsed = ParsedWorkbook()
    names = book.sheetnames
    if layout.COVER not in names:
        raise ValidationError(f"工作簿“{Path(path).name}”不是本软件的模板或导出文件（缺少“封面”工作表）；"
                              "如是其他系统导出的资产卡片，请用“导入资产卡片”")
    _read_cover(book, parsed)
    doc: dict[str, Any] = {"year": parsed.year, "locked": parsed.locked, "lock_reason": parsed.lock_reason}
    for spec in layout.DATA_SHEETS:
        doc[spec.section] = read_sheet(book, parsed, spec.name, spec) if spec.name in names else []
    doc["carryover"] = doc.pop("carryover")[0] if doc.get("carryover") else None
    doc["unit_details"] = doc.pop("unit_details")[0] if doc.get("unit_details") else {}
    targets = doc.pop("targets", [])
    for project in doc["projects"]:
        project["targets"] = [{k: v for k, v in t.items() if k != "project"} for t in targets
                              if t["project"] == project["code"]]
        project.setdefault("note", "")
    known = {p["code"] for p in doc["projects"]}
    for n, t in enumerate(targets):
        if t["project"] not in known:
            sheet, row, col = parsed.locate("targets", n, "project") or (layout.TARGETS.name, 0, "A")
            parsed.refusals.append(Refusal(sheet, row, col, "项目编码", f"没有项目编码“{t['project']}”（“项目”工作表中）"))
    for section, defaults in (("budget_lines", {"note": ""}), ("expenditures", {"note": ""}),
                              ("procurements", {"supplier": ""}), ("key_tasks", {"note": ""}),
                              ("metrics", {"unit": "", "note": ""}), ("ledger", {"note": ""}),
                              ("narratives", {"body": ""})):
        for item in doc[section]:
            for key, value in defaults.items():
                if item.get(key) is None:
                    item[key] = value
    for target in (t for p in doc["projects"] for t in p["targets"]):
        target["unit"] = target.get("unit") or ""
    for card in doc["asset_cards"]:
        card["custodian"] = card.get("custodian") or ""
        card["location"] = card.get("location") or ""
        disposal = card.get("disposal") or {}
        if disposal.get("method") is None:
            card["disposal"] = None
        else:
            disposal["residual_value"] = disposal.get("residual_value") or "0.00"
            disposal["remitted"] = bool(disposal.get("remitted"))
    doc["self_evaluation"] = _read_scores(book, parsed) if layout.SCORE_SHEET in names else []
    parsed.year_doc = doc
    return parsed


def _read_cover(book: Book, parsed: ParsedWorkbook) -> None:
    ws = book[layout.COVER]
    for row_number, row in enumerate(ws.rows(1, 20), start=1):
        if not row or row[0] is None:
            continue
        key = layout.COVER_FIELDS.get(norm(row[0]))
        value = row[1] if len(row) > 1 else None
        if key == "unit_code":
            parsed.unit_code = norm(value)
        elif key == "unit_name":
            parsed.unit_name = str(value or "").strip()
        elif key == "year":
            try:
                parsed.year = int(value) if isinstance(value, float) and value == int(value) else int(norm(value))
            except ValueError:
                parsed.refusals.append(Refusal(layout.COVER, row_number, "B", "年度", f"“{value}”不是年度"))
        elif key == "locked":
            parsed.locked = norm(value) == "已锁定"
        elif key == "lock_reason":
            parsed.lock_reason = str(value or "").strip()
    if not parsed.unit_code or not parsed.unit_name or parsed.year is None:
        parsed.refusals.append(Refusal(layout.COVER, 1, "", "", "封面缺少单位代码、单位名称或年度"))


def read_cover_values(path: Path) -> dict[str, Any]:
    """The label → value pairs of a workbook's cover (nothing else is parsed)."""
    book = open_book(path)
    try:
        if layout.COVER not in book.sheetnames:
            raise ValidationError(f"工作簿“{Path(path).name}”不是本软件的导出文件（缺少“封面”工作表）")
        rows = book[layout.COVER].rows(1, 30)
        return {norm(row[0]): row[1] if len(row) > 1 else None for row in rows if row and row[0] is not None}
    finally:
        book.close()


def _read_scores(book: Book, parsed: ParsedWorkbook) -> list[dict]:
    ws = book[layout.SCORE_SHEET]
    cells = Cells(book, ws, parsed)
    out = []
    rows = ws.rows()
    header = next(rows, ())
    index = {norm(h): n for n, h in enumerate(header) if h is not None}
    need = ("评分项代码", "得分", "评分方式", "评分说明")
    if not all(n in index for n in need):
        cells.refuse(1, -1, "", f"缺少必需的列：{'、'.join(n for n in need if n not in index)}")
        return out
    for row_number, row in enumerate(rows, start=2):
        if norm(row[index["评分方式"]] if index["评分方式"] < len(row) else "") != "人工":
            continue
        code = norm(row[index["评分项代码"]])
        points = row[index["得分"]] if index["得分"] < len(row) else None
        reason = row[index["评分说明"]] if index["评分说明"] < len(row) else None
        if points is None or points == "":
            continue  # not scored yet in the template
        try:
            value = parse_decimal(exact(points), field="得分",
                                  max_decimals=2)
        except MoneyError as exc:
            cells.refuse(row_number, index["得分"], "得分", str(exc).split("：", 1)[-1])
            continue
        if not reason:
            cells.refuse(row_number, index["评分说明"], "评分说明", "人工评分必须写明理由")
            continue
        out.append({"item": code, "points": str(value), "reason": str(reason)})
    return out


# --- asset lists from other systems ---------------------------------------------------------

ASSET_SYNONYMS = {
    "card_no": ["卡片编号", "资产编号", "资产卡片号", "卡片号", "资产代码"],
    "name": ["资产名称", "名称", "资产名"],
    "class": ["资产分类", "分类", "资产类别", "国标分类", "分类名称"],
    "kind": ["资产类型", "类型"],
    "acquisition": ["取得方式", "增加方式", "来源"],
    "acquired_on": ["取得日期", "购置日期", "入账日期", "购入日期"],
    "original_value": ["账面原值（元）", "账面原值(元)", "原值（元）", "原值(元)", "账面原值", "原值", "资产原值", "价值",
                       "账面原值（万元）", "原值（万元）"],
    "depreciation": ["累计折旧（元）", "累计折旧(元)", "累计折旧", "累计折旧（摊销）", "累计摊销", "累计折旧（万元）"],
    "status": ["使用状况", "使用状态", "状态"],
    "custodian": ["使用人/保管人", "使用人", "保管人", "使用部门"],
    "location": ["存放地点", "存放位置", "地点"],
}

ASSET_LIST = layout.DataSheet("资产卡片", "asset_cards", (
    layout.Col("card_no", "卡片编号"),
    layout.Col("name", "资产名称"),
    layout.Col("class", "资产分类"),
    layout.Col("kind", "资产类型", required=False),
    layout.enum_col("acquisition", "取得方式", layout.CARDS.columns[4].enum, required=False),
    layout.Col("acquired_on", "取得日期", "date"),
    layout.Col("original_value", "账面原值", "yuan"),
    layout.Col("depreciation", "累计折旧", "yuan", required=False),
    layout.enum_col("status", "使用状况", AssetStatus, required=False),
    layout.Col("custodian", "使用人/保管人", required=False),
    layout.Col("location", "存放地点", required=False),
))


def asset_class_of(text: str) -> str:
    """A class label, a top-level code, or a GB/T 14885 code (its first digit is the class)."""
    value = norm(text)
    for cls in AssetClass:
        if value in (cls.label, cls.value) or norm(cls.label) == value:
            return cls.value
    digits = re.sub(r"^[A-Za-z]+", "", value)
    if digits[:1] in {c.value for c in AssetClass}:
        return digits[0]
    if "无形" in value:
        return AssetClass.INTANGIBLE.value
    raise ValueError(f"“{text}”不是 GB/T 14885 的资产分类")


def read_asset_list(path: Path) -> tuple[list[dict], ParsedWorkbook]:
    """Asset cards from another system's export: the first sheet whose header names the cards."""
    book = open_book(path)
    parsed = ParsedWorkbook()
    names = book.sheetnames
    chosen = next((n for n in names if n in (layout.CARDS.name, "资产卡片")), None)
    if chosen is None:
        for name in names:
            head = list(book[name].rows(1, 6))
            if _find_header(head, {"card_no": ASSET_SYNONYMS["card_no"], "original_value": ASSET_SYNONYMS["original_value"]}):
                chosen = name
                break
    if chosen is None:
        raise ValidationError(f"工作簿“{Path(path).name}”中找不到资产卡片表（需要“卡片编号/资产编号”和“原值”列）")
    rows = read_sheet(book, parsed, chosen, ASSET_LIST, ASSET_SYNONYMS)
    cards = []
    for n, row in enumerate(rows):
        where = parsed.locate("asset_cards", n, "class") or (chosen, 0, "")
        try:
            cls = asset_class_of(row["class"])
        except ValueError as exc:
            parsed.refusals.append(Refusal(where[0], where[1], where[2], "资产分类", str(exc)))
            continue
        kind = AssetKind.INTANGIBLE.value if cls == AssetClass.INTANGIBLE.value else AssetKind.FIXED.value
        cards.append({
            "card_no": row["card_no"], "name": row["name"], "class": cls, "kind": kind,
            "acquisition": row.get("acquisition") or "purchase", "acquired_on": row["acquired_on"],
            "original_value": row["original_value"], "depreciation": row.get("depreciation") or "0.00",
            "status": row.get("status") or AssetStatus.IN_USE.value, "custodian": row.get("custodian") or "",
            "location": row.get("location") or "", "disposal": None, "_row": n,
        })
    return cards, parsed
