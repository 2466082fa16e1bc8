"""Golden cases of kind ``warnings``: what evaluating a unit's register must warn of.

The register comes from ``register`` (a JSON file relative to the case file) or ``input``
(inline), edited by
``set``/``unset`` like a filing (paths start at ``unit_register``). ``expect.warnings``
lists **exactly** the warnings the evaluation must give: each names its ``rule`` and
``path`` (relative to the register, ``workers[0].trainings``) and may pin ``level``,
``category``, ``due``, ``notify`` and ``about``; ``[]`` means none.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from radrules.engine.registry import Registry
from radrules.errors import InputError, RadrulesError
from radrules.supervision.evaluate import warnings
from radrules.supervision.warning import RegisterWarning
from radrules.testing.cases import CaseFailure, GoldenCase, document_input, register_case_kind

_PINNED = ("level", "category", "due", "notify", "about")


def _actual(w: RegisterWarning, name: str) -> Any:
    if name == "due":
        return w.due
    if name == "notify":
        return list(w.notify)
    if name in ("level", "category"):
        return getattr(w, name).value
    return getattr(w, name)


def _expected(item: Mapping[str, Any], name: str) -> Any:
    value = item[name]
    if name == "notify":
        return [str(v) for v in value]
    if name == "due" and not isinstance(value, date) and value is not None:
        return date.fromisoformat(str(value))
    return value


def _matches(item: Mapping[str, Any], w: RegisterWarning) -> bool:
    if w.rule_id != item["rule"] or w.path != item["path"]:
        return False
    return all(_actual(w, k) == _expected(item, k) for k in _PINNED if k in item)


def _describe(w: RegisterWarning) -> str:
    due = f" 到期 {w.due.isoformat()}" if w.due else ""
    return f"{w.rule_id} @ {w.path} ({w.level.value}{due}; about {w.about or '—'}): {w.message}"


def _run_warnings(case: GoldenCase, registry: Registry) -> None:
    expected = case.expect.get("warnings")
    if not isinstance(expected, list) or set(case.expect) - {"warnings"}:
        raise CaseFailure(f"{case.where}: expect 须为 {{warnings: [...]}}（无预警时写 []）")
    for item in expected:
        if not isinstance(item, Mapping) or not {"rule", "path"} <= set(item):
            raise CaseFailure(f"{case.where}: 每条期望的预警须有 rule 和 path")
        if unknown := set(item) - {"rule", "path", *_PINNED}:
            raise CaseFailure(f"{case.where}: 期望的预警中有未知键 {', '.join(sorted(unknown))}")
    spec = {("filing" if k == "register" else k): v for k, v in case.data.items()}
    try:
        report = warnings(
            document_input(spec, case.file.parent, case.where), as_of=case.as_of, registry=registry
        )
    except (InputError, RadrulesError) as exc:
        raise CaseFailure(f"{case.where}: 登记信息无法评估：{exc}") from None
    remaining = list(report.warnings)
    missing = []
    for item in expected:
        found = next((w for w in remaining if _matches(item, w)), None)
        if found is None:
            missing.append(item)
        else:
            remaining.remove(found)
    if missing or remaining:
        lines = [f"{case.where} [{case.article}]"]
        lines += [f"  缺少 / missing:    {dict(item)}" for item in missing]
        lines += [f"  多出 / unexpected: {_describe(w)}" for w in remaining]
        if missing:
            lines += [f"  实际 / actual:     {_describe(w)}" for w in report.warnings if w not in remaining]
        raise CaseFailure("\n".join(lines))


register_case_kind("warnings", _run_warnings, keys={"register", "input", "set", "unset"})
