"""A rule pack's YAML, parsed safely, and where in it a problem is.

A pack comes from a province's package or from a user's ``--rules`` file, so its
text is not trusted: libyaml recurses in C on deep flow nesting (a crash, not an
error), and a few aliases can name a billion values. This module chooses the loader,
refuses alias bombs, and turns every YAML problem into a line and key path. It is
imported only when a pack's text has to be parsed (``prebuilt`` holds the shipped
packs already parsed), so a run of the national pack never loads PyYAML.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from nianbao.core.errors import Phrase

FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FAST_DEPTH = 200  # deeper flow nesting goes to the pure-Python loader (libyaml recurses in C)
MAX_ALIASES = 50
MAX_PACK_NODES = 100_000  # values in a pack once aliases are expanded


class PackYAMLError(Exception):
    """Why a pack's text is not usable YAML: the phrase, its line and key path."""

    def __init__(self, phrase: Phrase, line: int | None = None, keys: list[Any] | None = None):
        super().__init__(str(phrase))
        self.phrase = phrase
        self.line = line
        self.keys = keys or []


def parse(text: str) -> tuple[Any, yaml.Node | None]:
    """(data, composed tree) of a pack's text; raises PackYAMLError.

    The tree is kept by the pack to point its later errors (schema, options) at lines.
    """
    root = None
    composed = False  # root came from ``loader``: the data can be built from it, not parsed again
    try:
        loader = FAST_SAFE_LOADER if _flow_depth(text) <= MAX_FAST_DEPTH else yaml.SafeLoader
        try:  # libyaml when PyYAML has it: the same safe loading, several times faster
            root = yaml.compose(text, Loader=loader)
            composed = True
        except yaml.YAMLError:  # the pure-Python parser words errors as users expect them
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        if root is not None:
            problem = None
            size = _expanded_size(root, MAX_PACK_NODES)
            if _count_aliases(root, set()) > MAX_ALIASES:
                problem = Phrase(
                    f"more than {MAX_ALIASES} YAML aliases; packs do not need anchors",
                    "pack_aliases",
                    limit=MAX_ALIASES,
                )
            elif size is None:
                problem = Phrase(
                    "a YAML alias refers to itself (recursive data)", "pack_recursive_alias"
                )
            elif size > MAX_PACK_NODES:
                problem = Phrase(
                    f"YAML aliases expand to more than {MAX_PACK_NODES} values (an alias bomb)",
                    "pack_alias_bomb",
                    limit=MAX_PACK_NODES,
                )
            if problem:
                anchor = _first_shared(root)
                raise PackYAMLError(
                    problem, anchor.start_mark.line + 1, _keys_at(root, anchor.start_mark)
                )
        if composed:  # what yaml.load does after composing, with the safe loaders' constructor
            data = None if root is None else SafeConstructor().construct_document(root)
        else:
            data = yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        keys = _keys_at(root, exc.problem_mark) if root is not None else []
        detail = str(exc.problem or exc.context)
        raise PackYAMLError(
            Phrase(f"invalid YAML: {detail}", "pack_invalid_yaml", detail=detail),
            mark.line + 1 if mark else None,
            keys,
        ) from None
    except yaml.YAMLError as exc:
        raise PackYAMLError(
            Phrase(f"invalid YAML: {exc}", "pack_invalid_yaml", detail=str(exc))
        ) from None
    except RecursionError:
        raise PackYAMLError(Phrase("YAML nested too deeply", "pack_too_deep")) from None
    return data, root


def compose(text: str) -> yaml.Node | None:
    """The tree of a text already known to parse (a shipped pack read from ``prebuilt``),
    made only when an error needs its lines."""
    loader = FAST_SAFE_LOADER if _flow_depth(text) <= MAX_FAST_DEPTH else yaml.SafeLoader
    return yaml.compose(text, Loader=loader)


def line_of(root: yaml.Node | None, keys: Iterable[Any]) -> int | None:
    """1-based line of the node at ``keys`` (or of its nearest ancestor)."""
    if root is None:
        return None
    node = root
    line = node.start_mark.line + 1
    for key in keys:
        child = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == str(key):
                    child = v
                    line = k.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            child = node.value[key]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


def _flow_depth(text: str) -> int:
    """A cheap over-estimate of how deeply a YAML text nests: only chooses the loader.

    libyaml builds nested collections by recursing in C, so a pack of 100,000 ``[``
    or of ``- - - …`` on one line crashes the process; the pure-Python loader
    raises RecursionError instead, which becomes a pack error. Block nesting by
    indentation is bounded by the pack size limit (about 1,400 levels in 1 MB).
    """
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif ch in "]}":
            depth = max(depth - 1, 0)
    compact = max(
        (line.count("- ") + line.count("? ") + line.count(": ") for line in text.splitlines()),
        default=0,
    )
    return max(deepest, compact)


def _children(node: yaml.Node) -> list[yaml.Node]:
    """A node's keys and values (a mapping's) or items (a sequence's), in order."""
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _count_aliases(node: yaml.Node, seen: set[int]) -> int:
    """Aliases appear as the same node object more than once in the composed tree."""
    if id(node) in seen:
        return 1
    seen.add(id(node))
    return sum(_count_aliases(c, seen) for c in _children(node))


def _first_shared(root: yaml.Node) -> yaml.Node:
    """The first node an alias refers to (where an alias error is best pointed)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return node
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack += [v for _, v in reversed(node.value)]
        elif isinstance(node, yaml.SequenceNode):
            stack += list(reversed(node.value))
    return root


def _expanded_size(root: yaml.Node, limit: int) -> int | None:
    """Nodes the pack has once every alias is expanded, or None for a recursive alias.

    A handful of aliases can name 2**30 nodes (billion laughs); PyYAML shares them,
    but anything that walks the data (the schema validator) visits each copy. Sizes
    are memoised per node, so this costs one pass over the composed graph; it stops
    counting at ``limit``.
    """
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            open_.discard(key)
            sizes[key] = min(limit + 1, 1 + sum(sizes[id(c)] for c in children))
            continue
        if key in sizes:
            continue
        if key in open_:
            return None
        open_.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in open_:
                return None
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def _keys_at(root: yaml.Node, mark: yaml.Mark | None) -> list[Any]:
    """The shortest key path to the node that starts at ``mark`` (where an error points)."""
    if mark is None:
        return []
    queue: deque[tuple[yaml.Node, list[Any]]] = deque([(root, [])])
    seen: set[int] = set()
    while queue:  # breadth first: the first path found is the shortest
        node, keys = queue.popleft()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.start_mark.index == mark.index and keys:
            return keys
        if isinstance(node, yaml.MappingNode):
            queue += [
                (v, [*keys, k.value]) for k, v in node.value if isinstance(k, yaml.ScalarNode)
            ]
        elif isinstance(node, yaml.SequenceNode):
            queue += [(v, [*keys, i]) for i, v in enumerate(node.value)]
    return []
