"""The warnings evaluated daily, once however many processes run, and after every change a
unit makes to its register (issue 16 item 4). The register builder is the tests' here (a
register from the examples, chosen by what the unit has entered), so that the runs are
tested on their own; the builder of the register tables has its own tests."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import own_web
from web_helpers import DEMO, Web

from radrules.model import UnitRegister
from radrules.supervision import as_register

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "supervision"


def _register(name: str, unit: dict[str, Any]) -> UnitRegister:
    doc = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    doc["unit_register"]["unit"].update(
        uscc=unit["uscc"], division_code=unit["division_code"], name=unit["name"]
    )
    return as_register(doc)


def builder(only: set[int] | None = None) -> Any:
    """Registers for the clients asked (or ``only`` those): overdue until the unit has entered
    a worker called 欧阳补录 (what makes the register complete, in these tests), then in order."""
    from radrules_webshell.clients.tables import Client, Worker

    async def build(ids: list[int]) -> dict[int, UnitRegister]:
        out = {}
        for row in await Client.select().where(Client.id.is_in(ids)):
            if only is not None and row["id"] not in only:
                continue
            complete = await Worker.exists().where((Worker.client == row["id"]) & (Worker.name == "欧阳补录"))
            name = (
                "clean-hospital-all-in-order.json"
                if complete
                else "medium-in-service-training-and-health-exam-overdue.json"
            )
            out[row["id"]] = _register(name, row)
        return out

    return build


def test_the_daily_run_happens_once(web: Web) -> None:
    from radrules_webshell.clients.tables import Client
    from radrules_webshell.unit_warnings.runner import run_daily
    from radrules_webshell.unit_warnings.tables import UnitWarning, WarningRun

    client = web.run(Client.select(Client.id).where(Client.uscc == "12320104MB0000001A").first) or web.run(
        Client.select(Client.id).first
    )
    only = {client["id"]}
    early = datetime(2031, 1, 1, 16, 30, tzinfo=UTC)  # 00:30 in Beijing, before the run's hour
    assert web.run(run_daily, web.settings, early, builder(only)) is None

    now = datetime(2031, 1, 2, 1, 0, tzinfo=UTC)  # 09:00 in Beijing

    async def two_processes() -> list[Any]:
        return list(
            await asyncio.gather(
                run_daily(web.settings, now, builder(only)), run_daily(web.settings, now, builder(only))
            )
        )

    outcomes = web.run(two_processes)
    done = [o for o in outcomes if o is not None]
    assert len(done) == 1 and done[0]["state"] == "sent" and done[0]["opened"] >= 1
    # later the same day: nothing to do
    assert web.run(run_daily, web.settings, now.replace(hour=8), builder(only)) is None
    rows = web.run(WarningRun.select().where(WarningRun.key == "daily:2031-01-02"))
    assert len(rows) == 1 and rows[0]["attempts"] == 1
    assert (
        web.run(
            UnitWarning.count().where((UnitWarning.client == client["id"]) & (UnitWarning.state == "open"))
        )
        >= 1
    )


def test_a_failed_run_is_taken_over_after_its_lease(web: Web) -> None:
    from radrules_webshell.unit_warnings.runner import run_daily
    from radrules_webshell.unit_warnings.tables import WarningRun

    async def broken(ids: list[int]) -> dict[int, UnitRegister]:
        raise RuntimeError("数据库断开")

    now = datetime(2031, 2, 2, 1, 0, tzinfo=UTC)
    with pytest.raises(RuntimeError):
        web.run(run_daily, web.settings, now, broken)
    [row] = web.run(WarningRun.select().where(WarningRun.key == "daily:2031-02-02"))
    assert row["state"] == "pending" and "数据库断开" in row["error"]
    # within the lease nobody runs it; after it, the next check does
    assert web.run(run_daily, web.settings, now.replace(minute=10), builder(set())) is None
    later = now.replace(hour=2)
    done = web.run(run_daily, web.settings, later, builder(set()))
    assert done is not None and done["state"] == "sent" and done["attempts"] == 2 and done["error"] is None


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_change_of_the_register_is_evaluated_at_once(
    backend: dict[str, Any], tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from radrules_webshell.unit_warnings import evaluate

    monkeypatch.setattr(evaluate, "registers_of", builder())
    with own_web(backend, tmp_path_factory, "warnings-on-change", warnings_on_change=True) as app:
        unit = app.api_login(*DEMO["client"])
        assert unit.get("/api/client/warnings/").json()["total"] == 0
        added = unit.api(
            "POST", "/api/client/workers/", json={"name": "王芳", "id_number": "511504199007080045"}
        )
        assert added.status_code == 201, added.text
        # evaluated before the answer went out: the warnings are there
        opened = unit.get("/api/client/warnings/").json()
        assert opened["total"] >= 2
        assert any(m["kind"] == "warning.opened" for m in unit.get("/api/inbox/").json()["items"])
        home = app.login(*DEMO["client"]).get("/client")
        assert 'id="home-warnings"' in home.text and "未关闭的预警" in home.text
        # the unit enters what was missing: closed at once
        second = unit.api(
            "POST", "/api/client/workers/", json={"name": "欧阳补录", "id_number": "511502198503120029"}
        )
        assert second.status_code == 201, second.text
        assert unit.get("/api/client/warnings/").json()["total"] == 0
        closed = unit.get("/api/client/warnings/?state=closed").json()
        assert closed["total"] == opened["total"]
        assert closed["items"][0]["closed_at"]


def test_which_writes_are_followed_by_an_evaluation(monkeypatch: pytest.MonkeyPatch) -> None:
    """A unit's own writes, and successful writes on a unit's register routes by anyone whose
    route allowed them; never reads, failures, or writes that change no register."""
    from types import SimpleNamespace

    from radrules_webshell.core.principal import Principal
    from radrules_webshell.unit_warnings import on_change

    evaluated: list[int] = []

    async def record(client_id: int) -> None:
        evaluated.append(client_id)

    monkeypatch.setattr(on_change, "register_changed", record)
    app = SimpleNamespace(state=SimpleNamespace(settings=SimpleNamespace(warnings_on_change=True)))
    unit = Principal(account_id=1, login="u", name="u", role="client", client_id=7)
    county = Principal(account_id=2, login="c", name="c", role="regulator", division_prefix="320104")

    def send(user: Principal, method: str, path: str, status: int = 201) -> None:
        scope = {"method": method, "path": path, "user": user, "litestar_app": app}
        asyncio.run(on_change.after_unit_write({"type": "http.response.start", "status": status}, scope))  # type: ignore[arg-type]

    send(unit, "POST", "/api/client/workers/")
    send(county, "POST", "/api/supervision/units/12/workers/3/records/trainings")
    send(county, "PUT", "/supervision/units/13/devices/4")
    send(county, "POST", "/api/supervision/units/14/devices", status=404)
    send(county, "GET", "/supervision/units/15")
    send(county, "POST", "/api/oversight/portal/")
    send(unit, "POST", "/api/client/warnings/9/acknowledge")
    send(unit, "POST", "/api/inbox/read-all")
    assert evaluated == [7, 12, 13]
