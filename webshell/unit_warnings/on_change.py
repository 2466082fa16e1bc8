"""Evaluating a unit's register again after it changed (issue 16 item 4: “and on every change
of a register”).

A successful write on a unit's register — by the unit's own account, or on the register pages
of a unit (``/supervision/units/{client_id}/…`` and its API: a county registering a device, a
training entered in a worker's archive) — is followed, before its response goes out, by the
evaluation of that unit's register
(:func:`.evaluate.evaluate_unit`, a few milliseconds for a unit): the page the browser is
sent to next already shows the warning opened or closed. The write's transaction has
committed by then. A failure is logged and leaves the warnings to the daily run; it never
fails the response. The write's own route has checked that its user may change that unit;
the evaluation tells only the unit and its authorities. Other code that changes a unit's
register calls :func:`register_changed`; code that changes it outside a unit's request (a
worker's passed online exam, which is a training of the unit's register) calls
:func:`changed_elsewhere`, which does so when the app on the tables' engine evaluates on
change (``warnings_on_change``, told by :func:`configure`).
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any

from litestar.types import Message, Scope
from piccolo.engine.base import Engine
from radrules_webshell.core.principal import Principal
from radrules_webshell.settings import Settings
from radrules_webshell.unit_warnings.evaluate import evaluate_unit
from radrules_webshell.unit_warnings.runner import beijing_day
from radrules_webshell.unit_warnings.tables import UnitWarning

log = logging.getLogger(__name__)
#: Per engine (``id``), whether its app evaluates a register on change: several apps (the
#: tests') may share a process, each binding the tables to its own engine while it runs.
_ON_CHANGE: dict[int, bool] = {}
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: The register routes of one unit (docs/supervision.md, Pages and API).
UNIT_ROUTE = re.compile(r"^/(?:api/)?supervision/units/(\d+)(?:/|$)")
#: Writes that change no register.
SKIP = (
    "/logout",
    "/password",
    "/inbox",
    "/api/inbox",
    "/api/auth",
    "/api/me",
    "/client/warnings",
    "/api/client/warnings",
)


async def register_changed(client_id: int) -> None:
    """Evaluate ``client_id``'s register now (after the transaction that changed it)."""
    try:
        await evaluate_unit(client_id, beijing_day(datetime.now(UTC)))
    except Exception:
        log.exception("warnings: evaluating client %s after a change failed; the daily run will", client_id)


def configure(engine: Engine[Any], settings: Settings) -> None:
    _ON_CHANGE[id(engine)] = settings.warnings_on_change


async def changed_elsewhere(client_id: int) -> None:
    """``client_id``'s register changed outside its own request: evaluate it if the app does."""
    if _ON_CHANGE.get(id(UnitWarning._meta.db)):
        await register_changed(client_id)


async def after_unit_write(message: Message, scope: Scope) -> None:
    """``before_send`` hook: a successful write by a unit's account re-evaluates its register."""
    if message["type"] != "http.response.start" or message["status"] >= 400:
        return
    if scope.get("method") not in UNSAFE or str(scope.get("path", "")).startswith(SKIP):
        return
    user = scope.get("user")
    if not isinstance(user, Principal):
        return
    route = UNIT_ROUTE.match(str(scope.get("path", "")))
    client_id = int(route.group(1)) if route else user.client_id if user.role == "client" else None
    if client_id is None or not scope["litestar_app"].state.settings.warnings_on_change:
        return
    await register_changed(client_id)
