"""Microseconds per report of the per-report check alone, in one process.

    python benchmarks/perreport.py /tmp/bench/reports [--select T3,S] [--ignore X] [--repeat 5]

Reads and checks every ``*.json`` of the folder with one checker (plugin autoload off),
the collector set as the console command sets it, ``--repeat`` times; prints the best
pass in µs per report. No start-up, no corpus judgement, no output: what a change to a
rule or to reading costs, with less of the machine's noise than a whole run. For a
comparison, run it alternately in two checkouts (``PYTHONPATH=OTHER``, from a folder
without a ``nianbao`` package in it).
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--select", default="", help="rule ids or prefixes, comma-separated")
    ap.add_argument("--ignore", default="", help="rule ids or prefixes, comma-separated")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    import nianbao
    from nianbao.core.runner import Checker, Options

    files = sorted(str(p) for p in args.folder.glob("*.json"))
    ids = {k: [i for i in getattr(args, k).split(",") if i] for k in ("select", "ignore")}
    checker = Checker(Options(entry_points=False, **ids))
    gc.freeze()
    gc.set_threshold(10_000, *gc.get_threshold()[1:])
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        with checker.engine.clock.watching():
            for path in files:
                checker.check_file(path)
        best = min(best, time.perf_counter() - start)
    print(
        f"{best / len(files) * 1e6:.1f} µs per report ({len(files)} reports, best of "
        f"{args.repeat}; nianbao from {Path(nianbao.__file__).parent})"
    )


if __name__ == "__main__":
    main()
