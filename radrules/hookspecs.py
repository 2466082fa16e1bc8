"""The hooks a radrules plugin may implement (pluggy project name ``radrules``).

Plugins are modules or packages registered under the entry-point group ``radrules``;
the national baseline and every province are plugins of this kind. Each hook is
documented, with its exact signature, in docs/hooks.md, and a test fails when one is not.

Hooks marked :func:`jurisdiction_hook` are answered per jurisdiction: the registry asks
them only of the plugin that declared the jurisdiction (in its ``radrules_jurisdictions``),
most specific jurisdiction of the chain first, so a plugin never sees, and never compares,
another plugin's codes. Callers ask through :meth:`radrules.Registry.ask` (first answer)
and :meth:`radrules.Registry.ask_each` (every jurisdiction's answer). The other hooks go to
every plugin: declarations, rules, commands, and ``radrules_qc_sequence``, which storage
answers for whatever jurisdiction it is given.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy

if TYPE_CHECKING:
    from radrules.answers import Deadline, QcCodeCheck, QcSeries, SampleJudgement, Summary, WorkflowPolicy
    from radrules.engine.jurisdiction import Jurisdiction
    from radrules.engine.rules import Rule
    from radrules.engine.view import ParameterView
    from radrules.model.card import ReportCard, Results
    from radrules.model.device_test import Sample
    from radrules.model.filing import Filing
    from radrules.model.parties import Institution

PROJECT = "radrules"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

F = TypeVar("F", bound=Callable[..., Any])
#: The attribute :func:`jurisdiction_hook` sets on a specification.
SCOPE_MARK = "radrules_per_jurisdiction"


def jurisdiction_hook(*, firstresult: bool) -> Callable[[F], F]:
    """Mark a hook as answered per jurisdiction, by the plugin that declared it.

    Its first parameter is ``jurisdiction``; a plugin that declares one jurisdiction may
    leave it out of its implementation (pluggy passes only the arguments named).
    """

    def mark(spec: F) -> F:
        setattr(spec, SCOPE_MARK, True)
        marked: F = hookspec(firstresult=firstresult)(spec)
        return marked

    return mark


def is_jurisdiction_hook(name: str) -> bool:
    """True when the hook called ``name`` is answered per jurisdiction (see :func:`jurisdiction_hook`)."""
    return bool(getattr(globals().get(name), SCOPE_MARK, False))


@hookspec
def radrules_jurisdictions() -> Sequence[Jurisdiction]:
    """Declare the jurisdictions this plugin provides, with their ruleset folders."""
    raise NotImplementedError  # a specification has no body; pluggy never calls it


@hookspec
def radrules_rules() -> Sequence[Rule]:
    """Contribute rules; each names its jurisdiction, which any plugin may declare."""
    raise NotImplementedError


@jurisdiction_hook(firstresult=True)
def radrules_filing_deadline(jurisdiction: str, issued_on: date, params: ParameterView) -> Deadline | None:
    """The date by which a card for a report issued on ``issued_on`` must be filed.

    ``params`` reads the ruleset as of ``issued_on``.
    """
    raise NotImplementedError


@jurisdiction_hook(firstresult=True)
def radrules_period_deadline(jurisdiction: str, period: str, params: ParameterView) -> Deadline | None:
    """The due date of a periodic summary, for a period such as ``2026H1`` or ``2026``.

    ``period`` is normalised (upper case); ``params`` reads the ruleset as of the period's last day.
    """
    raise NotImplementedError


@jurisdiction_hook(firstresult=True)
def radrules_notify_divisions(jurisdiction: str, card: ReportCard) -> Sequence[str] | None:
    """Division codes of the health administrations a filed ``card`` is pushed to, most local first."""
    raise NotImplementedError


@jurisdiction_hook(firstresult=False)
def radrules_institution_facts(
    jurisdiction: str, institution: Institution
) -> Sequence[tuple[str, str]] | None:
    """Facts ``jurisdiction`` derives about ``institution``, as (label, value) pairs to show."""
    raise NotImplementedError


@jurisdiction_hook(firstresult=True)
def radrules_summary(
    jurisdiction: str, scope: str, period: str, filings: Sequence[Filing], params: ParameterView
) -> Summary | None:
    """Build the ``scope`` summary (``institution`` or ``province``) of ``filings`` for ``period``."""
    raise NotImplementedError


@jurisdiction_hook(firstresult=True)
def radrules_qc_series(
    jurisdiction: str, card: ReportCard, issued_on: date, params: ParameterView
) -> QcSeries | None:
    """The series (year and prefix) in which ``card``'s QC code issued on ``issued_on`` is numbered."""
    raise NotImplementedError


@hookspec(firstresult=True)
def radrules_qc_sequence(jurisdiction: str, year: int, prefix: str) -> int | None:
    """Allocate the next QC-code sequence number for ``prefix`` in ``year`` (storage implements)."""
    raise NotImplementedError


@jurisdiction_hook(firstresult=True)
def radrules_qc_code(
    jurisdiction: str, card: ReportCard, series: QcSeries, sequence: int, params: ParameterView
) -> str | None:
    """Format the QC code of ``card`` from its ``series`` and an allocated ``sequence`` number."""
    raise NotImplementedError


@jurisdiction_hook(firstresult=True)
def radrules_qc_code_check(jurisdiction: str, code: str, params: ParameterView) -> QcCodeCheck | None:
    """Say whether ``code`` is in this jurisdiction's QC-code format and what is wrong with it."""
    raise NotImplementedError


@jurisdiction_hook(firstresult=True)
def radrules_qc_verification_base(jurisdiction: str, params: ParameterView) -> str | None:
    """The address of the page that verifies scanned QC QR codes."""
    raise NotImplementedError


@jurisdiction_hook(firstresult=True)
def radrules_card_results(jurisdiction: str, filing: Filing, params: ParameterView) -> Results | None:
    """The card's results computed from the reports in ``filing``, or None when they are typed."""
    raise NotImplementedError


@jurisdiction_hook(firstresult=True)
def radrules_judge_sample(jurisdiction: str, sample: Sample, params: ParameterView) -> SampleJudgement | None:
    """Judge a device-test ``sample``'s items and points against the jurisdiction's limits."""
    raise NotImplementedError


@jurisdiction_hook(firstresult=True)
def radrules_workflow_policy(jurisdiction: str, params: ParameterView) -> WorkflowPolicy | None:
    """What locks a card and when its attachments go to the national system."""
    raise NotImplementedError


@hookspec
def radrules_register_commands(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add sub-commands to the ``radrules`` command line."""
    raise NotImplementedError
