"""Evaluating a unit's register: the warning rules of its jurisdiction, graded and routed.

The rules are ordinary rules of the plugins (``applies_to`` one of the register's types:
:class:`UnitRegister`, :class:`Licence`, :class:`RegisteredDevice`,
:class:`RegisteredWorker`), picked by the engine's plan for the jurisdiction chain of the
unit's division on the as-of date. Their findings become :class:`RegisterWarning`s with
the level, category and recipients of the warning policy (:mod:`radrules.supervision.policy`).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from radrules.convert import structure
from radrules.engine.dispatch import documents, run_rules
from radrules.engine.findings import Finding
from radrules.engine.registry import Registry, default_registry
from radrules.engine.rules import Rule
from radrules.errors import InputError, InvalidValue
from radrules.identifiers.division import validate_division_code
from radrules.model.register import (
    Licence,
    RegisterDocument,
    RegisteredDevice,
    RegisteredWorker,
    UnitRegister,
)
from radrules.supervision.context import ABOUT, DUE, RegisterContext
from radrules.supervision.policy import Policy, WarningLevel, resolve_policy
from radrules.supervision.rules import REGISTER_TYPES
from radrules.supervision.warning import RegisterWarning, Subject, WarningReport

RegisterLike = UnitRegister | RegisterDocument | Mapping[str, Any]


# Resolved policies per registry (weakly: test registries come and go), chain, date and division.
_policies: weakref.WeakKeyDictionary[Registry, dict[tuple[tuple[str, ...], date, str], Policy]] = (
    weakref.WeakKeyDictionary()
)
_policies_lock = threading.Lock()


def as_register(value: RegisterLike) -> UnitRegister:
    """A register from the model or from JSON data ``{"unit_register": {...}}``, strictly."""
    if isinstance(value, UnitRegister):
        return value
    if isinstance(value, RegisterDocument):
        return value.unit_register
    return structure(value, RegisterDocument).unit_register


def _division(register: UnitRegister, as_of: date) -> str:
    try:
        code = validate_division_code(register.unit.division_code, level="city", on=as_of)
    except InvalidValue as exc:
        raise InputError(str(exc), "unit_register.unit.division_code") from None
    return code[:6]


def _policy(reg: Registry, chain: tuple[str, ...], as_of: date, division: str) -> Policy:
    key = (chain, as_of, division)
    cache = _policies.get(reg)
    found = cache.get(key) if cache is not None else None
    if found is None:
        plan = reg.plan(chain, as_of)
        found = resolve_policy(reg.rulesets(chain), plan.params, as_of, division)
        for rules in (plan.rules.get(t, ()) for t in REGISTER_TYPES):
            for rule in rules:
                found.grade(rule.id)  # an ungraded warning rule is a ruleset error, found early
        with _policies_lock:
            cache = _policies.setdefault(reg, {})
            if len(cache) > 4096:
                cache.clear()
            cache[key] = found
    return found


def warnings(register: RegisterLike, *, as_of: date, registry: Registry | None = None) -> WarningReport:
    """The warnings of ``register`` as of ``as_of``, gravest first.

    The jurisdiction is the province of the unit's division code, on the national
    baseline. Raises :class:`InputError` for data that cannot be read as a register.
    """
    reg = registry or default_registry()
    doc = as_register(register)
    division = _division(doc, as_of)
    chain = reg.chain_for_division(division)
    plan = reg.plan(chain, as_of)
    policy = _policy(reg, chain, as_of, division)
    ctx = RegisterContext(register=doc, as_of=as_of, chain=chain, params=plan.params, policy=policy)
    found: list[Finding] = []
    subjects: list[Subject] = []
    unit = Subject(kind="unit", id=doc.unit.uscc, name=doc.unit.name)

    def run(rules: Sequence[Rule], document: object, prefix: str, subject: Subject | None) -> None:
        before = len(found)
        run_rules(rules, document, prefix, ctx, found)
        if len(found) > before:
            subjects.extend([subject or _subject_of(document)] * (len(found) - before))

    rules = plan.rules
    for kind, path, document in documents(doc, only=set(rules)):
        run(rules[kind], document, path, unit if document is doc else None)
    out = _distinct_keys([_warning(f, s, doc, policy) for f, s in zip(found, subjects, strict=True)])
    out.sort(key=lambda w: w.level.rank)
    versions = {code: rs.meta.version for code, rs in reg.rulesets(chain).items()}
    return WarningReport(
        as_of=as_of,
        unit=doc.unit,
        jurisdictions=chain,
        ruleset_versions=versions,
        warnings=tuple(out),
        level_labels={level: policy.label(level) for level in WarningLevel},
    )


def _distinct_keys(found: list[RegisterWarning]) -> list[RegisterWarning]:
    """Keys unique within the report: a rule that fires twice for one subject and occurrence
    (the same period entered twice, say) gets ``#2``, ``#3`` in the order of the register."""
    seen: dict[str, int] = {}
    out = []
    for w in found:
        n = seen[w.key] = seen.get(w.key, 0) + 1
        out.append(w if n == 1 else attrs.evolve(w, key=f"{w.key}#{n}"))
    return out


def _subject_of(document: object) -> Subject:
    if isinstance(document, RegisteredWorker):
        return Subject(kind="worker", id=document.id_number.strip().upper(), name=document.name)
    if isinstance(document, RegisteredDevice):
        return Subject(kind="device", id=document.device_id, name=document.name)
    if isinstance(document, Licence):
        return Subject(kind="licence", id=document.number, name="放射诊疗许可证")
    raise TypeError(f"not a register document: {type(document).__name__}")


def _warning(finding: Finding, subject: Subject, doc: UnitRegister, policy: Policy) -> RegisterWarning:
    grade = policy.grade(finding.rule_id)
    values = dict(finding.values)
    due_text = values.pop(DUE, None)
    about = str(values.pop(ABOUT, ""))
    key = f"{doc.unit.uscc}/{finding.rule_id}/{subject.kind}:{subject.id}" + (f"/{about}" if about else "")
    return RegisterWarning(
        key=key,
        rule_id=finding.rule_id,
        level=grade.level,
        level_label=policy.label(grade.level),
        category=grade.category,
        subject=subject,
        path=finding.path,
        due=date.fromisoformat(due_text) if due_text else None,
        message=finding.message,
        citations=finding.citations,
        notify=policy.notify(grade.level),
        jurisdiction=finding.jurisdiction,
        about=about,
        values=values,
        parameters=(*finding.parameters, *policy.uses),
    )
