"""radrules' findings on a device-test or dose report as the pages and the API show them
(source 000 §5.1, §5.2), and the refusal of a submission that error findings make."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from radrules_webshell.core.errors import WebError
from radrules_webshell.core.masking import mask_ids_in

from radrules import CheckResult, Finding, Severity, format_citations


class Refused(WebError):
    """Submission refused by radrules' error findings (422), the findings kept for display."""

    status = 422
    default = "检查未通过，请按提示修改后再提交"

    def __init__(self, findings: list[dict[str, Any]]) -> None:
        super().__init__(None)
        self.findings = findings


def finding_out(finding: Finding, prefix: str) -> dict[str, Any]:
    """A finding for the API and the pages; ``field`` is its path within the report."""
    path = finding.path
    field = path[len(prefix) :].lstrip(".") if path.startswith(prefix) else path
    return {
        "rule_id": finding.rule_id,
        "severity": finding.severity.value,
        "path": path,
        "field": field,
        "message": mask_ids_in(finding.message),
        "citation": "；".join(format_citations(finding.citations)),
    }


def split_findings(result: CheckResult, prefix: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(errors, warnings) of a check, as :func:`finding_out` gives them."""
    errors = [finding_out(f, prefix) for f in result.findings if f.severity is Severity.error]
    warnings = [finding_out(f, prefix) for f in result.findings if f.severity is Severity.warning]
    return errors, warnings


def findings_by_field(findings: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Findings keyed by every prefix of their field, so a page can show them beside a section."""
    out: dict[str, list[dict[str, Any]]] = {}
    for f in findings:
        out.setdefault(f["field"], []).append(f)
    return out
