"""Benchmark: imports and exports beside their references, timed in the same run (issue 13).

Builds the demo plus 100,000 asset cards (exported to a workbook) and the demo plus 200,000
cards and 50,000 spending lines (exported to JSON), then runs, each in its own process under
/usr/bin/time -v (wall time and peak RSS of that process):

  Excel `import --yes`          vs python-calamine reading every sheet of the same file
  Excel import preview          vs the import itself (the preview must be no slower)
  JSON `import`                 vs json.loads + raw executemany into the program's own tables
  JSON `export`                 vs raw SELECT of the same rows + json.dumps, same shape and indent
  Excel `export --format xlsx`  vs bare XlsxWriter constant_memory writing the cards sheet's cells
                                  from a raw SELECT
and checks the round trip at 100,000 cards (Excel export → import into an empty file → JSON
export equals the original's JSON export, apart from the export time). Medians of --repeat
interleaved runs.

    .venv/bin/python bench/io.py [--cards 100000] [--json-cards 200000] [--lines 50000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "desktop.main"]

REF_CALAMINE = """
import sys
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
cells = sum(len(r) for n in book.sheet_names for r in book.get_sheet_by_name(n).to_python())
print(cells)
"""

# json.loads + raw executemany into the program's own tables (same indexes, constraints, triggers)
REF_JSON_IMPORT = r"""
import json, sqlite3, sys
doc = json.loads(open(sys.argv[1], encoding="utf-8").read())
con = sqlite3.connect(sys.argv[2], isolation_level=None)
con.create_function("budget_desk_unlock_permit", 1, lambda year_id: 0)  # named by a trigger (migration 0003)
con.execute("BEGIN")
fen = lambda text: None if text is None else int(text.replace(".", ""))
unit = con.execute("INSERT INTO units (code, name) VALUES (?, ?)", (doc["unit"]["code"], doc["unit"]["name"])).lastrowid
for y in doc["years"]:
    d = y.get("unit_details") or {}
    yid = con.execute("INSERT INTO fiscal_years (unit_id, year, locked, lock_reason, retired_count, internal_units,"
                      " reception_persons) VALUES (?,?,0,'',?,?,?)", (unit, y["year"], d.get("retired_count"),
                      d.get("internal_units"), d.get("reception_persons"))).lastrowid
    con.executemany("INSERT INTO projects (year_id, code, name, project_class, status, note, origin) VALUES (?,?,?,?,?,?,?)",
                    [(yid, p["code"], p["name"], p["class"], p["status"], p["note"], p.get("origin")) for p in y["projects"]])
    pid = dict(con.execute("SELECT code, id FROM projects WHERE year_id = ?", (yid,)))
    con.executemany("INSERT INTO performance_targets (project_id, year_id, position, level1, level2, name,"
                    " measure_unit, direction, target_value, actual_value) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [(pid[p["code"]], yid, n + 1, t["level1"], t["level2"], t["name"], t["unit"], t["direction"],
                      t["target"], t["actual"]) for p in y["projects"] for n, t in enumerate(p["targets"])])
    for table, key in (("budget_lines", "budget_lines"), ("expenditures", "expenditures")):
        con.executemany(f"INSERT INTO {table} (year_id, category, project_id, amount_fen, note) VALUES (?,?,?,?,?)",
                        [(yid, b["category"], pid.get(b["project"]), fen(b["amount"]), b["note"]) for b in y[key]])
    for a in y["adjustments"]:
        con.execute("INSERT INTO budget_adjustments (year_id, seq, date, category, project_id, amount_fen, doc_no,"
                    " reason, entered_by, entered_at, reverses_id) VALUES (?,?,?,?,?,?,?,?,?,?,"
                    " (SELECT id FROM budget_adjustments WHERE year_id = ? AND seq = ?))",
                    (yid, a["seq"], a["date"], a["category"], pid.get(a["project"]), fen(a["amount"]), a["doc_no"],
                     a["reason"], a["entered_by"], a["entered_at"].replace("T", " ") + ".000000", yid, a["reverses"]))
    con.executemany("INSERT INTO disbursements (year_id, month, cumulative_fen) VALUES (?,?,?)",
                    [(yid, d["month"], fen(d["cumulative"])) for d in y["disbursements"]])
    if y["carryover"]:
        c = y["carryover"]
        con.execute("INSERT INTO carryovers VALUES (?,?,?,?)", (yid, fen(c["begin"]), fen(c["appropriation"]), fen(c["end"])))
    con.executemany("INSERT INTO procurements (year_id, code, name, ptype, method, project_id, budget_fen, contract_fen,"
                    " paid_fen, supplier) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [(yid, p["code"], p["name"], p["type"], p["method"], pid.get(p["project"]), fen(p["budget"]),
                      fen(p["contract"]), fen(p["paid"]), p["supplier"]) for p in y["procurements"]])
    con.executemany("INSERT INTO key_tasks (year_id, position, kind, name, status, note) VALUES (?,?,?,?,?,?)",
                    [(yid, n + 1, t["kind"], t["name"], t["status"], t["note"]) for n, t in enumerate(y["key_tasks"])])
    con.executemany("INSERT INTO asset_cards (year_id, card_no, name, asset_class, kind, acquisition, acquired_on,"
                    " original_fen, depreciation_fen, status, custodian, location, disposal_method, disposed_on,"
                    " residual_fen, residual_remitted) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [(yid, c["card_no"], c["name"], c["class"], c["kind"], c["acquisition"], c["acquired_on"],
                      fen(c["original_value"]), fen(c["depreciation"]), c["status"], c["custodian"], c["location"],
                      (c["disposal"] or {}).get("method"), (c["disposal"] or {}).get("date"),
                      fen((c["disposal"] or {}).get("residual_value")), int(bool((c["disposal"] or {}).get("remitted"))))
                     for c in y["asset_cards"]])
    con.executemany("INSERT INTO headcount (year_id, category, authorized, actual) VALUES (?,?,?,?)",
                    [(yid, h["category"], h["authorized"], h["actual"]) for h in y["headcount"]])
    con.executemany("INSERT INTO outcome_metrics (year_id, position, code, name, measure_unit, value, target, direction,"
                    " previous, note) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [(yid, n + 1, m["code"], m["name"], m["unit"], m["value"], m["target"], m["direction"],
                      m["previous"], m["note"]) for n, m in enumerate(y["metrics"])])
    con.executemany("INSERT INTO narratives (year_id, section, body) VALUES (?,?,?)",
                    [(yid, n["section"], n["body"]) for n in y["narratives"]])
    con.executemany("INSERT INTO ledger_balances (year_id, account, amount_fen, note) VALUES (?,?,?,?)",
                    [(yid, b["account"], fen(b["amount"]), b["note"]) for b in y.get("ledger", [])])
    con.executemany("INSERT INTO score_entries (year_id, item, points, reason) VALUES (?,?,?,?)",
                    [(yid, e["item"], e["points"], e["reason"]) for e in y.get("self_evaluation", [])])
    con.executemany("INSERT INTO income_lines (year_id, source, amount_fen, note) VALUES (?,?,?,?)",
                    [(yid, i["source"], fen(i["amount"]), i.get("note", "")) for i in y.get("income") or []])
    if y["locked"]:
        con.execute("UPDATE fiscal_years SET locked = 1, lock_reason = ? WHERE id = ?", (y["lock_reason"], yid))
