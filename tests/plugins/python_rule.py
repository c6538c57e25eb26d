"""A plugin with a Python rule, a YAML pack that overrides it, and a check function."""

from pathlib import Path

from nianbao import Rule, Violation, check_function, hookimpl


def _no_title(report, ctx):
    if not report.get("title"):
        yield Violation("/title", {"what": "title"})


@check_function(
    {"required": ["key"], "properties": {"key": {"type": "string"}}, "additionalProperties": False}
)
def has_key(node, options, ctx):
    if isinstance(node, dict) and options["key"] not in node:
        yield Violation(ctx.join(options["key"]), {"key": options["key"]})


@hookimpl
def nianbao_rules():
    return [
        Rule(
            id="PY001", severity="info", title={"zh": "没有标题", "en": "no title"}, func=_no_title
        )
    ]


@hookimpl
def nianbao_check_functions():
    return {"has_key": has_key}


@hookimpl
def nianbao_rule_packs():
    return [Path(__file__).parent / "python_rule.yaml"]


@hookimpl
def nianbao_messages():
    return {
        "zh": {"PY001": {"message": "报告没有标题"}},
        "en": {"PY001": {"message": "the report has no title"}},
    }
