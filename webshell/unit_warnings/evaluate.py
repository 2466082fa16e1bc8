"""Evaluating registers into stored warnings: one unit (after a change of its register) or
every unit (the daily job) — source 001 §2.3.4, issue 16 item 4.

The registers are built from the tables by the registers module of issue 16 item 2
(``radrules_webshell.supervision.registers.documents.registers_of``, one query per table per
batch), evaluated by :func:`radrules.warnings` in a worker thread (it is CPU work), and
stored by :func:`.store.apply`, a batch of units per transaction. A register the library
cannot read (:class:`radrules.InputError`) is logged and skipped; its warnings stay as they were.

``evaluate_units(..., registers=…)`` takes another builder (the tests').
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import anyio.to_thread
from radrules_webshell.clients.tables import Client
from radrules_webshell.supervision.registers.documents import registers_of as build_registers
from radrules_webshell.unit_warnings.store import Applied, apply

import radrules
from radrules import WarningReport
from radrules.model import UnitRegister

log = logging.getLogger(__name__)

#: Units per batch: registers built, evaluated and stored together.
BATCH = 100
Builder = Callable[[list[int]], Awaitable[dict[int, UnitRegister]]]


async def registers_of(client_ids: list[int]) -> dict[int, UnitRegister]:
    """The registers of ``client_ids`` from the register tables (issue 16 item 2)."""
    return await build_registers(client_ids)


def _evaluate(registers: dict[int, UnitRegister], as_of: date) -> dict[int, WarningReport]:
    out = {}
    for client_id, register in registers.items():
        try:
            out[client_id] = radrules.warnings(register, as_of=as_of)
        except radrules.InputError as exc:
            log.warning("warnings: the register of client %s cannot be evaluated: %s", client_id, exc)
    return out


async def evaluate_units(client_ids: list[int], as_of: date, registers: Builder | None = None) -> Applied:
    """Evaluate the registers of ``client_ids`` as of ``as_of`` and store the outcome."""
    build = registers or registers_of
    total = Applied()
    for start in range(0, len(client_ids), BATCH):
        ids = client_ids[start : start + BATCH]
        units: dict[int, dict[str, Any]] = {
            r["id"]: r
            for r in await Client.select(Client.id, Client.name, Client.division_code).where(
                Client.id.is_in(ids)
            )
        }
        built = await build(list(units))
        reports = await anyio.to_thread.run_sync(_evaluate, built, as_of)
        total.add(await apply(reports, units, as_of))
    return total


async def evaluate_unit(client_id: int, as_of: date, registers: Builder | None = None) -> Applied:
    """The warnings of one unit, after its register changed."""
    return await evaluate_units([client_id], as_of, registers)


async def evaluate_all(as_of: date, registers: Builder | None = None) -> Applied:
    """Every registered unit (the daily job)."""
    ids = [r["id"] for r in await Client.select(Client.id).order_by(Client.id)]
    return await evaluate_units(ids, as_of, registers)
