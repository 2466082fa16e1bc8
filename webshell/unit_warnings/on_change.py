"""Evaluating a unit's register again after it changed (issue 16 item 4: “and on every change
of a register”).

A write the unit's own account makes — a worker added, a training or a health exam entered —
is followed, before its response goes out, by the evaluation of that unit's register
(:func:`.evaluate.evaluate_unit`, a few milliseconds for a unit): the page the browser is
sent to next already shows the warning opened or closed. The write's transaction has
committed by then. A failure is logged and leaves the warnings to the daily run; it never
fails the response. Writes of others on a unit's register call :func:`register_changed`.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from litestar.types import Message, Scope
from radrules_webshell.core.principal import Principal
from radrules_webshell.unit_warnings.evaluate import evaluate_unit
from radrules_webshell.unit_warnings.runner import beijing_day

log = logging.getLogger(__name__)
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
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


async def after_unit_write(message: Message, scope: Scope) -> None:
    """``before_send`` hook: a successful write by a unit's account re-evaluates its register."""
    if message["type"] != "http.response.start" or message["status"] >= 400:
        return
    if scope.get("method") not in UNSAFE or str(scope.get("path", "")).startswith(SKIP):
        return
    user = scope.get("user")
    if not isinstance(user, Principal) or user.role != "client" or user.client_id is None:
        return
    settings = scope["litestar_app"].state.settings
    if not settings.warnings_on_change:
        return
    await register_changed(user.client_id)
