"""radrules' findings on training records as pages and the API show them, and the refusal
that error findings make (source 002: “保存时进行规则校验”, 报名, 选班, 成绩).

A refusal carries ``errors`` (form field → message, for the page to put beside each field;
the field is the finding's path within the record) and ``findings`` (every finding, with
rule, severity and citation); the JSON API answers both, with status 422.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from radrules_webshell.core.errors import WebError
from radrules_webshell.filings.reports.findings import finding_out

from radrules import CheckResult, Finding, Severity


class Refused(WebError):
    """What the rules refused (422)."""

    status = 422
    default = "检查未通过，请按提示修改"

    def __init__(
        self,
        message: str | None = None,
        *,
        errors: dict[str, str] | None = None,
        findings: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message, errors=errors)
        self.findings = findings or []


def views(findings: Iterable[Finding], prefix: str) -> list[dict[str, Any]]:
    """Each finding as the API shows it; ``field`` is its path within ``prefix``."""
    return [finding_out(f, prefix) for f in findings]


def mine(findings: Iterable[Finding], prefix: str) -> list[Finding]:
    """The findings about the record at ``prefix`` (``registrations[2]``) or within it."""
    return [f for f in findings if f.path == prefix or f.path.startswith((prefix + ".", prefix + "["))]


def field_errors(findings: Iterable[dict[str, Any]]) -> dict[str, str]:
    """The first error per field, for the form."""
    out: dict[str, str] = {}
    for f in findings:
        if f["severity"] == Severity.error.value:
            out.setdefault(f["field"] or "_", f["message"])
    return out


def refuse_on_errors(result: CheckResult, prefix: str, message: str) -> list[dict[str, Any]]:
    """Raise :class:`Refused` if a finding about ``prefix`` is an error; else its warnings."""
    found = views(mine(result.findings, prefix), prefix)
    if any(f["severity"] == Severity.error.value for f in found):
        errors = [f for f in found if f["severity"] == Severity.error.value]
        more = f"等{len(errors)}个问题" if len(errors) > 1 else ""
        raise Refused(f"{message}：{errors[0]['message']}{more}", errors=field_errors(found), findings=found)
    return [f for f in found if f["severity"] == Severity.warning.value]
