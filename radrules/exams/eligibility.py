"""Checking a worker's individual registration for an online training plan (source 001
module 17): the rules in force for the plan's province, on top of the national baseline.

:func:`check_enrolment` is :func:`radrules.check` for an
:class:`~radrules.model.exam.ExamEnrolment`; a rule with ``applies_to=ExamEnrolment`` reads
the worker, the plan and the trainings already in the archive from the document, and one
with ``applies_to=ExamPlan`` checks the plan (also alone: :func:`check_exam_plan`). The
national plugin's ``NAT.exam.*`` rules encode 卫生部令第55号 第七、八条: the first training
is the pre-job one, in-service training follows the last within two years, and the plan's
own window and limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from radrules.convert import structure
from radrules.engine.check import CheckResult, check_envelope
from radrules.engine.registry import Registry, default_registry
from radrules.engine.rules import RuleContext
from radrules.model.exam import ExamEnrolment, ExamPlan
from radrules.model.filing import Filing


def _check(
    document: object, division_code: str, *, as_of: date, province: str | None, registry: Registry | None
) -> CheckResult:
    reg = registry or default_registry()
    chain = reg.chain_for(province=province, division_code=division_code)
    return check_envelope(
        document,
        chain=chain,
        as_of=as_of,
        registry=reg,
        context=lambda view: RuleContext(filing=Filing(), as_of=as_of, chain=chain, params=view),
    )


def check_enrolment(
    document: ExamEnrolment | Mapping[str, Any],
    *,
    as_of: date | None = None,
    province: str | None = None,
    registry: Registry | None = None,
) -> CheckResult:
    """Check one individual registration (JSON-ready data is structured strictly first).
    ``as_of`` is the day of registering; omitted, the enrolment's ``registered_on``."""
    doc = document if isinstance(document, ExamEnrolment) else structure(document, ExamEnrolment)
    return _check(
        doc, doc.plan.division_code, as_of=as_of or doc.registered_on, province=province, registry=registry
    )


def check_exam_plan(
    plan: ExamPlan | Mapping[str, Any],
    *,
    as_of: date,
    province: str | None = None,
    registry: Registry | None = None,
) -> CheckResult:
    """Check an online training plan alone (when it is published)."""
    doc = plan if isinstance(plan, ExamPlan) else structure(plan, ExamPlan)
    return _check(doc, doc.division_code, as_of=as_of, province=province, registry=registry)
