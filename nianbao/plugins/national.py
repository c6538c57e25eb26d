"""The national rule packs and the check functions they name, as a plugin."""

from __future__ import annotations

from pathlib import Path

from nianbao import hookimpl
from nianbao.rules.functions import FUNCTIONS

PACKS = Path(__file__).resolve().parent.parent / "rules" / "packs"


@hookimpl
def nianbao_check_functions() -> dict:
    return dict(FUNCTIONS)


@hookimpl
def nianbao_rule_packs() -> list[Path]:
    return sorted(PACKS.glob("*.yaml"))
