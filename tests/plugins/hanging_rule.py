"""Rules that never finish, one of them swallowing every Exception; and one that works."""

import os
import time
from pathlib import Path

from nianbao import Rule, Violation, hookimpl


def _spin(report, ctx):
    started = os.environ.get("NIANBAO_TEST_RULE_STARTED")
    if started:  # tells a test the run is under way
        Path(started).touch()
    n = 0
    while True:
        n += 1
    yield  # pragma: no cover


def _stubborn(report, ctx):
    while True:
        try:
            time.sleep(0.01)
        except Exception:  # a sloppy plugin: the time limit must still stop it
            pass
    yield  # pragma: no cover


def _fine(report, ctx):
    yield Violation("/title", {})


@hookimpl
def nianbao_rules():
    return [
        Rule(id="HANG001", severity="warning", title="spins", func=_spin),
        Rule(id="HANG002", severity="warning", title="sleeps and swallows", func=_stubborn),
        Rule(id="HANG003", severity="info", title="finishes", func=_fine),
    ]