con.execute("COMMIT")
"""

# raw SELECT of the same rows, dumped in the program's document shape and indent
REF_JSON_EXPORT = r"""
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
yuan = lambda f: None if f is None else ("-" if f < 0 else "") + f"{abs(f) // 100}.{abs(f) % 100:02d}"
code, name, uid = con.execute("SELECT code, name, id FROM units").fetchone()
years = []
for yid, year, locked, reason in con.execute("SELECT id, year, locked, lock_reason FROM fiscal_years WHERE unit_id = ? ORDER BY year", (uid,)).fetchall():
    codes = dict(con.execute("SELECT id, code FROM projects WHERE year_id = ?", (yid,)))
    seqs = dict(con.execute("SELECT id, seq FROM budget_adjustments WHERE year_id = ?", (yid,)))
    q = lambda sql: con.execute(sql, (yid,))
    targets = {}
    for pid, *t in q("SELECT project_id, level1, level2, name, measure_unit, direction, target_value, actual_value FROM performance_targets WHERE year_id = ? ORDER BY project_id, position, id"):
        targets.setdefault(pid, []).append(dict(zip(("level1", "level2", "name", "unit", "direction", "target", "actual"), t)))
    carry = q("SELECT begin_fen, appropriation_fen, end_fen FROM carryovers WHERE year_id = ?").fetchone()
    years.append({
        "year": year, "locked": bool(locked), "lock_reason": reason,
        "projects": [{"code": c, "name": n, "class": k, "status": s, "note": note, "origin": o, "targets": targets.get(i, [])}
                     for i, c, n, k, s, note, o in q("SELECT id, code, name, project_class, status, note, origin FROM projects WHERE year_id = ? ORDER BY id")],
        "budget_lines": [{"category": c, "project": codes.get(p), "amount": yuan(a), "note": n}
                         for c, p, a, n in q("SELECT category, project_id, amount_fen, note FROM budget_lines WHERE year_id = ? ORDER BY id")],
        "adjustments": [{"seq": s, "date": d, "category": c, "project": codes.get(p), "amount": yuan(a), "doc_no": dn,
                         "reason": r, "entered_by": eb, "entered_at": ea[:19].replace(" ", "T"), "reverses": seqs.get(rv)}
                        for s, d, c, p, a, dn, r, eb, ea, rv in q("SELECT seq, date, category, project_id, amount_fen, doc_no, reason, entered_by, entered_at, reverses_id FROM budget_adjustments WHERE year_id = ? ORDER BY seq")],
        "expenditures": [{"category": c, "project": codes.get(p), "amount": yuan(a), "note": n}
                         for c, p, a, n in q("SELECT category, project_id, amount_fen, note FROM expenditures WHERE year_id = ? ORDER BY id")],
        "disbursements": [{"month": m, "cumulative": yuan(c)} for m, c in q("SELECT month, cumulative_fen FROM disbursements WHERE year_id = ? ORDER BY month")],
        "carryover": None if carry is None else dict(zip(("begin", "appropriation", "end"), map(yuan, carry))),
        "procurements": [{"code": c, "name": n, "type": t, "method": m, "project": codes.get(p), "budget": yuan(b),
                          "contract": yuan(k), "paid": yuan(pd), "supplier": s}
                         for c, n, t, m, p, b, k, pd, s in q("SELECT code, name, ptype, method, project_id, budget_fen, contract_fen, paid_fen, supplier FROM procurements WHERE year_id = ? ORDER BY id")],
        "key_tasks": [dict(zip(("kind", "name", "status", "note"), r)) for r in q("SELECT kind, name, status, note FROM key_tasks WHERE year_id = ? ORDER BY position, id")],
        "asset_cards": [{"card_no": r[0], "name": r[1], "class": r[2], "kind": r[3], "acquisition": r[4], "acquired_on": r[5],
                         "original_value": yuan(r[6]), "depreciation": yuan(r[7]), "status": r[8], "custodian": r[9],
                         "location": r[10], "disposal": None if not r[11] else {"method": r[11], "date": r[12],
                         "residual_value": yuan(r[13] or 0), "remitted": bool(r[14])}}
                        for r in q("SELECT card_no, name, asset_class, kind, acquisition, acquired_on, original_fen, depreciation_fen, status, custodian, location, disposal_method, disposed_on, residual_fen, residual_remitted FROM asset_cards WHERE year_id = ? ORDER BY id")],
        "headcount": [dict(zip(("category", "authorized", "actual"), r)) for r in q("SELECT category, authorized, actual FROM headcount WHERE year_id = ? ORDER BY id")],
        "metrics": [dict(zip(("code", "name", "unit", "value", "target", "direction", "previous", "note"), r)) for r in q("SELECT code, name, measure_unit, value, target, direction, previous, note FROM outcome_metrics WHERE year_id = ? ORDER BY position, id")],
        "narratives": [dict(zip(("section", "body"), r)) for r in q("SELECT section, body FROM narratives WHERE year_id = ? ORDER BY id")],
        "ledger": [{"account": a, "amount": yuan(f), "note": n} for a, f, n in q("SELECT account, amount_fen, note FROM ledger_balances WHERE year_id = ? ORDER BY id")],
        "self_evaluation": [dict(zip(("item", "points", "reason"), r)) for r in q("SELECT item, points, reason FROM score_entries WHERE year_id = ? ORDER BY id")],
        "unit_details": dict(zip(("retired_count", "internal_units", "reception_persons"), q("SELECT retired_count, internal_units, reception_persons FROM fiscal_years WHERE id = ?").fetchone())),
        "income": [{"source": s, "amount": yuan(a), "note": n} for s, a, n in q("SELECT source, amount_fen, note FROM income_lines WHERE year_id = ? ORDER BY id")],
    })
