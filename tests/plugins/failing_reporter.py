"""A reporter that fails while rendering: nothing may be written, the old output stays."""

from nianbao import hookimpl


class Broken:
    name = "broken"
    description = "always fails"

    def render(self, run, *, color=False):
        raise ValueError("cannot render this run")


@hookimpl
def nianbao_reporters():
    return [Broken()]
