"""The document types rules check, and where they sit in the envelopes the engine checks.

A rule's ``applies_to`` names a document type, and the rule runs on every document of that
type in the envelope being checked: a :class:`~radrules.model.filing.Filing`
(:func:`radrules.check`), a :class:`~radrules.model.training.TrainingFiling`
(:func:`radrules.check_training`), a :class:`~radrules.model.register.UnitRegister`
(:func:`radrules.warnings`), an online training plan or registration
(:class:`~radrules.model.exam.ExamPlan`, :class:`~radrules.model.exam.ExamEnrolment`:
:func:`radrules.check_enrolment`) or an :class:`~radrules.accounts.AccountPassword`
(:func:`radrules.check_password`). Each envelope declares its documents once, with
:func:`register_documents`, at the bottom of this module; a new kind of document is one
more placement there (or one more envelope). When plugins load, the registry refuses a rule
whose ``applies_to`` no envelope holds, so a rule can never load, be listed and never run.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping

import attrs

from radrules.accounts import AccountPassword
from radrules.engine.findings import Finding
from radrules.engine.rules import Rule, RuleContext
from radrules.model.card import ReportCard
from radrules.model.device_test import DeviceTestReport
from radrules.model.dose import DoseReport
from radrules.model.exam import ExamEnrolment, ExamPlan
from radrules.model.filing import Filing
from radrules.model.parties import Institution, InstitutionChange
from radrules.model.profile import PersonProfile
from radrules.model.register import Licence, RegisteredDevice, RegisteredWorker, UnitRegister
from radrules.model.training import (
    Certificate,
    ClassSelection,
    Registration,
    Score,
    Session,
    TrainingFiling,
    TrainingPlan,
)


@attrs.frozen(kw_only=True)
class Placement:
    """Where documents of ``type`` sit in an envelope: a path of attribute names.

    ``""`` is the envelope itself. Along the path, an attribute holding a tuple or list
    stands for each of its items (``registrations.person`` is ``registrations[i].person``)
    and one holding None for no document.
    """

    type: type
    path: str

    @property
    def steps(self) -> tuple[str, ...]:
        return tuple(self.path.split(".")) if self.path else ()


_ENVELOPES: dict[type, tuple[Placement, ...]] = {}
# The same placements as (type, path, steps), split once: walked for every checked filing.
_WALKS: dict[type, tuple[tuple[type, str, tuple[str, ...]], ...]] = {}


def register_documents(envelope: type, *placements: tuple[type, str]) -> None:
    """Declare the documents ``envelope`` holds, as ``(type, path)`` pairs in the order their
    rules run. Declaring an envelope again replaces its placements.

    >>> register_documents(Filing, (ReportCard, "report_card"), (Filing, ""))  # doctest: +SKIP
    """
    _ENVELOPES[envelope] = tuple(Placement(type=t, path=p) for t, p in placements)
    _WALKS[envelope] = tuple((p.type, p.path, p.steps) for p in _ENVELOPES[envelope])


def dispatched_types() -> frozenset[type]:
    """Every type a rule may name as ``applies_to``: what some envelope holds."""
    return frozenset(p.type for placements in _ENVELOPES.values() for p in placements)


def envelope_types(envelope: type) -> tuple[type, ...]:
    """The document types ``envelope`` holds, in the order their rules run."""
    return tuple(dict.fromkeys(p.type for p in _ENVELOPES.get(envelope, ())))


def documents(
    envelope: object, *, only: Collection[type] | None = None
) -> Iterator[tuple[type, str, object]]:
    """``(type, path, document)`` for every document in ``envelope``, in rule order.

    ``only`` keeps the documents of those types. Raises :class:`TypeError` for an object that
    is no declared envelope.
    """
    walks = _WALKS.get(type(envelope))
    if walks is None:
        raise TypeError(f"{type(envelope).__name__} is not a declared envelope (register_documents)")
    for kind, name, steps in walks:
        if only is not None and kind not in only:
            continue
        if len(steps) == 1:  # the common case, one attribute of the envelope, walked inline
            child = getattr(envelope, name)
            if child is None:
                continue
            if isinstance(child, tuple | list):
                for i, item in enumerate(child):
                    yield kind, f"{name}[{i}]", item
            else:
                yield kind, name, child
            continue
        for path, document in _walk(envelope, steps, ""):
            yield kind, path, document


def _walk(value: object, steps: tuple[str, ...], path: str) -> Iterator[tuple[str, object]]:
    if not steps:
        yield path, value
        return
    name, rest = steps[0], steps[1:]
    here = f"{path}.{name}" if path else name
    child = getattr(value, name)
    if child is None:
        return
    if isinstance(child, tuple | list):
        for i, item in enumerate(child):
            yield from _walk(item, rest, f"{here}[{i}]")
    else:
        yield from _walk(child, rest, here)


def run_rules(
    rules: Iterable[Rule], document: object, path: str, ctx: RuleContext, out: list[Finding]
) -> None:
    """Run ``rules`` on one document found at ``path``, appending their findings to ``out``."""
    # The hot loop of bulk checking: kept free of per-rule allocations when nothing is found.
    for rule in rules:
        ctx.rule = rule
        if ctx._used:
            ctx._used = []
        try:
            produced = rule.check(document, ctx)
            found = list(produced) if produced is not None else ()
        except Exception as exc:
            exc.add_note(f"in rule {rule.id} checking {path or 'the whole document'}")
            raise
        if found:
            used = ctx._parameters_used()
            for finding in found:
                located = finding.at(path)
                out.append(attrs.evolve(located, parameters=used) if used else located)


def check_documents(
    rules: Mapping[type, tuple[Rule, ...]],
    envelope: object,
    ctx: RuleContext,
    *,
    only: Collection[type] | None = None,
) -> list[Finding]:
    """The findings of ``rules`` (a plan's rules by type) on every document of ``envelope``."""
    found: list[Finding] = []
    kinds = rules if only is None else {t for t in rules if t in only}
    for kind, path, document in documents(envelope, only=kinds):
        run_rules(rules[kind], document, path, ctx, found)
    return found


# -- the envelopes ----------------------------------------------------------------------------

register_documents(
    Filing,
    (ReportCard, "report_card"),
    (DeviceTestReport, "device_test_reports"),
    (DoseReport, "dose_reports"),
    (InstitutionChange, "institution_change"),
    (Institution, "declaration"),  # a qualification declaration (资质申报)
    (Filing, ""),  # rules that compare the documents of one filing
)
register_documents(
    TrainingFiling,
    (TrainingPlan, "plan"),
    (PersonProfile, "profiles"),
    (PersonProfile, "registrations.person"),
    (Registration, "registrations"),
    (Session, "sessions"),
    (ClassSelection, "selections"),
    (Score, "scores"),
    (Certificate, "certificates"),
    (TrainingFiling, ""),
)
register_documents(
    UnitRegister,
    (UnitRegister, ""),
    (Licence, "licences"),
    (RegisteredDevice, "devices"),
    (RegisteredWorker, "workers"),
)
register_documents(ExamPlan, (ExamPlan, ""))
register_documents(ExamEnrolment, (ExamPlan, "plan"), (ExamEnrolment, ""))

register_documents(AccountPassword, (AccountPassword, ""))

__all__ = [
    "Placement",
    "check_documents",
    "dispatched_types",
    "documents",
    "envelope_types",
    "register_documents",
    "run_rules",
]
