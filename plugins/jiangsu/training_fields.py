"""Reading the fields a training rule names by path, and the shared helpers of those rules.

Paths are those of the ruleset (``basic.mobile``, ``professional_qualifications[].issued_on``):
``a[].b`` stands for ``b`` of every item of the list ``a``, and yields each item's own
path (``professional_qualifications[1].issued_on``), so a finding points at the entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from radrules import RuleContext, training_of

#: The day source 002 (v2.2) was published; the training rules apply from then.
TRAINING_FROM = date(2026, 2, 28)


def blank(value: object) -> bool:
    """Nothing entered: None, empty or blank text, an empty list."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, tuple | list):
        return not value
    return False


def values_at(obj: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Each (concrete path, value) that ``path`` names in ``obj`` (None where a parent is missing)."""
    yield from _walk(obj, path.split("."), "")


def _walk(obj: Any, steps: list[str], prefix: str) -> Iterator[tuple[str, Any]]:
    step, rest = steps[0], steps[1:]
    many = step.endswith("[]")
    name = step[:-2] if many else step
    here = f"{prefix}.{name}" if prefix else name
    value = getattr(obj, name, None) if obj is not None else None
    if many:
        for i, item in enumerate(value or ()):
            if rest:
                yield from _walk(item, rest, f"{here}[{i}]")
            else:
                yield f"{here}[{i}]", item
        return
    if rest:
        yield from _walk(value, rest, here)
    else:
        yield here, value


def plan_type_specs(ctx: RuleContext) -> dict[str, bool]:
    """培训班类型 → whether it has specialties (ruleset ``training_plan_types``)."""
    return {t.name: t.specialties for t in ctx.param("training_plan_types")}


def plan_has_specialties(ctx: RuleContext) -> bool | None:
    """Whether the plan being checked offers specialties; None without a plan or a known type."""
    plan = training_of(ctx).plan
    if plan is None:
        return None
    return plan_type_specs(ctx).get(plan.plan_type)
