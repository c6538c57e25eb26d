"""Time nianbao on a folder of generated reports, side by side in one run, and print figures.

    python benchmarks/generate.py /tmp/bench -n 2000 --documents 200
    python benchmarks/run.py /tmp/bench [--repeat 3]

Measured on the same files in one run (the machine is shared; absolute times
drift, ratios measured together hold): bare JSON parsing of every file; schema
validation alone (the compiled check, and jsonschema for comparison on a sample);
``nianbao check`` as a whole process with the full national pack, ``--jobs 1`` and
``--jobs N`` (all cores); text and HTML extraction when readers for them are
installed. Peak memory is the largest resident set of the process tree, sampled
every 10 ms from /proc. Not part of the test suite: it prints, it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path


def _tree_rss(pid: int) -> int:
    """Resident set (bytes) of ``pid`` and all its descendants, from /proc."""
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
            with open(f"/proc/{p}/task/{p}/children") as fh:
                stack += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run_process(cmd: list[str]) -> tuple[float, int, int]:
    """(seconds, peak tree RSS in bytes, exit code) of a command, output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.01)
    return time.perf_counter() - start, peak, proc.returncode


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def parallel_capacity(jobs: int) -> float:
    """How much faster ``jobs`` processes run a trivially parallel loop than one: what
    the machine can give right now (a shared machine may give less than its cores)."""
    import multiprocessing

    work = [4_000_000] * (2 * jobs)
    start = time.perf_counter()
    for n in work:
        _spin(n)
    serial = time.perf_counter() - start
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        start = time.perf_counter()
        pool.map(_spin, work)
        parallel = time.perf_counter() - start
    return serial / parallel


def bare_parse(files: list[Path]) -> float:
    start = time.perf_counter()
    for f in files:
        json.loads(f.read_bytes())
    return time.perf_counter() - start


def validation(files: list[Path]) -> tuple[float, float, int]:
    """(compiled check seconds for all, jsonschema seconds per report on a sample, sample size)."""
    from nianbao.core.model import model

    docs = [json.loads(f.read_bytes()) for f in files]
    for ed in ("2019", "2021"):
        model(ed)
    start = time.perf_counter()
    for d in docs:
        model(d["edition"]).validate(d)
    fast = time.perf_counter() - start
    sample = docs[: min(200, len(docs))]
    start = time.perf_counter()
    for d in sample:
        model(d["edition"]).validator.is_valid(d)
    slow = (time.perf_counter() - start) / max(1, len(sample))
    return fast, slow, len(sample)


def extraction(folder: Path) -> dict[str, tuple[int, float]]:
    """Reading .txt / .html documents into the model, per suffix: (files, seconds)."""
    from nianbao.core.runner import Checker, Options

    checker = Checker(Options(entry_points=False))
    out: dict[str, tuple[int, float]] = {}
    for suffix in (".txt", ".html"):
        files = sorted(folder.glob(f"*{suffix}"))
        if not files or suffix not in checker.readers:
            continue
        start = time.perf_counter()
        for f in files:
            checker.read(str(f))
        out[suffix] = (len(files), time.perf_counter() - start)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", help="what benchmarks/generate.py wrote (with reports/ inside)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each timing; the best is kept")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="the 'all cores' run")
    args = ap.parse_args()
    root = Path(args.folder)
    reports = root / "reports"
    files = sorted(reports.glob("*.json"))
    n = len(files)
    nianbao = [sys.executable, "-m", "nianbao", "check", str(reports), "--format", "json"]
    print(f"{n} reports in {reports}; python {sys.version.split()[0]}; {os.cpu_count()} cores")

    for f in files:  # into the page cache first: the first timing would otherwise be the disk's
        f.read_bytes()
    parse = min(bare_parse(files) for _ in range(args.repeat))
    loop = (
        "import json,pathlib,sys\n"
        "for f in sorted(pathlib.Path(sys.argv[1]).glob('*.json')): json.loads(f.read_bytes())"
    )
    parse_proc = min(
        (run_process([sys.executable, "-c", loop, str(reports)]) for _ in range(args.repeat)),
        key=lambda r: r[0],
    )
    fast, slow, sample = validation(files)
    capacity_before = parallel_capacity(args.jobs)
    j1 = min(
        (run_process([*nianbao, "--jobs", "1"]) for _ in range(args.repeat)),
        key=lambda r: r[0],
    )
    jn = min(
        (run_process([*nianbao, "--jobs", str(args.jobs)]) for _ in range(args.repeat)),
        key=lambda r: r[0],
    )
    tables = min(
        (run_process([*nianbao, "--jobs", "1", "--select", "T"]) for _ in range(args.repeat)),
        key=lambda r: r[0],
    )
    rows = [
        ("bare JSON parsing (read + json.loads), in process", parse, None),
        ("bare JSON parsing, whole process", parse_proc[0], parse_proc[1]),
        ("schema validation alone (compiled check)", fast, None),
        ("nianbao check --select T (table rules only), --jobs 1", tables[0], tables[1]),
        ("nianbao check, full pack, --jobs 1 (whole process)", j1[0], j1[1]),
        (f"nianbao check, full pack, --jobs {args.jobs} (whole process)", jn[0], jn[1]),
    ]
    print(f"\n{'what':<58} {'seconds':>8} {'reports/s':>10} {'peak MB':>8}")
    for what, seconds, peak in rows:
        mb = f"{peak / 2**20:8.0f}" if peak else f"{'':>8}"
        print(f"{what:<58} {seconds:8.2f} {n / seconds:10.0f} {mb}")
    print(
        f"{'jsonschema validation, per report (sample of ' + str(sample) + ')':<58} {slow * 1000:7.2f}ms"
    )
    for suffix, (count, seconds) in extraction(root / "documents").items():
        print(
            f"{'extraction of ' + suffix + ' documents (' + str(count) + ')':<58} {seconds:8.2f} {count / seconds:10.0f}"
        )
    print(f"\nfull check --jobs 1 / bare parsing, whole process each: {j1[0] / parse_proc[0]:.1f}x")
    print(f"full check --jobs 1 / bare parsing in process: {j1[0] / parse:.1f}x")
    capacity_after = parallel_capacity(args.jobs)
    print(f"--jobs {args.jobs} speed-up over --jobs 1: {j1[0] / jn[0]:.2f}x")
    print(
        f"the machine's parallel capacity ({args.jobs} processes on a plain loop): "
        f"{capacity_before:.2f}x before the check runs, {capacity_after:.2f}x after"
    )
    print(
        f"exit codes: --jobs 1 → {j1[2]}, --jobs {args.jobs} → {jn[2]} (1 = findings, as planted)"
    )


if __name__ == "__main__":
    main()
