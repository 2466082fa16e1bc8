"""Graded and classified warnings (source 001 §2.3.4 "关键环节设置分级分类预警"): the levels,
categories and recipients, all of them ruleset data.

Each warning rule has a ``level`` — ``low`` (提醒: coming due within the lead time),
``medium`` (预警: overdue, or an investigation level reached), ``high`` (a legal limit
exceeded or a condition of radiation work unmet) — and a ``category``. The unit is always
told; the county authority (the unit's six-digit division) from ``medium`` and the city
(first four digits + ``00``) for ``high``. None of this is code: these ruleset parameters,
read through the jurisdiction chain, decide it.

* ``warning_grading`` (:class:`WarningGrading`): rule id → level and category. Unlike other
  parameters it is *merged* down the chain, so a province regrades one rule by naming it
  (``regrade``) without copying the rest; ``local`` regrades for one city or county
  (keyed by a division-code prefix of 2, 4 or 6 digits), applied from the widest prefix.
* ``warning_lead_days`` (:class:`WarningLeadDays`): how early a ``low`` reminder comes.
* ``warning_recipients`` (:class:`WarningRecipients`): which authorities each level reaches.
* ``warning_level_labels``: the Chinese name of each level.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum

import attrs

from radrules.engine.findings import ParameterUse
from radrules.engine.view import ParameterView
from radrules.errors import RulesetError
from radrules.ruleset.params import Ruleset

GRADING = "warning_grading"
LEAD_DAYS = "warning_lead_days"
RECIPIENTS = "warning_recipients"
LEVEL_LABELS = "warning_level_labels"
POLICY_PARAMETERS = (GRADING, LEAD_DAYS, RECIPIENTS, LEVEL_LABELS)


class WarningLevel(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"

    @property
    def rank(self) -> int:
        """0 for ``high``: sorting by rank puts the gravest first."""
        return {"high": 0, "medium": 1, "low": 2}[self.value]


class WarningCategory(StrEnum):
    worker = "worker"
    dose = "dose"
    device = "device"
    licence = "licence"
    training = "training"
    health = "health"


class Authority(StrEnum):
    """An authority a warning is sent to, named by how its division derives from the unit's."""

    county = "county"  # the unit's own six-digit division
    city = "city"  # first four digits + 00
    province = "province"  # first two digits + 0000

    def division(self, unit_division: str) -> str:
        code = unit_division[:6]
        if self is Authority.county:
            return code
        if self is Authority.city:
            return code[:4] + "00"
        return code[:2] + "0000"


@attrs.frozen(kw_only=True)
class Grade:
    level: WarningLevel
    category: WarningCategory


@attrs.frozen(kw_only=True)
class WarningGrading:
    """``rules`` grades rules (a province adds its own); ``regrade`` changes only the level
    of rules graded higher up the chain; ``local`` does the same for a division prefix."""

    rules: dict[str, Grade] = attrs.field(factory=dict)
    regrade: dict[str, WarningLevel] = attrs.field(factory=dict)
    local: dict[str, dict[str, WarningLevel]] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class LocalLeadDays:
    default: int | None = None
    rules: dict[str, int] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class WarningLeadDays:
    """Days before a due date that a ``low`` reminder starts: ``default``, per rule, per division prefix."""

    default: int
    rules: dict[str, int] = attrs.field(factory=dict)
    local: dict[str, LocalLeadDays] = attrs.field(factory=dict)

    def for_rule(self, rule_id: str, division: str) -> int:
        days = self.rules.get(rule_id, self.default)
        for prefix in _prefixes(self.local, division):
            local = self.local[prefix]
            days = local.rules.get(rule_id, local.default if local.default is not None else days)
        return days


@attrs.frozen(kw_only=True)
class WarningRecipients:
    """Authorities told at each level (the unit itself always is); ``local`` per division prefix."""

    levels: dict[WarningLevel, tuple[Authority, ...]]
    local: dict[str, dict[WarningLevel, tuple[Authority, ...]]] = attrs.field(factory=dict)

    def for_level(self, level: WarningLevel, division: str) -> tuple[Authority, ...]:
        chosen = self.levels.get(level, ())
        for prefix in _prefixes(self.local, division):
            chosen = self.local[prefix].get(level, chosen)
        return chosen


def _prefixes(table: Mapping[str, object], division: str) -> list[str]:
    """The keys of ``table`` that are prefixes of ``division``, widest first."""
    return sorted((p for p in table if division.startswith(p)), key=len)


@attrs.frozen(kw_only=True)
class Policy:
    """The warning policy of one jurisdiction chain, date and unit division, resolved."""

    grades: dict[str, Grade]
    lead_days: WarningLeadDays
    recipients: WarningRecipients
    labels: dict[WarningLevel, str]
    division: str
    uses: tuple[ParameterUse, ...]

    def grade(self, rule_id: str) -> Grade:
        try:
            return self.grades[rule_id]
        except KeyError:
            raise RulesetError(
                f"预警规则 {rule_id} 未在 {GRADING} 中分级（等级与类别）", key=GRADING
            ) from None

    def notify(self, level: WarningLevel) -> tuple[str, ...]:
        """Division codes told of a warning at ``level``, most local first, without repeats."""
        out: list[str] = []
        for authority in self.recipients.for_level(level, self.division):
            code = authority.division(self.division)
            if code not in out:
                out.append(code)
        return tuple(out)

    def label(self, level: WarningLevel) -> str:
        return self.labels.get(level, level.value)


def resolve_policy(
    rulesets: Mapping[str, Ruleset], view: ParameterView, as_of: date, division: str
) -> Policy:
    """Merge ``warning_grading`` down the chain; read the other policy parameters as usual."""
    grades: dict[str, Grade] = {}
    regrades: list[dict[str, WarningLevel]] = []
    uses: list[ParameterUse] = []
    for code in view.chain:
        ruleset = rulesets.get(code)
        if ruleset is None or GRADING not in ruleset.parameters:
            continue
        value = ruleset.parameters[GRADING].at(as_of)
        if value is None:
            continue
        grading: WarningGrading = value.value
        grades.update(grading.rules)
        regrades.append(grading.regrade)
        regrades.extend(grading.local[p] for p in _prefixes(grading.local, division))
        uses.append(
            ParameterUse(
                jurisdiction=code,
                name=GRADING,
                value=grading,
                valid_from=value.valid_from,
                valid_to=value.valid_to,
                sources=value.sources,
                ruleset_version=ruleset.meta.version,
            )
        )
    if not uses:
        raise RulesetError(f"辖区 {'/'.join(view.chain)} 在 {as_of.isoformat()} 没有预警分级参数 {GRADING}")
    for regrade in regrades:
        for rule_id, level in regrade.items():
            if rule_id not in grades:
                raise RulesetError(f"{GRADING} 调整了未分级的规则 {rule_id}", key=GRADING)
            grades[rule_id] = attrs.evolve(grades[rule_id], level=level)
    others = [view.use(name) for name in (LEAD_DAYS, RECIPIENTS, LEVEL_LABELS)]
    return Policy(
        grades=grades,
        lead_days=others[0].value,
        recipients=others[1].value,
        labels=others[2].value,
        division=division,
        uses=(*uses, *others),
    )
