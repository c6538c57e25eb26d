"""A province plugin whose rules cannot be built on the Dask workers (a resource only
the main machine has): its ``nianbao_rules`` raises there, which is a warning, so a
worker would check without its rules."""

from nianbao import Rule, Violation, hookimpl


def _on_a_dask_worker() -> bool:
    try:
        from distributed import get_worker

        get_worker()  # raises ValueError outside a Dask worker
    except (ImportError, ValueError):
        return False
    return True


def _always(report, ctx):
    yield Violation("/title", {})


@hookimpl
def nianbao_rules():
    if _on_a_dask_worker():
        raise LookupError("no rules table on this worker")
    return [Rule(id="PROV001", severity="info", title="a province rule", func=_always)]
