"""Message catalogues: one YAML file per language, rendered in one place.

A catalogue maps a rule id to its texts and has a ``labels`` table (more tables
named ``labels.<anything>`` merge into it, so each group of rules can keep its
labels beside its entries at the end of the file). Templates use
``str.format`` fields; ``{column!l}`` renders the value through the labels table (``{cell!p}``: every
level of a path, 表三 … 商业企业),
so a rule yields ``column="commercial"`` and the reader sees 商业企业 or
"commercial enterprises" depending on ``--lang``.
"""

from __future__ import annotations

import _string
import re
import string
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nianbao.core import prebuilt

if TYPE_CHECKING:
    from nianbao.core.errors import Phrase

LANGS = ("zh", "en")
MAX_FORMAT_WIDTH = 200  # a template's ``{x:>N}`` may not pad beyond this

_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*\Z")
_SPEC_NUMBER = re.compile(r"\d+")


def template_problem(template: str) -> Phrase | None:
    """Why a message template from a rule pack is unsafe or broken, or None.

    Templates are data: they may name values (``{total}``), index a list
    (``{terms[0]}``) and use the ``!l``/``!p`` label conversions — but not reach
    into attributes (``{value.__class__}`` would read the process's internals) nor
    pad a field to a size that exhausts memory (``{x:>999999999}``). The answer is a
    Phrase: English as ``str()``, worded in the run's language by the command line.
    """
    from nianbao.core.errors import Phrase

    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        return Phrase(f"invalid message template: {exc}", "template_invalid", detail=str(exc))
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        field = "{" + name + "}"
        if not _FIELD.match(name):
            english = f"message field {field}: only names and [number] indexes are allowed"
            return Phrase(english, "template_field", field=field)
        if conversion not in (None, "r", "s", "a", "l", "p"):
            english = f"message field {field}: unknown conversion !{conversion}"
            return Phrase(english, "template_conversion", field=field, conversion=conversion)
        if spec and ("{" in spec or _wide(spec)):
            english = f"message field {field}: format spec {spec!r} is not allowed"
            return Phrase(english, "template_spec", field=field, spec=repr(spec))
    return None


def _wide(spec: str) -> bool:
    return any(int(n) > MAX_FORMAT_WIDTH for n in _SPEC_NUMBER.findall(spec))


DEFAULT_LANG = "zh"


class _Formatter(string.Formatter):
    def __init__(self, labels: Mapping[str, str], fallback: Mapping[str, str]) -> None:
        self.labels = labels
        self.fallback = fallback

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion in ("l", "p"):
            full = conversion == "p"
            if isinstance(value, (list, tuple)):
                return self._join([self._label(v, full) for v in value])
            return self._label(value, full)
        return super().convert_field(value, conversion)

    def _label(self, value: Any, full: bool = False) -> str:
        """``!l``: the label of the key itself; ``!p``: labels of every level of a path."""
        key = str(value)
        hit = self.labels.get(key) or self.fallback.get(key)
        if (hit and not full) or "/" not in key:
            return hit or key
        # a path relative to /tables: the labels of every prefix that has one,
        # the last segment also as "<table>.<column>" (表四's 其他结果 vs 表三's 其他)
        segs = key.split("/")
        out = []
        for i in range(1, len(segs) + 1):
            prefix = "/".join(segs[:i])
            hit = self.labels.get(prefix) or self.fallback.get(prefix)
            if not hit and i == len(segs):
                last = segs[-1]
                hit = (
                    self.labels.get(f"{segs[0]}.{last}")
                    or self.fallback.get(f"{segs[0]}.{last}")
                    or self.labels.get(last)
                    or self.fallback.get(last)
                    or last
                )
            if hit:
                out.append(hit)
        return self.labels.get("_path_sep", " ").join(out)

    def _join(self, items: list[str]) -> str:
        return self.labels.get("_list_sep", "、").join(items)

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec and _wide(format_spec):
            raise ValueError(f"format spec {format_spec!r} is too wide")
        if isinstance(value, (list, tuple)) and not format_spec:
            return self._join([str(v) for v in value])
        if value is None:
            return self.labels.get("_blank", "空")
        if isinstance(value, float) and value.is_integer() and not format_spec:
            return str(int(value))
        return super().format_field(value, format_spec)

    def get_field(self, field_name: str, args: Any, kwargs: Mapping[str, Any]) -> Any:
        """Names and integer indexes only: a template never reaches into attributes."""
        first, rest = _string.formatter_field_name_split(field_name)
        obj = self.get_value(first, args, kwargs)
        for is_attr, index in rest:
            if is_attr or not isinstance(index, int):
                raise ValueError(f"field {field_name!r}: attribute access is not allowed")
            obj = obj[index]
        return obj, first

    def get_value(self, key: Any, args: Any, kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, str) and key not in kwargs:
            return "{" + key + "}"
        return super().get_value(key, args, kwargs)


