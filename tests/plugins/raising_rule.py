"""A plugin whose Python rule raises on every report: the engine must turn that into E003."""

from nianbao import Rule, hookimpl


def _explode(report, ctx):
    raise ZeroDivisionError("division by zero in a province rule")
    yield  # pragma: no cover


@hookimpl
def nianbao_rules():
    return [Rule(id="ZZ001", severity="warning", title="always raises", func=_explode)]
