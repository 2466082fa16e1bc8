"""Rules, what their check functions receive, and the book a plugin collects its rules in.

A rule has a stable id, a severity, an effective window, citations and a check function.
A province overrides a national rule only by naming it in ``overrides`` (DESIGN.md, Rule).
The check function gets the document and a :class:`RuleContext`: the as-of date, the
jurisdiction chain, the dated parameters the rule declared, and a way to build findings.
A rule and its context name each other, so they live in one module.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from radrules.engine.findings import Citation, Finding, ParameterUse, Severity
from radrules.engine.view import ParameterView
from radrules.errors import PluginError

if TYPE_CHECKING:
    from radrules.model.filing import Filing

D = TypeVar("D")
CheckFunction = Callable[[Any, "RuleContext"], Iterable[Finding] | None]

_RULE_ID = re.compile(r"[A-Z][A-Z0-9]*(\.[a-z0-9][a-z0-9-]*)+")

#: Workflow actions a rule's error findings may block: submission (every error, unless the
#: rule says otherwise — DESIGN.md, Finding), saving a draft, and issuing the QC code.
BLOCKABLE_ACTIONS = frozenset({"submit", "save_draft", "qc_code"})
#: What an error blocks when its rule does not say: submission only.
DEFAULT_BLOCKS = ("submit",)


@attrs.frozen(kw_only=True)
class Rule:
    id: str
    jurisdiction: str
    title: str
    severity: Severity
    citations: tuple[Citation, ...]
    applies_to: type
    check: CheckFunction = attrs.field(eq=False, repr=False)
    valid_from: date | None = None
    valid_to: date | None = None
    overrides: str | None = None
    parameters: tuple[str, ...] = ()
    description: str = ""
    # The actions this rule's errors block (see BLOCKABLE_ACTIONS). An empty tuple makes an
    # error a record only: a breach the filer can no longer cure, such as filing late.
    blocks: tuple[str, ...] = DEFAULT_BLOCKS

    def in_force(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class RuleContext:
    """One check of one filing. ``filing`` is the whole envelope, for rules that compare documents."""

    __slots__ = ("_used", "as_of", "chain", "filing", "jurisdiction", "params", "rule")

    def __init__(self, *, filing: Filing, as_of: date, chain: tuple[str, ...], params: ParameterView) -> None:
        self.filing = filing
        self.as_of = as_of
        self.chain = chain
        self.jurisdiction = chain[-1]
        self.params = params
        self.rule: Rule | None = None
        self._used: list[ParameterUse] = []

    def param(self, name: str, *, on: date | None = None) -> Any:
        """A ruleset parameter's value (as of ``on``, default the as-of date), recorded for explanation."""
        return self.param_use(name, on=on).value

    def param_use(self, name: str, *, on: date | None = None) -> ParameterUse:
        """Like :meth:`param`, but the whole :class:`ParameterUse`: value, window and sources.

        The running rule must name ``name`` in its ``parameters``: that list is what
        ``radrules explain`` shows and what the registry checks against the rulesets when
        plugins load, so a rule may not read past it.
        """
        rule = self.rule
        if rule is not None and name not in rule.parameters:
            declared = "、".join(rule.parameters) or "无"
            raise PluginError(
                f"规则 {rule.id}（{rule.check.__module__}）读取了参数 {name}，但没有在 parameters 中声明它；"
                f"已声明：{declared}"
            )
        use = self.params.use(name, on=on)
        self._used.append(use)
        return use

    def finding(
        self,
        path: str,
        message: str,
        *,
        values: dict[str, Any] | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of the running rule at ``path`` (relative to the document the rule checks)."""
        rule = self.rule
        if rule is None:
            raise RuntimeError("finding() called outside a rule check")
        return Finding(
            rule_id=rule.id,
            severity=severity or rule.severity,
            path=path,
            message=message,
            jurisdiction=rule.jurisdiction,
            citations=rule.citations,
            values=values or {},
            blocks=rule.blocks,
        )

    def _parameters_used(self) -> tuple[ParameterUse, ...]:
        seen = {(u.jurisdiction, u.name, u.valid_from): u for u in self._used}
        return tuple(seen.values())


class RuleBook:
    """Collects the rules of one jurisdiction; a plugin returns ``book.rules`` from its hook.

    >>> from radrules import cite
    >>> book = RuleBook("35")
    >>> @book.rule("FJ.example.rule", title="示例", applies_to=object, cites=[cite("闽卫职健函〔2021〕847号", "第五条")])
    ... def example(doc, ctx):
    ...     return ()
    >>> [r.id for r in book.rules]
    ['FJ.example.rule']
    """

    def __init__(self, jurisdiction: str, *, valid_from: date | None = None) -> None:
        self.jurisdiction = jurisdiction
        self.valid_from = valid_from  # default window start for the book's rules
        self._rules: list[Rule] = []

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(self._rules)

    def rule(
        self,
        id: str,
        *,
        title: str,
        applies_to: type[D],
        cites: Sequence[Citation],
        severity: Severity | str = Severity.error,
        valid_from: date | None = None,
        valid_to: date | None = None,
        overrides: str | None = None,
        parameters: Sequence[str] = (),
        blocks: Sequence[str] = DEFAULT_BLOCKS,
    ) -> Callable[
        [Callable[[D, RuleContext], Iterable[Finding] | None]],
        Callable[[D, RuleContext], Iterable[Finding] | None],
    ]:
        """Register the decorated function as the check of a new rule."""
        if not _RULE_ID.fullmatch(id):
            raise ValueError(
                f"rule id {id!r} must look like 'JS.card.qc-code' (prefix, then dotted lower-case parts)"
            )
        if any(r.id == id for r in self._rules):
            raise ValueError(f"rule id {id!r} is defined twice")
        if not cites:
            raise ValueError(f"rule {id} must cite its legal basis")
        if valid_from and valid_to and valid_to < valid_from:
            raise ValueError(f"rule {id}: valid_to {valid_to} is before valid_from {valid_from}")
        if unknown := set(blocks) - BLOCKABLE_ACTIONS:
            raise ValueError(
                f"rule {id}: unknown blocked actions {sorted(unknown)}; known: {sorted(BLOCKABLE_ACTIONS)}"
            )

        def register(
            fn: Callable[[D, RuleContext], Iterable[Finding] | None],
        ) -> Callable[[D, RuleContext], Iterable[Finding] | None]:
            self._rules.append(
                Rule(
                    id=id,
                    jurisdiction=self.jurisdiction,
                    title=title,
                    severity=Severity(severity),
                    citations=tuple(cites),
                    applies_to=applies_to,
                    check=fn,
                    valid_from=valid_from or self.valid_from,
                    valid_to=valid_to,
                    overrides=overrides,
                    parameters=tuple(parameters),
                    blocks=tuple(blocks),
                    description=inspect.cleandoc(fn.__doc__ or ""),
                )
            )
            return fn

        return register
