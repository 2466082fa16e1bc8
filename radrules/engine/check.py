"""Checking a filing: pick the jurisdiction chain, run the rules in force, collect findings."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date
from typing import Any

import attrs

from radrules.convert import filing_from_json
from radrules.convert_fast import structure_filing
from radrules.engine.dispatch import check_documents
from radrules.engine.findings import Finding, Severity
from radrules.engine.registry import Registry, default_registry
from radrules.engine.rules import RuleContext
from radrules.engine.view import ParameterView
from radrules.errors import InputError
from radrules.model.card import ReportCard
from radrules.model.device_test import DeviceTestReport
from radrules.model.dose import DoseReport
from radrules.model.filing import Filing
from radrules.model.parties import Institution

FilingLike = Filing | ReportCard | DeviceTestReport | DoseReport | Institution | Mapping[str, Any]


@attrs.frozen(kw_only=True)
class CheckResult:
    """The findings of one check, with the jurisdictions and ruleset versions that produced them."""

    findings: tuple[Finding, ...]
    jurisdictions: tuple[str, ...]
    ruleset_versions: dict[str, str] = attrs.field(hash=False)
    as_of: date

    @property
    def ok(self) -> bool:
        """True when no finding is an error (a record-only error still counts: see ``blocking``)."""
        return not any(f.severity is Severity.error for f in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.error)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.warning)

    def blocking(self, action: str) -> tuple[Finding, ...]:
        """The errors that stop ``action``: by default an error stops ``submit`` only; rules
        say when their errors also stop ``save_draft`` or ``qc_code``, or stop nothing."""
        return tuple(f for f in self.errors if action in f.blocks)


def as_filing(value: FilingLike) -> Filing:
    """Wrap a single document in a filing; structure JSON data strictly."""
    if isinstance(value, Filing):
        return value
    if isinstance(value, ReportCard):
        return Filing(report_card=value)
    if isinstance(value, DeviceTestReport):
        return Filing(device_test_reports=(value,))
    if isinstance(value, DoseReport):
        return Filing(dose_reports=(value,))
    if isinstance(value, Institution):
        return Filing(declaration=value)
    try:
        return structure_filing(value)  # the generated path; the strict one judges what it does not take
    except Exception:
        return filing_from_json(value)


def check(
    filing: FilingLike,
    *,
    as_of: date | None = None,
    province: str | None = None,
    registry: Registry | None = None,
) -> CheckResult:
    """Check ``filing`` under the rules of the province where the service is delivered.

    ``as_of`` is the date the rules and parameters are taken at; when omitted it is today,
    and the result says which date was used. ``province`` (code, slug or Chinese name)
    forces a jurisdiction instead of deriving it from the service address.
    """
    reg = registry or default_registry()
    doc = as_filing(filing)
    if doc.is_empty():
        raise InputError(
            "报送数据为空：应包含 report_card、device_test_reports、dose_reports、institution_change 或 declaration"
        )
    day = as_of or date.today()
    chain = reg.chain_for(province=province, division_code=doc.division_code())
    return check_envelope(
        doc,
        chain=chain,
        as_of=day,
        registry=reg,
        context=lambda view: RuleContext(filing=doc, as_of=day, chain=chain, params=view),
    )


def check_envelope(
    envelope: object,
    *,
    chain: tuple[str, ...],
    as_of: date,
    registry: Registry,
    context: Callable[[ParameterView], RuleContext],
    only: Collection[type] | None = None,
) -> CheckResult:
    """Run the rules of ``chain`` in force on ``as_of`` on every document of ``envelope``.

    ``context`` builds the rule context from the plan's parameter view (an envelope other
    than a filing gives its rules a context of its own); ``only`` keeps the rules of those
    document types. Findings come errors first.
    """
    plan = registry.plan(chain, as_of)
    found = check_documents(plan.rules, envelope, context(plan.params), only=only)
    found.sort(key=lambda f: f.severity.rank)
    return CheckResult(
        findings=tuple(found), jurisdictions=chain, ruleset_versions=dict(plan.versions), as_of=as_of
    )
