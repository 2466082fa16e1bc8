"""The catalogue of warning rules: each with its level, category, recipients and sources,
as the warning policy grades them — for ``radrules warning-rules``, ``radrules explain``
and docs/warnings.md (generated, never written by hand).

Without an as-of date the catalogue shows the policy in force from the latest start of
any of its parameters' values, so that the generated document does not depend on today.
"""

from __future__ import annotations

import re
from datetime import date

import attrs

from radrules.engine.findings import format_citations
from radrules.engine.registry import Registry
from radrules.engine.rules import Rule
from radrules.supervision.policy import (
    POLICY_PARAMETERS,
    Authority,
    Grade,
    Policy,
    WarningLevel,
    resolve_policy,
)
from radrules.supervision.rules import REGISTER_TYPES

AUTHORITY_LABELS = {
    Authority.county: "区县卫生健康行政部门",
    Authority.city: "市级卫生健康行政部门",
    Authority.province: "省级卫生健康行政部门",
}


@attrs.frozen(kw_only=True)
class WarningRuleInfo:
    rule: Rule
    grade: Grade
    level_label: str
    recipients: tuple[Authority, ...]
    lead_days: int | None  # for reminders (low) only
    as_of: date

    @property
    def recipients_text(self) -> str:
        return "、".join(["放射诊疗机构", *(AUTHORITY_LABELS[a] for a in self.recipients)])


_MARKS = {"V": "已核实 [V]", "S": "二手转载 [S]", "U": "未核实 [U]"}
_BRACKETS = re.compile(r"\[([^\]]*)\]")


def verification(rule: Rule) -> str:
    """How sure the wording a rule relies on is, from the marks its description carries
    (``[V]`` read in the source, ``[S]`` a secondary copy, ``[U]`` not found or inferred)."""
    found = {
        token for group in _BRACKETS.findall(rule.description) for token in re.findall(r"\b[VSU]\b", group)
    }
    return "，".join(_MARKS[m] for m in "VSU" if m in found) or "—"


def is_warning_rule(rule: Rule) -> bool:
    return rule.applies_to in REGISTER_TYPES


def policy_date(registry: Registry, chain: tuple[str, ...]) -> date:
    """The latest start of a value of any policy parameter along ``chain``."""
    starts = [
        value.valid_from
        for ruleset in registry.rulesets(chain).values()
        for name in POLICY_PARAMETERS
        if name in ruleset.parameters
        for value in ruleset.parameters[name].values
        if value.valid_from is not None
    ]
    return max(starts, default=date(2000, 1, 1))


def _policy(registry: Registry, chain: tuple[str, ...], as_of: date, division: str) -> Policy:
    return resolve_policy(registry.rulesets(chain), registry.plan(chain, as_of).params, as_of, division)


def describe(
    registry: Registry, rule: Rule, *, as_of: date | None = None, division: str | None = None
) -> WarningRuleInfo:
    """How ``rule`` is graded in its own jurisdiction (a province's, or the national baseline)."""
    chain = registry.chain(rule.jurisdiction)
    day = as_of or policy_date(registry, chain)
    # A division no ``local`` entry names: the catalogue shows the jurisdiction-wide grading.
    policy = _policy(registry, chain, day, division or "000000")
    grade = policy.grade(rule.id)
    recipients = policy.recipients.for_level(grade.level, policy.division)
    lead = policy.lead_days.for_rule(rule.id, policy.division) if grade.level is WarningLevel.low else None
    return WarningRuleInfo(
        rule=rule,
        grade=grade,
        level_label=policy.label(grade.level),
        recipients=recipients,
        lead_days=lead,
        as_of=day,
    )


def warning_summary(registry: Registry, rule_id: str) -> dict[str, object]:
    """``{"warning": {level, level_label, category, recipients, lead_days, graded_as_of}}``
    for a warning rule, ``{}`` for any other rule (for ``radrules explain --format json``)."""
    rule = registry.rule(rule_id)
    if not is_warning_rule(rule):
        return {}
    info = describe(registry, rule)
    return {
        "warning": {
            "level": info.grade.level.value,
            "level_label": info.level_label,
            "category": info.grade.category.value,
            "recipients": [a.value for a in info.recipients],
            "lead_days": info.lead_days,
            "graded_as_of": info.as_of.isoformat(),
        }
    }


def warning_lines(registry: Registry, rule_id: str) -> list[str]:
    """The lines ``radrules explain`` adds for a warning rule (none for other rules)."""
    rule = registry.rule(rule_id)
    if not is_warning_rule(rule):
        return []
    info = describe(registry, rule)
    lead = f"，到期前{info.lead_days}天起提醒" if info.lead_days is not None else ""
    return [
        f"  预警（{info.as_of.isoformat()} 起的分级）：{info.level_label}（{info.grade.level.value}）{lead}；"
        f"类别 {info.grade.category.value}",
        f"  通知：{info.recipients_text}（区县为机构所在区县，市为其所在市；"
        "按 warning_grading、warning_recipients、warning_lead_days 规则集参数）",
    ]


def catalogue(registry: Registry) -> list[WarningRuleInfo]:
    """Every warning rule of the loaded plugins, by jurisdiction, then gravest first, then id."""
    order = {code: i for i, code in enumerate(registry.jurisdictions)}
    infos = [describe(registry, r) for r in registry.rules.values() if is_warning_rule(r)]
    return sorted(infos, key=lambda i: (order.get(i.rule.jurisdiction, 99), i.grade.level.rank, i.rule.id))


def markdown(registry: Registry) -> str:
    lines = [
        "# Warning rules",
        "",
        "Generated by `radrules warning-rules --format markdown`; do not edit by hand. "
        "Each rule checks a radiation unit's register (the format, the evaluation and the "
        "warnings' identity: [register.md](register.md)). Its level, category, recipients and lead "
        "time are ruleset data (`warning_grading`, `warning_recipients`, `warning_lead_days`, "
        "`warning_level_labels`), shown as in force from the date given for each jurisdiction, "
        "without the `local` entries of a city or county. The unit itself is always told. "
        "`radrules explain RULE_ID` shows a rule's dated parameters. 条文核实: the marks the "
        "rule's description carries — 已核实 [V] read in the source, 二手转载 [S] taken from a "
        "secondary copy, 未核实 [U] not found or inferred (where each was read: register.md).",
    ]
    current = None
    for info in catalogue(registry):
        rule = info.rule
        if rule.jurisdiction != current:
            current = rule.jurisdiction
            j = registry.jurisdictions[current]
            lines += [
                "",
                f"## {j.name} ({j.code}) — 分级自 {info.as_of.isoformat()}",
                "",
                "| id | 规则 | 等级 | 类别 | 通知 | 生效 | 依据 | 条文核实 |",
                "| --- | --- | --- | --- | --- | --- | --- | --- |",
            ]
        window = f"{rule.valid_from or ''}～{rule.valid_to or ''}"
        basis = "；".join(format_citations(rule.citations))
        level = f"{info.level_label}（{info.grade.level.value}）"
        if info.lead_days is not None:
            level += f"，提前{info.lead_days}天"
        lines.append(
            f"| `{rule.id}` | {rule.title} | {level} | {info.grade.category.value} | "
            f"{info.recipients_text} | {window} | {basis} | {verification(rule)} |"
        )
    return "\n".join(lines)
