"""A check function whose fast path is broken: one quiet test raises when it is built,
another when it is asked. Either is the rule's failure (E003 on each report), never
the run's: the other rules still run."""

from pathlib import Path

from nianbao import Violation, check_function, hookimpl


def _build_raises(options, nodes, model):
    raise RuntimeError("quiet test cannot be built")


def _build_test_raises(options, nodes, model):
    def test(ctx):
        raise RuntimeError("quiet test failed")

    return test


@check_function({"type": "object"}, quiet=_build_raises)
def never_built(node, options, ctx):
    yield Violation("/title", {})


@check_function({"type": "object"}, quiet=_build_test_raises)
def never_asked(node, options, ctx):
    yield Violation("/title", {})


@hookimpl
def nianbao_check_functions():
    return {"never_built": never_built, "never_asked": never_asked}


@hookimpl
def nianbao_rule_packs():
    return [Path(__file__).with_name("raising_quiet.yaml")]