doc = {"format": "budget-desk", "version": 2, "exported_at": "2020-01-01T00:00:00", "unit": {"code": code, "name": name}, "years": years}
with open(sys.argv[2], "w", encoding="utf-8") as fh:
    fh.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
"""

# bare XlsxWriter (constant_memory) writing the cards sheet's cells from a raw SELECT: the same
# columns, a money format and a bordered text format, labels looked up as the program does
REF_XLSX_EXPORT = r"""
import sqlite3, sys
from decimal import Decimal
import xlsxwriter
sys.path.insert(0, sys.argv[3])
from desktop.export import layout
con = sqlite3.connect(sys.argv[1])
book = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True})
money = book.add_format({"num_format": "#,##0.00", "border": 1})
text = book.add_format({"border": 1})
ws = book.add_worksheet(layout.CARDS.name)
columns = layout.CARDS.columns
for col, c in enumerate(columns):
    ws.write_string(0, col, c.header)
labels = {c.key: {m.value: m.label for m in c.enum} for c in columns if c.kind == "enum"}
keys = [c.key for c in columns]
sql = {"card_no": "card_no", "name": "name", "class": "asset_class", "kind": "kind", "acquisition": "acquisition",
       "acquired_on": "acquired_on", "original_value": "original_fen", "depreciation": "depreciation_fen",
       "status": "status", "custodian": "custodian", "location": "location", "disposal.method": "disposal_method",
       "disposal.date": "disposed_on", "disposal.residual_value": "residual_fen", "disposal.remitted": "residual_remitted"}
