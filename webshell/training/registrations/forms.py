"""报名信息 and 收件人信息 of one registration (source 002 §4.4 3.4–3.5), from a form or a JSON body.

是否需要学分证 (是/否), 培训类型 (初训/复训), 住宿类型 (单人包间/双人包间/不住宿), 培训专业类别
(many, for the plan types that have them) and the recipient (prefilled from the profile).
Values of the wrong kind are refused here, beside their field; whether they are required,
in the plan's list and well formed is the province's rules' to say at 报名.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from radrules_webshell.core.errors import Invalid

from radrules import Accommodation, PersonProfile, Recipient, TrainingKind

CHOICES = {
    "training_kind": [(k.value, k.label) for k in TrainingKind],
    "accommodation": [(a.value, a.label) for a in Accommodation],
}
RECIPIENT_FIELDS = ("name", "phone", "postcode", "address")
FIELDS = ("needs_credit_certificate", "training_kind", "accommodation", "specialties", "recipient")
_YES = {"yes", "是", "true", "1", "on"}
_NO = {"no", "否", "false", "0"}
_LIMITS = {"name": 100, "phone": 30, "postcode": 10, "address": 300}


def _flag(value: Any, errors: dict[str, str]) -> bool | None:
    if isinstance(value, bool) or value is None:
        return value
    text = str(value).strip().lower()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    errors["needs_credit_certificate"] = "应为“是”或“否”"
    return None


def _choice(name: str, value: Any, errors: dict[str, str]) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or value not in {v for v, _ in CHOICES[name]}:
        errors[name] = "请从列表中选择"
        return None
    return value


def parse(data: Mapping[str, Any], *, form: bool) -> dict[str, Any]:
    """The registration's columns; ``form`` reads ``recipient.name`` … fields (all of them),
    else a JSON object (the keys it has)."""
    errors: dict[str, str] = {}
    if not form:
        unknown = sorted(set(data) - set(FIELDS) - {"version"})
        if unknown:
            raise Invalid(f"未知字段 {unknown[0]}", errors={unknown[0]: "未知字段"})
    specialties = (
        data.getall("specialties", []) if form and hasattr(data, "getall") else data.get("specialties") or []
    )
    if (
        not isinstance(specialties, list)
        or not all(isinstance(s, str) for s in specialties)
        or len(specialties) > 30
    ):
        errors["specialties"] = "应为专业类别名称的列表（最多30项）"
        specialties = []
    raw = {k: data.get(f"recipient.{k}") for k in RECIPIENT_FIELDS} if form else data.get("recipient") or {}
    if not isinstance(raw, dict):
        errors["recipient"] = "应为对象"
        raw = {}
    unknown_recipient = sorted(set(raw) - set(RECIPIENT_FIELDS))
    if unknown_recipient:
        errors[f"recipient.{unknown_recipient[0]}"] = "未知字段"
    recipient: dict[str, str | None] = {}
    for key in RECIPIENT_FIELDS:
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            errors[f"recipient.{key}"] = "应为文本"
            continue
        text = (value or "").strip()
        if len(text) > _LIMITS[key]:
            errors[f"recipient.{key}"] = f"不能超过{_LIMITS[key]}个字符"
        recipient[key] = text or None
    values = {
        "needs_credit_certificate": _flag(data.get("needs_credit_certificate"), errors),
        "training_kind": _choice("training_kind", data.get("training_kind"), errors),
        "accommodation": _choice("accommodation", data.get("accommodation"), errors),
        "specialties": list(dict.fromkeys(specialties)),
        "recipient": recipient if any(recipient.values()) else None,
    }
    if errors:
        raise Invalid(errors=errors)
    if not form:
        # a JSON body changes the fields it names; the others stay as stored
        values = {k: v for k, v in values.items() if k in data}
    return values


def default_recipient(profile: PersonProfile) -> Recipient:
    """§4.4 3.5: “默认显示个人信息内填写的收件人姓名……” — the profile's recipient, else the
    person's own name, mobile, postcode and address."""
    r = profile.recipient or Recipient()
    basic = profile.basic
    return Recipient(
        name=r.name or basic.name,
        phone=r.phone or basic.mobile,
        postcode=r.postcode or basic.postcode,
        address=r.address or basic.address,
    )
