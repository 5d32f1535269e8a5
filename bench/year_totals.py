"""Benchmark: the year's asset figures read from the trigger-kept buckets against the GROUP BY
over the register that they replace, on a 1,000,000-card year (medians of 5, same process).

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
    from desktop.store import totals

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


if __name__ == "__main__":
    main()
