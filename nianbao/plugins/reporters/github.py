"""GitHub Actions workflow commands: ``::error file=…,line=…,title=…::message``.

Each finding becomes an annotation on the file (and line, when provenance gives
one) in the run's summary and the pull request's diff. error → ``::error``,
warning → ``::warning``, info and waived findings → ``::notice`` (a waived one
says its reason). Values are escaped as the Actions runner expects. GitHub shows
a limited number of annotations per step; for large batches upload SARIF instead
(docs/ci.md).
"""

from __future__ import annotations

from nianbao.core.reporting import RunResult
from nianbao.plugins.reporters.common import relative_path, waived_text

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    name = "github"
    description = "GitHub Actions annotations (::error file=…,line=…::…)"

    def render(self, run: RunResult, *, color: bool = False) -> str:
        titles = {rule.id: rule.title for rule in run.rules}
        lines = []
        for report in run.reports:
            path = escape_property(relative_path(report.path))
            for f in report.findings:
                command = "notice" if f.waived is not None else COMMANDS[f.severity.label]
                props = [f"file={path}"]
                if f.line:
                    props.append(f"line={f.line}")
                title = f"{f.rule} {titles.get(f.rule, '')}".strip()
                props.append(f"title={escape_property(title)}")
                message = f.message
                if f.pointer:
                    message += f" [{f.pointer}]"
                if f.waived is not None:
                    message = f"{waived_text(run, f)} — {message}"
                lines.append(f"::{command} {','.join(props)}::{escape_data(message)}")
        for note in run.notes:
            lines.append(f"::notice::{escape_data(note)}")
        return "".join(line + "\n" for line in lines)