def _parse_yaml(text: str) -> Any:
    import yaml

    try:  # libyaml when PyYAML has it (same safe loading, faster start-up)
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return yaml.safe_load(text)


class Catalogue:
    """All texts by language: ``entries[lang][rule_id]`` and ``labels[lang]``."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, dict[str, Any]]] = {lang: {} for lang in LANGS}
        self.labels: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}

    def add(self, lang: str, data: Mapping[str, Any] | str | Path) -> None:
        """Merge a catalogue (a mapping or a YAML path). Existing texts are kept."""
        if not isinstance(data, Mapping):
            with open(data, encoding="utf-8") as fh:
                text = fh.read()
            data = prebuilt.yaml_data(text)  # a shipped catalogue, parsed when it was built
            if data is prebuilt.ABSENT:
                data = _parse_yaml(text)
            data = data or {}
        entries = self.entries.setdefault(lang, {})
        labels = self.labels.setdefault(lang, {})
        for key, value in data.items():
            if key == "labels" or str(key).startswith("labels."):
                for k, v in (value or {}).items():
                    labels.setdefault(str(k), str(v))
            elif isinstance(value, Mapping):
                entry = entries.setdefault(str(key), {})
                for k, v in value.items():
                    if k == "messages" and isinstance(v, Mapping):
                        # variants merge one by one: a reader plugin adds its own
                        # E001 reasons beside the built-in ones
                        variants = entry.setdefault("messages", {})
                        if isinstance(variants, dict):
                            for name, text in v.items():
                                variants.setdefault(name, text)
                    else:
                        entry.setdefault(k, v)

    def entry(self, rule_id: str, lang: str) -> dict[str, Any]:
        return (
            self.entries.get(lang, {}).get(rule_id) or self.entries[DEFAULT_LANG].get(rule_id) or {}
        )

    def text(self, rule_id: str, key: str, lang: str) -> str | None:
        for candidate in (lang, DEFAULT_LANG, "en"):
            value = self.entries.get(candidate, {}).get(rule_id, {}).get(key)
            if value:
                return value
        return None

    def template(self, rule_id: str, variant: str | None, lang: str) -> str:
        for candidate in (lang, DEFAULT_LANG, "en"):
            entry = self.entries.get(candidate, {}).get(rule_id, {})
            if variant:
                tpl = (entry.get("messages") or {}).get(variant)
                if tpl:
                    return tpl
            elif entry.get("message"):
                return entry["message"]
        if variant:
            return self.template(rule_id, None, lang)
        return rule_id

    def render(
        self, rule_id: str, variant: str | None, values: Mapping[str, Any], lang: str
    ) -> str:
        return self.format(self.template(rule_id, variant, lang), values, lang)

    def format(self, tpl: str, values: Mapping[str, Any], lang: str) -> str:
        """Fill a template; ``{x!l}`` goes through the labels of ``lang``."""
        fmt = _Formatter(self.labels.get(lang, {}), self.labels.get(DEFAULT_LANG, {}))
        try:
            return fmt.vformat(tpl, (), dict(values))
        except (ValueError, IndexError, AttributeError, KeyError):
            return tpl

    def label(self, key: str, lang: str) -> str:
        return self.labels.get(lang, {}).get(key) or self.labels[DEFAULT_LANG].get(key) or key


_BUILTIN = Path(__file__).resolve().parent.parent / "locale"


def builtin_catalogue_paths() -> dict[str, Path]:
    """The project's own catalogues (core strings, E rules, national rules, labels)."""
    return {lang: _BUILTIN / f"{lang}.yaml" for lang in LANGS}


@cache
def builtin_catalogue() -> Catalogue:
    """The project's own catalogues, read once per process: the texts said outside a
    run's catalogue (errors that end a run, plugin warnings, E001 reasons in logs).
    Not to be added to — a run builds its own, which plugins extend."""
    cat = Catalogue()
    for lang, path in builtin_catalogue_paths().items():
        if path.exists():
            cat.add(lang, path)
    return cat
