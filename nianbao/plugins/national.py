"""The national rule packs, the check functions they name, and the Python rules."""

from __future__ import annotations

from pathlib import Path

from nianbao import Rule, hookimpl
from nianbao.rules.dates import year_of_work
from nianbao.rules.figures import text_against_tables
from nianbao.rules.functions import FUNCTIONS

PACKS = Path(__file__).resolve().parent.parent / "rules" / "packs"
PLUGIN = "nianbao.plugins.national"


@hookimpl
def nianbao_check_functions() -> dict:
    return dict(FUNCTIONS)


@hookimpl
def nianbao_rule_packs() -> list[Path]:
    return sorted(PACKS.glob("*.yaml"))


@hookimpl
def nianbao_rules() -> list[Rule]:
    """Rules whose logic YAML cannot say well: figures in the text, the year of work."""
    return [
        Rule(id="M007", severity="warning", func=year_of_work, plugin=PLUGIN),
        Rule(id="N001", severity="warning", func=text_against_tables, plugin=PLUGIN),
    ]
