"""The unit acknowledges a warning (确认): it has seen it and is correcting it (source 001
§3.3.3 “促诊疗机构主动纠错整改”). The warning stays open until the data no longer raise it;
an acknowledgement is kept in its history and audited. A warning closed and raised again
is open and unacknowledged once more."""

from __future__ import annotations

from datetime import UTC, datetime

from radrules_webshell.audit import service as audit
from radrules_webshell.core.errors import Conflict, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.unit_warnings.queries import unit_of
from radrules_webshell.unit_warnings.tables import UnitWarning, UnitWarningEvent

MAX_NOTE = 500


async def acknowledge(user: Principal, warning_id: int, note: str = "") -> None:
    client_id = unit_of(user)
    note = (note or "").strip()[:MAX_NOTE]
    async with atomic():
        row = (
            await UnitWarning.select(UnitWarning.id, UnitWarning.state, UnitWarning.acknowledged_at)
            .where((UnitWarning.id == warning_id) & (UnitWarning.client == client_id))
            .first()
        )
        if row is None:
            raise NotFound("预警不存在或无权查看")
        if row["state"] != "open":
            raise Conflict("该预警已关闭，无须确认")
        if row["acknowledged_at"] is not None:
            raise Conflict("该预警已确认")
        now = datetime.now(UTC)
        await UnitWarning.update(
            {
                UnitWarning.acknowledged_at: now,
                UnitWarning.acknowledged_by: user.account_id,
                UnitWarning.acknowledged_by_name: user.name[:100],
            }
        ).where(UnitWarning.id == warning_id)
        await UnitWarningEvent.insert(
            UnitWarningEvent(
                warning=warning_id,
                event="acknowledged",
                account=user.account_id,
                actor_name=user.name[:100],
                detail=note,
            )
        )
        await audit.record(user, "warning_acknowledge", "unit_warning", warning_id, after={"note": note})