query = "SELECT " + ", ".join(sql[k] for k in keys) + " FROM asset_cards a JOIN fiscal_years y ON a.year_id = y.id WHERE y.year = 2020 ORDER BY a.id"
for row, values in enumerate(con.execute(query), start=1):
    for col, (c, v) in enumerate(zip(columns, values)):
        if v is None:
            ws.write_blank(row, col, None, money if c.kind == "yuan" else text)  # as the program: bordered blank
            continue
        if c.kind == "yuan":
            ws.write_number(row, col, Decimal(v) / 100, money)
        elif c.kind in ("enum",):
            ws.write_string(row, col, labels[c.key][v], text)
        else:
            ws.write_string(row, col, str(v), text)
book.close()
"""


def timed(args: list[str], env: dict) -> tuple[float, float, float]:
    """(wall seconds, peak RSS in MB, CPU seconds: user + system) of one process."""
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-v", *args], capture_output=True, text=True, env=env, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(f"{' '.join(args[:6])} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1)) / 1024
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", result.stderr).group(1)) for kind in ("User", "System"))
    return elapsed, rss, cpu


def build_json_db(path: Path, cards: int, lines: int) -> None:
    from bench.asset_register import build

    build(path, cards)
    con = sqlite3.connect(path)
    year_id = con.execute("SELECT id FROM fiscal_years WHERE year = 2020").fetchone()[0]
    with con:
        con.executemany("INSERT INTO expenditures (year_id, category, project_id, amount_fen, note) VALUES (?,?,?,?,?)",
                        [(year_id, ("public", "personnel")[n % 2], None, 1000 + n * 7, f"支出凭证 {n:06d}")
                         for n in range(lines)])
    con.close()


def strip_stamp(path: Path) -> bytes:
    """Without the export time and the audit head (both differ between two files by design)."""
    data = re.sub(rb'"exported_at": "[^"]*"', b'"exported_at": ""', path.read_bytes())
    return re.sub(rb',\n "audit_head": \{[^}]*\}', b"", data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--json-cards", type=int, default=200_000)
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.asset_register import build

    home = Path(tempfile.mkdtemp(prefix="budget-desk-io-"))
    env = {**os.environ, "BUDGET_DESK_HOME": str(home), "BUDGET_DESK_USER": "bench", "PYTHONPATH": str(ROOT)}
    os.environ.update(BUDGET_DESK_HOME=str(home))
    cards_db, json_db = home / "cards.sqlite3", home / "json.sqlite3"
    print(f"building demo + {args.cards:,} cards … {build(cards_db, args.cards):.1f} s")
    print(f"building demo + {args.json_cards:,} cards + {args.lines:,} spending lines …", flush=True)
    build_json_db(json_db, args.json_cards, args.lines)
    xlsx, doc = home / "cards.xlsx", home / "year.json"
    subprocess.run([*CLI, "export", "--db", str(cards_db), "--format", "xlsx", "--year", "2020", "--out", str(xlsx)],
                   check=True, env=env, cwd=ROOT, capture_output=True)
    subprocess.run([*CLI, "export", "--db", str(json_db), "--out", str(doc)], check=True, env=env, cwd=ROOT,
                   capture_output=True)
    print(f"workbook {xlsx.stat().st_size / 2**20:.1f} MB; JSON {doc.stat().st_size / 2**20:.1f} MB")

    def fresh_db(name: str) -> Path:
        path = home / f"{name}-{time.perf_counter_ns()}.sqlite3"
        from desktop.services.workspace import Workspace

        with Workspace.open(path, create=True):
            pass
        return path

    py = [sys.executable, "-c"]
    jobs = {
        "excel_import": lambda: [*CLI, "import", str(xlsx), "--yes", "--db", str(fresh_db("x"))],
        "excel_preview": lambda: [*CLI, "import", str(xlsx), "--db", str(fresh_db("p"))],
        "calamine": lambda: [*py, REF_CALAMINE, str(xlsx)],
        "json_import": lambda: [*CLI, "import", str(doc), "--db", str(fresh_db("j"))],
        "json_import_ref": lambda: [*py, REF_JSON_IMPORT, str(doc), str(fresh_db("r"))],
        "json_export": lambda: [*CLI, "export", "--db", str(json_db), "--out", str(home / "again.json")],
        "json_export_ref": lambda: [*py, REF_JSON_EXPORT, str(json_db), str(home / "ref.json")],
        "excel_export": lambda: [*CLI, "export", "--db", str(cards_db), "--format", "xlsx", "--year", "2020",
                                 "--out", str(home / "again.xlsx")],
        "excel_export_ref": lambda: [*py, REF_XLSX_EXPORT, str(cards_db), str(home / "bare.xlsx"), str(ROOT)],
    }
    results: dict[str, list[tuple[float, float, float]]] = {k: [] for k in jobs}
    for _ in range(args.repeat):  # interleaved: each round runs every job once
        for name, make in jobs.items():
            results[name].append(timed(make(), env))
    med = {k: (statistics.median(t for t, _, _ in v), max(m for _, m, _ in v), statistics.median(c for _, _, c in v))
           for k, v in results.items()}
    if strip_stamp(home / "ref.json") != strip_stamp(home / "again.json"):
        print("WARNING: the reference's JSON differs from the program's export (the comparison is unfair)")

    rows = [("Excel import --yes", "excel_import", "calamine", "python-calamine reading every sheet", 5.0),
            ("Excel import preview", "excel_preview", "excel_import", "the import itself (--yes)", 1.0),
            ("JSON import", "json_import", "json_import_ref", "json.loads + raw executemany", 1.5),
            ("JSON export", "json_export", "json_export_ref", "raw SELECT + json.dumps", 1.5),
            ("Excel export", "excel_export", "excel_export_ref", "bare XlsxWriter constant_memory", 1.2)]
    print("\nwall = elapsed time of the process; cpu = its user + system time (steadier on a shared machine)")
    print("| work | now (wall / cpu) | reference in the same run (wall / cpu) | ratio wall (target) | ratio cpu |"
          " peak memory (ref) |\n|---|---|---|---|---|---|")
    for label, ours, ref, ref_label, target in rows:
        (t, m, c), (rt, rm, rc) = med[ours], med[ref]
        verdict = "ok" if t / rt <= target else "OVER"
        print(f"| {label} | {t:.2f} s / {c:.2f} s | {ref_label} {rt:.2f} s / {rc:.2f} s | {t / rt:.2f}× (≤ {target}, "
              f"{verdict}) | {c / rc:.2f}× | {m:.0f} MB ({rm:.0f} MB) |")

    # the round trip at this size: workbook → empty file → JSON equals the original's JSON of that year
    target = fresh_db("rt")
    subprocess.run([*CLI, "import", str(xlsx), "--yes", "--db", str(target)], check=True, env=env, cwd=ROOT,
                   capture_output=True)
    for db, out in ((cards_db, home / "rt-original.json"), (target, home / "rt-again.json")):
        subprocess.run([*CLI, "export", "--db", str(db), "--year", "2020", "--out", str(out)], check=True, env=env,
                       cwd=ROOT, capture_output=True)
    same = strip_stamp(home / "rt-original.json") == strip_stamp(home / "rt-again.json")
    print(f"\nround trip at {args.cards:,} cards (xlsx export → import into an empty file → JSON export): "
          f"{'identical' if same else 'DIFFERENT'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
