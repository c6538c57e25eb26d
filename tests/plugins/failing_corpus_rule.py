"""A corpus rule whose ``judge`` flags the last report, then raises (a bug at batch level)."""

from nianbao import Severity, Violation, hookimpl


class Faulty:
    id = "ZX001"
    severity = Severity.WARNING
    title = {"zh": "比对标题", "en": "compares titles"}
    messages = {"zh": {"": "标题已比对"}, "en": {"": "title compared"}}

    def collect(self, report, ctx):
        return {"title": report.get("title")}

    def judge(self, facts):
        yield facts[-1][0], Violation("/title", {})
        raise LookupError(f"no index for {len(facts)} titles")


@hookimpl
def nianbao_corpus_rules():
    return [Faulty()]
