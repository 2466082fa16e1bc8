"""Declaring a warning rule: a rule of a plugin's book that checks one of the register's types.

:func:`warning_rule` is :meth:`RuleBook.rule` for checks that take a
:class:`RegisterContext`: it refuses types the register evaluation does not dispatch,
and declares the rule as a ``warning`` that blocks nothing (a warning is graded by the
policy, it does not stop a workflow step).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TypeVar, cast

from radrules.engine.dispatch import envelope_types
from radrules.engine.findings import Citation, Finding, Severity
from radrules.engine.rules import CheckFunction, RuleBook
from radrules.model.register import Licence, RegisteredDevice, RegisteredWorker, UnitRegister
from radrules.supervision.context import RegisterContext

#: The document types of a register that warning rules check, as the engine's dispatch
#: table places them in the ``UnitRegister`` envelope (radrules/engine/dispatch.py).
REGISTER_TYPES: tuple[type, ...] = envelope_types(UnitRegister)

D = TypeVar("D", UnitRegister, Licence, RegisteredDevice, RegisteredWorker)
WarningCheck = Callable[[D, RegisterContext], Iterable[Finding] | None]


def warning_rule(
    book: RuleBook,
    id: str,
    *,
    title: str,
    applies_to: type[D],
    cites: Sequence[Citation],
    valid_from: date | None = None,
    valid_to: date | None = None,
    overrides: str | None = None,
    parameters: Sequence[str] = (),
) -> Callable[[WarningCheck[D]], WarningCheck[D]]:
    """Register the decorated function as the check of a new warning rule in ``book``."""
    if applies_to not in REGISTER_TYPES:
        names = ", ".join(t.__name__ for t in REGISTER_TYPES)
        raise ValueError(f"warning rule {id}: applies_to must be one of {names}, not {applies_to.__name__}")

    def register(fn: WarningCheck[D]) -> WarningCheck[D]:
        book.rule(
            id,
            title=title,
            applies_to=applies_to,
            cites=cites,
            severity=Severity.warning,
            valid_from=valid_from,
            valid_to=valid_to,
            overrides=overrides,
            parameters=parameters,
            blocks=(),
        )(cast(CheckFunction, fn))
        return fn

    return register
