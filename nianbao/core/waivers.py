"""Waivers: findings a reviewer has accepted, each with a reason, kept in config.

A waiver lives in ``[tool.nianbao]`` (pyproject.toml) or ``nianbao.toml``::

    [[tool.nianbao.waivers]]          # in nianbao.toml: [[waivers]]
    rule = "T301"
    path = "reports/2023/*.json"      # glob, relative to the config file's folder
    pointer = "/tables/applications/carried_forward/commercial"   # optional
    reason = "原表如此印刷，已向发布机关核实"                          # required
    expires = 2025-06-30              # optional: from the day after, it no longer applies

Waived findings are never dropped: they stay in every output, marked with the
reason (``Finding.waived``), and do not count toward the exit code. Because a
waiver silences a real finding, it must say why: one without a reason refuses the
whole config (exit 2). A waiver past its date no longer applies and is reported;
so is one that covers checked files yet matched nothing (the problem was fixed,
or the waiver is wrong). The input-error rules E001–E003 cannot be waived.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from nianbao.core.config import ConfigError
from nianbao.core.engine import CORE_RULES
from nianbao.core.errors import Phrase
from nianbao.core.findings import Finding
from nianbao.core.reporting import ReportResult

KEYS = ("rule", "path", "pointer", "reason", "expires")


@dataclass(frozen=True)
class Waiver:
    """One entry of the ``waivers`` table; ``index`` is its 1-based place in the file."""

    index: int
    rule: str
    path: str
    reason: str
    pointer: str | None = None
    expires: dt.date | None = None

    def describe(self) -> str:
        where = f", pointer {self.pointer}" if self.pointer else ""
        return f"waiver {self.index} (rule {self.rule}, path {self.path!r}{where})"

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and today > self.expires

    def covers(self, path: str, base: Path | None) -> bool:
        """Whether the waiver's glob names this report file."""
        return any(fnmatch.fnmatchcase(c, self.path) for c in _candidates(path, base, self.path))

    def matches(self, finding: Finding) -> bool:
        if finding.rule != self.rule:
            return False
        if self.pointer is None:
            return True
        return finding.pointer == self.pointer or finding.pointer.startswith(
            self.pointer.rstrip("/") + "/"
        )

    def mark(self) -> dict[str, Any]:
        """What a waived finding carries (``"waived"`` in the JSON output)."""
        out: dict[str, Any] = {"reason": self.reason}
        if self.expires is not None:
            out["expires"] = self.expires.isoformat()
        return out


@dataclass
class Outcome:
    """What applying the waivers did: how many findings, and which waivers to warn about."""

    waived: int = 0
    expired: list[Waiver] = field(default_factory=list)
    unused: list[Waiver] = field(default_factory=list)


def _candidates(path: str, base: Path | None, pattern: str) -> list[str]:
    p = Path(path)
    out = [p.as_posix()]
    if base is not None:
        try:
            out.append(p.resolve().relative_to(base.resolve()).as_posix())
        except (ValueError, OSError):
            pass
    if "/" not in pattern:
        out.append(p.name)
    return out


def parse_waivers(config: Mapping[str, Any], source: str | Path | None) -> list[Waiver]:
    """Read and check the ``waivers`` table; a bad entry raises ConfigError (exit 2)."""
    raw = config.get("waivers")
    where: str | Phrase = str(source) if source else Phrase("config", "where_config")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ConfigError(
            f"{where}: waivers must be an array of tables ([[waivers]])",
            "waivers_not_array",
            where=where,
        )
    out = []
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping):
            raise ConfigError(
                f"{where}: waiver {i} is not a table (rule, path, reason, …)",
                "waiver_not_table",
                where=where,
                i=i,
            )
        rule = item.get("rule")
        path = item.get("path")
        if path:
            shown = str(rule or "?")
            label = Phrase(
                f"waiver {i} (rule {shown}, path {path!r})",
                "waiver_label_path",
                i=i,
                rule=shown,
                path=path,
            )
        else:
            label = Phrase(f"waiver {i}", "waiver_label", i=i)
        unknown = sorted(set(item) - set(KEYS))
        if unknown:
            keys, allowed = ", ".join(unknown), ", ".join(KEYS)
            raise ConfigError(
                f"{where}: {label}: unknown key {keys} (allowed: {allowed})",
                "waiver_unknown_key",
                where=where,
                label=label,
                keys=keys,
                allowed=allowed,
            )
        if not isinstance(rule, str) or not rule.strip():
            raise ConfigError(
                f'{where}: {label} names no rule (rule = "T301")',
                "waiver_no_rule",
                where=where,
                label=label,
            )
        rule = rule.strip().upper()
        if rule in CORE_RULES:
            raise ConfigError(
                f"{where}: {label}: {rule} cannot be waived (an unreadable or invalid input "
                "is never silenced)",
                "waiver_core_rule",
                where=where,
                label=label,
                rule=rule,
            )
        if not isinstance(path, str) or not path.strip():
            raise ConfigError(
                f'{where}: {label} names no file pattern (path = "reports/*.json")',
                "waiver_no_path",
                where=where,
                label=label,
            )
        reason = item.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise ConfigError(
                f"{where}: {label} has no reason: every waiver must say why the finding "
                'is accepted (reason = "…")',
                "waiver_no_reason",
                where=where,
                label=label,
            )
        pointer = item.get("pointer")
        if pointer is not None and (not isinstance(pointer, str) or not pointer.startswith("/")):
            raise ConfigError(
                f"{where}: {label}: pointer must be a JSON pointer starting with '/', "
                f"got {pointer!r}",
                "waiver_bad_pointer",
                where=where,
                label=label,
                pointer=pointer,
            )
        out.append(
            Waiver(i, rule, path.strip(), reason.strip(), pointer, _date(item, where, label))
        )
    return out


def _date(item: Mapping[str, Any], where: str | Phrase, label: Phrase) -> dt.date | None:
    value = item.get("expires")
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(
        f"{where}: {label}: expires must be a date YYYY-MM-DD, got {value!r}",
        "waiver_bad_expires",
        where=where,
        label=label,
        value=value,
    )


def apply_waivers(
    reports: Sequence[ReportResult],
    waivers: Sequence[Waiver],
    *,
    base: Path | None = None,
    today: dt.date | None = None,
) -> Outcome:
    """Mark the findings each live waiver matches (in place); say which waivers to warn about.

    The first matching waiver (in file order) marks a finding. ``base`` is the config
    file's folder, against which ``path`` globs are also matched.
    """
    today = today or dt.date.today()
    outcome = Outcome(expired=[w for w in waivers if w.expired(today)])
    live = [w for w in waivers if not w.expired(today)]
    covered: set[int] = set()
    used: set[int] = set()
    for report in reports:
        mine = [w for w in live if w.covers(report.path, base)]
        if not mine:
            continue
        covered.update(w.index for w in mine)
        findings = []
        for finding in report.findings:
            if finding.waived is None and finding.rule not in CORE_RULES:
                waiver = next((w for w in mine if w.matches(finding)), None)
                if waiver is not None:
                    finding = replace(finding, waived=waiver.mark())
                    used.add(waiver.index)
                    outcome.waived += 1
            findings.append(finding)
        report.findings = findings
    outcome.unused = [w for w in live if w.index in covered and w.index not in used]
    return outcome
