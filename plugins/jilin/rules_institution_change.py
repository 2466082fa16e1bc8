"""Jilin's rule on changes to an institution (吉卫监督发〔2021〕1号 第五条).

“对法定代表人、单位地址、资质范围、许可事项以及专业技术人员、检测仪器设备、联系方式等，以及其它可能
导致单位运营状况发生改变的，应主动、及时提交相应材料向省卫生健康委报告，并将变动后的相关资料重新向
省职业病防治院提交核审。” Comparing two versions of an institution's record, each changed aspect
is a warning that reminds the institution of both duties.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from radrules import Finding, Institution, InstitutionChange, RuleContext

from .book import book
from .citations import REPORTING

_DUTY = "应主动、及时向省卫生健康委报告，并将变动后的相关资料重新提交省职业病防治院核审"


def _scope(i: Institution) -> list[str]:
    return sorted(f.label for f in i.qualification.service_scope) if i.qualification else []


def _licence(i: Institution) -> dict[str, Any] | None:
    q = i.qualification
    if q is None:
        return None
    return {
        "证书编号": q.certificate_no,
        "发证日期": q.issued_on.isoformat(),
        "失效日期": q.expires_on.isoformat(),
        "状态": q.status.label,
        "评价资质等级": q.evaluation_grade.label if q.evaluation_grade else None,
    }


def _contact(i: Institution) -> dict[str, Any]:
    return {
        "联系电话": i.phone,
        "网址": i.website,
        "联系人": i.contact.name if i.contact else None,
        "联系人电话": i.contact.phone if i.contact else None,
    }


#: (path under the institution, label, what to compare). Scalar aspects are shown as before → after.
_ASPECTS: tuple[tuple[str, str, Callable[[Institution], Any]], ...] = (
    ("name", "单位名称", lambda i: i.name),
    ("legal_representative", "法定代表人", lambda i: i.legal_representative),
    ("address", "单位地址", lambda i: i.address),
    ("division_code", "单位所在地行政区划", lambda i: i.division_code),
    ("qualification.service_scope", "资质范围", _scope),
    ("qualification", "许可事项（资质证书）", _licence),
    ("phone", "联系方式", _contact),
)


def _show(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "（空）"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return "，".join(f"{k} {v}" for k, v in value.items() if v is not None)
    return str(value)


def _differences(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    if before is None or after is None:
        return f"{_show(before)} → {_show(after)}"
    keys = [k for k in after if before.get(k) != after.get(k)]
    return "；".join(f"{k} {_show(before.get(k))} → {_show(after.get(k))}" for k in keys)


def _roster_change(
    before: dict[str, str], after: dict[str, str], noun: str
) -> tuple[list[str], list[str], str] | None:
    added = [after[k] for k in after if k not in before]
    removed = [before[k] for k in before if k not in after]
    if not added and not removed:
        return None
    parts = []
    if added:
        parts.append(f"新增{noun} {'、'.join(added)}")
    if removed:
        parts.append(f"减少{noun} {'、'.join(removed)}")
    return added, removed, "，".join(parts)


@book.rule(
    "JL.institution.changes",
    title="机构法定代表人、地址、资质、人员、仪器、联系方式等变更须报告并重新提交核审",
    applies_to=InstitutionChange,
    cites=[REPORTING],
    severity="warning",
)
def institution_changes(change: InstitutionChange, ctx: RuleContext) -> Iterator[Finding]:
    """Each aspect 第五条 names that differs between the two versions is a warning naming the change."""
    before, after = change.before, change.after
    for path, label, read in _ASPECTS:
        old, new = read(before), read(after)
        if old == new:
            continue
        detail = _differences(old, new) if isinstance(new, dict) else f"{_show(old)} → {_show(new)}"
        yield ctx.finding(
            f"after.{path}",
            f"{label}发生变更（{detail}），{_DUTY}",
            values={"aspect": label, "before": old, "after": new},
        )
    staff = _roster_change(
        {s.id_number.strip().upper(): s.name for s in before.staff},
        {s.id_number.strip().upper(): s.name for s in after.staff},
        "专业技术人员",
    )
    if staff is not None:
        added, removed, text = staff
        yield ctx.finding(
            "after.staff",
            f"专业技术人员发生变动（{text}），{_DUTY}",
            values={"aspect": "专业技术人员", "added": added, "removed": removed},
        )
    instruments = _roster_change(
        {x.asset_no: f"{x.name}（{x.model}，{x.asset_no}）" for x in before.instruments},
        {x.asset_no: f"{x.name}（{x.model}，{x.asset_no}）" for x in after.instruments},
        "检测仪器设备",
    )
    if instruments is not None:
        added, removed, text = instruments
        yield ctx.finding(
            "after.instruments",
            f"检测仪器设备发生变动（{text}），{_DUTY}",
            values={"aspect": "检测仪器设备", "added": added, "removed": removed},
        )
