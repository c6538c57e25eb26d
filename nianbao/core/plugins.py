"""The plugin manager: built-ins, the ``nianbao`` entry-point group, and ``--plugin``.

Built-in features are plugins listed in ``DEFAULT_PLUGINS`` and registered exactly
as an installed province package is. ``Plugins`` is a typed facade over
``pm.hook``: it calls each plugin's implementation separately so that a result, or
a failure, can always be traced to the plugin that gave it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from nianbao.core import hookspecs
from nianbao.core.corpus import CorpusRule
from nianbao.core.document import Document, Extraction
from nianbao.core.io import Reader
from nianbao.core.messages import Catalogue, builtin_catalogue_paths
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
    """A plugin that was asked for and cannot be used (exit 2)."""


@dataclass
class PluginInfo:
    name: str
    source: str  # "built-in", "entry point (dist 1.0)", "--plugin"
    hooks: list[str]


@dataclass
class PluginFailure:
    plugin: str
    reason: str

    def __str__(self) -> str:
        return f"plugin {self.plugin}: {self.reason}"


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
                    self.failures.append(PluginFailure(modname, f"failed to import: {exc}"))
                    continue
                except Exception as exc:  # a broken built-in must not take the CLI down
                    self.failures.append(
                        PluginFailure(modname, f"failed to import: {type(exc).__name__}: {exc}")
                    )
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
                    self.failures.append(
                        PluginFailure(ep.value, f"failed to import: {type(exc).__name__}: {exc}")
                    )
                    continue
                self._register(module, ep.value, where)
        for modname in extra:
            try:
                module = importlib.import_module(modname)
            except Exception as exc:
                raise PluginError(
                    f"--plugin {modname}: cannot import: {type(exc).__name__}: {exc}"
                ) from None
            self._register(module, modname, "--plugin")
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            raise PluginError(str(exc)) from None

    def raise_failures(self) -> None:
        """``--strict-plugins``: the first plugin failure becomes a PluginError (exit 2)."""
        if self.failures:
            more = len(self.failures) - 1
            raise PluginError(
                f"{self.failures[0]}" + (f" (and {more} more plugin failures)" if more else "")
            )

    def _register(self, plugin: ModuleType | object, name: str, source: str) -> None:
        if self.pm.has_plugin(name) or self.pm.is_registered(plugin):
            return
        try:
            self.pm.register(plugin, name=name)
        except (pluggy.PluginValidationError, ValueError) as exc:
            self.failures.append(PluginFailure(name, f"not a valid plugin: {exc}"))
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
                    PluginFailure(
                        impl.plugin_name, f"hook {hook} raised {type(exc).__name__}: {exc}"
                    )
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
                        f"hook {hook} returned {type(value).__name__}, expected a list of {what}",
                    )
                )
                continue
            for item in value:
                if check(item):
                    yield plugin, item
                else:
                    self.failures.append(
                        PluginFailure(plugin, f"hook {hook} returned {item!r:.60}, expected {what}")
                    )

    def check_functions(self) -> dict[str, CheckFunction]:
        out: dict[str, CheckFunction] = {}
        for plugin, mapping in self._each("nianbao_check_functions"):
            if not isinstance(mapping, dict):
                self.failures.append(
                    PluginFailure(
                        plugin, "nianbao_check_functions must return a dict name → function"
                    )
                )
                continue
            for name, fn in mapping.items():
                if not callable(fn):
                    self.failures.append(
                        PluginFailure(plugin, f"check function {name!r} is not callable")
                    )
                elif name in out and out[name] is not fn:
                    self.failures.append(
                        PluginFailure(plugin, f"check function {name!r} is already registered")
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
        for plugin, rule in self._items(
            "nianbao_rules", lambda r: isinstance(r, Rule), "nianbao.Rule objects"
        ):
            out.append(rule if rule.plugin else _with_plugin(rule, plugin))
        return out

    def corpus_rules(self) -> list[CorpusRule]:
        def ok(r: Any) -> bool:
            return all(hasattr(r, a) for a in ("id", "severity", "collect", "judge"))

        out = []
        for plugin, rule in self._items("nianbao_corpus_rules", ok, "corpus rules"):
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
                self.failures.append(
                    PluginFailure(plugin, f"bad message catalogue: {type(exc).__name__}: {exc}")
                )
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


def _with_plugin(rule: Rule, plugin: str) -> Rule:
    from dataclasses import replace

    return replace(rule, plugin=plugin)


__all__ = ["PackError", "PluginError", "PluginFailure", "Plugins"]
