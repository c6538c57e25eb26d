"""Rules, check functions and YAML rule packs.

A rule is one type to the engine whether it came from YAML (``given`` + ``check``
+ ``with``) or from Python (``func``). Packs are data: loaded with YAML's safe
loader, validated against ``schema/pack.json``, and every ``with:`` block is
validated against the named check function's own option schema, so a broken pack
is refused at start-up with file, line and key.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from nianbao.core import prebuilt
from nianbao.core.errors import Phrase
from nianbao.core.findings import Severity, Violation
from nianbao.core.messages import template_problem
from nianbao.core.model import EDITIONS, SCHEMA_DIR, Model, lookup, pointer_to_path
from nianbao.core.patterns import PatternError, check_pattern
from nianbao.core.validity import compile_validity

if TYPE_CHECKING:
    import jsonschema

MAX_PACK_BYTES = 1_000_000
_ABSENT = object()


class CheckFunction(Protocol):
    """``fn(node, options, ctx) -> Iterable[Violation]`` with an ``options_schema``.

    It may also have a ``quiet`` (see :func:`check_function`).
    """

    options_schema: dict[str, Any]

    def __call__(
        self, node: Any, options: Mapping[str, Any], ctx: CheckContext
    ) -> Iterable[Violation]: ...


QuietTest = Callable[["CheckContext"], bool]


def check_function(
    options: dict[str, Any] | None = None,
    *,
    quiet: Callable[[Mapping[str, Any], tuple[str, ...], Model], QuietTest | None] | None = None,
) -> Callable[[Callable], CheckFunction]:
    """Declare a check function and the JSON Schema of its ``with:`` options.

    ``quiet`` (optional) is a fast path for the common case of a report with nothing
    to find. Called once per rule and edition as ``quiet(options, nodes, model)`` —
    ``nodes`` being the pointers the rule's ``given`` selects in that edition — it
    returns a test ``test(ctx) -> bool``, or None to have no fast path. Before the
    function is called on a report's nodes, the test is asked: True promises that the
    function would yield nothing on any of them, so it is not called at all. The
    test may answer False whenever it is unsure (the function then runs as usual),
    but it must never answer True where the function would yield: the findings are
    the function's alone.
    """

    schema = {"type": "object", **(options or {})}
    if _options_validity(schema) is None:
        # a schema the compiled check cannot vouch for: jsonschema checks it against
        # the meta-schema here, so a plugin author's mistake is named at import
        import jsonschema

        jsonschema.Draft202012Validator.check_schema(schema)

    def mark(fn: Callable) -> CheckFunction:
        fn.options_schema = schema  # type: ignore[attr-defined]
        fn.quiet = quiet  # type: ignore[attr-defined]
        return fn  # type: ignore[return-value]

    return mark


class CheckContext:
    """What a check function may ask about the report being checked.

    One context serves a whole report; the engine sets ``pointer`` (the matched
    node) and ``rule`` before each call.
    """

    __slots__ = (
        "report",
        "edition",
        "model",
        "path",
        "cell_errors",
        "config",
        "pointer",
        "rule",
        "shared",
        "_cells",
        "complete",
    )

    def __init__(
        self,
        report: dict[str, Any],
        model: Model,
        path: str = "",
        cell_errors: Mapping[str, str] | None = None,
        config: Mapping[str, Any] | None = None,
        *,
        cells: dict[str, Any] | None = None,
        complete: bool = False,
    ) -> None:
        self.report = report
        self.edition = model.edition
        self.model = model
        self.path = path
        self.cell_errors = cell_errors or {}
        self.config = config or {}
        self.pointer = ""
        self.rule: Rule | None = None
        # Answers several rules of this report need (its year, its recognised parts …):
        # the first rule that asks works one out and keeps it here, under a key of its
        # plugin's choosing, for the others. A new report gets a new context.
        self.shared: dict[str, Any] = {}
        # ``cells`` when the caller already has them (Model.fast_cells), else made on demand
        self._cells: dict[str, Any] | None = cells
        # True: the tables are known to hold every row and cell the edition defines (the
        # one-pass reader found them so). False says nothing: they may be complete too.
        self.complete = complete

    @property
    def year(self) -> int | None:
        year = self.report.get("year")
        return year if isinstance(year, int) else None

    @property
    def cells(self) -> dict[str, Any]:
        """Every node under ``/tables`` (and /tables itself) by pointer, flattened once per report.

        Table rules read hundreds of cells; one dict lookup each is much cheaper than
        walking the report per pointer.
        """
        if self._cells is None:
            self._cells = flatten_tables(self.report, self.model.table_plan)
        return self._cells

    def value(self, pointer: str, default: Any = None) -> Any:
        """The value at an absolute pointer (``default`` if absent)."""
        hit = self.cells.get(pointer, _ABSENT)
        if hit is not _ABSENT:
            return hit
        return lookup(self.report, pointer_to_path(pointer), default)

    def get(self, relative: str, default: Any = None) -> Any:
        """The value at a pointer relative to the matched node."""
        return self.value(self.join(relative), default)

    def join(self, relative: str) -> str:
        relative = relative.strip("/")
        return f"{self.pointer}/{relative}" if relative else self.pointer

    def expand(self, pattern: str) -> tuple[str, ...]:
        """Absolute pointers the edition defines for a pattern relative to the node."""
        return self.model.expand(pattern, self.pointer)


def flatten_tables(report: Any, plan: dict[str, tuple[str, Any]] | None = None) -> dict[str, Any]:
    """``{"/tables/applications/new_received/total": 3, …}``: every node under /tables.

    With the edition's ``plan`` (``Model.table_plan``) the pointers come ready-made
    from the schema; a key the plan does not know, or an object where the schema has
    a leaf, sends the report to the general walk. Both walks visit nodes in the same
    order, so the result is the same dict either way.
    """
    out: dict[str, Any] = {}
    tables = report.get("tables") if isinstance(report, dict) else None
    if not isinstance(tables, dict):
        return out
    if plan is not None:
        out["/tables"] = tables
        todo: list[tuple[dict[str, tuple[str, Any]], dict[str, Any]]] = [(plan, tables)]
        while todo:
            known, node = todo.pop()
            for key, value in node.items():
                entry = known.get(key)
                if entry is None:
                    return flatten_tables(report)
                out[entry[0]] = value
                if type(value) is dict:
                    if entry[1] is None:
                        return flatten_tables(report)
                    todo.append((entry[1], value))
        return out
    out["/tables"] = tables
    stack = [("/tables", tables)]
    while stack:
        prefix, node = stack.pop()
        for key, value in node.items():
            if not isinstance(key, str) or "/" in key or "~" in key:
                continue  # not a schema key; the slow path handles escaping
            pointer = f"{prefix}/{key}"
            out[pointer] = value
            if type(value) is dict:
                stack.append((pointer, value))
    return out


RuleFunc = Callable[[dict[str, Any], CheckContext], Iterable[Violation]]

# (rule, edition model) -> its nodes in that edition and the check function's quiet test,
# worked out once per process; the entry keeps both alive so that their ids are not
# reused while it stands
_PLANS: dict[tuple[int, int], tuple[Rule, Model, tuple[str, ...], QuietTest | None]] = {}


@dataclass(frozen=True)
class Rule:
    """A rule as the engine sees it, from YAML or from Python."""

    id: str
    severity: Severity = Severity.ERROR
    editions: frozenset[str] = frozenset(EDITIONS)
    title: Mapping[str, str] = field(default_factory=dict)
    messages: Mapping[str, Mapping[str, str]] = field(
        default_factory=dict
    )  # lang → variant ('' default) → template
    docs: Mapping[str, Any] = field(default_factory=dict)
    pack: str | None = None
    plugin: str = ""
    given: tuple[str, ...] = ("",)
    check: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    function: Callable[..., Iterable[Violation]] | None = None  # the check function, once bound
    func: RuleFunc | None = None  # a Python rule's body
    enabled: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "severity", Severity.parse(self.severity))
        object.__setattr__(self, "editions", frozenset(self.editions))
        if isinstance(self.title, str):
            object.__setattr__(self, "title", {"zh": self.title})

    def applies_to(self, edition: str) -> bool:
        return self.enabled and edition in self.editions

    def run(self, report: dict[str, Any], ctx: CheckContext) -> Iterable[Violation]:
        """Yield this rule's violations on one report."""
        ctx.rule = self
        if self.func is not None:
            ctx.pointer = ""
            yield from _checked(self.func(report, ctx))
            return
        fn = self.function
        assert fn is not None, f"rule {self.id} has no check function bound"
        opts = self.options
        plan = self._planned(ctx.model)
        quiet = plan[3]
        if quiet is not None and quiet(ctx):
            return
        for pointer in plan[2]:
            node = report if pointer == "" else ctx.value(pointer, _ABSENT)
            if node is _ABSENT:
                continue
            ctx.pointer = pointer
            violations = fn(node, opts, ctx)
            if violations is None:
                continue
            for violation in violations:  # _checked, inlined: this runs per node and report
                if not isinstance(violation, Violation):
                    raise TypeError(
                        f"yielded {type(violation).__name__}, expected nianbao.Violation"
                    )
                yield violation

    def quiet_test(self, mdl: Model) -> QuietTest | None:
        """``test(ctx)``, True only where this rule would find nothing in the report, for
        ``mdl``'s edition; None if it has none (a Python rule, a function without one).

        The engine asks it before running the rule: on the many reports where a table
        rule finds nothing, it then costs one call, not a run of the rule."""
        if self.func is not None or self.function is None:
            return None
        return self._planned(mdl)[3]

    def _planned(self, mdl: Model) -> tuple[Rule, Model, tuple[str, ...], QuietTest | None]:
        plan = _PLANS.get((id(self), id(mdl)))
        if plan is None or plan[0] is not self or plan[1] is not mdl:
            plan = _PLANS[(id(self), id(mdl))] = self._plan(mdl)
        return plan

    def _plan(self, mdl: Model) -> tuple[Rule, Model, tuple[str, ...], QuietTest | None]:
        """(rule, model, the nodes ``given`` selects in that edition, the quiet test)."""
        nodes = tuple(p for pattern in self.given for p in mdl.expand(pattern))
        build = getattr(self.function, "quiet", None)
        return self, mdl, nodes, (build(self.options, nodes, mdl) if build else None)


