"""Checking many files: a process pool (or a Dask cluster), a progress bar, a summary.

Each worker builds its Checker once, from the same picklable ``Options`` the main
process used, and checks files one by one; results come back in input order. A
result carries the findings and the corpus rules' small facts, never the report,
so memory in the main process grows with the findings, not with the reports. The
corpus rules then judge all facts in the main process (``Checker.finish``), so a
run on one core, on many, or on a cluster gives the same result.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from nianbao.core.io import ReadError, unreadable
from nianbao.core.reporting import ReportResult
from nianbao.core.runner import Checker, Options

if TYPE_CHECKING:  # the pool's modules are imported when a pool starts (≈ 20 ms)
    from concurrent.futures import Future, ProcessPoolExecutor

_worker: Checker | None = None  # the checker of this process (a pool worker, a Dask worker)
_worker_lock = threading.Lock()  # a Dask worker with several threads builds one checker
_init_error: BaseException | None = None  # why this pool worker has no checker


def default_jobs() -> int:
    """All cores (``os.cpu_count()``), at least one."""
    return max(1, os.cpu_count() or 1)


def worker_checker(options: Options) -> Checker:
    """This process's checker for ``options``, built on first use and kept.

    Building it calls the plugins' ``nianbao_configure`` — once per process and set
    of options, however many tasks or threads ask for it.
    """
    global _worker
    with _worker_lock:
        if _worker is None or _worker.options != options:
            _worker = Checker(options)
        return _worker


def adopt(checker: Checker) -> None:
    """Make ``checker`` this process's own: a forked pool worker, or a Dask worker
    running in this very process, uses it instead of building (and configuring) another."""
    global _worker
    with _worker_lock:
        _worker = checker


def _init(options: Options | None) -> None:
    """A pool worker's start: ``None`` means forked, with the parent's checker inherited."""
    global _init_error
    # Ctrl-C reaches every process of the terminal's group: the main process answers it
    # ("interrupted", exit 130) and ends the pool; a worker must not print a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if options is None:
        return
    try:
        worker_checker(options)
    except Exception as exc:  # raised from the first task: a failing initializer hangs a Pool
        _init_error = exc


def _check_paths(paths: Sequence[str]) -> list[ReportResult]:
    """A pool worker's task: a few files, checked in turn by this process's checker."""
    if _init_error is not None:
        raise _init_error
    assert _worker is not None
    with _worker.engine.clock.watching():  # armed once for the chunk, not per report
        return [_worker.check_file(path) for path in paths]


def check_chunk(
    options: Options, paths: Sequence[str]
) -> tuple[tuple[tuple[str, ...], ...], list[str], list[ReportResult]]:
    """Check ``paths`` in this process (a Dask task): one checker per process, kept.

    Returns what the checker checks with (``Checker.signature``) and why a plugin is
    missing here (its failures, in English) with the results, so that the calling
    process can tell a worker that checks with other rules than it does.
    """
    checker = worker_checker(options)
    failures = [f.text("en") for f in checker.plugins.failures]
    return checker.signature(), failures, [checker.check_file(p) for p in paths]


def check_files(
    checker: Checker,
    files: Sequence[str],
    jobs: int = 1,
    on_result: Callable[[ReportResult], None] | None = None,
) -> list[ReportResult]:
    """Check ``files`` with ``jobs`` processes; results in input order.

    ``on_result`` sees each result as soon as it and every earlier one are done
    (for streaming output and the progress bar).
    """
    results: list[ReportResult] = []
    for result in iter_results(checker, files, jobs):
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


def iter_results(checker: Checker, files: Sequence[str], jobs: int = 1) -> Iterator[ReportResult]:
    """Results of ``files`` in input order, checked here or by a pool of ``jobs`` processes."""
    jobs = max(1, min(jobs, len(files)))
    if jobs == 1:
        with checker.engine.clock.watching():  # armed once for the batch, not per report
            for path in files:
                yield checker.check_file(path)
        return
    adopt(checker)  # a forked worker inherits it, configured, and need not build its own
    size = max(1, min(32, len(files) // (jobs * 16)))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    workers = _Workers(jobs, checker.options)
    try:
        yield from _pooled(checker, chunks, workers)
    except BaseException:
        workers.stop(kill=True)  # Ctrl-C, or a worker's error: leave no process behind
        raise
    workers.stop()


def _pooled(checker: Checker, chunks: list[Sequence[str]], workers: _Workers) -> Iterator[Any]:
    """Each chunk's results in turn, a few chunks ahead in the workers.

    A worker that dies (a native library of a reader crashing on a file, the kernel
    ending a process out of memory) takes the pool with it and every chunk in flight.
    The pool starts afresh; the first chunk not yet given out is checked again alone,
    and if it kills a worker again, file by file: the file that does is one E001
    ("worker_died"), and every other file is checked as usual. Checking is
    deterministic, so a file checked twice gives the same result.
    """
    from concurrent.futures.process import BrokenProcessPool

    ahead = 4 * workers.jobs
    flight: dict[int, Future] = {}
    given = 0
    for k in range(len(chunks)):
        while given < len(chunks) and given < k + ahead:
            flight[given] = workers.submit(chunks[given])
            given += 1
        try:
            results = flight.pop(k).result()
        except BrokenProcessPool:
            workers.restart()
            results = _alone(checker, chunks[k], workers)
            for j in range(k + 1, given):  # lost with the pool: given out again
                flight[j] = workers.submit(chunks[j])
        yield from results


def _alone(checker: Checker, chunk: Sequence[str], workers: _Workers) -> list[ReportResult]:
    """``chunk`` checked with nothing else in flight; file by file if it kills a worker."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return workers.submit(chunk).result()
    except BrokenProcessPool:
        workers.restart()
    out: list[ReportResult] = []
    for path in chunk:
        try:
            out += workers.submit([path]).result()
        except BrokenProcessPool:
            workers.restart()
            out.append(checker.engine.check(unreadable(path, ReadError("worker_died"))))
    return out


