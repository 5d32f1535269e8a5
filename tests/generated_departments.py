"""Random valid departments (interchange documents of two years) and an independent computation
of their main indicators with `Decimal`, straight from the document — no code of the program.

Built to hit what reads wrong in practice: rates exactly half-way at the second decimal (12.345%),
zero budgets, budget cuts (negative 预算调整率), a 三公 budget stated only as a total, refunds
missing data.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

TIE_UNIT = 20000  # a base in 分 that is a multiple of this admits half-way rates: (2k+1)·base/20000
MAIN = ("personnel", "public", "project")
THREE_PUBLIC = ("three_public_abroad", "three_public_reception", "three_public_vehicle_purchase",
                "three_public_vehicle_operation")


def _yuan(fen: int) -> str:
    return f"{Decimal(fen) / 100:.2f}"


class _Dept:
    def __init__(self, seed: int, year: int):
        self.rnd = random.Random(seed)
        self.year = year
        self.budget_lines: list[dict] = []
        self.adjustments: list[dict] = []
        self.expenditures: list[dict] = []

    def fen(self, lo: int, hi: int) -> int:
        return self.rnd.randint(lo, hi)

    def budget(self, category: str, project: str | None, adjusted: int) -> None:
        """An initial line and adjustments (some cuts, some reversed) that end at `adjusted`."""
        rnd = self.rnd
        moves = [self.fen(-adjusted // 3, adjusted // 2) for _ in range(rnd.randint(0, 3))] if adjusted else []
        moves = [m for m in moves if m]
        if rnd.random() < 0.15 and adjusted:  # a cut: the adjusted budget well below the initial one
            moves.append(-self.fen(adjusted // 10, adjusted // 2) or -1)
        initial = adjusted - sum(moves)
        if initial < 0:
            moves, initial = [], adjusted
        if initial or rnd.random() < 0.7:
            self.budget_lines.append({"category": category, "project": project, "amount": _yuan(initial), "note": ""})
        for amount in moves:
            self.adjust(category, project, amount)
        if moves and rnd.random() < 0.2:  # a mis-keyed adjustment, reversed
            wrong = self.fen(1, max(adjusted, 2))
            original = self.adjust(category, project, wrong)
            self.adjust(category, project, -wrong, reverses=original["seq"])

    def adjust(self, category: str, project: str | None, amount: int, reverses: int | None = None) -> dict:
        seq = len(self.adjustments) + 1
        entry = {"seq": seq, "date": f"{self.year}-{self.rnd.randint(1, 12):02d}-1{self.rnd.randint(0, 9)}",
                 "category": category, "project": project, "amount": _yuan(amount), "doc_no": f"财预〔{seq}〕",
                 "reason": "冲销" if reverses else "调整", "entered_by": "生成", "entered_at": f"{self.year}-01-02T03:04:05",
                 "reverses": reverses}
        self.adjustments.append(entry)
        return entry

    def spend(self, category: str, project: str | None, fen: int) -> None:
        if fen or self.rnd.random() < 0.3:
            self.expenditures.append({"category": category, "project": project, "amount": _yuan(fen), "note": ""})

    def base(self, big: int) -> int:
        """A budget in 分: a multiple of TIE_UNIT most of the time (so half-way rates can occur),
        sometimes zero."""
        roll = self.rnd.random()
        if roll < 0.08:
            return 0
        if roll < 0.75:
            return TIE_UNIT * self.fen(1, big // TIE_UNIT)
        return self.fen(1, big)

    def actual_for(self, base: int) -> int:
        """Spending against a base: exactly half-way at the second decimal of the rate, or not."""
        if base and base % TIE_UNIT == 0 and self.rnd.random() < 0.5:
            k = self.rnd.randint(0, 11999)  # rates up to ~120%
            return (2 * k + 1) * (base // TIE_UNIT)
        return self.fen(0, base * 6 // 5 + 100)


def department(seed: int, year: int = 2023, code: str | None = None) -> dict:
    d = _Dept(seed, year)
    rnd = d.rnd
    projects = []
    for i in range(rnd.randint(0, 7)):
        targets = [{"level1": "output", "level2": "quantity", "name": f"产出{j}", "unit": "篇",
                    "direction": rnd.choice([">=", "<=", "="]), "target": str(rnd.randint(1, 50)),
                    "actual": rnd.choice([None, str(rnd.randint(0, 60))])} for j in range(rnd.randint(0, 3))]
        projects.append({"code": f"P{i:02d}", "name": f"项目{i}", "class": rnd.choice(["general", "capital"]),
                         "status": rnd.choice(["planned", "in_progress", "completed", "cancelled"]), "note": "",
                         "origin": rnd.choice([None, "initial", "added", "carried_over"]), "targets": targets})
    adjusted: dict[str, int] = {}
    actual: dict[str, int] = {}
    for category, big in (("personnel", 5 * 10**9), ("public", 2 * 10**9)):
        adjusted[category] = d.base(big)
        d.budget(category, None, adjusted[category])
        actual[category] = d.actual_for(adjusted[category])
        d.spend(category, None, actual[category])
    project_budgets = {p["code"]: d.base(3 * 10**9) for p in projects}
    for code_, amount in project_budgets.items():
        d.budget("project", code_, amount)
    total_project = sum(project_budgets.values())
    project_actual = d.actual_for(total_project) if projects else 0
    for n, p in enumerate(projects):  # the project total is the figure that may be half-way
        share = project_actual if n == len(projects) - 1 else rnd.randint(0, project_actual)
        project_actual -= share
        d.spend("project", p["code"], share)
    # 三公: split, stated only as a total, or with 公务用车 as one figure
    mode = rnd.choice(["split", "total", "vehicle"])
    tp_budget = d.base(5 * 10**7)
    if mode == "total":
        d.budget("three_public_unsplit", None, tp_budget)
    else:
        parts = [rnd.randint(0, tp_budget) for _ in range(3)]
        a, b = sorted(parts[:2])
        amounts = [a, b - a, tp_budget - b]
        d.budget("three_public_abroad", None, amounts[0])
        d.budget("three_public_reception", None, amounts[1])
        if mode == "vehicle":
            d.budget("three_public_vehicle", None, amounts[2])
        else:
            half = rnd.randint(0, amounts[2])
            d.budget("three_public_vehicle_purchase", None, half)
            d.budget("three_public_vehicle_operation", None, amounts[2] - half)
    tp_actual = d.actual_for(tp_budget) if tp_budget else d.fen(0, 10**6)
    cuts = sorted(rnd.randint(0, tp_actual) for _ in range(3))
    for category, amount in zip(THREE_PUBLIC, (cuts[0], cuts[1] - cuts[0], cuts[2] - cuts[1], tp_actual - cuts[2])):
        d.spend(category, None, amount)
    adjusted_total = sum(adjusted.values()) + sum(project_budgets.values())
    spent_total = sum(actual.values()) + sum(Decimal(e["amount"]) * 100 for e in d.expenditures
                                             if e["category"] == "project")
    appropriation = int(spent_total) + rnd.randint(-10**6, 10**7)
    months = sorted(rnd.sample(range(1, 13), rnd.randint(4, 12)) + [3, 6, 9, 12])
    cumulative, disbursements = 0, []
    for month in sorted(set(months)):
        cumulative += rnd.randint(0, max(adjusted_total // 8, 1))
        disbursements.append({"month": month, "cumulative": _yuan(cumulative)})
    begin = rnd.randint(0, 10**8)
    carry = {"begin": _yuan(begin), "appropriation": _yuan(max(appropriation, 0)),
             "end": _yuan(begin + max(appropriation, 0) - int(spent_total))}
    procurements = [{"code": f"CG{i}", "name": "采购", "type": rnd.choice(["goods", "services", "works"]),
                     "method": "open_tender", "project": None, "budget": _yuan(b), "contract": _yuan(b),
                     "paid": _yuan(d.actual_for(b) if b else 0), "supplier": ""}
                    for i, b in enumerate(d.base(10**9) for _ in range(rnd.randint(0, 4)))]
    headcount = [{"category": c, "authorized": rnd.randint(0, 60), "actual": rnd.randint(0, 60)}
                 for c in ("admin", "civil_service_institution", "institution", "contract") if rnd.random() < 0.8]
    tasks = [{"kind": rnd.choice(["key", "livelihood"]), "name": f"任务{i}",
              "status": rnd.choice(["not_started", "in_progress", "done"]), "note": ""} for i in range(rnd.randint(0, 8))]

    def income() -> list[dict]:
        sources = rnd.sample(["appropriation", "business", "operating", "subsidy", "other"], rnd.randint(0, 3))
        return [{"source": s, "amount": _yuan(rnd.randint(0, 10**10)), "note": ""} for s in sources]

    def count() -> int | None:
        return rnd.choice([None, 0, rnd.randint(1, 500)])

    current = {
        "year": year, "locked": False, "lock_reason": "", "projects": projects, "budget_lines": d.budget_lines,
        "adjustments": d.adjustments, "expenditures": d.expenditures, "disbursements": disbursements,
        "carryover": carry if rnd.random() < 0.9 else None, "procurements": procurements, "key_tasks": tasks,
        "asset_cards": [], "headcount": headcount, "metrics": [], "narratives": [],
        "unit_details": {"retired_count": count(), "internal_units": count(), "reception_persons": count()},
        "income": income(),
    }
    previous = {
        "year": year - 1, "locked": True, "lock_reason": "上年", "projects": [], "budget_lines": [],
        "adjustments": [], "disbursements": [], "carryover": None, "procurements": [], "key_tasks": [],
        "asset_cards": [], "headcount": [], "metrics": [], "narratives": [], "income": income(),
        "expenditures": [{"category": c, "project": None, "amount": _yuan(rnd.choice([0, rnd.randint(1, 10**7)])),
                          "note": ""} for c in THREE_PUBLIC if rnd.random() < 0.7],
    }
    name = code or f"G{seed:03d}"
    return {"format": "budget-desk", "version": 2, "unit": {"code": name, "name": f"生成单位{name}"},
            "years": [previous, current]}


# --- the independent computation -----------------------------------------------------------------

def _q(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _rate(numerator: Decimal, denominator: Decimal, scale: int = 100) -> str | None:
    return None if denominator <= 0 else _q(numerator * scale / denominator)


def expected_indicators(document: dict) -> dict[str, str | None]:
    """The main indicators of the last year of `document`, printed (two decimals, half-up)."""
    previous, y = document["years"][0], document["years"][-1]

    def total(items, category=None, key="amount"):
        return sum((Decimal(i[key]) for i in items if category is None or i["category"] in category), Decimal(0))

    def adjusted(*cats):
        return total(y["budget_lines"], cats) + total(y["adjustments"], cats)

    def actual(*cats):
        return total(y["expenditures"], cats)

    tp_budget_cats = THREE_PUBLIC + ("three_public_unsplit", "three_public_vehicle")
    initial_total = total(y["budget_lines"], MAIN)
    out: dict[str, str | None] = {
        "budget_execution_rate": _rate(actual(*MAIN), adjusted(*MAIN)),
        "basic_execution_rate": _rate(actual("personnel", "public"), adjusted("personnel", "public")),
        "project_execution_rate": _rate(actual("project"), adjusted("project")),
        "budget_adjustment_rate": None if initial_total <= 0 else _q((adjusted(*MAIN) - initial_total) * 100 / initial_total),
        "public_expense_control_rate": _rate(actual("public"), adjusted("public")),
        "three_public_control_rate": _rate(actual(*THREE_PUBLIC), adjusted(*tp_budget_cats)),
        "personnel_share": _rate(actual("personnel"), actual(*MAIN)),
        "public_share": _rate(actual("public"), actual(*MAIN)),
        "project_share": _rate(actual("project"), actual(*MAIN)),
        "reception_share": _rate(actual("three_public_reception"), actual(*THREE_PUBLIC)),
        "vehicle_share": _rate(actual("three_public_vehicle_purchase", "three_public_vehicle_operation"),
                               actual(*THREE_PUBLIC)),
        "procurement_execution_rate": _rate(total(y["procurements"], key="paid"), total(y["procurements"], key="budget")),
    }
    persons = (y.get("unit_details") or {}).get("reception_persons")
    out["reception_per_person"] = None if not persons else _q(actual("three_public_reception") / persons)
    carry = y["carryover"]
    out["fund_availability_rate"] = None if carry is None else _rate(Decimal(carry["appropriation"]), adjusted(*MAIN))
    december = {d["month"]: Decimal(d["cumulative"]) for d in y["disbursements"]}.get(12)
    out["quarterly_execution"] = None if december is None else _rate(december, adjusted(*MAIN))
    staff = [h for h in y["headcount"] if h["category"] != "contract"]
    out["staffing_rate"] = _rate(Decimal(sum(h["actual"] for h in staff)), Decimal(sum(h["authorized"] for h in staff)))
    contract = [h for h in y["headcount"] if h["category"] == "contract"]
    out["contract_staffing_rate"] = _rate(Decimal(sum(h["actual"] for h in contract)),
                                          Decimal(sum(h["authorized"] for h in contract)))
    out["key_task_completion_rate"] = _rate(Decimal(sum(t["status"] == "done" for t in y["key_tasks"])),
                                            Decimal(len(y["key_tasks"])))
    executed = [p for p in y["projects"] if p["status"] in ("in_progress", "completed")]
    out["project_completion_rate"] = _rate(Decimal(sum(p["status"] == "completed" for p in executed)),
                                           Decimal(len(executed)))
    targets = [t for p in y["projects"] for t in p["targets"]]

    def met(t) -> bool:
        if t["actual"] is None:
            return False
        a, g = Decimal(t["actual"]), Decimal(t["target"])
        return {">=": a >= g, "<=": a <= g, "=": a == g}[t["direction"]]

    out["performance_target_achievement_rate"] = _rate(Decimal(sum(map(met, targets))), Decimal(len(targets)))
    this_income = [Decimal(i["amount"]) for i in y.get("income", [])]
    last_income = [Decimal(i["amount"]) for i in previous.get("income", [])]
    out["income_growth_rate"] = (None if not this_income or not last_income or sum(last_income) == 0
                                 else _q((sum(this_income) - sum(last_income)) * 100 / sum(last_income)))

    def appropriation(doc) -> Decimal | None:
        for i in doc.get("income", []):
            if i["source"] == "appropriation":
                return Decimal(i["amount"])
        return Decimal(doc["carryover"]["appropriation"]) if doc.get("carryover") else None

    now, before = appropriation(y), appropriation(previous)
    out["appropriation_growth_rate"] = (None if now is None or before is None or before == 0
                                        else _q((now - before) * 100 / before))
    prev_tp = total(previous["expenditures"], THREE_PUBLIC)
    out["three_public_change_rate"] = None if prev_tp == 0 else _q((actual(*THREE_PUBLIC) - prev_tp) * 100 / prev_tp)
    return out