def _checked(violations: Iterable[Violation] | None) -> Iterable[Violation]:
    """A plugin's check yields Violations; anything else is its bug, named (E003)."""
    if violations is None:
        return
    for violation in violations:
        if not isinstance(violation, Violation):
            raise TypeError(f"yielded {type(violation).__name__}, expected nianbao.Violation")
        yield violation


# ---------------------------------------------------------------------------
# packs


class PackError(Exception):
    """A rule pack that cannot be used: names the file, line and key.

    ``str()`` is English (what the Python API raises and logs show); :meth:`text` words
    the reason in the run's language when it is a :class:`Phrase` of the ``_errors``
    block (``pack_*`` keys), as the command line prints it. The place — ``file:line:
    key:`` — reads the same in every language.
    """

    def __init__(
        self,
        path: str | Path,
        message: str | Phrase,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.key = key
        self.phrase = message if isinstance(message, Phrase) else None
        self.reason = str(message)
        where = self.path + (f":{line}" if line else "")
        self.where = f"{where}: {key + ': ' if key else ''}"
        super().__init__(self.where + self.reason)

    def text(self, lang: str) -> str:
        """The error in ``lang`` (else Chinese); its English ``str()`` without a phrase."""
        return self.where + (self.phrase.text(lang) if self.phrase is not None else self.reason)

    def __reduce__(self) -> tuple[Any, ...]:  # from a spawned worker to the main process
        return (PackError, (self.path, self.phrase or self.reason, self.line, self.key))


@dataclass
class Pack:
    id: str
    path: str
    data: dict[str, Any]
    text: str  # the YAML: its lines are worked out only when an error is pointed at one
    plugin: str = ""
    root: Any = field(default=None, repr=False, compare=False)  # composed YAML, when made

    @property
    def extends(self) -> list[str]:
        ext = self.data.get("extends") or []
        return [ext] if isinstance(ext, str) else list(ext)

    def line_of(self, keys: Iterable[Any]) -> int | None:
        """1-based line of the node at ``keys`` (or of its nearest ancestor)."""
        from nianbao.core import packyaml

        if self.root is None:  # read from ``prebuilt``: composed now, for this error only
            self.root = packyaml.compose(self.text)
        return packyaml.line_of(self.root, keys)

    def error(self, message: str | Phrase, keys: list[Any] | tuple[Any, ...] = ()) -> PackError:
        return PackError(self.path, message, self.line_of(keys), _key_path(keys))


def _key_path(keys: Iterable[Any]) -> str | None:
    parts = []
    for k in keys:
        parts.append(f"[{k}]" if isinstance(k, int) else (("." if parts else "") + str(k)))
    return "".join(parts) or None


@cache
def _pack_schema() -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / "pack.json").read_text("utf-8"))


