"""A check function whose options schema is itself broken (``"type": "strin"``)."""

from nianbao import check_function, hookimpl


@check_function({"properties": {"limit": {"type": "strin"}}})
def limited(node, options, ctx):
    return []


@hookimpl
def nianbao_check_functions():
    return {"limited": limited}
