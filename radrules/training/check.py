"""Checking training documents (source 002): the rules in force for the plan's province.

:func:`check_training` is :func:`radrules.check` for a
:class:`~radrules.model.training.TrainingFiling`: it picks the jurisdiction chain (the
plan's publisher, else the unit; ``province=`` forces one), takes the rules in force on
the as-of date from the registry, and runs each on the documents of its ``applies_to``
type, wherever they are in the envelope (declared with the engine's other envelopes, in
:mod:`radrules.engine.dispatch`):

=====================  ==========================================================
``applies_to``          checked at
=====================  ==========================================================
``TrainingPlan``        ``plan``
``PersonProfile``       ``profiles[i]`` and ``registrations[i].person``
``Registration``        ``registrations[i]``
``Session``             ``sessions[i]``
``ClassSelection``      ``selections[i]``
``Score``               ``scores[i]``
``Certificate``         ``certificates[i]``
``TrainingFiling``      the envelope itself (rules comparing documents)
=====================  ==========================================================

A rule reads the rest of the envelope with :func:`training_of` and the envelope's
look-up tables (sessions by id, registrations by person …) with :func:`training_index`,
built once per check.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from radrules.convert import structure
from radrules.engine.check import CheckResult, check_envelope
from radrules.engine.dispatch import envelope_types
from radrules.engine.registry import Registry, default_registry
from radrules.engine.rules import RuleContext
from radrules.engine.view import ParameterView
from radrules.errors import InputError
from radrules.model.filing import Filing
from radrules.model.training import (
    TrainingFiling,
)
from radrules.training.index import TrainingIndex

#: The document types :func:`check_training` dispatches, in the order their rules run.
TRAINING_DOCUMENT_TYPES: tuple[type, ...] = envelope_types(TrainingFiling)


class TrainingContext(RuleContext):
    """A :class:`RuleContext` that also holds the training envelope being checked."""

    __slots__ = ("_index", "training")

    def __init__(
        self, *, training: TrainingFiling, as_of: date, chain: tuple[str, ...], params: ParameterView
    ) -> None:
        # Rules of filings read ``ctx.filing``; a training check has none, so it is empty.
        super().__init__(filing=Filing(), as_of=as_of, chain=chain, params=params)
        self.training = training
        self._index: TrainingIndex | None = None


def training_of(ctx: RuleContext) -> TrainingFiling:
    """The envelope a training rule is checking (for rules that read the plan, say)."""
    if not isinstance(ctx, TrainingContext):
        raise TypeError("training_of() 只能在 check_training() 运行的规则中调用")
    return ctx.training


def training_index(ctx: RuleContext) -> TrainingIndex:
    """Look-up tables of the envelope, built on first use in a check and then shared."""
    if not isinstance(ctx, TrainingContext):
        raise TypeError("training_index() 只能在 check_training() 运行的规则中调用")
    if ctx._index is None:
        ctx._index = TrainingIndex(ctx.training)
    return ctx._index


def as_training(value: TrainingFiling | Mapping[str, Any]) -> TrainingFiling:
    """The envelope itself, or JSON-ready data structured strictly (errors name the JSON path)."""
    if isinstance(value, TrainingFiling):
        return value
    return structure(value, TrainingFiling)


def check_training(
    document: TrainingFiling | Mapping[str, Any],
    *,
    as_of: date | None = None,
    province: str | None = None,
    registry: Registry | None = None,
    only: Collection[type] | None = None,
) -> CheckResult:
    """Check training documents under the rules of the plan's province; see the module docstring.

    ``as_of`` is the day the rules are applied at — for a registration being submitted,
    the day of submission (the deadline is compared with it); omitted, it is today and
    the result says so. ``only`` runs the rules of those document types alone (the
    others still serve as look-ups): an import of scores checks ``only=(Score,)`` against
    the stored registrations and placements without checking them again.
    """
    reg = registry or default_registry()
    doc = as_training(document)
    if doc.is_empty():
        raise InputError(
            "培训数据为空：应包含 plan、profiles、registrations、sessions、selections、scores 或 certificates"
        )
    day = as_of or date.today()
    chain = reg.chain_for(province=province, division_code=doc.division_code())
    return check_envelope(
        doc,
        chain=chain,
        as_of=day,
        registry=reg,
        context=lambda view: TrainingContext(training=doc, as_of=day, chain=chain, params=view),
        only=only,
    )