@cache
def _pack_valid() -> Callable[[Any], bool] | None:
    return compile_validity(_pack_schema())


@cache
def pack_validator() -> jsonschema.Draft202012Validator:
    """jsonschema's validator for packs: it words the errors of a pack the compiled check refuses."""
    import jsonschema

    return jsonschema.Draft202012Validator(_pack_schema())


def load_pack(path: str | Path, plugin: str = "") -> Pack:
    """Read and validate one pack file (structure only; rules are bound later)."""
    path = Path(path)
    try:
        if not path.is_file():  # a folder, or a FIFO that would block the read
            raise PackError(path, Phrase("a rule pack must be a regular file", "pack_not_file"))
        with open(path, "rb") as fh:
            raw = fh.read(MAX_PACK_BYTES + 1)
    except OSError as exc:
        detail = exc.strerror or str(exc)
        raise PackError(
            path, Phrase(f"cannot read rule pack: {detail}", "pack_unreadable", detail=detail)
        ) from None
    if len(raw) > MAX_PACK_BYTES:
        raise PackError(
            path,
            Phrase(
                f"rule pack is larger than {MAX_PACK_BYTES} bytes",
                "pack_too_large",
                limit=MAX_PACK_BYTES,
            ),
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackError(
            path,
            Phrase(f"rule pack is not UTF-8 (byte {exc.start})", "pack_not_utf8", offset=exc.start),
        ) from None
    data = prebuilt.yaml_data(text)
    root = None
    if data is prebuilt.ABSENT:  # not a shipped pack as shipped: parsed (PyYAML) and checked
        from nianbao.core import packyaml

        try:
            data, root = packyaml.parse(text)
        except packyaml.PackYAMLError as exc:
            raise PackError(path, exc.phrase, exc.line, _key_path(exc.keys)) from None
    if not isinstance(data, dict):
        raise PackError(
            path, Phrase("a rule pack must be a mapping with at least 'id'", "pack_not_mapping"), 1
        )
    pack = Pack(str(data.get("id", "")), str(path), data, text, plugin, root)
    bad_key = _non_text_key(data)
    if bad_key is not None:
        where, key = bad_key
        english = f"keys must be text, not {type(key).__name__} {key!r}"
        raise pack.error(
            Phrase(english, "pack_key_not_text", kind=type(key).__name__, key=repr(key)), where
        )
    valid = _pack_valid()
    if valid is not None and valid(data):
        return pack
    errors = list(pack_validator().iter_errors(data))
    if errors:
        deepest = max(errors, key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
        keys = list(deepest.absolute_path)
        if deepest.validator == "additionalProperties" and isinstance(deepest.instance, dict):
            extra = sorted(set(deepest.instance) - set(deepest.schema.get("properties", {})))
            keys += extra[:1]  # point at the offending key itself
        raise pack.error(schema_problem(deepest), keys)
    return pack


def _non_text_key(data: Any) -> tuple[list[Any], Any] | None:
    """(where, key) of the first mapping key that is not a string (YAML allows
    ``!!binary``, numbers, ``null`` as keys; a pack's keys are names), else None."""
    stack: list[tuple[list[Any], Any]] = [([], data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if not isinstance(key, str):
                    return where, key
                stack.append(([*where, key], value))
        elif isinstance(node, list):
            stack += [([*where, i], v) for i, v in enumerate(node)]
    return None


def schema_problem(err: jsonschema.ValidationError) -> Phrase:
    """What a pack, a rule's options or a corpus rule's options got wrong, from
    jsonschema's error, as a Phrase: jsonschema's English, and a ``schema_*`` key of
    the ``_errors`` block for the run's language."""
    v = err.validator
    if v == "additionalProperties":
        extra = ", ".join(sorted(set(err.instance) - set(err.schema.get("properties", {}))))
        allowed = ", ".join(sorted(err.schema.get("properties", {})))
        return Phrase(
            f"unknown key(s) {extra}; expected one of {allowed}",
            "schema_unknown_keys",
            keys=extra,
            allowed=allowed,
        )
    if v == "maxLength":
        limit = err.validator_value
        return Phrase(f"longer than {limit} characters", "schema_max_length", limit=limit)
    if v == "enum":
        allowed = ", ".join(map(str, err.validator_value))
        return Phrase(
            f"{err.instance!r} is not one of {allowed}",
            "schema_enum",
            value=repr(err.instance),
            allowed=allowed,
        )
    if v == "oneOf" and err.context:
        relevant = [e for e in err.context if e.validator != "type"] or err.context
        return schema_problem(min(relevant, key=lambda e: len(e.message)))
    if v == "required":
        missing = [k for k in err.validator_value if k not in err.instance]
        if missing:
            return Phrase(err.message, "schema_required", key=missing[0])
    if v == "type" and isinstance(err.validator_value, str):
        return Phrase(
            err.message,
            "schema_type",
            expected=f"json.{err.validator_value}",
            value=repr(err.instance)[:60],
        )
    if v in _BOUNDS:
        return Phrase(
            err.message, f"schema_{v}", value=repr(err.instance)[:60], limit=err.validator_value
        )
    if v == "pattern":
        return Phrase(
            err.message,
            "schema_pattern",
            value=repr(err.instance)[:60],
            pattern=err.validator_value,
        )
    return Phrase(err.message, "schema_other", detail=err.message)


# jsonschema keywords whose error is "value beyond this limit": one key each in ``_errors``
_BOUNDS = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
)


def _texts(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"zh": value}
    return {str(k): str(v) for k, v in value.items()}


@dataclass
class RuleSet:
    """The rules in force, by id, and the packs they came from."""

    rules: dict[str, Rule]
    packs: dict[str, Pack]

    def for_edition(self, edition: str) -> list[Rule]:
        return [r for r in self.rules.values() if r.applies_to(edition)]


def build_ruleset(
    packs: Iterable[Pack],
    functions: Mapping[str, CheckFunction],
    python_rules: Iterable[Rule] = (),
    active: Iterable[str] | None = None,
) -> RuleSet:
    """Resolve packs (extends, overrides) and bind YAML rules to check functions."""
    by_id: dict[str, Pack] = {}
    for pack in packs:
        if pack.id in by_id and Path(by_id[pack.id].path).resolve() != Path(pack.path).resolve():
            other = by_id[pack.id].path
            english = f"pack id {pack.id!r} is already used by {other}"
            raise pack.error(Phrase(english, "pack_id_used", id=pack.id, other=other), ["id"])
        by_id[pack.id] = pack

    wanted = list(by_id) if active is None else list(active)
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(pid: str, chain: list[str], origin: Pack | None, index: int) -> None:
        if pid not in by_id:
            if origin is None:
                known = ", ".join(sorted(by_id)) or "none"
                english = f"no rule pack with id {pid!r} (known: {known})"
                raise PackError("--pack", Phrase(english, "pack_no_id", id=pid, known=known))
            raise origin.error(
                Phrase(f"extends unknown pack {pid!r}", "pack_extends_unknown", id=pid),
                ["extends", index] if isinstance(origin.data.get("extends"), list) else ["extends"],
            )
        if state.get(pid) == 2:
            return
        if state.get(pid) == 1:
            cycle = " → ".join(chain[chain.index(pid) :] + [pid])
            raise by_id[pid].error(
                Phrase(f"extends cycle: {cycle}", "pack_extends_cycle", cycle=cycle), ["extends"]
            )
        state[pid] = 1
        pack = by_id[pid]
        for i, parent in enumerate(pack.extends):
            visit(parent, chain + [pid], pack, i)
        state[pid] = 2
        order.append(pid)

    for pid in wanted:
        visit(pid, [], None, 0)

    rules: dict[str, Rule] = {}
    for rule in python_rules:
        if rule.id in rules:
            first, second = rules[rule.id].plugin, rule.plugin
            english = f"rule {rule.id} is defined twice ({first} and {second})"
            raise PackError(
                rule.plugin or "<plugin>",
                Phrase(english, "pack_rule_twice", rule=rule.id, first=first, second=second),
            )
        rules[rule.id] = rule

    for pid in order:
        pack = by_id[pid]
        pack_editions = frozenset(pack.data.get("editions") or EDITIONS)
        for i, spec in enumerate(pack.data.get("rules") or []):
            where = ["rules", i]
            if spec["id"] in rules:
                other = rules[spec["id"]]
                origin_name = other.pack or other.plugin
                english = (
                    f"rule {spec['id']} is already defined in {origin_name}; "
                    "use overrides to change it"
                )
                raise pack.error(
                    Phrase(english, "pack_rule_defined", rule=spec["id"], origin=origin_name),
                    where + ["id"],
                )
            fname = spec["check"]
            fn = functions.get(fname)
            if fn is None:
                known = ", ".join(sorted(functions))
                english = f"unknown check function {fname!r} (known: {known})"
                raise pack.error(
                    Phrase(english, "pack_unknown_function", name=repr(fname), known=known),
                    where + ["check"],
                )
            options = spec.get("with") or {}
            _validate_options(pack, fname, fn, options, where + ["with"])
            _validate_templates(pack, spec, where)
            given = spec.get("given", "")
            messages: dict[str, dict[str, str]] = {}
            for lang, text in _texts(spec.get("message")).items():
                messages.setdefault(lang, {})[""] = text
            for variant, value in (spec.get("messages") or {}).items():
                for lang, text in _texts(value).items():
                    messages.setdefault(lang, {})[variant] = text
            rules[spec["id"]] = Rule(
                id=spec["id"],
                severity=Severity.parse(spec.get("severity", "error")),
                editions=frozenset(spec.get("editions") or EDITIONS) & pack_editions,
                title=_texts(spec.get("title")),
                messages=messages,
                docs=spec.get("docs") or {},
                pack=pack.id,
                plugin=pack.plugin,
                given=tuple([given] if isinstance(given, str) else given),
                check=fname,
                options=options,
                function=fn,
            )
        for rid, change in (pack.data.get("overrides") or {}).items():
            where = ["overrides", rid]
            if rid not in rules:
                english = f"overrides unknown rule {rid} (is the pack that defines it in extends?)"
                raise pack.error(Phrase(english, "pack_overrides_unknown", rule=rid), where)
            rule = rules[rid]
            updates: dict[str, Any] = {}
            if "severity" in change:
                updates["severity"] = Severity.parse(change["severity"])
            if "enabled" in change:
                updates["enabled"] = bool(change["enabled"])
            if "with" in change:
                if rule.function is None:
                    english = f"rule {rid} is a Python rule and takes no options"
                    raise pack.error(
                        Phrase(english, "pack_python_rule_options", rule=rid), where + ["with"]
                    )
                options = {**rule.options, **change["with"]}
                _validate_options(pack, rule.check or "", rule.function, options, where + ["with"])
                updates["options"] = options
            rules[rid] = replace(rule, **updates)
    return RuleSet(rules, {pid: by_id[pid] for pid in order})


@cache
def _format_checker() -> jsonschema.FormatChecker:
    """Only ``regex`` is checked: a pattern from a pack must compile on RE2."""
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("regex", raises=PatternError)(check_pattern)
    return checker


def _regex_ok(pattern: str) -> bool:
    """The compiled options check's ``regex`` format: what ``_format_checker`` accepts."""
    try:
        return check_pattern(pattern)
    except PatternError:
        return False


_OPTION_FORMATS = {"regex": _regex_ok}
_ANY_OPTIONS: dict[str, Any] = {"type": "object"}  # a check function that declares none
_OPTIONS_VALIDITY: dict[int, tuple[Any, Callable[[Any], bool] | None]] = {}


def _options_validity(schema: Any) -> Callable[[Any], bool] | None:
    """The compiled check of an options schema (strict: it also vouches for the schema
    itself), or None: then jsonschema checks the schema and validates the options."""
    hit = _OPTIONS_VALIDITY.get(id(schema))
    if hit is None or hit[0] is not schema:
        valid = compile_validity(schema, _OPTION_FORMATS, strict=True)
        hit = _OPTIONS_VALIDITY[id(schema)] = (schema, valid)
    return hit[1]


def _validate_options(
    pack: Pack, fname: str, fn: CheckFunction, options: Any, where: list[Any]
) -> None:
    schema = getattr(fn, "options_schema", _ANY_OPTIONS)
    valid = _options_validity(schema)
    if valid is not None and valid(options):
        return
    import jsonschema

    errors = list(
        jsonschema.Draft202012Validator(schema, format_checker=_format_checker()).iter_errors(
            options
        )
    )
    if errors:
        err = max(errors, key=lambda e: len(e.absolute_path))
        if err.validator == "format" and err.cause is not None:
            message = getattr(err.cause, "phrase", None) or Phrase(
                str(err.cause), "schema_other", detail=str(err.cause)
            )
        else:
            message = schema_problem(err)
        english = f"options of {fname}: {message}"
        raise pack.error(
            Phrase(english, "pack_options", function=fname, problem=message),
            where + list(err.absolute_path),
        )


def _validate_templates(pack: Pack, spec: Mapping[str, Any], where: list[Any]) -> None:
    """Message templates are data: names and indexes only (messages.template_problem)."""
    texts: list[tuple[list[Any], Any]] = [(["message"], spec.get("message"))]
    texts += [(["messages", k], v) for k, v in (spec.get("messages") or {}).items()]
    for keys, value in texts:
        items = value.items() if isinstance(value, dict) else [(None, value)]
        for lang, text in items:
            if not isinstance(text, str):
                continue
            problem = template_problem(text)
            if problem:
                raise pack.error(problem, where + keys + ([lang] if lang else []))
