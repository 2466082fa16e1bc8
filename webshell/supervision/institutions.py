"""Technical-service and occupational-health-examination institutions in the supervision
system (source 001 modules 9, 10: 技术服务机构、职业健康检查机构 are registered and guided).

Both register as the platform's institutions do (source 000 §2.2); the regulator of their
division, or the administrator, says which kind each is (``institution.service_kind``),
audited. A unit's account never reaches this list.
"""

from __future__ import annotations

from typing import Any

from radrules_webshell.audit import service as audit
from radrules_webshell.core.errors import Forbidden, Invalid, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.institutions.tables import Institution
from radrules_webshell.supervision.vocabulary import SERVICE_KINDS

KINDS = dict(SERVICE_KINDS)


def _where(user: Principal) -> Any:
    if user.role == "admin":
        return Institution.id > 0
    if user.role == "regulator" and user.division_prefix:
        return Institution.division_code.like(f"{user.division_prefix}%")
    raise Forbidden()


async def listing(user: Principal) -> list[dict[str, Any]]:
    rows = (
        await Institution.select(
            Institution.id,
            Institution.uscc,
            Institution.name,
            Institution.division_code,
            Institution.service_kind,
        )
        .where(_where(user))
        .order_by(Institution.name)
    )
    return [r | {"service_kind_label": KINDS.get(r["service_kind"], r["service_kind"])} for r in rows]


async def set_kind(user: Principal, institution_id: int, data: dict[str, Any]) -> dict[str, Any]:
    where = _where(user)
    unknown = [str(k) for k in data if k != "service_kind"]
    kind = data.get("service_kind")
    async with atomic():
        before = (
            await Institution.select(Institution.id, Institution.service_kind)
            .where(where & (Institution.id == institution_id))
            .first()
        )
        if before is None:
            raise NotFound()
        if unknown or kind not in KINDS:
            raise Invalid(errors={(unknown or ["service_kind"])[0]: f"应为 {'、'.join(KINDS)} 之一"})
        await Institution.update({Institution.service_kind: kind}).where(Institution.id == institution_id)
        after = {"id": institution_id, "service_kind": kind}
        await audit.record(
            user, "institution_kind_set", "institution", institution_id, before=before, after=after
        )
    return after
