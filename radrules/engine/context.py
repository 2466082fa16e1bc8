"""What a rule's check function receives besides the document: the as-of date, the
jurisdiction chain, dated parameters, and a way to build findings."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from radrules.engine.findings import Finding, ParameterUse, Severity
from radrules.engine.view import ParameterView

if TYPE_CHECKING:
    from radrules.engine.rules import Rule
    from radrules.model.filing import Filing


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
        """Like :meth:`param`, but the whole :class:`ParameterUse`: value, window and sources."""
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
