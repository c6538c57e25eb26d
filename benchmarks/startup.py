"""Time nianbao's start-up: one small report checked as a whole process, many times.

    python benchmarks/startup.py /tmp/bench/reports/000000-2019.json --runs 15
    python benchmarks/startup.py REPORT --against /path/to/older/checkout
    python benchmarks/startup.py /tmp/bench/reports --runs 4 --against OLDER   # a batch

Given a folder instead of a report, it times the whole batch the same way
(``--jobs 1`` unless ``--jobs`` says otherwise): the fairest comparison of two
trees on a shared machine, since every run of one is next to a run of the other.

Each run is ``python -m nianbao check REPORT --format json`` (stdout discarded) with
installed plugins not loaded (``NIANBAO_DISABLE_PLUGIN_AUTOLOAD=1``; ``--autoload``
looks for them as a default run does), next to
``python -c pass`` (the interpreter's own start-up). With ``--against``, the
same command runs from the other checkout's source tree (put first on
``PYTHONPATH``), alternating with this one run by run, so both see the same
machine load; bytecode of both trees is compiled first. Prints the median and
the spread of each. Not part of the test suite: it prints, it asserts nothing.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


EMPTY = tempfile.mkdtemp(prefix="nianbao-startup-")  # the runs' working folder: no nianbao in it


def _once(command: list[str], tree: Path | None, autoload: bool) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run."""
    env = dict(os.environ)
    env.pop("NIANBAO_DISABLE_PLUGIN_AUTOLOAD", None)
    if not autoload:
        env["NIANBAO_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(tree), env.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        command, env=env, cwd=EMPTY, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("report", help="a report to check (a small .json file), or a folder")
    parser.add_argument("--jobs", type=int, default=1, help="nianbao's --jobs (default 1)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--against", type=Path, help="an older checkout to compare with")
    parser.add_argument(
        "--autoload",
        action="store_true",
        help="look for installed plugins (entry points) as a default run does",
    )
    args = parser.parse_args(argv)
    report = str(Path(args.report).resolve())
    check = [sys.executable, "-m", "nianbao", "check", report, "--format", "json"]
    check += ["--jobs", str(args.jobs)]
    trees: dict[str, Path | None] = {"this tree": HERE}
    if args.against is not None:
        trees["--against"] = args.against.resolve()
    for tree in trees.values():
        compileall.compile_dir(str(Path(tree) / "nianbao"), quiet=1)
    commands = {"python -c pass": ([sys.executable, "-c", "pass"], None)}
    commands.update({f"nianbao check ({name})": (check, tree) for name, tree in trees.items()})
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for command, tree in commands.values():
        _once(command, tree, args.autoload)  # warm the file cache
    for _ in range(args.runs):
        for name, (command, tree) in commands.items():
            wall, cpu = _once(command, tree, args.autoload)
            walls[name].append(wall)
            cpus[name].append(cpu)
    for label, times in (("wall-clock", walls), ("CPU (user + system)", cpus)):
        medians = {name: statistics.median(values) for name, values in times.items()}
        print(f"{label}, {args.runs} runs each:")
        for name, values in times.items():
            print(
                f"  {name:<30} median {medians[name] * 1000:7.1f} ms"
                f"   min {min(values) * 1000:7.1f}   max {max(values) * 1000:7.1f}"
            )
        if args.against is not None:
            new, old = medians["nianbao check (this tree)"], medians["nianbao check (--against)"]
            floor = medians["python -c pass"]
            print(f"  old / new: {old / new:.2f}×   ({old - new:+.3f} s per process);", end="")
            print(f" above bare Python: old {old - floor:.3f} s, new {new - floor:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
