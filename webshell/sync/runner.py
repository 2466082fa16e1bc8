"""The server's periodic national sync (source 000 §5.3.4 第九步): the dispatcher run every
``sync_interval_seconds`` in the background of the web app.

Started by the app's start-up hook and stopped by its shutdown hook (:mod:`..core.periodic`:
a failed run is logged and the next one comes at the next interval). The transport is looked
up at each run, so a configuration error shows in the log every time instead of once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from radrules_webshell.core.periodic import Periodic
from radrules_webshell.hooks import sync_transport
from radrules_webshell.settings import Settings
from radrules_webshell.sync.dispatch import RunSummary, dispatch_due
from radrules_webshell.sync.transports import Transport

log = logging.getLogger(__name__)


class PeriodicSync(Periodic[RunSummary]):
    """A background task running the dispatcher until :meth:`stop` is awaited."""

    def __init__(
        self,
        settings: Settings,
        transport: Callable[[], Transport] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.settings = settings
        self._transport = transport or (lambda: sync_transport(settings))
        #: What "now" is for each run (the present; tests pass a fixed clock).
        self._clock = clock or (lambda: datetime.now(UTC))
        super().__init__(
            "radrules-national-sync",
            settings.sync_interval_seconds,
            self._dispatch,
            stop_timeout=settings.sync_timeout_seconds + 5,
        )

    async def _dispatch(self) -> RunSummary:
        summary = await dispatch_due(self.settings, self._transport(), self._clock())
        if summary.sent or summary.retried or summary.failed or summary.waiting:
            log.info("%s", summary.text())
        return summary
