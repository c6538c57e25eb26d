"""The plugin manager: built-ins, the ``nianbao`` entry-point group, and ``--plugin``.

Built-in features are plugins listed in ``DEFAULT_PLUGINS`` and registered exactly
as an installed province package is. ``Plugins`` is a typed facade over
``pm.hook``: it calls each plugin's implementation separately so that a result, or
a failure, can always be traced to the plugin that gave it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from nianbao.core import hookspecs
from nianbao.core.corpus import CorpusRule
from nianbao.core.document import Document, Extraction
from nianbao.core.io import Reader
from nianbao.core.messages import (
    DEFAULT_LANG,
    Catalogue,
    builtin_catalogue,
    builtin_catalogue_paths,
)
from nianbao.core.reporting import Reporter
from nianbao.core.rules import CheckFunction, Pack, PackError, Rule, load_pack

ENTRY_POINT_GROUP = "nianbao"

DEFAULT_PLUGINS: tuple[str, ...] = (
    "nianbao.plugins.national",
    "nianbao.plugins.text_reporters",
    "nianbao.plugins.readers",
    "nianbao.plugins.interpreter",
    "nianbao.plugins.reporters",
    "nianbao.plugins.corpus",
)


class PluginError(Exception):
    """A plugin that was asked for and cannot be used (exit 2).

    Under ``strict_plugins`` it carries the ``failures`` that caused it, each
    naming its plugin, so a program can tell which plugin to fix.
    """

    def __init__(self, message: str, failures: Iterable[PluginFailure] = ()) -> None:
        super().__init__(message)
        self.failures: list[PluginFailure] = list(failures)

    @property
    def plugins(self) -> list[str]:
        """The names of the plugins that failed, first failure first."""
        return list(dict.fromkeys(f.plugin for f in self.failures))


@dataclass
class PluginInfo:
    name: str
    source: str  # "built-in", "entry point (dist 1.0)", "--plugin"
    hooks: list[str]


@dataclass
class PluginFailure:
    """A plugin that failed to load or answered a hook wrongly; the run goes on without it.

    ``key`` names its text in the ``_plugins`` block of the message catalogues, so
    the warning reads in the run's language; ``values`` fill that text.
    """

    plugin: str
    key: str
    values: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str, catalogue: Catalogue | None = None) -> str:
        """The failure in ``lang``, from ``catalogue`` (else the built-in catalogues)."""
        return _plugin_text(self.key, lang, catalogue, plugin=self.plugin, **self.values)

    def __str__(self) -> str:
        return self.text("en")


def _plugin_text(key: str, lang: str, catalogue: Catalogue | None, **values: Any) -> str:
    """A text of the ``_plugins`` block in ``lang`` (else Chinese, else English)."""
    cat = catalogue or builtin_catalogue()
    for candidate in (lang, DEFAULT_LANG, "en"):
        block = cat.entries.get(candidate, {}).get("_plugins") or {}
        if block.get(key):
            if "what" in values:  # what the hook should have returned, in the same language
                values["what"] = block.get(f"what_{values['what']}") or values["what"]
            return cat.format(str(block[key]), values, candidate)
    return f"plugin {values.get('plugin')}: {key} {values}"


class Plugins:
    """Loads plugins and gathers what their hooks return."""

    def __init__(
        self, extra: Iterable[str] = (), *, entry_points: bool = True, builtins: bool = True
    ) -> None:
        self.pm = pluggy.PluginManager("nianbao")
        self.pm.add_hookspecs(hookspecs)
        self.sources: dict[str, str] = {}
        self.failures: list[PluginFailure] = []
        if builtins:
            for modname in DEFAULT_PLUGINS:
                try:
                    module = importlib.import_module(modname)
                except ModuleNotFoundError as exc:
                    if exc.name == modname:
                        continue  # a built-in that this build does not ship
                    self.failures.append(
                        PluginFailure(modname, "import_failed", {"error": str(exc)})
                    )
                    continue
                except Exception as exc:  # a broken built-in must not take the CLI down
                    self.failures.append(PluginFailure(modname, "import_failed", _error(exc)))
                    continue
                self._register(module, modname, "built-in")
        if entry_points:
            from importlib import metadata  # here: with autoload off it is never needed

            for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
                dist = getattr(ep, "dist", None)
                where = (
                    f"entry point {ep.name} ({dist.name} {dist.version})"
                    if dist
                    else f"entry point {ep.name}"
                )
                try:
                    module = ep.load()
                except Exception as exc:  # an installed plugin that does not import
                    self.failures.append(PluginFailure(ep.value, "import_failed", _error(exc)))
                    continue
                self._register(module, ep.value, where)
        for modname in extra:
            try:
                module = importlib.import_module(modname)
            except Exception as exc:
                raise PluginError(
                    f"--plugin {modname}: cannot import: {type(exc).__name__}: {exc}",
                    [PluginFailure(modname, "import_failed", _error(exc))],
                ) from None
            self._register(module, modname, "--plugin")
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            raise PluginError(str(exc)) from None

    def raise_failures(self, lang: str = "en", catalogue: Catalogue | None = None) -> None:
        """``--strict-plugins``: the first plugin failure becomes a PluginError (exit 2).

        The message is in ``lang``; the exception keeps every failure (``.failures``).
        """
        if self.failures:
            more = len(self.failures) - 1
            text = self.failures[0].text(lang, catalogue)
            if more:
                text += _plugin_text("more", lang, catalogue, more=more)
            raise PluginError(text, self.failures)

    def _register(self, plugin: ModuleType | object, name: str, source: str) -> None:
        if self.pm.has_plugin(name) or self.pm.is_registered(plugin):
            return
        try:
            self.pm.register(plugin, name=name)
        except (pluggy.PluginValidationError, ValueError) as exc:
            self.failures.append(PluginFailure(name, "invalid_plugin", {"error": str(exc)}))
            return
        self.sources[name] = source

    # -- calling hooks ----------------------------------------------------

    def _each(self, hook: str, **kwargs: Any) -> Iterable[tuple[str, Any]]:
        """(plugin name, result) for every implementation; failures are recorded, not raised."""
        caller = getattr(self.pm.hook, hook)
        for impl in caller.get_hookimpls():
            try:
                value = impl.function(**kwargs)
            except Exception as exc:
                self.failures.append(
                    PluginFailure(impl.plugin_name, "hook_raised", {"hook": hook, **_error(exc)})
                )
                continue
            if value is not None:
                yield impl.plugin_name, value

    def _items(
        self, hook: str, check: Callable[[Any], bool], what: str
    ) -> Iterable[tuple[str, Any]]:
        for plugin, value in self._each(hook):
            if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
                self.failures.append(
                    PluginFailure(
                        plugin,
                        "hook_not_a_list",
                        {"hook": hook, "type": type(value).__name__, "what": what},
                    )
                )
                continue
            for item in value:
                if check(item):
                    yield plugin, item
                else:
                    self.failures.append(
                        PluginFailure(
                            plugin,
                            "hook_bad_item",
                            {"hook": hook, "item": f"{item!r:.60}", "what": what},
                        )
                    )

    def check_functions(self) -> dict[str, CheckFunction]:
        out: dict[str, CheckFunction] = {}
        for plugin, mapping in self._each("nianbao_check_functions"):
            if not isinstance(mapping, dict):
                self.failures.append(PluginFailure(plugin, "check_functions_not_a_dict"))
                continue
            for name, fn in mapping.items():
                if not callable(fn):
                    self.failures.append(
                        PluginFailure(plugin, "check_function_not_callable", {"name": repr(name)})
                    )
                elif name in out and out[name] is not fn:
                    self.failures.append(
                        PluginFailure(plugin, "check_function_registered", {"name": repr(name)})
                    )
                else:
                    out[name] = fn
        return out

    def packs(self) -> list[Pack]:
        """Every pack the plugins ship; a broken pack raises PackError (exit 2)."""
        packs = []
        for plugin, path in self._items(
            "nianbao_rule_packs", lambda p: isinstance(p, (str, Path)), "paths"
        ):
            packs.append(load_pack(path, plugin))
        return packs

    def rules(self) -> list[Rule]:
        out = []
        for plugin, rule in self._items("nianbao_rules", lambda r: isinstance(r, Rule), "rules"):
            out.append(rule if rule.plugin else _with_plugin(rule, plugin))
        return out

    def corpus_rules(self) -> list[CorpusRule]:
        def ok(r: Any) -> bool:
            return all(hasattr(r, a) for a in ("id", "severity", "collect", "judge"))

        out = []
        for plugin, rule in self._items("nianbao_corpus_rules", ok, "corpus_rules"):
            if not getattr(rule, "plugin", None):
                try:
                    rule.plugin = plugin
                except AttributeError:
                    pass
            out.append(rule)
        return out

    def readers(self) -> dict[str, Reader]:
        out: dict[str, Reader] = {}
        for _plugin, reader in self._items(
            "nianbao_readers", lambda r: hasattr(r, "read") and hasattr(r, "suffixes"), "readers"
        ):
            for suffix in reader.suffixes:
                out.setdefault(suffix.lower(), reader)
        return out

    def reporters(self) -> dict[str, Reporter]:
        out: dict[str, Reporter] = {}
        for _plugin, rep in self._items(
            "nianbao_reporters", lambda r: hasattr(r, "render") and hasattr(r, "name"), "reporters"
        ):
            out.setdefault(rep.name, rep)
        return out

    def catalogue(self) -> Catalogue:
        cat = Catalogue()
        for lang, path in builtin_catalogue_paths().items():
            if path.exists():
                cat.add(lang, path)
        for plugin, mapping in self._each("nianbao_messages"):
            try:
                for lang, data in mapping.items():
                    cat.add(lang, data)
            except Exception as exc:
                self.failures.append(PluginFailure(plugin, "bad_catalogue", _error(exc)))
        return cat

    def interpret(self, document: Document) -> Extraction | None:
        return self.pm.hook.nianbao_interpret(document=document)

    def add_options(self, parser: Any) -> None:
        for _ in self._each("nianbao_add_options", parser=parser):
            pass

    def configure(self, config: dict[str, Any]) -> None:
        for _ in self._each("nianbao_configure", config=config):
            pass

    def info(self) -> list[PluginInfo]:
        out = []
        for name, plugin in self.pm.list_name_plugin():
            hooks = sorted(h.name for h in self.pm.get_hookcallers(plugin) or [])
            out.append(PluginInfo(name, self.sources.get(name, "?"), hooks))
        return out


def _error(exc: BaseException) -> dict[str, str]:
    return {"error": f"{type(exc).__name__}: {exc}"}


def _with_plugin(rule: Rule, plugin: str) -> Rule:
    from dataclasses import replace

    return replace(rule, plugin=plugin)


__all__ = ["PackError", "PluginError", "PluginFailure", "Plugins"]