class _Workers:
    """``jobs`` worker processes (concurrent.futures), started again after one dies.

    A ``multiprocessing.Pool`` whose worker is killed waits for its lost task forever;
    a ``ProcessPoolExecutor`` says so (BrokenProcessPool), and costs the main process
    less per task. Workers are forked where that is safe (they inherit the built
    checker) and spawned elsewhere, each then building its own from the Options.
    """

    def __init__(self, jobs: int, options: Options) -> None:
        import multiprocessing  # here, not at the top: a run on one core never starts one

        self.jobs = jobs
        method = start_method()
        self.context = multiprocessing.get_context(method)
        self.initargs = (None if method == "fork" else options,)
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(
            self.jobs, mp_context=self.context, initializer=_init, initargs=self.initargs
        )

    def submit(self, paths: Sequence[str]) -> Future:
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self.executor.submit(_check_paths, paths)
        except BrokenProcessPool as exc:  # broke since the last look: answered like a task
            failed: Future = Future()
            failed.set_exception(exc)
            return failed

    def restart(self) -> None:
        self.stop(kill=True)
        self.executor = self._start()

    def stop(self, kill: bool = False) -> None:
        """End the workers: when idle, as they finish; with ``kill``, at once."""
        if kill:
            terminate = getattr(self.executor, "terminate_workers", None)  # Python 3.14
            if terminate is not None:
                terminate()
            else:  # no public way before 3.14: the executor's own table of its processes
                for process in list(getattr(self.executor, "_processes", {}).values()):
                    process.kill()
        self.executor.shutdown(wait=True, cancel_futures=True)


def start_method() -> str:
    """How pool workers start: the method the program set, else fork where it is safe.

    fork shares the built checker with the workers for free; it is unsafe in a
    process that runs threads (a notebook's, a Dask client's), so spawn there. A
    program that called ``multiprocessing.set_start_method("spawn")`` (or
    ``"forkserver"``) gets what it asked for; "fork" is only ever taken where safe,
    because using any multiprocessing object fixes the default to it unasked.
    """
    import multiprocessing

    chosen = multiprocessing.get_start_method(allow_none=True)
    if chosen in ("spawn", "forkserver"):
        return chosen
    safe_fork = sys.platform == "linux" and threading.active_count() == 1
    return "fork" if safe_fork else "spawn"


class Progress:
    """``\\r[#####-----] 1200/2000 reports`` on a terminal, redrawn at most 10 times a second."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO, label: str) -> None:
        self.total = total
        self.stream = stream
        self.label = label
        self.done = 0
        self._last = 0.0

    def update(self, result: ReportResult | None = None) -> None:
        self.done += 1
        now = time.monotonic()
        if now - self._last >= 0.1 or self.done == self.total:
            self._last = now
            filled = self.WIDTH * self.done // max(1, self.total)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            text = self.label.format(done=self.done, total=self.total)
            self.stream.write(f"\r[{bar}] {text}")
            self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r" + " " * (self.WIDTH + 40) + "\r")
        self.stream.flush()


def summary(
    results: Sequence[ReportResult], seconds: float, texts: dict[str, Any], slowest: int = 5
) -> str:
    """Reports checked, failed, findings per rule, the slowest files — for stderr."""
    failed = sum(1 for r in results if r.counts["error"])
    rate = len(results) / seconds if seconds > 0 else 0.0
    lines = [texts["summary"].format(n=len(results), failed=failed, seconds=seconds, rate=rate)]
    per_rule = Counter(f.rule for r in results for f in r.findings if f.waived is None)
    lines.append(texts["by_rule"])
    if per_rule:
        for rule, count in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(texts["rule_count"].format(rule=rule, count=count))
    else:
        lines.append(texts["no_findings"])
    slow = sorted(results, key=lambda r: (-r.seconds, r.path))[:slowest]
    if slow:
        lines.append(texts["slowest"])
        lines += [texts["slow_file"].format(path=r.path, ms=r.seconds * 1000) for r in slow]
    return "\n".join(lines) + "\n"
