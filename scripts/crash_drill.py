"""Crash drill: real imports and batches of adjustments, killed with SIGKILL at random moments.

Three kinds of work run in a subprocess against a real data file, each through the program's
own command line or services:
  json    `budget-desk import year2021.json`   (one transaction: a year with N asset cards)
  excel   `budget-desk import year2021.xlsx --yes`   (the program's own workbook of that year)
  batch   M adjustments posted one after another (one transaction each)
Each kill starts from a fresh copy of the demo file, lets the work run for a random time between
0 and its measured full duration (a run that finishes first is checked but not counted as a
kill; runs go on until --kills real kills were made) — every other kill counted
from the moment the file's `-journal` appears, so half land inside a write transaction — then
SIGKILLs it. After each kill:
  - `budget-desk years` on the file (the real open path) must succeed and never say "已损坏";
  - PRAGMA integrity_check = ok, foreign_key_check empty, the audit chain verifies;
  - the data is all-before or all-after the import (every year's row counts and money sums, the
    audit head's count), or, for the batch, exactly the first k adjustments with k audit rows.

    .venv/bin/python scripts/crash_drill.py --kills 120            # the full drill (≥ 100 kills)
    .venv/bin/python scripts/crash_drill.py --kills 12 --small     # the short one the tests run

Prints one line per kill and a JSON summary last; exit status 1 when any check failed.
POSIX only (SIGKILL).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BATCH_WORKER = """
import sys
from desktop.services import budget
from desktop.services.workspace import Workspace
with Workspace.open(sys.argv[1], lock=True) as ws:
    for i in range(int(sys.argv[2])):
        budget.post_adjustment(ws, 2020, date="2020-12-15", category="日常公用经费", amount=str(1000 + i),
                               doc_no=f"演练〔2020〕{i}号", reason="崩溃演练")
