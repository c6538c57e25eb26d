"""The output formats beyond text and json, as a plugin: one module per format.

sarif (code scanning), junit (CI test reports), html (an auditor's page),
markdown (a merge-request comment), csv (a spreadsheet), github (Actions
annotations). Each reporter only renders a finished ``RunResult``.
"""

from __future__ import annotations

from nianbao import hookimpl
from nianbao.plugins.reporters.csvfile import CsvReporter
from nianbao.plugins.reporters.github import GithubReporter
from nianbao.plugins.reporters.html import HtmlReporter
from nianbao.plugins.reporters.junit import JunitReporter
from nianbao.plugins.reporters.markdown import MarkdownReporter
from nianbao.plugins.reporters.sarif import SarifReporter


@hookimpl
def nianbao_reporters() -> list:
    return [
        SarifReporter(),
        JunitReporter(),
        HtmlReporter(),
        MarkdownReporter(),
        CsvReporter(),
        GithubReporter(),
    ]
