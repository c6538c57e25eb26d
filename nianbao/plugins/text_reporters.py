"""The ``text`` and ``json`` output formats, as a plugin.

``text`` is for people at a terminal: one line per finding, ``path:line RULE
severity message``, so editors and terminals can jump to the line. ``json`` is the
stable machine format of DESIGN.md §6: the same input always gives the same bytes.
"""

from __future__ import annotations

from nianbao import hookimpl
from nianbao.core.jsonfast import dumps
from nianbao.core.reporting import RunResult

_SEVERITY = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
_COLOR = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"
_SUMMARY = {
    "zh": "共检查 {n} 份报告，{failed} 份有错误：错误 {error}，警告 {warning}，提示 {info}",
    "en": "{n} report(s) checked, {failed} with errors: {error} error(s), {warning} warning(s), {info} info",
}
_CLEAN = {"zh": "未发现问题", "en": "no findings"}


class TextReporter:
    name = "text"
    description = "one line per finding, for people (default)"

    def render(self, run: RunResult, *, color: bool = False) -> str:
        lang = run.lang if run.lang in _SEVERITY else "zh"
        lines: list[str] = []
        for report in run.reports:
            lines += self.render_report(report, lang, color, run.texts)
        return "\n".join(lines) + "\n" + self.render_tail(run)

    def render_tail(self, run: RunResult) -> str:
        """The closing count line and the run's notes (also ends a streamed run)."""
        lang = run.lang if run.lang in _SEVERITY else "zh"
        c = run.counts
        failed = sum(1 for r in run.reports if r.counts["error"])
        lines = [_SUMMARY[lang].format(n=len(run.reports), failed=failed, **c), *run.notes]
        return "\n".join(lines) + "\n"

    def render_report(self, report, lang: str, color: bool, texts=None) -> list[str]:
        out = []
        for f in report.findings:
            where = f"{report.path}:{f.line}" if f.line else report.path
            sev = _SEVERITY[lang][f.severity.label]
            if color:
                sev = f"{_COLOR[f.severity.label]}{sev}{_RESET}"
            pointer = f"  [{f.pointer}]" if f.pointer else ""
            waived = ""
            if f.waived is not None:  # shown, never dropped; does not fail the run
                template = (texts or {}).get("waived_because", "waived: {reason}")
                waived = f"  ({template.format(reason=f.waived.get('reason', ''))})"
            out.append(f"{where} {f.rule} {sev} {f.message}{pointer}{waived}")
        if not report.findings:
            out.append(f"{report.path}: {_CLEAN[lang]}")
        return out


class JsonReporter:
    name = "json"
    description = "the stable JSON result (DESIGN.md §6)"

    def render(self, run: RunResult, *, color: bool = False) -> str:
        return dumps(run.to_dict()) + "\n"


@hookimpl
def nianbao_reporters() -> list:
    return [TextReporter(), JsonReporter()]
