"""The hooks a radrules plugin may implement (pluggy project name ``radrules``).

Plugins are modules or packages registered under the entry-point group ``radrules``;
the national baseline and every province are plugins of this kind. Each hook is
documented, with its exact signature, in docs/hooks.md, and a test fails when one is not.

Hooks that answer for one jurisdiction receive its ``jurisdiction`` code and return None
for codes they do not own; the first answer wins (``firstresult``).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from radrules.engine.deadlines import Deadline
    from radrules.engine.jurisdiction import Jurisdiction
    from radrules.engine.rules import Rule
    from radrules.engine.view import ParameterView
    from radrules.model.card import ReportCard

PROJECT = "radrules"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def radrules_jurisdictions() -> Sequence[Jurisdiction]:
    """Declare the jurisdictions this plugin provides, with their ruleset folders."""
    raise NotImplementedError  # a specification has no body; pluggy never calls it


@hookspec
def radrules_rules() -> Sequence[Rule]:
    """Contribute rules; each names its jurisdiction, which any plugin may declare."""
    raise NotImplementedError


@hookspec(firstresult=True)
def radrules_filing_deadline(jurisdiction: str, issued_on: date, params: ParameterView) -> Deadline | None:
    """The date by which a card for a report issued on ``issued_on`` must be filed."""
    raise NotImplementedError


@hookspec(firstresult=True)
def radrules_period_deadline(jurisdiction: str, period: str, params: ParameterView) -> Deadline | None:
    """The due date of a periodic summary, for a period such as ``2026H1`` or ``2026``."""
    raise NotImplementedError


@hookspec(firstresult=True)
def radrules_qc_sequence(jurisdiction: str, year: int, prefix: str) -> int | None:
    """Allocate the next QC-code sequence number for ``prefix`` in ``year`` (storage implements)."""
    raise NotImplementedError


@hookspec(firstresult=True)
def radrules_qc_code(jurisdiction: str, card: ReportCard, sequence: int, params: ParameterView) -> str | None:
    """Format the QC code of ``card`` from an allocated ``sequence`` number."""
    raise NotImplementedError


@hookspec
def radrules_register_commands(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add sub-commands to the ``radrules`` command line."""
    raise NotImplementedError
