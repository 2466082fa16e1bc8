"""JSON-ready forms of check results and explanations, for the CLI, the web shell and callers.

Parameter values that are large (a whole test-item catalog, say) are left out of findings
and replaced by ``"value_omitted": true``; ``radrules explain`` shows them in full.
"""

from __future__ import annotations

import json
from typing import Any

from radrules.convert import unstructure
from radrules.engine.check import CheckResult
from radrules.engine.explain import Explanation
from radrules.engine.findings import Finding, ParameterUse

_MAX_INLINE_VALUE = 200


def parameter_use_json(use: ParameterUse) -> dict[str, Any]:
    data: dict[str, Any] = unstructure(use)
    if len(json.dumps(data["value"], ensure_ascii=False, default=str)) > _MAX_INLINE_VALUE:
        data["value"] = None
        data["value_omitted"] = True
    return data


def finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "rule_id": finding.rule_id,
        "severity": finding.severity.value,
        "path": finding.path,
        "message": finding.message,
        "jurisdiction": finding.jurisdiction,
        "citations": unstructure(finding.citations),
        "values": unstructure(finding.values),
        "parameters": [parameter_use_json(p) for p in finding.parameters],
        "blocks": list(finding.blocks),
    }


def result_json(result: CheckResult, *, source: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {} if source is None else {"source": source}
    data.update(
        ok=result.ok,
        as_of=result.as_of.isoformat(),
        jurisdictions=list(result.jurisdictions),
        ruleset_versions=dict(result.ruleset_versions),
        errors=len(result.errors),
        warnings=len(result.warnings),
        findings=[finding_json(f) for f in result.findings],
    )
    return data


def explanation_json(explanation: Explanation) -> dict[str, Any]:
    data: dict[str, Any] = unstructure(explanation)
    return data
