"""A rule that ends its own process, as a native library crashing on a file would.

It kills the process checking a report whose title holds 崩溃 — every time, or, when
NIANBAO_TEST_DIE_ONCE names a file that does not exist yet, only the first time
(creating the file), as the kernel ending a worker out of memory would.
"""

import os
import signal
from pathlib import Path

from nianbao import Rule, hookimpl


def _crash(report, ctx):
    if "崩溃" in str(report.get("title", "")):
        once = os.environ.get("NIANBAO_TEST_DIE_ONCE")
        if not once or not Path(once).exists():
            if once:
                Path(once).touch()
            os.kill(os.getpid(), signal.SIGKILL)
    return iter(())


@hookimpl
def nianbao_rules():
    return [Rule(id="CRASH001", severity="warning", title="ends its process", func=_crash)]
