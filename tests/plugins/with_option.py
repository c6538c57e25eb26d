"""A test plugin with a flag of its own: --gz-min-published, read in nianbao_configure."""

from __future__ import annotations

from nianbao import Rule, Violation, hookimpl

_settings: dict[str, str] = {}


@hookimpl
def nianbao_add_options(parser):
    parser.add_argument(
        "--gz-min-published", metavar="YYYY-MM-DD", help="flag reports published before this"
    )


@hookimpl
def nianbao_configure(config):
    _settings["min"] = (config.get("args") or {}).get("gz_min_published") or ""


def _published_early(report, ctx):
    wanted = _settings.get("min")
    published = report.get("published") or ""
    if wanted and published and published < wanted:
        yield Violation("/published", {"published": published, "min": wanted})


@hookimpl
def nianbao_rules():
    return [
        Rule(
            id="GZ900",
            severity="warning",
            title={"zh": "发布早于指定日期", "en": "Published before the given date"},
            messages={
                "zh": {"": "发布日期 {published} 早于 {min}"},
                "en": {"": "published {published}, before {min}"},
            },
            func=_published_early,
        )
    ]
