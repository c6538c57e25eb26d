"""A rule that yields strings instead of nianbao.Violation objects."""

from nianbao import Rule, hookimpl


def _strings(report, ctx):
    yield "/title is missing"


@hookimpl
def nianbao_rules():
    return [Rule(id="BAD001", severity="warning", title="yields text", func=_strings)]
