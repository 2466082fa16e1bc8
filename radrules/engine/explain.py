"""Explaining a rule: what it checks, when it is in force, its legal basis, its data and the documents cited."""

from __future__ import annotations

import attrs

from radrules.engine.findings import Citation, Severity, sources_of
from radrules.engine.registry import Registry, default_registry
from radrules.ruleset.params import Parameter
from radrules.ruleset.sources import Source


@attrs.frozen(kw_only=True)
class ParameterExplanation:
    jurisdiction: str
    ruleset_version: str
    parameter: Parameter


@attrs.frozen(kw_only=True)
class Explanation:
    rule_id: str
    title: str
    jurisdiction: str
    severity: Severity
    applies_to: str
    valid_from: str | None
    valid_to: str | None
    citations: tuple[Citation, ...]
    description: str
    overrides: str | None
    overridden_by: tuple[str, ...]
    parameters: tuple[ParameterExplanation, ...]
    blocks: tuple[str, ...] = ()
    # Every document the rule and its parameter values cite, once each, from the catalogue.
    sources: tuple[Source, ...] = ()
    #: Where the rule is written: the module of its check function, and the plugin that contributed it.
    module: str = ""
    plugin: str = ""


def explain(rule_id: str, *, registry: Registry | None = None) -> Explanation:
    """Everything known about ``rule_id``; raises :class:`UnknownRule` with the nearest id."""
    reg = registry or default_registry()
    rule = reg.rule(rule_id)
    params: list[ParameterExplanation] = []
    for name in rule.parameters:
        for code in reversed(reg.chain(rule.jurisdiction)):
            rs = reg.ruleset(code)
            if rs is not None and name in rs.parameters:
                params.append(
                    ParameterExplanation(
                        jurisdiction=code,
                        ruleset_version=rs.meta.version,
                        parameter=rs.parameters[name],
                    )
                )
                break
    cited = list(rule.citations)
    cited += [c for p in params for v in p.parameter.values for c in v.sources]
    return Explanation(
        rule_id=rule.id,
        title=rule.title,
        jurisdiction=rule.jurisdiction,
        severity=rule.severity,
        applies_to=rule.applies_to.__name__,
        valid_from=rule.valid_from.isoformat() if rule.valid_from else None,
        valid_to=rule.valid_to.isoformat() if rule.valid_to else None,
        citations=rule.citations,
        description=rule.description,
        overrides=rule.overrides,
        overridden_by=tuple(r.id for r in reg.rules.values() if r.overrides == rule.id),
        parameters=tuple(params),
        blocks=rule.blocks,
        sources=tuple(sources_of(cited)),
        module=rule.check.__module__,
        plugin=reg.rule_plugins.get(rule.id, ""),
    )
