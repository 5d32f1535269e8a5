"""Benchmark: the workbook for superiors with 100,000 asset cards, and importing it back.

Prints the time and peak memory of (a) the whole export (query, indicators, writing), (b) our
writer alone on prepared data, next to (c) bare XlsxWriter writing the same cells with one
number format, in the same run (target: b ≤ 1.3 × c); and of (d) reading the workbook back
(preview, every cell validated) and (e) writing it into an empty database.

    .venv/bin/python bench/excel.py [--cards 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PHASE = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
phase, db, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
from desktop.services.workspace import Workspace
from desktop.services import workbook, interchange, evaluation
started = time.perf_counter()
if phase == "export":
    with Workspace.open(db) as ws:
        workbook.export_workbook(ws, 2020, out)
elif phase in ("writer", "bare"):
    with Workspace.open(db) as ws:
        document = interchange.export_document(ws, None, [2020])
        ev = evaluation.evaluate(ws, 2020)
    year_doc = document["years"][0]
    started = time.perf_counter()
    if phase == "writer":
        from desktop.export.workbook import WorkbookInput, write_workbook
        data = WorkbookInput("U", "单位", 2020, False, "", year_doc, ev.facts, ev.indicators, ev.checks, ev.score)
        write_workbook(data, out, None, workbook.manual_items())
    else:
        import xlsxwriter
        from decimal import Decimal
        from desktop.export import layout
        from desktop.export.workbook import _flatten, field_value
        book = xlsxwriter.Workbook(str(out), {{"constant_memory": True}})
        # the same cells as ours: the same number format and a bordered text format
        money = book.add_format({{"num_format": "#,##0.00", "border": 1}})
        text = book.add_format({{"border": 1}})
        for sheet in layout.DATA_SHEETS:
            ws = book.add_worksheet(sheet.name)
            for col, c in enumerate(sheet.columns):
                ws.write_string(0, col, c.header)
            for row, item in enumerate(_flatten(year_doc)[sheet.section], start=1):
                for col, c in enumerate(sheet.columns):
                    value = field_value(item, c.key)
                    if value is None:
                        continue
                    if c.kind == "yuan":
                        ws.write_number(row, col, Decimal(value), money)
                    elif c.kind == "int":
                        ws.write_number(row, col, value, money)
                    elif c.kind == "enum":
                        ws.write_string(row, col, c.enum(value).label, text)
                    else:
                        ws.write_string(row, col, str(value), text)
        book.close()
elif phase == "preview":
    with Workspace.open(db, create=True) as ws:
        preview = workbook.preview_workbook(ws, out)
        assert preview.ok, preview.refusals[:3]
elif phase == "apply":
    with Workspace.open(db, create=True) as ws:
        preview = workbook.preview_workbook(ws, out)
        workbook.apply_import(ws, preview)
elapsed = time.perf_counter() - started
print(json.dumps({{"seconds": elapsed, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run(phase: str, db: Path, out: Path) -> dict:
    code = PHASE.format(root=str(ROOT))
    result = subprocess.run([sys.executable, "-c", code, phase, str(db), str(out)], capture_output=True, text=True,
                            env={**os.environ, "BUDGET_DESK_USER": "bench"})
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.asset_register import build

    home = Path(tempfile.mkdtemp(prefix="budget-desk-excel-"))
    os.environ["BUDGET_DESK_HOME"] = str(home)
    db = home / "cards.sqlite3"
    print(f"building demo + {args.cards:,} cards … {build(db, args.cards):.1f} s")
    results = {}
    for phase, out in (("export", home / "export.xlsx"), ("writer", home / "writer.xlsx"), ("bare", home / "bare.xlsx")):
        results[phase] = run(phase, db, out)
    results["preview"] = run("preview", home / "empty.sqlite3", home / "export.xlsx")
    results["apply"] = run("apply", home / "empty2.sqlite3", home / "export.xlsx")
    size = (home / "export.xlsx").stat().st_size / 2**20
    labels = {"export": "(a) whole export", "writer": "(b) our writer", "bare": "(c) bare XlsxWriter, same cells",
              "preview": "(d) read back + validate", "apply": "(e) read + validate + write DB"}
    for phase, label in labels.items():
        r = results[phase]
        print(f"  {label:34s} {r['seconds']:7.2f} s   peak {r['rss_mb']:6.0f} MB")
    ratio = results["writer"]["seconds"] / results["bare"]["seconds"]
    print(f"  workbook {size:.1f} MB; writer / bare = {ratio:.2f} (target ≤ 1.3: {'ok' if ratio <= 1.3 else 'OVER'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
