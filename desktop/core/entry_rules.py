"""Rules every entry point applies — the forms and commands (services) and the JSON/Excel import
alike — so that nothing an import brings in could not have been typed.

Each rule raises `ValidationError` with a Chinese message naming the field or the document path
(`where`); the import maps a path to its sheet/row/column.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from desktop.core.domain import BudgetCategory
from desktop.core.errors import ValidationError
from desktop.core.money import MAX_YUAN, format_amount

# One kind of amount summed over a year stays below 10^13 元: a sum in 分 then stays far inside
# SQLite's 64-bit integers (9.2×10^16 元), an adjusted budget (initial + adjustments) too, and
# every total has at most 15 significant digits, as Excel keeps them.
YEAR_TOTAL_LIMIT = Decimal("9999999999999.99")


def check_adjustment_amount(amount: Decimal, where: str = "调整金额", key: str = "") -> None:
    if amount == 0:
        raise ValidationError(f"{where}：不能为零（0.00 的调整不改变预算，无需录入）", where, key)


def check_reversal(original: dict[str, Any] | None, reversal: dict[str, Any], where: str,
                   reversed_by: int | None = None) -> None:
    """A reversal (冲销) refers to an earlier adjustment that is not itself a reversal and not
    already reversed, with the same category and project and the opposite amount.

    `original` / `reversal`: {"seq", "category", "project", "amount", "reverses"};
    `reversed_by`: the seq of an earlier reversal of the same original, if any."""
    seq = reversal.get("reverses")
    if original is None:
        raise ValidationError(f"{where}.reverses：冲销的第 {seq} 号调整不在它之前", f"{where}.reverses")
    if original.get("reverses") is not None:
        raise ValidationError(f"{where}.reverses：第 {seq} 号是冲销记录，不能再冲销", f"{where}.reverses")
    if reversed_by is not None:
        raise ValidationError(f"{where}.reverses：第 {seq} 号预算调整已被第 {reversed_by} 号冲销，不能重复冲销",
                              f"{where}.reverses")
    if reversal["category"] != original["category"]:
        raise ValidationError(f"{where}.category：冲销记录的类别必须与第 {seq} 号调整相同", f"{where}.category")
    if reversal.get("project") != original.get("project"):
        raise ValidationError(f"{where}.project：冲销记录的项目必须与第 {seq} 号调整相同"
                              f"（原调整：{original.get('project') or '无项目'}）", f"{where}.project")
    if Decimal(reversal["amount"]) != -Decimal(original["amount"]):
        raise ValidationError(f"{where}.amount：冲销金额必须与第 {seq} 号调整金额相反", f"{where}.amount")


def check_not_negative(label: str, initial: Decimal, adjustments: Decimal, where: str, key: str = "") -> None:
    """An adjusted budget (initial + adjustments) never goes below zero: a cut larger than the
    budget it cuts is a typing error (or a missing 追加), and every rate on it would be meaningless."""
    adjusted = initial + adjustments
    if adjusted < 0:
        raise ValidationError(
            f"{where}：调减后{label}的调整预算为 {format_amount(adjusted)} 元，低于零"
            f"（年初预算 {format_amount(initial)} 元，调整合计 {format_amount(adjusted - initial)} 元）", where, key)


def check_year_total(label: str, total: Decimal, where: str, key: str = "") -> None:
    if abs(total) > YEAR_TOTAL_LIMIT:
        raise ValidationError(f"{where}：本年度{label}合计 {format_amount(total)} 元，超过单个年度的上限 "
                              f"{format_amount(YEAR_TOTAL_LIMIT)} 元（请检查金额单位）", where, key)


def check_spending_category(category: str, where: str, key: str = "") -> None:
    if BudgetCategory(category).budget_only:
        raise ValidationError(f"{where}：“{BudgetCategory(category).label}”只用于预算，支出请记在具体的“三公”经费项目上",
                              where, key)


# --- a whole year of an interchange document ----------------------------------------------------

def _sum(items: list[dict], key: str) -> Decimal:
    """Sum of |amount| in 元. Amounts in a document are text with exactly two decimals (the schema
    says so), read here as integers of 分: 1M cards take ~0.2 s instead of ~0.7 s as Decimals."""
    if len(items) * MAX_YUAN <= YEAR_TOTAL_LIMIT:
        return Decimal(0)  # too few amounts to reach the limit
    fen = sum(abs(int(i[key].replace(".", ""))) for i in items if i.get(key) is not None)
    return Decimal(fen) / 100


def check_year_document(doc: dict[str, Any], at: str) -> None:
    """Every rule above, over one year of an interchange document (JSON or read from Excel),
    before anything is written."""
    for key, label, amount_keys in (
        ("budget_lines", "年初预算", ("amount",)), ("adjustments", "预算调整", ("amount",)),
        ("expenditures", "支出", ("amount",)), ("disbursements", "累计国库支付", ("cumulative",)),
        ("procurements", "政府采购", ("budget", "contract", "paid")),
        ("asset_cards", "资产卡片", ("original_value", "depreciation", "residual_value")),
        ("ledger", "总账余额", ("amount",)), ("income", "决算收入", ("amount",)),
    ):
        for amount_key in amount_keys:
            check_year_total(f"{label}（{amount_key}）", _sum(doc.get(key) or [], amount_key), f"{at}.{key}")
    for i, e in enumerate(doc.get("expenditures") or []):
        check_spending_category(e["category"], f"{at}.expenditures[{i}].category")
    by_seq: dict[int, dict] = {}
    reversed_by: dict[int, int] = {}
    for i, a in enumerate(doc.get("adjustments") or []):
        where = f"{at}.adjustments[{i}]"
        check_adjustment_amount(Decimal(a["amount"]), f"{where}.amount")
        if a.get("reverses") is not None:
            check_reversal(by_seq.get(a["reverses"]), a, where, reversed_by.get(a["reverses"]))
            reversed_by[a["reverses"]] = a["seq"]
        by_seq.setdefault(a["seq"], a)
    _check_document_budgets(doc, at)


def _check_document_budgets(doc: dict[str, Any], at: str) -> None:
    initial: dict[tuple[str, str | None], Decimal] = {}
    adjusted: dict[tuple[str, str | None], Decimal] = {}
    last: dict[tuple[str, str | None], int] = {}
    for line in doc.get("budget_lines") or []:
        key = (line["category"], line.get("project"))
        initial[key] = initial.get(key, Decimal(0)) + Decimal(line["amount"])
    for i, a in enumerate(doc.get("adjustments") or []):
        key = (a["category"], a.get("project"))
        adjusted[key] = adjusted.get(key, Decimal(0)) + Decimal(a["amount"])
        last[key] = i
    for key, total in adjusted.items():
        category, project = key
        label = f"项目“{project}”" if project else BudgetCategory(category).label
        check_not_negative(label, initial.get(key, Decimal(0)), total, f"{at}.adjustments[{last[key]}].amount")


# --- asset cards ---------------------------------------------------------------------------------

# What a card must satisfy, once: the card form (services/assets.py), the JSON import
# (services/interchange.py) and the Excel imports (services/workbook.py) refuse a card that breaks
# a rule (`check_asset_card`), and the year's facts find stored cards that break one
# (services/facts.py, in SQL through migration 0004's partial index) and name it with these words.
ASSET_CARD_PROBLEMS = {
    "depreciation_over_original": ("depreciation", "累计折旧（摊销）", "累计折旧（摊销）大于账面原值"),
    "acquired_after_year": ("acquired_on", "取得日期", "取得日期晚于 {year} 年末"),
    "disposed_without_disposal": ("disposal", "处置信息", "已处置但缺少处置日期或方式"),
    "disposal_not_disposed": ("disposal", "处置信息", "有处置日期但状态不是已处置"),
    "disposed_after_year": ("disposal.date", "处置日期", "处置日期晚于 {year} 年末"),
    "disposed_before_acquired": ("disposal.date", "处置日期", "处置日期早于取得日期"),
    "kind_and_class": ("class", "资产分类", "资产类型与分类不一致"),
}
DISPOSED, INTANGIBLE_KIND, INTANGIBLE_CLASS = "disposed", "intangible", "9"


def asset_card_problems(card: dict[str, Any], year: int) -> list[str]:
    """The rules (codes of ASSET_CARD_PROBLEMS) a card breaks. `card` as the interchange writes it:
    class, kind, original_value, depreciation, acquired_on (date), status, disposal ({method, date}
    or None)."""
    found = []
    worn, original = card["depreciation"], card["original_value"]
    if not (isinstance(worn, int) and isinstance(original, int)):  # 分 as int (an import) or 元 as text
        worn, original = Decimal(worn), Decimal(original)
    if worn > original:
        found.append("depreciation_over_original")
    acquired = card.get("acquired_on")
    if acquired is not None and acquired.year > year:
        found.append("acquired_after_year")
    disposal = card.get("disposal") or {}
    disposed_on = disposal.get("date")
    if card.get("status") == DISPOSED and not (disposal.get("method") and disposed_on):
        found.append("disposed_without_disposal")
    if card.get("status") != DISPOSED and (disposal.get("method") or disposed_on):
        found.append("disposal_not_disposed")
    if disposed_on is not None and disposed_on.year > year:
        found.append("disposed_after_year")
    if disposed_on is not None and acquired is not None and disposed_on < acquired:
        found.append("disposed_before_acquired")
    if (card.get("kind") == INTANGIBLE_KIND) != (card.get("class") == INTANGIBLE_CLASS):
        found.append("kind_and_class")
    return found


def asset_problem_text(code: str, year: int) -> str:
    return ASSET_CARD_PROBLEMS[code][2].format(year=year)


def check_asset_card(card: dict[str, Any], year: int, where: str | None = None,
                     keys: dict[str, str] | None = None) -> None:
    """Refuse a card that breaks a rule, naming the field: by its document path (`where`, an
    import) or by its Chinese label (a form), with the form's parameter from `keys` (by the
    field's document name, the first of ASSET_CARD_PROBLEMS) as the refusal's key."""
    for code in asset_card_problems(card, year):
        field, label, _ = ASSET_CARD_PROBLEMS[code]
        text = asset_problem_text(code, year)
        if where is None:  # a form: the message stands next to its field and names it itself
            raise ValidationError(text, label, (keys or {}).get(field, ""))
        raise ValidationError(f"{where}.{field}：{text}", f"{where}.{field}")
