"""The types plugins answer jurisdiction hooks with (docs/hooks.md).

A plugin builds these and returns them from its hooks; the services in
:mod:`radrules.services` ask the jurisdiction chain for them and add what follows (the
lateness of a filing, the QC code's number). They sit at the bottom of the library, beside
the model: this module imports nothing that asks the registry, so that the hook
specifications, the plugins and the services can all name them without import cycles.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from radrules.documents.tables import Table
from radrules.engine.findings import Citation
from radrules.engine.periods import Period
from radrules.model.enums import AttachmentKind, ServiceField


def citations_json(basis: tuple[Citation, ...]) -> list[dict[str, Any]]:
    """Citations as JSON objects without their empty fields."""
    return [{k: v for k, v in attrs.asdict(c).items() if v is not None} for c in basis]


# -- deadlines (radrules_filing_deadline, radrules_period_deadline) ---------------------------


@attrs.frozen(kw_only=True)
class Deadline:
    """When something is due, or that nothing is (``due`` None, ``note`` saying why), and on
    what legal basis; ``working_days`` when the jurisdiction counts it in working days."""

    due: date | None
    basis: tuple[Citation, ...]
    note: str
    working_days: int | None = None


@attrs.frozen(kw_only=True)
class PeriodDeadline:
    """When the summary of ``period`` is due in ``jurisdiction``."""

    jurisdiction: str
    period: Period
    due: date | None
    basis: tuple[Citation, ...]
    note: str

    def to_json(self) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "period": self.period.text,
            "period_start": self.period.start.isoformat(),
            "period_end": self.period.end.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "basis": citations_json(self.basis),
            "note": self.note,
        }


# -- summaries (radrules_summary) -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Skipped:
    """A filing left out of a summary: its position in the input and why."""

    index: int
    reason: str


@attrs.frozen(kw_only=True)
class Summary:
    """A summary ready to write: tables whose ``rows`` are materialised (a tuple of rows)."""

    jurisdiction: str
    scope: str
    period: Period
    title: str
    tables: tuple[Table, ...]
    basis: tuple[Citation, ...] = ()
    deadline: PeriodDeadline | None = None
    included: int = 0
    skipped: tuple[Skipped, ...] = ()


# -- QC codes (radrules_qc_series, radrules_qc_code_check) -------------------------------------


@attrs.frozen(kw_only=True)
class QcSeries:
    """The series a card's code is numbered in: storage keeps one counter per series.

    ``prefix`` is everything the code shares with the other codes of the series
    (``JS-2026-2`` for Jiangsu's protection-testing cards of 2026); ``year`` the year the
    code is issued in.
    """

    year: int
    prefix: str


@attrs.frozen(kw_only=True)
class QcCodeCheck:
    """What a jurisdiction's format says about a code.

    ``recognised`` is False when the code is not in this jurisdiction's format at all
    (another province's code); ``problems`` lists, in Chinese, what is wrong with a
    recognised code (empty when it is valid). The parsed parts are set when readable.
    """

    code: str
    recognised: bool
    problems: tuple[str, ...] = ()
    year: int | None = None
    service_field: ServiceField | None = None
    sequence: int | None = None

    @property
    def valid(self) -> bool:
        return self.recognised and not self.problems


# -- the workflow (radrules_workflow_policy) ---------------------------------------------------


@attrs.frozen(kw_only=True)
class WorkflowPolicy:
    """A jurisdiction's workflow parameters.

    ``lock_attachments``: the attachment kinds that, once all present, lock the card (none:
    cards never lock). ``attachment_sync_delay_days``: days after the data reach the
    national system before the attachments may follow.
    """

    lock_attachments: tuple[AttachmentKind, ...] = ()
    attachment_sync_delay_days: int = 0
    basis: tuple[Citation, ...] = ()


# -- device tests (radrules_judge_sample) -----------------------------------------------------


@attrs.frozen(kw_only=True)
class EntryJudgement:
    """One performance item or measurement point of a sample, judged against its limit.

    ``path`` is relative to the sample (``performance.items[0]``, ``protection.points[2]``).
    ``passed`` is what 合格 shows: the limit's verdict where the limit decides (``decided``),
    else the tester's; None for a missing entry (缺项, shown “——”) or one nobody judged yet.
    ``justified`` marks a tester's verdict that departs from the limit with a remark.
    """

    path: str
    name: str
    missing: bool = False
    passed: bool | None = None
    decided: bool = False
    requirement: str | None = None
    problem: str | None = None
    justified: bool = False


@attrs.frozen(kw_only=True)
class SampleJudgement:
    """A sample's entries and its 合格 on the list: ``是``, ``否``, ``——`` (every entry missing)
    or None (nothing entered); ``performance`` and ``protection`` are the same per part."""

    entries: tuple[EntryJudgement, ...]
    verdict: str | None
    performance: str | None = None
    protection: str | None = None


__all__ = [
    "Deadline",
    "EntryJudgement",
    "PeriodDeadline",
    "QcCodeCheck",
    "QcSeries",
    "SampleJudgement",
    "Skipped",
    "Summary",
    "WorkflowPolicy",
    "citations_json",
]
