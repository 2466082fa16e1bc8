"""The choices a training form offers, as the province's ruleset gives them (source 002).

Plan types and whether they offer 培训专业类别 (§4.4 3.4), the specialties (§4.4 3.4), the
资质类别 of a 专业技术资质 with their 资质范围 (§3.5 8), the fields the forms mark “*” (§1.3)
and the certificates' 发证单位 are ruleset data of the province (``training_plan_types``,
``training_specialties``, ``training_qualification_categories``,
``training_required_fields``, ``training_certificate_issuer``), so that a CDC adds a
plan type without a release. Forms — the web shell's, or another system's — read them here,
as of a day, rather than from the ruleset files, and never keep a copy of their own.

A jurisdiction whose ruleset has none of these gets empty lists: nothing to offer.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from radrules.engine.registry import Registry, default_registry
from radrules.engine.view import ParameterView


@attrs.frozen(kw_only=True)
class PlanTypeChoice:
    """培训班类型: ``has_specialties`` when its plans offer 培训专业类别."""

    name: str
    has_specialties: bool


@attrs.frozen(kw_only=True)
class QualificationChoice:
    """资质类别 and its 资质范围 (empty: the category has none)."""

    name: str
    scope: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class TrainingVocabulary:
    """What the training forms of one jurisdiction offer on one day."""

    chain: tuple[str, ...]
    plan_types: tuple[PlanTypeChoice, ...] = ()
    specialties: tuple[str, ...] = ()
    qualification_categories: tuple[QualificationChoice, ...] = ()
    #: Paths of the profile (``basic.mobile``) and of a registration (``recipient.name``)
    #: that the forms mark required; ``physician_required`` become required for the
    #: ``physician_attributes`` (§3.5 5). The rules check them; forms show the “*”.
    profile_required: tuple[str, ...] = ()
    physician_attributes: tuple[str, ...] = ()
    physician_required: tuple[str, ...] = ()
    registration_required: tuple[str, ...] = ()
    issuer: str | None = None

    def plan_type(self, name: str) -> PlanTypeChoice | None:
        return next((t for t in self.plan_types if t.name == name), None)

    def has_specialties(self, plan_type: str) -> bool:
        """Whether plans of ``plan_type`` offer specialties (an unknown type: no)."""
        found = self.plan_type(plan_type)
        return found is not None and found.has_specialties

    def scope_of(self, category: str) -> tuple[str, ...]:
        found = next((c for c in self.qualification_categories if c.name == category), None)
        return found.scope if found is not None else ()


def _value(view: ParameterView, name: str) -> Any:
    return view.get(name) if view.has(name) else None


def training_vocabulary(
    division_code: str | None,
    *,
    on: date,
    registry: Registry | None = None,
    province: str | None = None,
) -> TrainingVocabulary:
    """The choices of the jurisdiction of ``division_code`` (a plan's publisher, a unit) on ``on``."""
    reg = registry or default_registry()
    chain = reg.chain(reg.resolve(province)) if province else reg.chain_for_division(division_code)
    view = reg.view(chain, on)
    types = _value(view, "training_plan_types") or ()
    categories = _value(view, "training_qualification_categories") or ()
    issuer = _value(view, "training_certificate_issuer")
    required = _value(view, "training_required_fields")
    return TrainingVocabulary(
        chain=chain,
        plan_types=tuple(
            PlanTypeChoice(name=str(t.name), has_specialties=bool(getattr(t, "specialties", False)))
            for t in types
        ),
        specialties=tuple(str(s) for s in _value(view, "training_specialties") or ()),
        qualification_categories=tuple(
            QualificationChoice(name=str(c.name), scope=tuple(str(s) for s in getattr(c, "scope", ())))
            for c in categories
        ),
        profile_required=_strings(required, "profile"),
        physician_attributes=_strings(required, "physician_attributes"),
        physician_required=_strings(required, "physician_fields"),
        registration_required=_strings(required, "registration"),
        issuer=str(issuer) if issuer else None,
    )


def _strings(value: Any, name: str) -> tuple[str, ...]:
    return tuple(str(getattr(v, "value", v)) for v in getattr(value, name, ()) or ())
