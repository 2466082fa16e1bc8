"""Capacity holds under concurrency (issue 13 "Reliability"): 200 units placing one person
each at once in a class of 50 end with exactly 50 placed, the others told it is full; 200
units sending a registration at once for a plan limited to 50 end with exactly 50 sent.
On SQLite and PostgreSQL (the ``web`` fixture runs both)."""

from __future__ import annotations

import asyncio
from typing import Any

from training_web_helpers import SPECIALTIES, cdc, open_session, profile, published_plan
from web_helpers import Web, unique_uscc

from radrules import PersonProfile, structure

UNITS = 200
PLACES = 50


async def _units(n: int) -> list[dict[str, Any]]:
    """``n`` units, each with one in-service person: their principals and person rows."""
    from radrules_webshell.core.principal import Principal
    from radrules_webshell.institutions.tables import Institution
    from radrules_webshell.training.people.service import columns, key_of, with_defaults
    from radrules_webshell.training.people.tables import TrainingPerson

    out = []
    rows = [
        Institution(
            uscc=unique_uscc(),
            name=f"并发测试单位{i}",
            division_code="320102",
            phone="025-83001234",
            unit_attribute="tech_service",
        )
        for i in range(n)
    ]
    await Institution.insert(*rows)
    for i, inst in enumerate(rows):
        person = with_defaults(structure(profile(name=f"并发{i}"), PersonProfile))
        inserted = await TrainingPerson.insert(
            TrainingPerson(institution=inst.id, key=key_of(inst.id, person.id_number), **columns(person))
        ).returning(TrainingPerson.id)
        out.append(
            {
                "user": Principal(
                    account_id=0,
                    login=f"unit{inst.id}",
                    name="并发",
                    role="institution",
                    institution_id=inst.id,
                ),
                "institution": inst.id,
                "person": inserted[0]["id"],
                "id_number": person.id_number,
            }
        )
    return out


async def _registrations(units: list[dict[str, Any]], plan_id: int, status: str) -> None:
    from radrules_webshell.training.registrations.tables import TrainingRegistration
    from radrules_webshell.training.shared import documents as docs

    from radrules import unstructure

    for u in units:
        person = structure(profile(name="并发", basic__id_number=u["id_number"]), PersonProfile)
        inserted = await TrainingRegistration.insert(
            TrainingRegistration(
                plan=plan_id,
                institution=u["institution"],
                person=u["person"],
                key=f"{plan_id}|{u['id_number']}",
                id_number=u["id_number"],
                name="并发",
                status=status,
                needs_credit_certificate=False,
                training_kind="initial",
                accommodation="none",
                specialties=docs.dumps(SPECIALTIES[:1]),
                recipient=docs.dumps({"name": "并发", "phone": "13800138001", "address": "南京"}),
                person_document=docs.dumps(unstructure(person)) if status == "approved" else None,
            )
        ).returning(TrainingRegistration.id)
        u["registration"] = inserted[0]["id"]


def _outcomes(results: list[Any]) -> tuple[int, list[str]]:
    ok = [r for r in results if not isinstance(r, BaseException)]
    refused = [getattr(r, "message", repr(r)) for r in results if isinstance(r, BaseException)]
    return len(ok), refused


def test_200_units_placing_at_once_in_a_class_of_50(web: Web) -> None:
    from radrules_webshell.training.sessions import selection
    from radrules_webshell.training.sessions.tables import TrainingSelection

    plan_id = published_plan(web, name="并发选班培训班")
    session_id = open_session(web, plan_id, capacity=PLACES)

    async def run() -> list[Any]:
        units = await _units(UNITS)
        await _registrations(units, plan_id, "approved")
        return await asyncio.gather(
            *(
                selection.place(
                    u["user"], u["institution"], plan_id, session_id, SPECIALTIES[0], [u["registration"]]
                )
                for u in units
            ),
            return_exceptions=True,
        )

    placed, refused = _outcomes(web.run(run))
    assert placed == PLACES, refused[:3]
    assert len(refused) == UNITS - PLACES
    assert all("已满" in m for m in refused), {m for m in refused if "已满" not in m}
    assert web.run(TrainingSelection.count().where(TrainingSelection.session == session_id)) == PLACES
    shown = cdc(web).get(f"/api/cdc/training/sessions/{session_id}").json()["session"]
    assert (shown["taken"], shown["left"]) == (PLACES, 0)


def test_200_units_registering_at_once_for_a_plan_limited_to_50(web: Web) -> None:
    from radrules_webshell.training.registrations import service
    from radrules_webshell.training.registrations.tables import TrainingRegistration

    plan_id = published_plan(web, name="并发报名培训班", registration_limit=PLACES)

    async def run() -> list[Any]:
        units = await _units(UNITS)
        await _registrations(units, plan_id, "not_registered")
        return await asyncio.gather(
            *(service.submit(u["user"], u["institution"], u["registration"]) for u in units),
            return_exceptions=True,
        )

    sent, refused = _outcomes(web.run(run))
    assert sent == PLACES, refused[:3]
    assert all("报名人数已满" in m for m in refused), {m for m in refused if "已满" not in m}
    standing = web.run(
        TrainingRegistration.count().where(
            (TrainingRegistration.plan == plan_id) & (TrainingRegistration.status == "registered")
        )
    )
    assert standing == PLACES
