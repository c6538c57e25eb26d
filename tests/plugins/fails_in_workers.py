"""A plugin whose ``nianbao_configure`` fails only in a worker process (a setting or a
resource that only the main machine has)."""

import multiprocessing

from nianbao import hookimpl


@hookimpl
def nianbao_configure(config):
    if multiprocessing.parent_process() is not None:
        raise LookupError("no licence file on this worker")
