"""JSON-ready warnings, in the shape the command line prints and other systems read:
``{"as_of", "warnings": [{"rule_id", "level", "category", "subject", "path", "due",
"message", "citations", "notify", ...}], "summary"}`` (issue 14; docs/warnings.md).

Beyond the contract's keys each warning carries ``key`` (its stable identity, see
:mod:`radrules.supervision.warning`), ``level_label`` (the ruleset's Chinese name of the
level) and ``unit`` (the register's unit), so that the warnings of many registers can be
listed together.
"""

from __future__ import annotations

from typing import Any

from radrules.convert import unstructure
from radrules.supervision.warning import RegisterWarning, WarningReport


def warning_json(warning: RegisterWarning, report: WarningReport) -> dict[str, Any]:
    subject = warning.subject
    return {
        "rule_id": warning.rule_id,
        "level": warning.level.value,
        "category": warning.category.value,
        "subject": {"kind": subject.kind, "id": subject.id, "name": subject.name},
        "path": warning.path,
        "due": warning.due.isoformat() if warning.due else None,
        "message": warning.message,
        "citations": unstructure(warning.citations),
        "notify": list(warning.notify),
        "key": warning.key,
        "level_label": warning.level_label,
        "unit": {
            "uscc": report.unit.uscc,
            "name": report.unit.name,
            "division_code": report.unit.division_code,
        },
    }


def report_json(report: WarningReport) -> dict[str, Any]:
    """One register's warnings: the contract's shape plus the chain and ruleset versions."""
    return {
        "as_of": report.as_of.isoformat(),
        "jurisdictions": list(report.jurisdictions),
        "ruleset_versions": dict(report.ruleset_versions),
        "warnings": [warning_json(w, report) for w in report.warnings],
        "summary": report.summary(),
    }
