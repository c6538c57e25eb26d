"""A plugin whose hooks return the wrong types."""

from nianbao import hookimpl


@hookimpl
def nianbao_rules():
    return "PY001"  # a string, not a list of Rule objects


@hookimpl
def nianbao_rule_packs():
    return 42


@hookimpl
def nianbao_check_functions():
    return ["matches"]


@hookimpl
def nianbao_reporters():
    return [object()]
