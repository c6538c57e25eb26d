"""A province plugin whose rule reads its settings in ``nianbao_configure``.

The finding says the deadline from ``[tool.nianbao.configured_rule]``, the command
the run came from, and how often this process configured the plugin — so a worker
that was never configured, or configured twice, gives different output. With
``NIANBAO_TEST_CONFIGURED_LOG`` set, each call also appends this process's id to
that file, so a test can count the calls per process.
"""

import os

from nianbao import Rule, Violation, hookimpl

_settings = {"deadline": "(not configured)", "command": "(none)", "times": 0}


@hookimpl
def nianbao_configure(config):
    section = config.get("configured_rule") or {}
    _settings["deadline"] = section.get("deadline", "(no deadline set)")
    _settings["command"] = config["args"].get("command", "(none)")
    _settings["times"] += 1
    log = os.environ.get("NIANBAO_TEST_CONFIGURED_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")


def _deadline(report, ctx):
    yield Violation(
        "/title",
        {
            "deadline": _settings["deadline"],
            "command": _settings["command"],
            "times": _settings["times"],
        },
    )


@hookimpl
def nianbao_rules():
    return [Rule(id="CFG001", severity="info", title="configured deadline", func=_deadline)]


@hookimpl
def nianbao_messages():
    return {
        "zh": {"CFG001": {"message": "期限 {deadline}（命令 {command}，本进程配置 {times} 次）"}},
        "en": {
            "CFG001": {
                "message": "deadline {deadline} (command {command}, configured {times} time(s) here)"
            }
        },
    }
