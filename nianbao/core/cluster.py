"""Running the per-report checks on a Dask cluster (``nianbao check --dask ADDRESS``).

The file list is cut into chunks; each chunk is one Dask task that checks its files
in a worker process with that process's own Checker (built once from the run's
``Options`` and kept, as in the local pool; building it calls the plugins'
``nianbao_configure`` with the run's settings, once per worker). Results are
gathered in input order and the corpus rules judge them in the calling process, so
the output is the same bytes as a local run. Workers must have nianbao (and any plugin the run uses)
installed and must see the files at the same paths — a shared file system.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from nianbao.core.batch import adopt, check_chunk, default_jobs
from nianbao.core.errors import LocalisedError
from nianbao.core.reporting import ReportResult
from nianbao.core.runner import Checker


class ClusterError(LocalisedError):
    """Dask is not installed, or the scheduler cannot be reached (exit 2)."""


def _differs(
    client: Any,
    future: Any,
    mine: tuple[tuple[str, ...], ...],
    theirs: tuple[tuple[str, ...], ...],
    failures: list[str],
) -> ClusterError:
    """The error for a worker that checks with other rules, corpus rules or readers than
    this process: its results would differ from a local run's, silently."""
    try:
        who = next(iter(client.who_has(future).get(future.key, ()))) or "?"
    except Exception:  # the scheduler forgot already: the worker is not named, the rest is
        who = "?"
    missing = [x for a, b in zip(mine, theirs, strict=True) for x in a if x not in b]
    extra = [x for a, b in zip(mine, theirs, strict=True) for x in b if x not in a]
    gap = ", ".join(missing) or "-"
    more = ", ".join(extra) or "-"
    why = "; ".join(failures) or "-"
    return ClusterError(
        f"Dask worker {who} checks with other rules than this machine (it lacks: {gap}; "
        f"it has besides: {more}; its plugin failures: {why}); install the same nianbao "
        "and plugins on every worker",
        "dask_worker_differs",
        worker=who,
        missing=gap,
        extra=more,
        failures=why,
    )


def dask_results(
    checker: Checker, files: Sequence[str], address: str, chunk: int | None = None
) -> Iterator[ReportResult]:
    """Results of ``files`` in input order, checked as Dask tasks.

    ``address`` is a scheduler (``tcp://host:8786``) or ``local`` for a LocalCluster
    with one single-threaded worker process per core.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError(
            "--dask needs Dask's distributed scheduler: pip install 'nianbao[dask]'",
            "dask_missing",
        ) from None
    cluster = None
    try:
        if address == "local":
            cluster = LocalCluster(
                n_workers=default_jobs(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            client = Client(cluster)
        else:
            client = Client(address, timeout="5s")
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address}: {exc}",
            "dask_unreachable",
            address=address,
            detail=str(exc),
        ) from None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        size = chunk or max(1, min(500, len(files) // (workers * 4) or 1))
        chunks = [list(files[i : i + size]) for i in range(0, len(files), size)]
        adopt(checker)  # a worker in this process (threads, no processes) builds no second one
        options = client.scatter(checker.options, broadcast=True)
        futures = client.map(check_chunk, [options] * len(chunks), chunks, pure=False)
        mine = checker.signature()
        for future in futures:  # in input order; later chunks keep running meanwhile
            theirs, failures, results = future.result()
            if theirs != mine:
                raise _differs(client, future, mine, theirs, failures)
            yield from results
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
