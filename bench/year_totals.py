"""Benchmark: the year's asset figures read from the trigger-kept buckets against the GROUP BY
over the register that they replace, on a 1,000,000-card year (medians of 5, same process);
the seal of that year (lock, and its check); and what the triggers cost an insert of 100,000
cards, against the same insert with the totals triggers dropped.

    .venv/bin/python bench/year_totals.py [--cards 1000000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.asset_register import build  # noqa: E402


def median_time(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=1_000_000)
    args = parser.parse_args()
    from desktop.services.facts import year_facts
    from desktop.services.workspace import Workspace, find_year
    from desktop.store import seal, totals

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        built = build(path, args.cards)
        print(f"built {args.cards:,} cards (triggers keeping the totals) in {built:.1f} s")
        with Workspace.open(path) as ws, ws.read() as s:
            fy = find_year(s, 2020)
            assert totals.asset_groups(s, fy.id) == totals.recount_asset_groups(s, fy.id, fy.year)
            kept = median_time(lambda: totals.asset_groups(s, fy.id))
            scan = median_time(lambda: totals.recount_asset_groups(s, fy.id, fy.year))
            year = median_time(lambda: totals.year_totals(s, fy.id))
            recount = median_time(lambda: totals.recount(s, fy.id), runs=3)
            facts = median_time(lambda: year_facts(ws, 2020), runs=3)
        print(f"asset groups from buckets : {kept * 1000:8.2f} ms")
        print(f"asset groups by GROUP BY  : {scan * 1000:8.2f} ms   ({scan / kept:,.0f}x the buckets)")
        print(f"year totals from table    : {year * 1000:8.2f} ms")
        print(f"year totals by recount    : {recount * 1000:8.2f} ms   ({recount / year:,.0f}x the table)")
        print(f"year_facts(2020) in all   : {facts * 1000:8.2f} ms")
        with Workspace.open(path) as ws, ws.read() as s:
            fy = find_year(s, 2020)
            started = time.perf_counter()
            sealed = seal.seal_year(s, fy.id)
            sealing = time.perf_counter() - started
            started = time.perf_counter()
            assert seal.broken_tables(s, fy.id, sealed) == []
            checking = time.perf_counter() - started
        print(f"seal of the year (lock)   : {sealing:8.2f} s")
        print(f"seal check                : {checking:8.2f} s")
        with_triggers = insert_time(Path(tmp) / "a.sqlite3", 100_000, drop=False)
        without = insert_time(Path(tmp) / "b.sqlite3", 100_000, drop=True)
        print(f"insert 100,000 cards      : {with_triggers:8.2f} s with the totals triggers, "
              f"{without:.2f} s without ({with_triggers / without:.2f}x)")


def insert_time(path: Path, cards: int, drop: bool) -> float:
    import sqlite3

    from desktop.services.demo import create_demo

    create_demo(path, actor="bench")
    con = sqlite3.connect(path)
    if drop:
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                   "AND (name LIKE '%_totals_%' OR name LIKE '%_buckets_%')").fetchall():
            con.execute(f"DROP TRIGGER {name}")
    year_id = con.execute("SELECT id FROM fiscal_years WHERE year = 2020").fetchone()[0]
    rows = [(year_id, f"BX{n:07d}", "台式计算机", "2", "fixed", "purchase", f"20{10 + n % 11}-0{1 + n % 9}-15",
             100_000 + n, 50_000, "in_use", "", "", None, None, None, 0) for n in range(cards)]
    started = time.perf_counter()
    with con:
        con.executemany(
            "INSERT INTO asset_cards (year_id, card_no, name, asset_class, kind, acquisition, acquired_on, original_fen,"
            " depreciation_fen, status, custodian, location, disposal_method, disposed_on, residual_fen,"
            " residual_remitted) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


if __name__ == "__main__":
    main()