"""


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "desktop.main", *args]


def _copy(src: Path, dst: Path) -> None:
    for extra in (dst, Path(f"{dst}-journal"), Path(f"{dst}.lock")):
        extra.unlink(missing_ok=True)
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()


def _figures(path: Path) -> dict:
    from desktop.services.backup_figures import read_figures

    f = read_figures(path)
    return {"audit": f.audit_count,
            "years": {y.key: {"counts": {k: v for k, v in y.counts.items() if k != "audit_log"}, "sums": y.sums}
                      for y in f.years}}


def _adjustments(path: Path) -> list[int]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute(
            "SELECT a.amount_fen FROM budget_adjustments a JOIN fiscal_years y ON y.id = a.year_id "
            "WHERE y.year = 2020 ORDER BY a.seq")]
    finally:
        con.close()


def prepare(work: Path, cards: int, rows: int) -> dict[str, Path]:
    """The demo file, a 2021 JSON document with `cards` asset cards, and the same year as a workbook
    of `rows` cards exported by the program itself."""
    from desktop.services import interchange, workbook
    from desktop.services.demo import create_demo
    from desktop.services.workspace import Workspace

    base = work / "base.sqlite3"
    create_demo(base, actor="演练")
    with Workspace.open(base) as ws:
        document = interchange.export_document(ws, years=[2020])

    def year_2021(n_cards: int) -> dict:
        doc = json.loads(json.dumps(document))
        year = doc["years"][0]
        year.update(year=2021, locked=False, lock_reason="")
        for adj in year["adjustments"]:
            adj["date"] = "2021" + adj["date"][4:]
            adj["entered_at"] = "2021" + adj["entered_at"][4:]
        template = year["asset_cards"]
        year["asset_cards"] = []
        for i in range(n_cards):
            card = dict(template[i % len(template)], card_no=f"YL2021-{i:07d}")
            year["asset_cards"].append(card)
        return doc

    json_doc = work / "year2021.json"
    interchange.write_json(year_2021(cards), json_doc)
    scratch = work / "scratch.sqlite3"
    _copy(base, scratch)
    with Workspace.open(scratch) as ws:
        interchange.import_document(ws, year_2021(rows), source="演练")
        xlsx = work / "year2021.xlsx"
        workbook.export_workbook(ws, 2021, xlsx)
    return {"base": base, "json": json_doc, "xlsx": xlsx}


def command_for(kind: str, files: dict[str, Path], db: Path, batch: int) -> list[str]:
    if kind == "json":
        return _cli("import", str(files["json"]), "--db", str(db))
    if kind == "excel":
        return _cli("import", str(files["xlsx"]), "--yes", "--db", str(db))
    return [sys.executable, "-c", BATCH_WORKER, str(db), str(batch)]


def run_once(cmd: list[str], env: dict, db: Path, kill_after: float | None = None,
             in_write: bool = False) -> tuple[bool, float, float | None, float | None]:
    """Run `cmd`; SIGKILL it `kill_after` seconds after the start or, with `in_write`, after the
    file's `-journal` first appears (a write transaction is open). Returns (killed, seconds, and
    when the journal was first and last seen)."""
    journal = Path(f"{db}-journal")
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    first_journal = last_journal = None
    deadline = None if (kill_after is None or in_write) else start + kill_after
    while proc.poll() is None:
        now = time.monotonic()
        if journal.exists():
            last_journal = now - start
            if first_journal is None:
                first_journal = last_journal
                if in_write and kill_after is not None:
                    deadline = now + kill_after
        if deadline is not None and now >= deadline:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.002)
    proc.wait()
    killed = proc.returncode == -signal.SIGKILL
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if not killed and proc.returncode != 0:
        raise RuntimeError(f"{cmd[3:5]} failed without a kill: {err[-2000:]}")
    return killed, time.monotonic() - start, first_journal, last_journal


def check(db: Path, env: dict, kind: str, before: dict, after: dict, before_adj: list[int],
          batch_amounts: list[int]) -> tuple[list[str], str, bool]:
    """Problems found after a kill (empty: all held), the state it was in, whether it recovered."""
    problems: list[str] = []
    opened = subprocess.run(_cli("years", "--db", str(db)), env=env, capture_output=True, text=True, cwd=ROOT)
    said = opened.stdout + opened.stderr
    if opened.returncode != 0 or "已损坏" in said:
        problems.append(f"years rc={opened.returncode}: {said.strip()[-300:]}")
    recovered = "已恢复到操作前的状态" in said
    con = sqlite3.connect(db)
    try:
        integrity = con.execute("PRAGMA integrity_check").fetchall()
        foreign = con.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        con.close()
    if integrity != [("ok",)]:
        problems.append(f"integrity_check: {integrity[:3]}")
    if foreign:
        problems.append(f"foreign_key_check: {foreign[:3]}")
    from desktop.services import audit_log
    from desktop.services.workspace import Workspace

    with Workspace.open(db) as ws:
        broken = audit_log.verify_chain(ws)
    if broken is not None:
        problems.append(f"audit chain broken at {broken}")
    now = _figures(db)
    if kind == "batch":
        adj = _adjustments(db)
        k = len(adj) - len(before_adj)
        if adj[:len(before_adj)] != before_adj or adj[len(before_adj):] != batch_amounts[:k] or k < 0:
            problems.append("adjustments are not the first k of the batch")
        if now["audit"] != before["audit"] + k:
            problems.append(f"{k} adjustments but {now['audit'] - before['audit']} audit rows")
        state = "before" if k == 0 else ("after" if k == len(batch_amounts) else f"first {k}")
    else:
        state = "before" if now == before else ("after" if now == after else "HALF")
        if state == "HALF":
            problems.append("neither all-before nor all-after")
    return problems, state, recovered


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="崩溃演练：导入与批量调整中随机 SIGKILL，之后检查数据文件")
    parser.add_argument("--kills", type=int, default=120, help="kill 次数（默认 120；提前完成的运行不计）")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--small", action="store_true", help="小规模（测试用）")
    parser.add_argument("--cards", type=int, default=None, help="JSON 导入的资产卡片数")
    parser.add_argument("--rows", type=int, default=None, help="Excel 导入的资产卡片数")
    parser.add_argument("--batch", type=int, default=None, help="每批调整笔数")
    parser.add_argument("--work", type=Path, default=None, help="工作文件夹（默认临时文件夹，结束后删除）")
    args = parser.parse_args(argv)
    cards = args.cards or (2000 if args.small else 40000)
    rows = args.rows or (500 if args.small else 5000)
    batch = args.batch or (15 if args.small else 60)
    rng = random.Random(args.seed)
    work = args.work or Path(tempfile.mkdtemp(prefix="crash-drill-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "BUDGET_DESK_HOME": str(work / "home"), "BUDGET_DESK_USER": "演练",
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    os.environ["BUDGET_DESK_HOME"] = env["BUDGET_DESK_HOME"]
    try:
        files = prepare(work, cards, rows)
        db = work / "drill.sqlite3"
        reference: dict[str, dict] = {}
        for kind in ("json", "excel", "batch"):
            _copy(files["base"], db)
            before, before_adj = _figures(db), _adjustments(db)
            _killed, seconds, first_journal, last_journal = run_once(command_for(kind, files, db, batch), env, db)
            if first_journal is None:
                raise RuntimeError(f"{kind}: no write transaction was seen")
            reference[kind] = {"before": before, "after": _figures(db), "seconds": seconds,
                               "writing": last_journal - first_journal + 0.01,
                               "before_adj": before_adj, "batch": [(1000 + i) * 100 for i in range(batch)]}
            print(f"{kind}: uninterrupted run {seconds:.2f} s, journal seen {first_journal:.2f}–{last_journal:.2f} s",
                  flush=True)
        tally = {k: {"kills": 0, "before": 0, "after": 0, "partial_batch": 0, "recovered": 0, "failed": 0}
                 for k in reference}
        failures = []
        n = killed_total = 0
        # Count real kills: a run that finished before its kill time is checked too, but does not count.
        while killed_total < args.kills and n < 3 * args.kills:
            kind = ("json", "excel", "batch")[n % 3]
            ref = reference[kind]
            _copy(files["base"], db)
            # Half the kills at any moment of the run, half while a write transaction is open.
            in_write = n % 2 == 1
            kill_after = rng.uniform(0.0, ref["writing"] if in_write else ref["seconds"])
            killed, _, _, _ = run_once(command_for(kind, files, db, batch), env, db, kill_after, in_write)
            problems, state, recovered = check(db, env, kind, ref["before"], ref["after"], ref["before_adj"],
                                               ref["batch"])
            t = tally[kind]
            t["kills"] += killed
            killed_total += killed
            t["recovered"] += recovered
            t["before" if state == "before" else "after" if state == "after" else "partial_batch"] += 1
            if problems:
                t["failed"] += 1
                failures.append({"n": n, "kind": kind, "kill_after": kill_after, "problems": problems})
            when = f"{kill_after:5.2f} s {'into the write' if in_write else 'after start'}"
            print(f"{n + 1:4d} {kind:5s} kill {when}{'' if killed else ' (finished first)'}: "
                  f"{state}{'，已恢复' if recovered else ''}{'  FAILED ' + '; '.join(problems) if problems else ''}",
                  flush=True)
            n += 1
        summary = {"runs": n, "recovered": sum(t["recovered"] for t in tally.values()), "killed": sum(t["kills"] for t in tally.values()),
                   "called_damaged_or_failed": len(failures), "by_kind": tally,
                   "sizes": {"json_cards": cards, "excel_rows": rows, "batch": batch},
                   "uninterrupted_seconds": {k: round(v["seconds"], 2) for k, v in reference.items()},
                   "failures": failures[:10], "seed": args.seed}
        print(json.dumps(summary, ensure_ascii=False))
        return 1 if failures else 0
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
