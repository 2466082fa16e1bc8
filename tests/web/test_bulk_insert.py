"""The multi-row INSERT of the batch writers (``radrules_webshell.db.bulk``, issue 16): rows
split into statements under the parameter cap, the new ids returned, dates and aware times
read back as Piccolo writes them, on SQLite and PostgreSQL; refused outside a transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from test_unit_warnings import new_unit
from web_helpers import Web, unique_id_number


def test_rows_in_statements_under_the_cap(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    from radrules_webshell.clients.tables import Worker
    from radrules_webshell.db import bulk
    from radrules_webshell.db.transaction import atomic
    from radrules_webshell.unit_warnings.tables import UnitWarningEvent

    client_id, _, _ = new_unit(web, "320903")
    # five columns, eleven parameters a statement: two rows each, three statements
    monkeypatch.setattr(bulk, "MAX_PARAMETERS", 11)
    rows = [(client_id, f"批{i}", unique_id_number(), date(2020, 1, 1 + i), None) for i in range(5)]

    async def insert() -> list[int]:
        async with atomic():
            return await bulk.insert_rows(
                Worker, ("client", "name", "id_number", "started_on", "left_on"), rows, returning=True
            )

    ids = web.run(insert)
    assert len(set(ids)) == 5
    stored = web.run(Worker.select().where(Worker.id.is_in(ids)).order_by(Worker.id))
    assert [(r["name"], r["started_on"], r["left_on"]) for r in stored] == [
        (f"批{i}", date(2020, 1, 1 + i), None) for i in range(5)
    ]

    async def outside() -> Any:
        return await bulk.insert_rows(UnitWarningEvent, ("event",), [("opened",)])

    with pytest.raises(RuntimeError):
        web.run(outside)
    with pytest.raises(ValueError):

        async def unknown() -> Any:
            async with atomic():
                return await bulk.insert_rows(Worker, ("nom",), [("x",)])

        web.run(unknown)


def test_aware_times_read_back(web: Web) -> None:
    """An event's time written by :func:`insert_rows` reads back as the same instant."""
    from radrules_webshell.clients.tables import Client
    from radrules_webshell.db.bulk import insert_rows
    from radrules_webshell.db.transaction import atomic
    from radrules_webshell.unit_warnings.store import apply
    from radrules_webshell.unit_warnings.tables import UnitWarningEvent
    from test_unit_warnings import AS_OF, _register

    import radrules

    client_id, uscc, _ = new_unit(web, "320904")
    register = _register("medium-in-service-training-and-health-exam-overdue.json", uscc, "320904")

    async def run() -> Any:
        units = {r["id"]: r for r in await Client.select().where(Client.id == client_id)}
        await apply({client_id: radrules.warnings(register, as_of=AS_OF)}, units, AS_OF)
        events = await UnitWarningEvent.select().where(UnitWarningEvent.warning._.client == client_id)
        at = datetime(2026, 12, 6, 22, 30, 15, 123456, tzinfo=UTC)
        async with atomic():
            await insert_rows(
                UnitWarningEvent,
                ("warning", "event", "at", "actor_name", "detail"),
                [(events[0]["warning"], "acknowledged", at, "测试", "")],
            )
        back = await UnitWarningEvent.select().where(
            (UnitWarningEvent.warning == events[0]["warning"]) & (UnitWarningEvent.event == "acknowledged")
        )
        return events, back, at

    events, back, at = web.run(run)
    assert events and all(e["event"] == "opened" and e["actor_name"] for e in events)
    assert len(back) == 1 and back[0]["at"] == at
