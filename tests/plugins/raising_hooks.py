"""A plugin whose hooks raise when nianbao calls them at start-up."""

from nianbao import hookimpl


@hookimpl
def nianbao_rules():
    raise RuntimeError("rules table not initialised")


@hookimpl
def nianbao_configure(config):
    raise KeyError("guizhou_deadline")
