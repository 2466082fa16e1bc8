"""What a warning rule's check receives: the rule context of the engine, plus the register,
the warning policy (for lead times) and a way to say when something is due.

A rule yields ordinary findings; :meth:`RegisterContext.warn` builds one and records the
due date and the occurrence (``about``) that give the warning its identity.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from radrules.engine.findings import Finding
from radrules.engine.rules import RuleContext
from radrules.engine.view import ParameterView
from radrules.model.filing import Filing
from radrules.model.register import UnitRegister
from radrules.supervision.policy import Policy

T = TypeVar("T")

#: Keys of ``Finding.values`` that carry a warning's due date (ISO) and occurrence.
DUE = "due"
ABOUT = "about"

_NO_FILING = Filing()


class RegisterContext(RuleContext):
    """One evaluation of one register. ``register`` is the whole register, for rules that
    compare its parts; ``memo`` shares a computation (a worker's yearly doses, say) between
    the rules that need it within this evaluation."""

    __slots__ = ("_memo", "policy", "register")

    def __init__(
        self,
        *,
        register: UnitRegister,
        as_of: date,
        chain: tuple[str, ...],
        params: ParameterView,
        policy: Policy,
    ) -> None:
        super().__init__(filing=_NO_FILING, as_of=as_of, chain=chain, params=params)
        self.register = register
        self.policy = policy
        self._memo: dict[tuple[int, str], Any] = {}

    def memo(self, owner: object, name: str, compute: Callable[[], T]) -> T:
        """``compute()`` once per ``owner`` object and ``name`` during this evaluation."""
        key = (id(owner), name)
        if key not in self._memo:
            self._memo[key] = compute()
        value: T = self._memo[key]
        return value

    def lead_days(self) -> int:
        """How many days before its due date the running rule's reminder starts."""
        rule = self.rule
        if rule is None:
            raise RuntimeError("lead_days() called outside a rule check")
        return self.policy.lead_days.for_rule(rule.id, self.policy.division)

    def warn(
        self,
        path: str,
        message: str,
        *,
        due: date | None = None,
        about: str = "",
        values: dict[str, Any] | None = None,
    ) -> Finding:
        """A finding of the running rule; ``due`` is the date the duty fell or falls due,
        ``about`` tells apart several warnings of one rule for one subject (a year, a period)."""
        data = dict(values or {})
        if due is not None:
            data[DUE] = due.isoformat()
        if about:
            data[ABOUT] = about
        return self.finding(path, message, values=data)
